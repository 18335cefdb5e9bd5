"""Small-cell suppression for evaluators.

Primary: a count from 1 to k-1 is hidden. Complementary: every published total is
a sum of sibling cells (`cells.relations`), so within each such relation
- a single hidden member, total or sibling, is the published others' difference:
  another member is hidden with it;
- hidden siblings under a published total add up to what the total leaves: while
  that is under k, the attacker would know each of them is under k too, and
  another sibling is hidden (or, when none is left, the total).
The complement is the smallest non-zero cell left (a hidden zero protects nothing:
the difference would not change). Each new hidden cell is a member of other
relations, which are looked at again, until no relation exposes a cell.

These rules look at one relation at a time; tables of three dimensions and more can
still pin a cell down through several relations together. `protection` checks the
result as a whole and asks for more cells where it must.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Iterable, Mapping, Sequence

from projections.indicators.cells import CellKey


def _order(key: CellKey, count: int) -> tuple[int, str, list[tuple[str, str]]]:
    measure, group = key
    return count, measure, sorted(group)


def suppressed_cells(
    counts: Mapping[CellKey, int],
    relations: Sequence[tuple[CellKey, Sequence[CellKey]]],
    threshold: int,
) -> set[CellKey]:
    """The primary cells and their complements."""
    complements = Complements(counts, relations, threshold)
    hidden = complements.primary()
    complements.complete(hidden)
    return hidden


class Complements:
    """The rules above over one report's cells, applied again after more cells are
    hidden to the relations those cells are in only."""

    def __init__(
        self,
        counts: Mapping[CellKey, int],
        relations: Sequence[tuple[CellKey, Sequence[CellKey]]],
        threshold: int,
    ) -> None:
        self.counts = counts
        self.relations = relations
        self.threshold = threshold
        self.of_cell: dict[CellKey, list[int]] = defaultdict(list)
        for position, (total, siblings) in enumerate(relations):
            for member in (total, *siblings):
                self.of_cell[member].append(position)

    def primary(self) -> set[CellKey]:
        return {key for key, count in self.counts.items() if 0 < count < self.threshold}

    def complete(self, hidden: set[CellKey], added: Iterable[CellKey] | None = None) -> None:
        """Hide complements in `hidden` until no relation exposes a cell; after the
        first time, only the relations of the `added` cells can have changed."""
        if added is None:
            queue = deque(range(len(self.relations)))
        else:
            queue = deque(sorted({p for cell in added for p in self.of_cell[cell]}))
        queued = set(queue)
        while queue:
            position = queue.popleft()
            queued.discard(position)
            total, siblings = self.relations[position]
            while _exposed(total, siblings, hidden, self.counts, self.threshold):
                complement = _complement(total, siblings, hidden, self.counts)
                if complement is None:
                    break
                hidden.add(complement)
                for other in self.of_cell[complement]:
                    if other not in queued and other != position:
                        queue.append(other)
                        queued.add(other)


def _exposed(
    total: CellKey,
    siblings: Sequence[CellKey],
    hidden: set[CellKey],
    counts: Mapping[CellKey, int],
    threshold: int,
) -> bool:
    hidden_siblings = [sibling for sibling in siblings if sibling in hidden]
    members = len(hidden_siblings) + (total in hidden)
    if members == 0:
        return False
    if members == 1:
        return True
    return total not in hidden and sum(counts[s] for s in hidden_siblings) < threshold


def _complement(
    total: CellKey,
    siblings: Sequence[CellKey],
    hidden: set[CellKey],
    counts: Mapping[CellKey, int],
) -> CellKey | None:
    candidates = [s for s in siblings if s not in hidden and counts[s] > 0]
    if candidates:
        return min(candidates, key=lambda s: _order(s, counts[s]))
    return total if total not in hidden else None
