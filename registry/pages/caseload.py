"""The caseload: the children of the officer's districts, searched and filtered.

Filters (status, setting, alert) are plain codes and travel in the URL; a search by name,
personal id or birth date is sent as a form (POST), so what identifies a child
never appears in a URL, a browser's history or a proxy's log. Lists and searches
are `registry.api.child_search`'s, as for REST and GraphQL: the same scope by
districts, the same order of names in the page's language, and every child a
search shows is written to the access log under the search's keyed hash.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from projections.queries import ChildCriteria, InvalidCursor, InvalidSearch, ReadQueries
from registry.api.access_log import AccessLog, AccessRecord, search_field
from registry.api.child_search import children_for
from registry.api.cursors import CursorSeal
from registry.domain.date_range import DateOutOfRange
from registry.pages.labels import codes_of
from registry.pages.signed_in import PageUser, locale_for, pages_of, settings_of
from registry.permissions import User

router = APIRouter(include_in_schema=False)
PAGE_LENGTH = 25
LONGEST_QUERY = 200


@router.get("/")
async def caseload(
    request: Request,
    user: PageUser,
    status: str | None = None,
    setting: str | None = None,
    alert: str | None = None,
    after: str | None = None,
) -> Response:
    criteria = ChildCriteria(status=_code(status, "status"), setting=_code(setting, "setting"))
    return await _answer(request, user, criteria, _code(alert, "alert"), after, {})


@router.post("/")
async def search(
    request: Request,
    user: PageUser,
    query: Annotated[str, Form(max_length=LONGEST_QUERY)] = "",
    personal_id: Annotated[str, Form(max_length=LONGEST_QUERY)] = "",
    birth_date: Annotated[str, Form(max_length=10)] = "",
    status: Annotated[str, Form(max_length=40)] = "",
    setting: Annotated[str, Form(max_length=40)] = "",
    alert: Annotated[str, Form(max_length=40)] = "",
    after: Annotated[str, Form(max_length=1000)] = "",
) -> Response:
    typed = {"query": query, "personal_id": personal_id, "birth_date": birth_date}
    errors: dict[str, str] = {}
    born: date | None = None
    if birth_date.strip():
        try:
            born = date.fromisoformat(birth_date.strip())
        except ValueError:
            errors["birth_date"] = "birth_date_invalid"
    criteria = ChildCriteria(
        status=_code(status, "status"),
        setting=_code(setting, "setting"),
        query=query.strip() or None,
        personal_id=personal_id.strip() or None,
        birth_date=born,
    )
    return await _answer(
        request, user, criteria, _code(alert, "alert"), after or None, typed, errors
    )


async def _answer(
    request: Request,
    user: User,
    criteria: ChildCriteria,
    alert: str | None,
    after: str | None,
    typed: dict[str, str],
    errors: dict[str, str] | None = None,
) -> Response:
    settings = settings_of(request)
    locale = locale_for(request, user)
    errors = dict(errors or {})
    today = settings.today()
    context: dict[str, Any] = {
        "user": user,
        "criteria": criteria,
        "typed": typed,
        "statuses": codes_of("status"),
        "settings_codes": codes_of("setting"),
        "alert_codes": codes_of("alert"),
        "alert": alert,
        "rows": [],
        "alerts": {},
        "total": None,
        "next_cursor": None,
        "today": today,
    }
    if not errors:
        cursors = CursorSeal(settings.secret_key)
        queries = request.app.state.read_side.queries
        if alert is not None:
            flagged = await asyncio.to_thread(_flagged, user, queries, alert, today)
            criteria = replace(criteria, child_ids=flagged)
        try:
            place = cursors.unseal(after) if after else None
            page = await asyncio.to_thread(
                children_for,
                user,
                criteria,
                queries,
                today=today,
                first=PAGE_LENGTH,
                after=place,
                language=locale,
            )
        except DateOutOfRange:
            errors["birth_date"] = "birth_date_out_of_range"
        except InvalidSearch:
            errors["query"] = "query_invalid"
        except InvalidCursor:
            errors["page"] = "page_invalid"
        else:
            alerts = await asyncio.to_thread(queries.alerts_of, page.rows, today=today)
            if criteria.identifying:
                await asyncio.to_thread(_log_search, request, user, criteria, page.rows)
            context.update(
                rows=page.rows,
                alerts=alerts,
                total=page.total_count,
                next_cursor=cursors.seal(page.end_cursor)
                if page.has_next and page.end_cursor
                else None,
            )
    context["errors"] = errors
    status = 422 if errors else 200
    return pages_of(request).render(request, locale, "caseload.html", context, status)


def _log_search(request: Request, user: User, criteria: ChildCriteria, rows: Any) -> None:
    settings = settings_of(request)
    access_log: AccessLog = request.app.state.access_log
    field = search_field(settings.secret_key.encode(), criteria)
    reason = None
    now = datetime.now(UTC)
    access_log.append(
        [AccessRecord(now, user.id, user.role.value, row.child_id, field, reason) for row in rows]
    )


def _flagged(user: User, queries: ReadQueries, kind: str, today: date) -> frozenset[UUID]:
    """The children of the user's districts that the alert `kind` flags today."""
    scope = user.district_scope
    districts: list[str | None] = [None] if scope is None else [*sorted(scope)]
    return frozenset(
        alert.child_id
        for district in districts
        for alert in queries.alerts(today=today, district=district, kind=kind)
    )


def _code(value: str | None, kind: str) -> str | None:
    """A filter's code if it is one of `kind`'s, else no filter."""
    return value if value in codes_of(kind) else None
