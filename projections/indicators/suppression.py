"""Small-cell suppression for evaluators.

Primary: a count from 1 to k-1 is hidden. Complementary: wherever sibling cells add
up to a published total and exactly one of them is hidden, the total minus the
others would give it away, so the smallest other non-zero sibling is hidden too
(a hidden zero protects nothing: the difference would still equal the first cell).
Repeated until nothing changes, since each new hidden cell is a sibling elsewhere.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from projections.indicators.cells import CellKey


def _order(key: CellKey, count: int) -> tuple[int, str, list[tuple[str, str]]]:
    measure, group = key
    return count, measure, sorted(group)


def suppressed_cells(
    counts: Mapping[CellKey, int],
    relations: Sequence[tuple[CellKey, Sequence[CellKey]]],
    threshold: int,
) -> set[CellKey]:
    hidden = {key for key, count in counts.items() if 0 < count < threshold}
    changed = True
    while changed:
        changed = False
        for total, siblings in relations:
            if total in hidden:
                continue
            if sum(1 for sibling in siblings if sibling in hidden) != 1:
                continue
            candidates = [s for s in siblings if s not in hidden and counts[s] > 0]
            if candidates:
                hidden.add(min(candidates, key=lambda s: _order(s, counts[s])))
            else:
                hidden.add(total)
            changed = True
    return hidden
