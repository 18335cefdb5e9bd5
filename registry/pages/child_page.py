"""A child's page: who the child is, where they are now, their plan and alerts, and
the timeline of every decision (who decided, when, on which act; corrections and
voidings marked). Opening it is a logged read of the record and its history, as
the same read through GraphQL is."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import Response

from projections.queries import ReadQueries
from registry.api.access_log import AccessLog, AccessRecord
from registry.api.users import UserStore
from registry.pages.signed_in import PageRefused, PageUser, locale_for, pages_of, settings_of
from registry.pages.timeline import DATE_FIELDS, VALUE_KINDS, parse_date, timeline

router = APIRouter(include_in_schema=False)


class ChildNotFound(Exception):
    """No child of that id (404 page)."""


@router.get("/children/{child_id}")
async def child_page(request: Request, user: PageUser, child_id: UUID) -> Response:
    queries: ReadQueries = request.app.state.read_side.queries
    users: UserStore = request.app.state.users
    access_log: AccessLog = request.app.state.access_log
    settings = settings_of(request)
    row = await asyncio.to_thread(queries.child, child_id)
    if row is None:
        raise ChildNotFound()
    if not user.may_read_child(row.district):
        raise PageRefused(user, "district")
    today = settings.today()

    def read() -> dict[str, object]:
        history = queries.histories([child_id])[child_id]
        now = datetime.now(UTC)
        shown = sorted({entry.child_id for entry in history} | {child_id}, key=str)
        access_log.append(
            [
                AccessRecord(now, user.id, user.role.value, record, field)
                for record in shown
                for field in ("child", "history")
            ]
        )
        entries = timeline(child_id, history)
        placed_with = {UUID(e.facts["provider_id"]) for e in entries if e.facts.get("provider_id")}
        if row.provider_id is not None:
            placed_with.add(row.provider_id)
        providers = queries.providers_by_ids(sorted(placed_with, key=str))
        return {
            "timeline": entries,
            "versions": {(e.row.child_id, e.row.version): e for e in entries},
            "provider_names": {str(key): p.name for key, p in providers.items()},
            "deciders": users.users_by_ids([entry.recorded_by for entry in history]),
            "provider": providers.get(row.provider_id) if row.provider_id else None,
            "alerts": queries.alerts_of([row], today=today)[child_id],
            "survivor": queries.survivors([child_id]).get(child_id),
        }

    context = await asyncio.to_thread(read)
    context.update(
        user=user,
        child=row,
        today=today,
        value_kinds=VALUE_KINDS,
        date_fields=DATE_FIELDS,
        parse_date=parse_date,
    )
    locale = locale_for(request, user)
    return pages_of(request).render(request, locale, "child.html", context)
