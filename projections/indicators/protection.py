"""Suppression checked as a whole: no hidden cell can be narrowed down from the
published ones, whatever relations a reader combines.

A reader knows every published cell, that each total is the sum of its siblings
(`cells.relations`), that counts are never negative, and that some measures nest
inside others (a child with a plan is a child in care). Under all of that together
each hidden cell can take a range of values, the optimum of a linear program
(`scipy.optimize.linprog`, HiGHS). A count under k is protected when that range
reaches k: a reader can then neither compute it nor tell that it is under k, and
since it is under k, its range is wider than one value (docs/design.md section 6).
Complementary cells are k or more: what a reader may learn of them, the report
could have shown. For each count that cannot reach k, one more cell of its
constraints is hidden (`_widening`), the rules of `suppression` run again on the
relations of the new cells, and the check again, until every count is protected.

The hidden cells fall apart into groups that share no constraint; each group is its
own small program, solved again only when it changes. One program first takes all
of a group's small counts towards k together; only those it leaves short are tried
again, so most groups cost one or two programs, not one per cell.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import coo_matrix, hstack, vstack

from projections.indicators.cells import CellKey
from projections.indicators.suppression import Complements

NESTED: tuple[tuple[str, str], ...] = (
    ("with_plan", "in_care"),
    ("in_care_3m", "in_care"),
    ("reviewed", "in_care_3m"),
    ("re_entries", "entries"),
    ("permanency_cohort", "entries"),
    ("permanent_exits", "permanency_cohort"),
    ("re_entry_cohort", "entries"),
    ("re_entered", "re_entry_cohort"),
    ("entries", "stability_entries"),
)
"""(inner, outer) measures: in every group, inner <= outer."""
STAYS_OVER_3_MONTHS = ("6-12", "12-24", "24+")
"""Stay bands whose children are all in care 3+ months: in every group, the children
in these bands are at most the children in care 3+ months."""

Relation = tuple[CellKey, Sequence[CellKey]]


@dataclass(frozen=True)
class Constraint:
    """sum(coefficient x cell) = bound (or <= bound), over cells hidden or shown."""

    terms: tuple[tuple[CellKey, float], ...]
    bound: float
    equal: bool


def protected_suppression(
    counts: Mapping[CellKey, int], relations: Sequence[Relation], threshold: int
) -> set[CellKey]:
    """The cells to hide so that every hidden cell is protected."""
    constraints = [
        *(_sum(total, siblings) for total, siblings in relations),
        *_nesting(counts),
    ]
    of_cell: dict[CellKey, list[int]] = defaultdict(list)
    for position, constraint in enumerate(constraints):
        for cell, _ in constraint.terms:
            of_cell[cell].append(position)
    complements = Complements(counts, relations, threshold)
    hidden = complements.primary()
    complements.complete(hidden)
    solved: dict[frozenset[CellKey], list[CellKey]] = {}
    while True:
        added = []
        for group, members in _components(constraints, of_cell, hidden).items():
            if group not in solved:
                solved[group] = _unprotected(group, members, counts, threshold)
            for weak in solved[group]:
                extra = _widening(weak, members, counts, hidden, threshold)
                if extra not in added:
                    added.append(extra)
        if not added:
            return hidden
        hidden.update(added)
        complements.complete(hidden, added)


def _sum(total: CellKey, siblings: Sequence[CellKey]) -> Constraint:
    return Constraint(((total, -1.0), *((sibling, 1.0) for sibling in siblings)), 0.0, True)


def _nesting(counts: Mapping[CellKey, int]) -> Iterable[Constraint]:
    for measure, group in counts:
        for inner, outer in NESTED:
            if measure == inner and (outer, group) in counts:
                yield Constraint((((inner, group), 1.0), ((outer, group), -1.0)), 0.0, False)
        if measure == "in_care_3m" and ("in_care", group) in counts:
            stays = [
                ("in_care", group | {("stay", band)})
                for band in STAYS_OVER_3_MONTHS
                if ("in_care", group | {("stay", band)}) in counts
            ]
            if stays:
                terms = ((key, 1.0) for key in stays)
                yield Constraint((*terms, ((measure, group), -1.0)), 0.0, False)


def _components(
    constraints: Sequence[Constraint], of_cell: Mapping[CellKey, list[int]], hidden: set[CellKey]
) -> dict[frozenset[CellKey], list[Constraint]]:
    """The hidden cells linked by constraints, each group with its constraints."""
    parent: dict[CellKey, CellKey] = {cell: cell for cell in hidden}

    def root(cell: CellKey) -> CellKey:
        while parent[cell] != cell:
            parent[cell] = parent[parent[cell]]
            cell = parent[cell]
        return cell

    touching = sorted({position for cell in hidden for position in of_cell.get(cell, ())})
    firsts: list[tuple[int, CellKey]] = []
    for position in touching:
        unknown = [cell for cell, _ in constraints[position].terms if cell in hidden]
        firsts.append((position, unknown[0]))
        first = root(unknown[0])
        for cell in unknown[1:]:
            top = root(cell)
            if top != first:
                parent[top] = first
    members: dict[CellKey, set[CellKey]] = defaultdict(set)
    for cell in hidden:
        members[root(cell)].add(cell)
    by_root: dict[CellKey, list[Constraint]] = defaultdict(list)
    for position, first in firsts:
        by_root[root(first)].append(constraints[position])
    return {frozenset(cells): by_root[top] for top, cells in members.items()}


def _unprotected(
    group: frozenset[CellKey],
    constraints: Sequence[Constraint],
    counts: Mapping[CellKey, int],
    threshold: int,
) -> list[CellKey]:
    """The counts under k of the group that could not be taken to k together (each
    alone might, but treating them as weak only ever hides more)."""
    cells = sorted(group, key=lambda key: (key[0], sorted(key[1])))
    index = {cell: position for position, cell in enumerate(cells)}
    equal: tuple[list[tuple[int, int, float]], list[float]] = ([], [])
    upper: tuple[list[tuple[int, int, float]], list[float]] = ([], [])
    for constraint in constraints:
        entries, bounds = equal if constraint.equal else upper
        row = len(bounds)
        known = 0.0
        for cell, coefficient in constraint.terms:
            if cell in index:
                entries.append((row, index[cell], coefficient))
            else:
                known += coefficient * counts.get(cell, 0)
        bounds.append(constraint.bound - known)
    a_eq, b_eq = _matrix(equal, len(cells))
    a_ub, b_ub = _matrix(upper, len(cells))
    small = [cell for cell in cells if 0 < counts[cell] < threshold]
    if not small:
        return []
    pending = list(small)
    while pending:
        reach = _reaching_together(pending, index, threshold, a_ub, b_ub, a_eq, b_eq)
        left = [cell for cell in pending if reach[cell] < threshold - 1e-6]
        if len(left) == len(pending):
            break
        pending = left
    return pending


def _reaching_together(
    small: Sequence[CellKey],
    index: Mapping[CellKey, int],
    threshold: int,
    a_ub: Any,
    b_ub: list[float] | None,
    a_eq: Any,
    b_eq: list[float] | None,
) -> dict[CellKey, float]:
    """How far towards k each small cell gets in one solution that takes them all as
    far towards k as it can (max of the sum of min(cell, k)). Cells that reach k here
    reach it alone too; the others are tried together again until no more get there."""
    width, extra = len(index), len(small)
    link = coo_matrix(
        (
            [1.0] * extra + [-1.0] * extra,
            (
                [*range(extra), *range(extra)],
                [width + i for i in range(extra)] + [index[cell] for cell in small],
            ),
        ),
        shape=(extra, width + extra),
    )
    a_ub = vstack([_widen(a_ub, extra), link]) if a_ub is not None else link
    b_ub = [*(b_ub or []), *([0.0] * extra)]
    objective = np.concatenate([np.zeros(width), -np.ones(extra)])
    bounds = [(0, None)] * width + [(0, threshold)] * extra
    result = _solve(objective, bounds, a_ub, b_ub, _widen(a_eq, extra), b_eq)
    return {cell: float(result.x[width + i]) for i, cell in enumerate(small)}


def _widen(matrix: Any, columns: int) -> Any:
    if matrix is None:
        return None
    return hstack([matrix, coo_matrix((matrix.shape[0], columns))]).tocsr()


def _matrix(
    rows: tuple[list[tuple[int, int, float]], list[float]], width: int
) -> tuple[object, list[float] | None]:
    entries, bounds = rows
    if not bounds:
        return None, None
    if not entries:
        return coo_matrix((len(bounds), width)).tocsr(), bounds
    r, c, v = zip(*entries, strict=True)
    return coo_matrix((v, (r, c)), shape=(len(bounds), width)).tocsr(), bounds


def _solve(objective: np.ndarray, bounds: Any, *program: Any) -> Any:
    a_ub, b_ub, a_eq, b_eq = program
    result = linprog(
        objective, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs"
    )
    if result.status not in (0, 3):
        raise RuntimeError(f"the suppression check failed: {result.message}")
    return result


def _widening(
    cell: CellKey,
    constraints: Sequence[Constraint],
    counts: Mapping[CellKey, int],
    hidden: set[CellKey],
    threshold: int,
) -> CellKey:
    """A shown cell to hide with `cell`, from its own constraints if they have one,
    else from its group's: the smallest count of at least k if there is one (room
    for the hidden cells to move), else the largest.

    A group whose constraints show nothing cannot pin a cell down (any solution
    scaled up is another), so a weak cell always has one."""
    own = [c for c in constraints if any(term == cell for term, _ in c.terms)]
    for scope in (own, constraints):
        shown = {
            term
            for constraint in scope
            for term, _ in constraint.terms
            if term not in hidden and counts.get(term, 0) > 0
        }
        if shown:
            large = [member for member in shown if counts[member] >= threshold]
            if large:
                return min(large, key=lambda key: (counts[key], key[0], sorted(key[1])))
            return max(shown, key=lambda key: (counts[key], key[0], sorted(key[1])))
    raise AssertionError("a hidden cell was pinned down by hidden cells alone")
