"""Totals of children by district, status and current setting, suppressed as one table.

Evaluators may ask `children(filter: {district, status, setting}) { totalCount }`.
Answered one count at a time, complementary suppression could not hold: a reader
would ask for the total, then for every other district, and subtract. So every
such total is read from one table, all its margins included, suppressed as a whole
with the indicators' rules (`protection`), and the same state of the registry
always gives the same published cells, whichever of them is asked for.
"""

from __future__ import annotations

from collections.abc import Sequence

from projections.indicators.cells import Cells, Group, relations, roll_up
from projections.indicators.protection import protected_suppression

DIMENSIONS = ("district", "status", "setting")
MEASURE = "children"
NOT_PLACED = "none"
"""The setting of a child with no open placement, so that settings add up to the total."""


class StatusTable:
    """The table's cells and which of them are hidden."""

    def __init__(self, counts: Sequence[tuple[str, str, str | None, int]], threshold: int) -> None:
        self.cells = Cells()
        fine = [
            (
                {"district": district, "status": status, "setting": setting or NOT_PLACED},
                {MEASURE: count},
            )
            for district, status, setting, count in counts
        ]
        roll_up(self.cells, fine, DIMENSIONS, {MEASURE: ((),)})
        self.cells.ensure(MEASURE, frozenset())
        self.hidden = protected_suppression(self.cells.counts, relations(self.cells), threshold)

    def total(self, district: str | None, status: str | None, setting: str | None) -> int | None:
        """The count for a filter (None: any value), or None when it is suppressed."""
        group: Group = frozenset(
            (dimension, value)
            for dimension, value in zip(DIMENSIONS, (district, status, setting), strict=True)
            if value is not None
        )
        if (MEASURE, group) in self.hidden:
            return None
        return self.cells.get(MEASURE, group)
