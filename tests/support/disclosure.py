"""A disclosure audit of a suppressed indicator report, the way statistical offices
audit a table: as a linear program.

It knows the report only as an evaluator does: the published rows, and what each
figure of docs/design.md section 6 is a count of. Every figure is a sum of unknown
non-negative counts at the finest level the report distinguishes (one per measure
and combination of dimension values); a published figure fixes its sum, a missing
row fixes its group's sum at zero, and some measures nest inside others (a child
with a plan is a child in care). For each count of 1 to k-1 anywhere in the report,
`scipy.optimize.linprog` finds the least and greatest value it can take under all
of that together. The count is protected when that interval is wider than one value
(docs/design.md section 6) and reaches k: a reader can neither compute it nor tell that
it is under k.

The model is written here from the definitions, independently of the code that
suppresses, so an overlooked relation there is a leak found here.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from math import inf

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import coo_matrix

from projections.indicators import IndicatorReport, IndicatorRow
from registry.domain.values import (
    FAMILY_BASED_SETTINGS,
    PERMANENT_EXITS,
    AdoptionKind,
    ExitReason,
    Setting,
)

NOT_PLACED = "not_placed"
NONE = "-"
"""The adoption kind of an exit that is not an adoption."""
FAMILY = frozenset(s.value for s in FAMILY_BASED_SETTINGS)
RESIDENTIAL = frozenset(s.value for s in Setting) - FAMILY
PERMANENT = frozenset(r.value for r in PERMANENT_EXITS)
STAY_OVER_3_MONTHS = frozenset({"6-12", "12-24", "24+"})

DOMAINS: dict[str, tuple[str, ...]] = {
    "sex": ("female", "male"),
    "age_band": ("0-2", "3-5", "6-11", "12-17", "18+"),
    "setting": (*(s.value for s in Setting), NOT_PLACED),
    "disability": ("yes", "no"),
    "stay": ("<6", "6-12", "12-24", "24+"),
    "exit_reason": tuple(r.value for r in ExitReason),
    "adoption_kind": (*(k.value for k in AdoptionKind), "unknown", NONE),
}

UNITS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "stock": (("in_care", "with_plan", "in_care_3m", "reviewed"), ("setting", "stay", "age_band")),
    "exits": (("exits",), ("exit_reason", "adoption_kind")),
    "entries": (
        (
            "entries",
            "re_entries",
            "permanency_cohort",
            "permanent_exits",
            "re_entry_cohort",
            "re_entered",
            "stability_entries",
        ),
        (),
    ),
}
"""Per unit of counting: its measures and the dimensions its indicators add."""

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
"""(inner, outer): at the finest level, inner <= outer."""

LISTINGS = {
    "in_care": "in_care",
    "in_care_by_setting": "in_care",
    "stay_distribution": "in_care",
    "entries": "entries",
    "exits_by_reason": "exits",
    "placement_stability": "stability_entries",
}
"""Indicators with a row, shown or suppressed, for every group of their measure that
has any child: a group missing from them is empty."""

Condition = tuple[str, frozenset[str]]
Form = tuple[str, frozenset[Condition]]
"""A count: a measure summed over the finest cells meeting every condition."""


def _conditions(group: Iterable[tuple[str, str]]) -> frozenset[Condition]:
    return frozenset((dim, frozenset({value})) for dim, value in group)


def form(measure: str, group: Iterable[tuple[str, str]], **extra: frozenset[str]) -> Form:
    return measure, _conditions(group) | frozenset(extra.items())


def figures(row: IndicatorRow) -> list[tuple[int, list[Form]]]:
    """The counts a row shows: (0 for its numerator, 1 for its denominator, the sum
    of forms it equals)."""
    g = list(row.group)
    plain = {
        "in_care": "in_care",
        "in_care_per_100000": "in_care",
        "in_care_by_setting": "in_care",
        "stay_distribution": "in_care",
        "entries": "entries",
        "entries_per_100000": "entries",
        "re_entries": "re_entries",
        "exits_by_reason": "exits",
    }
    shares = {
        "permanency_12_months": ("permanent_exits", "permanency_cohort"),
        "re_entry_12_months": ("re_entered", "re_entry_cohort"),
        "review_compliance": ("reviewed", "in_care_3m"),
        "plan_coverage": ("with_plan", "in_care"),
    }
    if row.indicator in plain:
        return [(0, [form(plain[row.indicator], g)])]
    if row.indicator in shares:
        top, bottom = shares[row.indicator]
        return [(0, [form(top, g)]), (1, [form(bottom, g)])]
    match row.indicator:
        case "median_days_in_care_at_exit":
            return [(1, [form("exits", g)])]
        case "family_based_share":
            family = form("in_care", g, setting=FAMILY)
            return [(0, [family]), (1, [family, form("in_care", g, setting=RESIDENTIAL)])]
        case "under3_residential":
            if dict(g).get("age_band", "0-2") != "0-2":
                return []
            under3 = [pair for pair in g if pair[0] != "age_band"] + [("age_band", "0-2")]
            return [
                (0, [form("in_care", under3, setting=RESIDENTIAL)]),
                (1, [form("in_care", under3)]),
            ]
        case "permanent_exit_share":
            return [(0, [form("exits", g, exit_reason=PERMANENT)]), (1, [form("exits", g)])]
        case "adoptions":
            return [(0, [form("exits", [*g, ("exit_reason", "adoption")])])]
        case "placement_stability":
            return []  # sums of moves and of days: no count of children is shown
    raise AssertionError(f"no model of {row.indicator}")


@dataclass(frozen=True)
class Leak:
    form: Form
    value: int
    low: float
    high: float


class Audit:
    """The linear program of one report over the given districts and grouping."""

    def __init__(self, districts: Sequence[str], group_by: Sequence[str]) -> None:
        domains = {**DOMAINS, "district": tuple(districts)}
        self.cells: dict[tuple[str, tuple[tuple[str, str], ...]], int] = {}
        self.unit_of: dict[str, tuple[str, ...]] = {}
        for measures, extras in UNITS.values():
            dims = tuple(dict.fromkeys((*group_by, *extras)))
            for measure in measures:
                self.unit_of[measure] = dims
                for values in itertools.product(*(domains[dim] for dim in dims)):
                    cell = tuple(zip(dims, values, strict=True))
                    if not _coherent(dict(cell)):
                        continue
                    self.cells[(measure, cell)] = len(self.cells)

    def members(self, target: Form) -> list[int]:
        measure, conditions = target
        dims = set(self.unit_of[measure])
        if any(dim not in dims for dim, _ in conditions):
            raise AssertionError(f"{target} is finer than the report's cells")
        return [
            index
            for (name, cell), index in self.cells.items()
            if name == measure and all(dict(cell)[dim] in allowed for dim, allowed in conditions)
        ]

    def facts(self, counts: Iterable[tuple[str, Mapping[str, str | None], int]]) -> np.ndarray:
        """The true finest counts, from (measure, attributes, count) at any finer level."""
        truth = np.zeros(len(self.cells))
        for measure, attributes, count in counts:
            dims = self.unit_of[measure]
            cell = tuple((dim, attributes.get(dim) or NONE) for dim in dims)
            truth[self.cells[(measure, cell)]] += count
        return truth

    def leaks(self, report: IndicatorReport, truth: np.ndarray, threshold: int) -> list[Leak]:
        """The counts of 1..k-1 in the report whose feasible interval does not protect
        them.

        The true counts must satisfy the model: a report they contradict means the
        model of the figures is wrong, and the audit would prove nothing."""
        size = len(self.cells)

        def value(term: Form) -> int:
            return int(truth[self.members(term)].sum())

        rows: list[list[int]] = []
        values: list[float] = []
        zero: set[int] = set()
        sensitive: set[Form] = set()
        listed: dict[str, set[frozenset[Condition]]] = {}
        for row in report.rows:
            if row.indicator in LISTINGS:
                measure, conditions = form(LISTINGS[row.indicator], row.group)
                listed.setdefault(measure, set()).add(conditions)
            shown = [row.numerator, row.denominator]
            for position, terms in figures(row):
                for term in terms:
                    if 0 < value(term) < threshold:
                        sensitive.add(term)
                if row.suppressed:
                    continue
                number = shown[position]
                assert number is not None, row
                rows.append(sorted({i for term in terms for i in self.members(term)}))
                values.append(float(number))
        for measure, groups in listed.items():
            zero.update(self._unlisted(measure, groups))
        equalities = _matrix(rows, size)
        inequalities, bounds_ub = self._nesting(size)
        bounds: list[tuple[float, float | None]] = [
            (0.0, 0.0) if i in zero else (0.0, None) for i in range(size)
        ]
        if equalities is not None:
            assert np.allclose(equalities @ truth, values), "the model contradicts the report"
        if inequalities is not None:
            assert (inequalities @ truth <= 1e-9).all(), "the model contradicts the report"
        assert not truth[sorted(zero)].any(), "the model contradicts the report"
        found: list[Leak] = []
        for target in sorted(sensitive, key=repr):
            objective = np.zeros(size)
            objective[self.members(target)] = 1.0
            low = _solve(objective, equalities, values, inequalities, bounds_ub, bounds)
            high = -_solve(-objective, equalities, values, inequalities, bounds_ub, bounds)
            if not _protected(low, high, threshold):
                found.append(Leak(target, value(target), low, high))
        return found

    def _unlisted(self, measure: str, groups: set[frozenset[Condition]]) -> set[int]:
        """Cells of every listed shape whose group has no row: their sums are zero."""
        shapes: dict[frozenset[str], set[frozenset[Condition]]] = {}
        for conditions in groups:
            if all(len(allowed) == 1 for _, allowed in conditions):
                shapes.setdefault(frozenset(dim for dim, _ in conditions), set()).add(conditions)
        empty: set[int] = set()
        for (name, cell), index in self.cells.items():
            if name != measure:
                continue
            for shape, present in shapes.items():
                key = frozenset((dim, frozenset({value})) for dim, value in cell if dim in shape)
                if key not in present:
                    empty.add(index)
        return empty

    def _nesting(self, size: int) -> tuple[object, list[float]]:
        rows: list[tuple[int, int, float]] = []
        count = 0
        for (measure, cell), index in self.cells.items():
            for inner, outer in NESTED:
                if measure == inner and (outer, cell) in self.cells:
                    rows += [(count, index, 1.0), (count, self.cells[(outer, cell)], -1.0)]
                    count += 1
            stay = dict(cell).get("stay")
            if measure == "in_care" and stay in STAY_OVER_3_MONTHS:
                rows += [(count, index, 1.0), (count, self.cells[("in_care_3m", cell)], -1.0)]
                count += 1
        if not rows:
            return None, []
        r, c, v = zip(*rows, strict=True)
        return coo_matrix((v, (r, c)), shape=(count, size)).tocsr(), [0.0] * count


def _protected(low: float, high: float, threshold: int) -> bool:
    """Wider than one value and reaching k: a reader can neither compute the count
    nor tell that it is under k."""
    return high - low > 1e-6 and high >= threshold - 1e-6


def _coherent(cell: Mapping[str, str]) -> bool:
    """An adoption kind exists exactly for exits to adoption."""
    if "adoption_kind" not in cell:
        return True
    return (cell.get("exit_reason") == "adoption") == (cell["adoption_kind"] != NONE)


def _matrix(rows: list[list[int]], size: int) -> object:
    entries = [(r, c) for r, columns in enumerate(rows) for c in columns]
    if not entries:
        return None
    r, c = zip(*entries, strict=True)
    return coo_matrix(([1.0] * len(entries), (r, c)), shape=(len(rows), size)).tocsr()


def _solve(
    objective: np.ndarray,
    equalities: object,
    values: list[float],
    inequalities: object,
    bounds_ub: list[float],
    bounds: list[tuple[float, float | None]],
) -> float:
    result = linprog(
        objective,
        A_ub=inequalities,
        b_ub=bounds_ub or None,
        A_eq=equalities,
        b_eq=values or None,
        bounds=bounds,
        method="highs",
    )
    if result.status == 3:
        return -inf
    assert result.status == 0, result.message
    return float(result.fun)
