"""DataLoaders: one read-side call per kind of related data per request.

A page of children asking for providers, plans, alerts and history costs one
query per kind, not one per child; the deciders of all those history entries
cost one query of the user store. The read side and the user store are
synchronous, so each batch runs in a worker thread and the event loop never
blocks.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING
from uuid import UUID

from strawberry.dataloader import DataLoader

if TYPE_CHECKING:
    from projections.queries import ReadQueries
    from projections.rows import AlertRow, ChildRow, HistoryRow, PlanEventRow, ProviderRow
    from registry.api.users import UserStore
    from registry.permissions import User

LogReads = Callable[[Sequence[UUID], str], None]


@dataclass(frozen=True)
class Links:
    """A record's links: the survivor it was linked to, the duplicates linked to it."""

    linked_to: UUID | None
    linked_records: list[UUID]


class Loaders:
    def __init__(
        self,
        queries: ReadQueries,
        users: UserStore,
        today: Callable[[], date],
        log_reads: LogReads,
    ):
        self._queries = queries
        self._users = users
        self._today = today
        self._log_reads = log_reads
        self.children = DataLoader[UUID, "ChildRow | None"](load_fn=self._children)
        self.providers = DataLoader[UUID, "ProviderRow | None"](load_fn=self._providers)
        self.histories = DataLoader[UUID, "list[HistoryRow]"](load_fn=self._histories)
        self.plans = DataLoader[UUID, "list[PlanEventRow]"](load_fn=self._plans)
        self.alerts = DataLoader[tuple[UUID, str], "list[AlertRow]"](load_fn=self._alerts)
        self.deciders = DataLoader[str, "User | None"](load_fn=self._deciders)
        self.links = DataLoader[UUID, "Links"](load_fn=self._links)

    async def _children(self, ids: list[UUID]) -> list[ChildRow | None]:
        found = await asyncio.to_thread(self._queries.children_by_ids, ids)
        return [found.get(child_id) for child_id in ids]

    async def _providers(self, ids: list[UUID]) -> list[ProviderRow | None]:
        found = await asyncio.to_thread(self._queries.providers_by_ids, ids)
        return [found.get(provider_id) for provider_id in ids]

    async def _histories(self, child_ids: list[UUID]) -> list[list[HistoryRow]]:
        """Every history read is logged (written with the request's other reads), the
        linked duplicates' whose decisions it shows too."""
        self._log_reads(child_ids, "history")
        found = await asyncio.to_thread(self._queries.histories, child_ids)
        asked = set(child_ids)
        linked = sorted({row.child_id for rows in found.values() for row in rows} - asked, key=str)
        if linked:
            self._log_reads(linked, "history")
        return [found.get(child_id, []) for child_id in child_ids]

    async def _links(self, child_ids: list[UUID]) -> list[Links]:
        def read() -> tuple[dict[UUID, UUID], dict[UUID, list[UUID]]]:
            return self._queries.survivors(child_ids), self._queries.linked_records(child_ids)

        survivors, linked = await asyncio.to_thread(read)
        return [Links(survivors.get(child_id), linked[child_id]) for child_id in child_ids]

    async def _deciders(self, user_ids: list[str]) -> list[User | None]:
        """The users behind `recorded_by` ids; None for an id the store does not hold."""
        found = await asyncio.to_thread(self._users.users_by_ids, user_ids)
        return [found.get(user_id) for user_id in user_ids]

    async def _plans(self, child_ids: list[UUID]) -> list[list[PlanEventRow]]:
        found = await asyncio.to_thread(self._queries.plans, child_ids)
        return [found.get(child_id, []) for child_id in child_ids]

    async def _alerts(self, keys: list[tuple[UUID, str]]) -> list[list[AlertRow]]:
        """Alerts are computed for a day and a district (or all districts when the
        children are spread over several): one call, grouped here. Keys are
        (child id, district)."""
        districts = {district for _, district in keys}
        district = districts.pop() if len(districts) == 1 else None
        rows = await asyncio.to_thread(
            lambda: self._queries.alerts(today=self._today(), district=district)
        )
        by_child: dict[UUID, list[AlertRow]] = defaultdict(list)
        for row in rows:
            by_child[row.child_id].append(row)
        return [by_child.get(child_id, []) for child_id, _ in keys]
