"""`GET /api/v1/children`: the children a caller may read, narrowed by district,
status or setting, or searched by name in any script, birth date or personal id
(`registry.api.child_search`, the same as GraphQL's `children`).

A search's words travel in the URL, as the contract names it, so the service never
writes a URL's query string anywhere (the request log keeps the route only), and the
answer is marked `Cache-Control: no-store`. Clients that must keep names out of
proxies' logs too search through GraphQL, whose query is in the body.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, ConfigDict, Field

from projections.queries import ChildCriteria, InvalidCursor, InvalidSearch
from registry.api.access_log import AccessRecord, search_field
from registry.api.child_search import children_for
from registry.api.cursors import CursorSeal
from registry.api.dependencies import AccessLogs, AccessReason, AppSettings, CurrentUser, Reads
from registry.api.models import Name, Reference
from registry.api.problems import PROBLEM_RESPONSES, Problem, forbidden
from registry.api.routes import API_PREFIX
from registry.domain.collation import DEFAULT_LANGUAGE, Language
from registry.domain.date_range import DateOutOfRange

MAX_PAGE = 100
DEFAULT_PAGE = 50

router = APIRouter(
    prefix=f"{API_PREFIX}/children",
    tags=["children"],
    responses={
        **{status: PROBLEM_RESPONSES[status] for status in (401, 403)},
        422: {
            **PROBLEM_RESPONSES[422],
            "description": "`date_out_of_range`: a birth date or year outside 1900 .. today + "
            "1 year; `validation`: a query without letters or of more than 6 words, a "
            "cursor this service did not issue, or parameters that do not match the schema",
        },
    },
)


class ChildListParameters(BaseModel):
    model_config = ConfigDict(extra="forbid")

    query: str | None = Field(
        default=None,
        max_length=200,
        description="Names in any script or spelling, best matches first (a search: logged)",
    )
    birth_date: date | None = Field(default=None, description="A search: logged")
    birth_year: int | None = Field(default=None, description="A search: logged")
    personal_id: Reference | None = Field(default=None, description="A search: logged")
    district: Name | None = None
    status: Name | None = None
    setting: Name | None = None
    language: Language = Field(
        default=DEFAULT_LANGUAGE,
        description="Whose order of names the list follows (az: Ə after E, X after H, Q "
        "after K; ru: Cyrillic first)",
    )
    first: int = Field(default=DEFAULT_PAGE, ge=1, le=MAX_PAGE)
    after: str | None = Field(default=None, max_length=1000, description="`next_cursor`")

    def criteria(self) -> ChildCriteria:
        return ChildCriteria(**self.model_dump(exclude={"language", "first", "after"}))


class ChildListItem(BaseModel):
    """A child as a list shows them (a child_status row); the child's page has the rest."""

    model_config = ConfigDict(from_attributes=True)

    id: UUID = Field(validation_alias="child_id")
    given_name: str
    family_name: str
    patronymic: str | None
    birth_date: date
    sex: str
    district: str
    status: str
    setting: str | None
    version: int


class ChildList(BaseModel):
    total_count: int
    items: list[ChildListItem]
    next_cursor: str | None = Field(description="`after` for the next page; null at the end")


@router.get("", response_model=ChildList, summary="List or search children")
async def list_children(
    parameters: Annotated[ChildListParameters, Query()],
    user: CurrentUser,
    reads: Reads,
    settings: AppSettings,
    access_log: AccessLogs,
    reason: AccessReason,
    response: Response,
) -> Any:
    """Officers see their districts, monitors and supervisors without districts every
    district; evaluators are refused (their figures are the indicators). With `query`,
    `birth_date`, `birth_year` or `personal_id` it is a search: every child on the
    page is written to the access log under the search's keyed hash, never its text."""
    if not user.sees_personal_data:
        raise forbidden(f"the {user.role} role sees counts only, never a child's row")
    criteria = parameters.criteria()
    cursors = CursorSeal(settings.secret_key)
    try:
        after = cursors.unseal(parameters.after) if parameters.after is not None else None
        page = await asyncio.to_thread(
            children_for,
            user,
            criteria,
            reads.queries,
            today=settings.today(),
            first=parameters.first,
            after=after,
            language=parameters.language,
        )
    except DateOutOfRange as refusal:
        raise Problem(422, refusal.code, str(refusal)) from None
    except (InvalidCursor, InvalidSearch) as refusal:
        raise Problem(422, "validation", str(refusal)) from None
    if criteria.identifying:
        field = search_field(settings.secret_key.encode(), criteria)
        now = datetime.now(UTC)
        records = [
            AccessRecord(now, user.id, user.role.value, row.child_id, field, reason)
            for row in page.rows
        ]
        await asyncio.to_thread(access_log.append, records)
    response.headers["Cache-Control"] = "no-store"
    end = page.end_cursor if page.has_next else None
    return ChildList(
        total_count=page.total_count,
        items=[ChildListItem.model_validate(row) for row in page.rows],
        next_cursor=cursors.seal(end) if end is not None else None,
    )
