"""Lists and searches of children, the same for GraphQL's `children` and REST's
`GET /api/v1/children`: who may ask what, and what the access log keeps of it.

A list narrowed by groups (district, status, setting) shows what any officer's
caseload shows; a search by name, birth date or personal id asks for someone. So a
search is refused to roles that never see personal data, and every child it returns
is logged as read, under a keyed hash of what was searched for
(`registry.api.access_log.search_field`), before the answer leaves.
"""

from __future__ import annotations

from datetime import date

from projections.queries import ChildCriteria, ReadQueries
from projections.rows import ChildPage
from registry.domain.collation import DEFAULT_LANGUAGE, Language
from registry.permissions import User


class SearchNotAllowed(Exception):
    """The caller's role may not search children by what identifies them."""


def children_for(
    user: User,
    criteria: ChildCriteria,
    queries: ReadQueries,
    *,
    today: date,
    first: int,
    after: str | None,
    language: Language = DEFAULT_LANGUAGE,
) -> ChildPage:
    """A page of the children `criteria` select among those `user` may read.

    Raises SearchNotAllowed, DateOutOfRange (a birth date or year beyond the range
    callers may ask about), InvalidSearch (a query without letters) and InvalidCursor;
    each interface tells them in its own terms."""
    if criteria.identifying and not user.sees_personal_data:
        raise SearchNotAllowed(f"the {user.role} role may not search children by name or identity")
    criteria.check_dates(today)
    return queries.children(
        criteria,
        districts_allowed=user.district_scope,
        language=language,
        first=first,
        after=after,
    )
