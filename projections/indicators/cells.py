"""Cells: counts of one measure for one group, and the sums that tie them together.

A unit query returns counts at the finest grouping; here they are summed into every
group a report publishes (each subset of the requested dimensions, crossed with the
dimensions an indicator adds itself). Because every published figure is such a sum,
the relations "these sibling cells add up to that total" are known exactly, which is
what complementary suppression needs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations

from registry.domain.values import FAMILY_BASED_SETTINGS, PERMANENT_EXITS

NOT_PLACED = "not_placed"

Group = frozenset[tuple[str, str]]
CellKey = tuple[str, Group]

FAMILY_BASED = frozenset(setting.value for setting in FAMILY_BASED_SETTINGS)
PERMANENT = frozenset(reason.value for reason in PERMANENT_EXITS)


def care_type(setting: str | None) -> str | None:
    """Family-based or residential; a child in care but not placed is in neither, and
    keeps a care type of their own so that the care types add up to every child."""
    if setting is None:
        return None
    if setting == NOT_PLACED:
        return NOT_PLACED
    return "family_based" if setting in FAMILY_BASED else "residential"


def exit_kind(reason: str | None) -> str | None:
    if reason is None:
        return None
    return "permanent" if reason in PERMANENT else "other"


DERIVED = {"care_type": ("setting", care_type), "exit_kind": ("exit_reason", exit_kind)}
"""Dimensions that coarsen another one: each setting lies in one care type."""


def subsets(dimensions: Sequence[str]) -> list[tuple[str, ...]]:
    """Every grouping a report publishes: the total, each margin, the full cross."""
    return [
        combo for size in range(len(dimensions) + 1) for combo in combinations(dimensions, size)
    ]


def columns_read(
    group_by: Sequence[str], patterns: Mapping[str, Sequence[tuple[str, ...]]]
) -> frozenset[str]:
    """The unit columns that `roll_up` reads for these groups: each dimension of the
    grouping and of the patterns, a derived one through the column it coarsens."""
    dimensions = {*group_by, *(dim for extras in patterns.values() for e in extras for dim in e)}
    return frozenset(DERIVED[dim][0] if dim in DERIVED else dim for dim in dimensions)


@dataclass
class Cells:
    counts: dict[CellKey, int] = field(default_factory=dict)
    _index: dict[tuple[str, frozenset[str]], list[Group]] | None = field(
        default=None, repr=False, compare=False
    )

    def get(self, measure: str, group: Group) -> int:
        return self.counts.get((measure, group), 0)

    def add(self, measure: str, group: Group, count: int) -> None:
        self.counts[(measure, group)] = self.counts.get((measure, group), 0) + count
        self._index = None

    def groups(self, measure: str, dimensions: Iterable[str]) -> list[Group]:
        """The groups of `measure` whose dimensions are exactly `dimensions`."""
        if self._index is None:
            self._index = defaultdict(list)
            for name, group in self.counts:
                self._index[(name, frozenset(dim for dim, _ in group))].append(group)
        return self._index.get((measure, frozenset(dimensions)), [])

    def ensure(self, measure: str, group: Group) -> None:
        """A total with no unit behind it still exists (as zero) so its row is written."""
        self.add(measure, group, 0)


def roll_up(
    cells: Cells,
    rows: Iterable[tuple[Mapping[str, str | None], Mapping[str, int]]],
    group_by: Sequence[str],
    patterns: Mapping[str, Sequence[tuple[str, ...]]],
) -> None:
    """Add each fine row's counts to every published group it belongs to.

    `patterns` names, per measure, the extra dimensions its indicators add to the
    requested grouping (the empty tuple: none).
    """
    groupings = subsets(group_by)
    shapes = {
        measure: sorted(
            {tuple(sorted({*grouping, *extra})) for grouping in groupings for extra in extras}
        )
        for measure, extras in patterns.items()
    }
    for attributes, counts in rows:
        values: dict[str, str | None] = dict(attributes)
        for derived, (source, coarsen) in DERIVED.items():
            if source in values:
                values[derived] = coarsen(values[source])
        keys: dict[tuple[str, ...], Group | None] = {}
        for measure, count in counts.items():
            for shape in shapes[measure]:
                if shape not in keys:
                    pairs = [(dim, values.get(dim)) for dim in shape]
                    keys[shape] = (
                        frozenset((dim, str(value)) for dim, value in pairs)
                        if all(value is not None for _, value in pairs)
                        else None
                    )
                key = keys[shape]
                if key is not None:
                    cells.add(measure, key, int(count))


def relations(cells: Cells) -> list[tuple[CellKey, list[CellKey]]]:
    """(total, siblings) for every published total and the cells that add up to it,
    totals with fewer dimensions first (a fixed order makes suppression repeatable).

    Dropping one dimension from a cell gives its total; a setting also lies in its
    care type and an exit reason in its kind (permanent or other).
    """
    families: dict[tuple[str, Group, str, bool], list[CellKey]] = defaultdict(list)
    for key in cells.counts:
        measure, group = key
        dims = {dim for dim, _ in group}
        for dim, value in group:
            parent = group - {(dim, value)}
            if (measure, parent) in cells.counts:
                families[(measure, parent, dim, False)].append(key)
            for derived, (source, coarsen) in DERIVED.items():
                if dim == source and derived not in dims:
                    coarse = coarsen(value)
                    if coarse is None:
                        continue
                    parent = (group - {(dim, value)}) | {(derived, coarse)}
                    if (measure, parent) in cells.counts:
                        families[(measure, parent, dim, True)].append(key)
    ordered = sorted(
        families.items(),
        key=lambda item: (len(item[0][1]), item[0][0], sorted(item[0][1]), item[0][2], item[0][3]),
    )
    return [((measure, parent), siblings) for (measure, parent, _, _), siblings in ordered]
