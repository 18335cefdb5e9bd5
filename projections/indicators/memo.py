"""Counts of a report kept while the read models stay where they were.

Every count behind a report comes from the read models, and a projection changes
its rows only together with its tracking position, in one transaction. So the
counts for a (period, grouping) read in one snapshot hold for every later snapshot
of the same database at the same positions: asking again for last year's report
costs its queries once per change of the registry. The population table is not
event-sourced and is read afresh for every report.

Only where a database is told apart by the identity of its tracking table, so that
a database or schema created again is never mistaken for the old one
(`Dialect.identity`); where it cannot be (SQLite files, small enough to count every
time), the counts are not kept.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from threading import Lock
from typing import Any

from projections.indicators.cells import CellKey, Group
from projections.indicators.period import Period
from projections.schema import TRACKING_TABLE
from registry.database import Dialect

KEPT_CELLS = 100_000
"""At most this many cells and medians in all (about 60 MB): a report grouped by every
dimension at 100,000 children has about 90,000, an ungrouped one a few hundred."""


@dataclass(frozen=True)
class Counted:
    """What a report reads from the read models: its cells and its medians."""

    counts: Mapping[CellKey, int]
    medians: Mapping[Group, tuple[float, int]]

    @property
    def size(self) -> int:
        return len(self.counts) + len(self.medians)


class Memo:
    """The most recently used counts within a budget of cells, shared by the threads
    of one process."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self._kept: OrderedDict[Hashable, Counted] = OrderedDict()
        self._used = 0
        self._lock = Lock()

    def get(self, key: Hashable) -> Counted | None:
        with self._lock:
            counted = self._kept.get(key)
            if counted is not None:
                self._kept.move_to_end(key)
            return counted

    def put(self, key: Hashable, counted: Counted) -> None:
        """Keep `counted`, forgetting the least recently used beyond the budget; counts
        larger than the whole budget are not kept."""
        if counted.size > self.budget:
            return
        with self._lock:
            previous = self._kept.pop(key, None)
            if previous is not None:
                self._used -= previous.size
            self._kept[key] = counted
            self._used += counted.size
            while self._used > self.budget:
                _, forgotten = self._kept.popitem(last=False)
                self._used -= forgotten.size


MEMO = Memo(KEPT_CELLS)


def snapshot_key(
    connection: Any, dialect: Dialect, period: Period, dimensions: tuple[str, ...]
) -> Hashable | None:
    """What the counts of this report depend on, read in the report's snapshot;
    None when they cannot be kept (the database cannot be told apart, or there is no
    tracking table)."""
    identity = dialect.identity(TRACKING_TABLE)
    if identity is None:
        return None
    database, table = connection.execute(identity).fetchone()
    if table is None:
        return None
    positions = connection.execute(
        f"SELECT name, position FROM {TRACKING_TABLE} ORDER BY name"
    ).fetchall()
    return (database, table, tuple(tuple(row) for row in positions), period, dimensions)
