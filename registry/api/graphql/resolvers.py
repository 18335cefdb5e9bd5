"""The root fields' resolvers: the fixed names of docs/design.md section 7 and the access log.

Every resolver is async and calls the synchronous read side or event store in a
worker thread. Authorisation is checked before any data is read, and every read
of a named child's record is logged before it is returned (see `access_writer`).
"""

from __future__ import annotations

import asyncio
from datetime import date, datetime

import strawberry

from projections.duplicate_review import review_queue
from projections.indicators.status_counts import StatusTable
from projections.queries import InvalidCursor, InvalidSearch
from projections.time_travel import child_as_of, child_as_recorded
from registry.api.access_log import search_field
from registry.api.child_search import SearchNotAllowed, children_for
from registry.api.graphql.access import AccessLogEntry
from registry.api.graphql.alert import Alert
from registry.api.graphql.child import Child
from registry.api.graphql.connection import ChildConnection, ChildFilter
from registry.api.graphql.context import Info
from registry.api.graphql.district import District
from registry.api.graphql.duplicate_candidate import DuplicateCandidate
from registry.api.graphql.errors import BadUserInput, Forbidden, date_argument, parse_id
from registry.api.graphql.limits import page_length
from registry.api.graphql.provider import Provider
from registry.api.graphql.snapshot import ChildSnapshot
from registry.domain.date_range import DateOutOfRange
from registry.permissions import Role

LOG_READERS = frozenset({Role.MONITOR, Role.SUPERVISOR})


async def _named_child(info: Info, id: strawberry.ID, field: str) -> Child | None:
    """The child's current row, after the caller's right to it is checked and the
    read is logged; None when no such child exists."""
    context = info.context
    context.require_personal_data("a named child's record")
    child_id = parse_id(id)
    row = await asyncio.to_thread(context.reads.queries.child, child_id)
    if row is None:
        return None
    context.require_child(row.district)
    context.log_reads([child_id], field)
    return Child.from_row(row)


async def child(info: Info, id: strawberry.ID) -> Child | None:
    return await _named_child(info, id, "child")


async def children(
    info: Info,
    filter: ChildFilter | None = None,
    first: int | None = None,
    after: str | None = None,
) -> ChildConnection:
    context = info.context
    user = context.require_user()
    criteria = (filter or ChildFilter()).criteria()
    if not user.sees_personal_data and not criteria.identifying:
        counts = await asyncio.to_thread(context.reads.queries.status_counts)
        table = StatusTable(counts, context.settings.suppression_threshold)
        return ChildConnection.counts_only(
            table.total(criteria.district, criteria.status, criteria.setting)
        )
    length = page_length(first)
    today = context.settings.today()
    try:
        after_key = context.cursors.unseal(after) if after is not None else None
        page = await asyncio.to_thread(
            lambda: children_for(
                user, criteria, context.reads.queries, today=today, first=length, after=after_key
            )
        )
    except SearchNotAllowed as refusal:
        raise Forbidden(str(refusal)) from None
    except (InvalidCursor, InvalidSearch, DateOutOfRange) as refusal:
        raise BadUserInput(str(refusal)) from None
    if criteria.identifying:
        field = search_field(context.settings.secret_key.encode(), criteria)
        context.log_reads([row.child_id for row in page.rows], field)
    return ChildConnection.from_page(page, context.cursors)


async def as_of(info: Info, id: strawberry.ID, date: date) -> ChildSnapshot | None:
    date_argument("date", date, info.context.settings.today())
    if await _named_child(info, id, "childAsOf") is None:
        return None
    registry = info.context.registry
    snapshot = await asyncio.to_thread(child_as_of, registry, parse_id(id), date)
    return ChildSnapshot.from_snapshot(snapshot) if snapshot is not None else None


async def as_recorded(info: Info, id: strawberry.ID, at: datetime) -> ChildSnapshot | None:
    # The moment's date as written: the range is of calendar dates, in any offset.
    date_argument("at", at.date(), info.context.settings.today())
    if await _named_child(info, id, "childAsRecorded") is None:
        return None
    registry = info.context.registry
    snapshot = await asyncio.to_thread(child_as_recorded, registry, parse_id(id), at)
    return ChildSnapshot.from_snapshot(snapshot) if snapshot is not None else None


async def providers(
    info: Info, district: str | None = None, kind: str | None = None
) -> list[Provider]:
    info.context.require_personal_data("care providers")
    queries = info.context.reads.queries
    rows = await asyncio.to_thread(lambda: queries.providers(district=district, kind=kind))
    return [Provider.from_row(row) for row in rows]


async def alerts(info: Info, district: str | None = None, kind: str | None = None) -> list[Alert]:
    context = info.context
    user = context.require_personal_data("alerts, which name children")
    today = context.settings.today()
    rows = await asyncio.to_thread(
        lambda: context.reads.queries.alerts(today=today, district=district, kind=kind)
    )
    allowed = user.district_scope
    return [Alert.from_row(row) for row in rows if allowed is None or row.district in allowed]


async def districts(info: Info) -> list[District]:
    info.context.require_user()
    directory = info.context.registry.districts
    if directory is None:
        return []
    records = await asyncio.to_thread(directory.districts)
    return [District.from_record(record) for record in records]


async def duplicate_candidates(
    info: Info, district: str, first: int | None = None
) -> list[DuplicateCandidate]:
    context = info.context
    user = context.require_child(district)
    if not user.may_correct_decisions:
        raise Forbidden("the review of possible duplicates is a supervisor's")
    length = page_length(first)
    pairs = await asyncio.to_thread(
        lambda: review_queue(context.reads.queries, district, first=length)
    )
    found = [DuplicateCandidate.from_pair(pair, user) for pair in pairs]
    shown = [pair.record.child_id for pair in pairs] + [
        pair.other.child_id for pair in pairs if user.may_read_child(pair.other.district)
    ]
    context.log_reads(shown, "duplicateCandidates")
    return found


async def access_log(info: Info, child_id: strawberry.ID) -> list[AccessLogEntry]:
    context = info.context
    user = context.require_user()
    if user.role not in LOG_READERS:
        raise Forbidden(f"the {user.role} role may not read the access log")
    child = parse_id(child_id)
    row = await asyncio.to_thread(context.reads.queries.child, child)
    if row is not None:
        context.require_child(row.district)
    records = await asyncio.to_thread(context.access_log.for_child, child)
    return [AccessLogEntry.from_record(record) for record in records]
