"""From cells to report rows: which cells each indicator's row reads, and its value.

Each row remembers the cells behind its numerator and denominator, so suppression
decided on cells carries over to every row that would show one of them (a ratio is
hidden whenever its numerator or denominator is).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from projections.indicators.cells import CellKey, Cells, Group, subsets
from projections.indicators.definitions import DIMENSIONS, INDICATORS
from projections.indicators.model import IndicatorRow
from projections.population import PopulationRow

EXIT_REASON = "exit_reason"
ADOPTION = "adoption"
POPULATION_DIMENSIONS = frozenset({"district", "sex", "age_band"})
UNDER_3 = ("age_band", "0-2")
ORDER = {name: position for position, name in enumerate((*DIMENSIONS, "stay", "exit_reason"))}


@dataclass(frozen=True)
class Draft:
    """A row before suppression, with the cells it would reveal."""

    indicator: str
    group: Group
    value: float | None
    numerator: int | None
    denominator: int | None
    protected: tuple[CellKey, ...]

    def publish(self, hidden: set[CellKey]) -> IndicatorRow:
        shown = tuple(sorted(self.group, key=lambda pair: (ORDER.get(pair[0], 99), pair)))
        if any(key in hidden for key in self.protected):
            return IndicatorRow(self.indicator, shown, None, None, None, suppressed=True)
        return IndicatorRow(self.indicator, shown, self.value, self.numerator, self.denominator)


def ratio(numerator: int, denominator: int, scale: int) -> float | None:
    return None if denominator == 0 else round(scale * numerator / denominator, 2)


@dataclass(frozen=True)
class Inputs:
    cells: Cells
    group_by: tuple[str, ...]
    medians: Mapping[Group, tuple[float, int]]
    population: Sequence[PopulationRow] | None


def drafts(inputs: Inputs) -> list[Draft]:
    builders: dict[str, Callable[[Inputs, tuple[str, ...]], Iterator[Draft]]] = {
        "in_care": lambda i, s: _counts(i, "in_care", "in_care", s),
        "in_care_per_100000": lambda i, s: _rates(i, "in_care_per_100000", "in_care", s),
        "in_care_by_setting": lambda i, s: _counts(
            i, "in_care_by_setting", "in_care", s, "setting"
        ),
        "family_based_share": _family_based_share,
        "entries": lambda i, s: _counts(i, "entries", "entries", s),
        "entries_per_100000": lambda i, s: _rates(i, "entries_per_100000", "entries", s),
        "re_entries": lambda i, s: _counts(i, "re_entries", "re_entries", s, base="entries"),
        "exits_by_reason": lambda i, s: _counts(i, "exits_by_reason", "exits", s, "exit_reason"),
        "permanent_exit_share": _permanent_exit_share,
        "adoptions": _adoptions,
        "under3_residential": _under3_residential,
        "median_days_in_care_at_exit": _median,
        "stay_distribution": lambda i, s: _counts(i, "stay_distribution", "in_care", s, "stay"),
        "permanency_12_months": lambda i, s: _share(
            i, "permanency_12_months", "permanent_exits", "permanency_cohort", "entries", s
        ),
        "re_entry_12_months": lambda i, s: _share(
            i, "re_entry_12_months", "re_entered", "re_entry_cohort", "entries", s
        ),
        "placement_stability": _placement_stability,
        "review_compliance": lambda i, s: _share(
            i, "review_compliance", "reviewed", "in_care_3m", "in_care", s
        ),
        "plan_coverage": lambda i, s: _share(
            i, "plan_coverage", "with_plan", "in_care", "in_care", s
        ),
    }
    rows: list[Draft] = []
    for indicator in INDICATORS:
        for grouping in subsets(inputs.group_by):
            rows.extend(
                sorted(
                    builders[indicator.name](inputs, grouping),
                    key=lambda draft: sorted(draft.group),
                )
            )
    return rows


def _groups(inputs: Inputs, measure: str, grouping: Sequence[str], *extra: str) -> list[Group]:
    return inputs.cells.groups(measure, {*grouping, *extra})


def _counts(
    inputs: Inputs,
    indicator: str,
    measure: str,
    grouping: tuple[str, ...],
    extra: str | None = None,
    base: str | None = None,
) -> Iterator[Draft]:
    dims = (extra,) if extra else ()
    for group in _groups(inputs, base or measure, grouping, *dims):
        count = inputs.cells.get(measure, group)
        yield Draft(indicator, group, float(count), count, None, ((measure, group),))


def _share(
    inputs: Inputs,
    indicator: str,
    numerator: str,
    denominator: str,
    base: str,
    grouping: tuple[str, ...],
) -> Iterator[Draft]:
    for group in _groups(inputs, base, grouping):
        top, bottom = inputs.cells.get(numerator, group), inputs.cells.get(denominator, group)
        yield Draft(
            indicator,
            group,
            ratio(top, bottom, 100),
            top,
            bottom,
            ((numerator, group), (denominator, group)),
        )


def _family_based_share(inputs: Inputs, grouping: tuple[str, ...]) -> Iterator[Draft]:
    for group in _groups(inputs, "in_care", grouping):
        family = group | {("care_type", "family_based")}
        residential = group | {("care_type", "residential")}
        top = inputs.cells.get("in_care", family)
        bottom = top + inputs.cells.get("in_care", residential)
        yield Draft(
            "family_based_share",
            group,
            ratio(top, bottom, 100),
            top,
            bottom,
            (("in_care", family), ("in_care", residential)),
        )


def _under3_residential(inputs: Inputs, grouping: tuple[str, ...]) -> Iterator[Draft]:
    for group in _groups(inputs, "in_care", grouping):
        bands = dict(group).get("age_band")
        under3 = group | {UNDER_3} if bands in (None, UNDER_3[1]) else None
        if under3 is None:
            yield Draft("under3_residential", group, None, 0, 0, ())
            continue
        in_residential = under3 | {("care_type", "residential")}
        top = inputs.cells.get("in_care", in_residential)
        bottom = inputs.cells.get("in_care", under3)
        yield Draft(
            "under3_residential",
            group,
            ratio(top, bottom, 100),
            top,
            bottom,
            (("in_care", in_residential), ("in_care", under3)),
        )


def _permanent_exit_share(inputs: Inputs, grouping: tuple[str, ...]) -> Iterator[Draft]:
    for group in _groups(inputs, "exits", grouping):
        permanent = group | {("exit_kind", "permanent")}
        top, bottom = inputs.cells.get("exits", permanent), inputs.cells.get("exits", group)
        yield Draft(
            "permanent_exit_share",
            group,
            ratio(top, bottom, 100),
            top,
            bottom,
            (("exits", permanent), ("exits", group)),
        )


def _adoptions(inputs: Inputs, grouping: tuple[str, ...]) -> Iterator[Draft]:
    """Adoptions by kind, and their total (the exits to adoption) in its own row."""
    for group in _groups(inputs, "exits", grouping, "exit_reason"):
        if (EXIT_REASON, ADOPTION) not in group:
            continue
        count = inputs.cells.get("exits", group)
        shown = frozenset(pair for pair in group if pair[0] != EXIT_REASON)
        yield Draft("adoptions", shown, float(count), count, None, (("exits", group),))
    for group in _groups(inputs, "exits", grouping, "exit_reason", "adoption_kind"):
        count = inputs.cells.get("exits", group)
        shown = frozenset(pair for pair in group if pair[0] != EXIT_REASON)
        yield Draft("adoptions", shown, float(count), count, None, (("exits", group),))


def _median(inputs: Inputs, grouping: tuple[str, ...]) -> Iterator[Draft]:
    for group in _groups(inputs, "exits", grouping):
        median, observations = inputs.medians.get(group, (0.0, 0))
        value = round(median, 2) if observations else None
        yield Draft(
            "median_days_in_care_at_exit", group, value, None, observations, (("exits", group),)
        )


def _placement_stability(inputs: Inputs, grouping: tuple[str, ...]) -> Iterator[Draft]:
    for group in _groups(inputs, "stability_entries", grouping):
        moves = inputs.cells.get("moves", group)
        days = inputs.cells.get("days_in_care", group)
        yield Draft(
            "placement_stability",
            group,
            ratio(moves, days, 1000),
            moves,
            days,
            (("stability_entries", group),),
        )


def _rates(
    inputs: Inputs, indicator: str, measure: str, grouping: tuple[str, ...]
) -> Iterator[Draft]:
    if inputs.population is None or not POPULATION_DIMENSIONS.issuperset(grouping):
        return
    for group in _groups(inputs, measure, grouping):
        wanted = dict(group)
        population = sum(
            row.population
            for row in inputs.population
            if all(getattr(row, dim) == value for dim, value in wanted.items())
        )
        count = inputs.cells.get(measure, group)
        yield Draft(
            indicator,
            group,
            ratio(count, population, 100_000),
            count,
            population,
            ((measure, group),),
        )
