"""The read side's questions, answered from the projection tables.

Every method is one SQL statement (two for a page: the rows and the total), so a
GraphQL DataLoader batching by ids issues a constant number of queries however
many children a page shows. Calls are synchronous: async callers run them in a
thread.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from datetime import date, timedelta
from typing import Any, TypeVar
from uuid import UUID

from projections.rows import (
    AlertRow,
    ChildPage,
    ChildRow,
    HistoryRow,
    PlacementRow,
    PlanEventRow,
    ProviderRow,
)
from registry.database import Database
from registry.domain.calendar import add_months, add_years
from registry.domain.values import RESIDENTIAL_SETTINGS

ChildRowT = TypeVar("ChildRowT", HistoryRow, PlanEventRow, PlacementRow)

ALERT_KINDS = (
    "no_plan_30_days",
    "review_overdue",
    "under3_residential",
    "residential_over_12_months",
)
PLAN_DEADLINE_DAYS = 30
REVIEW_CADENCE_MONTHS = 3
RESIDENTIAL_LIMIT_MONTHS = 12
_RESIDENTIAL = frozenset(setting.value for setting in RESIDENTIAL_SETTINGS)


class InvalidCursor(ValueError):
    """The `after` cursor was not produced by `children`."""


def _in(values: Sequence[Any]) -> str:
    return f"IN ({', '.join(['%s'] * len(values))})"


def encode_cursor(row: ChildRow) -> str:
    raw = json.dumps([row.family_name, str(row.child_id)]).encode()
    return base64.urlsafe_b64encode(raw).decode()


def decode_cursor(cursor: str) -> tuple[str, str]:
    try:
        family_name, child_id = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        return str(family_name), str(UUID(str(child_id)))
    except (ValueError, TypeError, binascii.Error):
        raise InvalidCursor("the cursor is not one this service issued") from None


class ReadQueries:
    def __init__(self, database: Database) -> None:
        self.database = database

    def connection(self) -> AbstractContextManager[Any]:
        """A DB-API connection to the read models (`Database.reading`)."""
        return self.database.reading()

    def _records(self, statement: str, params: Sequence[Any] = ()) -> Iterator[dict[str, Any]]:
        with self.database.reading() as connection:
            cursor = connection.execute(
                self.database.render(statement), self.database.adapt(params)
            )
            columns = [description[0] for description in cursor.description]
            rows = cursor.fetchall()
        for row in rows:
            yield dict(zip(columns, row, strict=True))

    # -- children ------------------------------------------------------------

    def status_counts(self) -> list[tuple[str, str, str | None, int]]:
        """Children per (district, status, current setting): the counts behind the
        totals evaluators may see (`indicators.status_counts`)."""
        return [
            (record["district"], record["status"], record["setting"], int(record["n"]))
            for record in self._records(
                "SELECT district, status, setting, COUNT(*) AS n FROM {child_status} "
                "GROUP BY district, status, setting"
            )
        ]

    def child(self, child_id: UUID) -> ChildRow | None:
        found = self.children_by_ids([child_id])
        return found.get(child_id)

    def children_by_ids(self, ids: Sequence[UUID]) -> dict[UUID, ChildRow]:
        if not ids:
            return {}
        rows = self._records(f"SELECT * FROM {{child_status}} WHERE child_id {_in(ids)}", ids)
        return {row.child_id: row for row in map(ChildRow.from_record, rows)}

    def children(
        self,
        *,
        district: str | None = None,
        status: str | None = None,
        setting: str | None = None,
        districts_allowed: frozenset[str] | None = None,
        first: int = 50,
        after: str | None = None,
    ) -> ChildPage:
        """A page in (family_name, child_id) order, keyset-paginated, with the filtered total."""
        conditions: list[str] = []
        params: list[Any] = []
        for column, value in (("district", district), ("status", status), ("setting", setting)):
            if value is not None:
                conditions.append(f"{column} = %s")
                params.append(value)
        if districts_allowed is not None:
            if not districts_allowed:
                return ChildPage(rows=[], has_next=False, end_cursor=None, total_count=0)
            allowed = sorted(districts_allowed)
            conditions.append(f"district {_in(allowed)}")
            params.extend(allowed)
        where = f" WHERE {' AND '.join(conditions)}" if conditions else ""
        total = next(self._records(f"SELECT COUNT(*) AS n FROM {{child_status}}{where}", params))
        page_conditions, page_params = list(conditions), list(params)
        if after is not None:
            page_conditions.append("(family_name, child_id) > (%s, %s)")
            page_params.extend(decode_cursor(after))
        page_where = f" WHERE {' AND '.join(page_conditions)}" if page_conditions else ""
        limit = max(first, 0)
        rows = [
            ChildRow.from_record(record)
            for record in self._records(
                f"SELECT * FROM {{child_status}}{page_where} "
                "ORDER BY family_name, child_id LIMIT %s",
                [*page_params, limit + 1],
            )
        ]
        has_next = len(rows) > limit
        rows = rows[:limit]
        return ChildPage(
            rows=rows,
            has_next=has_next,
            end_cursor=encode_cursor(rows[-1]) if rows else None,
            total_count=int(total["n"]),
        )

    def histories(self, child_ids: Sequence[UUID]) -> dict[UUID, list[HistoryRow]]:
        return self._by_child(HistoryRow, "child_history", "version", child_ids)

    def plans(self, child_ids: Sequence[UUID]) -> dict[UUID, list[PlanEventRow]]:
        return self._by_child(PlanEventRow, "plan_events", "version", child_ids)

    def placements(self, child_ids: Sequence[UUID]) -> dict[UUID, list[PlacementRow]]:
        """Each child's placements, oldest first."""
        return self._by_child(PlacementRow, "placements", "start_date, placement_id", child_ids)

    def _by_child(
        self, row_type: type[ChildRowT], table: str, order: str, child_ids: Sequence[UUID]
    ) -> dict[UUID, list[ChildRowT]]:
        """The rows of `table` for each child (one statement for all), ordered by `order`."""
        found: dict[UUID, list[ChildRowT]] = {child_id: [] for child_id in child_ids}
        if child_ids:
            for record in self._records(
                f"SELECT * FROM {{{table}}} WHERE child_id {_in(child_ids)} "
                f"ORDER BY child_id, {order}",
                child_ids,
            ):
                row = row_type.from_record(record)
                found[row.child_id].append(row)
        return found

    # -- providers -------------------------------------------------------------

    def providers(
        self, *, district: str | None = None, kind: str | None = None
    ) -> list[ProviderRow]:
        conditions = [
            f"{column} = %s"
            for column, value in (("district", district), ("kind", kind))
            if value is not None
        ]
        params = [value for value in (district, kind) if value is not None]
        where = f" WHERE {' AND '.join(conditions)}" if conditions else ""
        return [
            ProviderRow.from_record(record)
            for record in self._records(
                f"SELECT * FROM {{provider_occupancy}}{where} ORDER BY name, provider_id", params
            )
        ]

    def providers_by_ids(self, ids: Sequence[UUID]) -> dict[UUID, ProviderRow]:
        if not ids:
            return {}
        rows = self._records(
            f"SELECT * FROM {{provider_occupancy}} WHERE provider_id {_in(ids)}", ids
        )
        return {row.provider_id: row for row in map(ProviderRow.from_record, rows)}

    # -- alerts ----------------------------------------------------------------

    def alerts(
        self, *, today: date, district: str | None = None, kind: str | None = None
    ) -> list[AlertRow]:
        """The monitoring rules of children in care on `today` (docs/design.md section 4)."""
        kinds = ALERT_KINDS if kind is None else (kind,) if kind in ALERT_KINDS else ()
        if not kinds:
            return []
        condition, params = "status = 'in_care'", []
        if district is not None:
            condition += " AND district = %s"
            params.append(district)
        children = [
            ChildRow.from_record(record)
            for record in self._records(f"SELECT * FROM {{child_status}} WHERE {condition}", params)
        ]
        residential_since = self._residential_since(
            [child for child in children if child.setting in _RESIDENTIAL]
        )
        alerts = [
            alert
            for child in children
            for alert in _alerts_of(child, today, residential_since.get(child.child_id))
            if alert.kind in kinds
        ]
        return sorted(alerts, key=lambda a: (ALERT_KINDS.index(a.kind), a.since, str(a.child_id)))

    def _residential_since(self, children: list[ChildRow]) -> dict[UUID, date]:
        """When each child's current unbroken run of residential placements began."""
        episodes = [child.episode_id for child in children if child.episode_id is not None]
        if not episodes:
            return {}
        by_child: dict[UUID, list[PlacementRow]] = defaultdict(list)
        for record in self._records(
            f"SELECT * FROM {{placements}} WHERE episode_id {_in(episodes)} "
            "ORDER BY child_id, start_date, placement_id",
            episodes,
        ):
            row = PlacementRow.from_record(record)
            by_child[row.child_id].append(row)
        since: dict[UUID, date] = {}
        for child_id, placements in by_child.items():
            for placement in reversed(placements):
                if placement.setting not in _RESIDENTIAL:
                    break
                since[child_id] = placement.start_date
        return since


def _alerts_of(child: ChildRow, today: date, residential_since: date | None) -> Iterator[AlertRow]:
    def alert(kind: str, since: date, detail: str) -> AlertRow:
        return AlertRow(child.child_id, child.district, kind, since, detail)

    if child.entered_care_on is not None and child.plan_id is None:
        deadline = child.entered_care_on + timedelta(days=PLAN_DEADLINE_DAYS)
        if deadline < today:
            yield alert(
                "no_plan_30_days",
                deadline,
                f"no development plan since entering care on {child.entered_care_on.isoformat()}",
            )
    if child.plan_adopted_on is not None:
        last_touched = child.last_reviewed_on or child.plan_adopted_on
        due = child.next_review_due or add_months(last_touched, REVIEW_CADENCE_MONTHS)
        if due < today:
            yield alert("review_overdue", due, f"plan review was due on {due.isoformat()}")
    if residential_since is not None:
        if today < add_years(child.birth_date, 3):
            yield alert(
                "under3_residential",
                residential_since,
                f"under 3 in {child.setting} since {residential_since.isoformat()}",
            )
        limit = add_months(residential_since, RESIDENTIAL_LIMIT_MONTHS)
        if limit <= today:
            yield alert(
                "residential_over_12_months",
                limit,
                f"in residential care since {residential_since.isoformat()}",
            )
