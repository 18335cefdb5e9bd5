"""The suppression audit over generated registries: no count of 1..k-1 anywhere in a
report can be narrowed below k values from everything the report publishes.

A registry is generated as the counts the read models' unit queries return, at the
finest grouping of every dimension; the report is assembled from them by the same
code as from SQL, and audited as a linear program (`tests.support.disclosure`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from projections.indicators import DIMENSIONS, Period
from projections.indicators import sql as unit_sql
from projections.indicators.report import publish, tally, unit_columns
from tests.support.disclosure import DOMAINS, NONE, Audit

PERIOD = Period(date(2025, 1, 1), date(2025, 12, 31))
DISTRICTS = ("north", "south", "east")
SMALL = st.integers(min_value=1, max_value=9)

common = {
    "district": st.sampled_from(DISTRICTS),
    "sex": st.sampled_from(DOMAINS["sex"]),
    "age_band": st.sampled_from(DOMAINS["age_band"][:4]),
    "setting": st.sampled_from(DOMAINS["setting"]),
    "disability": st.sampled_from(DOMAINS["disability"]),
}


@st.composite
def stock_record(draw: st.DrawFn) -> dict[str, Any]:
    attributes = {name: draw(strategy) for name, strategy in common.items()}
    attributes["stay"] = stay = draw(st.sampled_from(DOMAINS["stay"]))
    in_care = draw(SMALL)
    in_care_3m = in_care if stay != "<6" else draw(st.integers(0, in_care))
    return {
        **attributes,
        "in_care": in_care,
        "with_plan": draw(st.integers(0, in_care)),
        "in_care_3m": in_care_3m,
        "reviewed": draw(st.integers(0, in_care_3m)),
    }


@st.composite
def exit_record(draw: st.DrawFn) -> dict[str, Any]:
    attributes = {name: draw(strategy) for name, strategy in common.items()}
    reason = draw(st.sampled_from(DOMAINS["exit_reason"]))
    kind = draw(st.sampled_from(DOMAINS["adoption_kind"][:3])) if reason == "adoption" else None
    return {
        **attributes,
        "exit_reason": reason,
        "adoption_kind": kind,
        "days": draw(st.integers(1, 900)),
        "exits": draw(SMALL),
    }


@st.composite
def entry_record(draw: st.DrawFn) -> dict[str, Any]:
    attributes = {name: draw(strategy) for name, strategy in common.items()}
    entries = draw(st.integers(0, 9))
    cohort = draw(st.integers(0, entries))
    returned = draw(st.integers(0, entries))
    return {
        **attributes,
        "entries": entries,
        "re_entries": draw(st.integers(0, entries)),
        "permanency_cohort": cohort,
        "permanent_exits": draw(st.integers(0, cohort)),
        "re_entry_cohort": returned,
        "re_entered": draw(st.integers(0, returned)),
        "stability_entries": entries + draw(st.integers(0 if entries else 1, 3)),
        "moves": draw(st.integers(0, 4)),
        "days_in_care": draw(st.integers(1, 900)),
    }


MEASURES = {
    "stock": unit_sql.STOCK_MEASURES,
    "exits": unit_sql.EXIT_MEASURES,
    "entries": unit_sql.ENTRY_MEASURES,
}


def _records(
    unit: unit_sql.UnitQuery, columns: tuple[str, ...], generated: Sequence[dict[str, Any]]
) -> list[tuple[Any, ...]]:
    """What the unit's SQL returns for these rows: sums per combination of `columns`."""
    names = MEASURES[_unit_name(unit)]
    keys = (*columns, "days") if unit.by_days else columns
    sums: dict[tuple[Any, ...], list[int]] = defaultdict(lambda: [0] * len(names))
    for record in generated:
        total = sums[tuple(record[key] for key in keys)]
        for position, name in enumerate(names):
            total[position] += record[name]
    return [(*key, *values) for key, values in sums.items()]


def _unit_name(unit: unit_sql.UnitQuery) -> str:
    return {unit_sql.stock: "stock", unit_sql.exits: "exits", unit_sql.entries: "entries"}[
        unit.statement  # type: ignore[index]
    ]


registries = st.fixed_dictionaries(
    {
        "stock": st.lists(stock_record(), max_size=14),
        "exits": st.lists(exit_record(), max_size=10),
        "entries": st.lists(entry_record(), max_size=8),
    }
)


@settings(
    max_examples=220,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    registries,
    st.lists(st.sampled_from(DIMENSIONS), max_size=2, unique=True),
    st.sampled_from([3, 5]),
)
def test_no_small_count_can_be_narrowed_from_the_published_figures(
    registry: dict[str, list[dict[str, Any]]], group_by: list[str], threshold: int
) -> None:
    dimensions = tuple(dim for dim in DIMENSIONS if dim in group_by)
    results = []
    for unit in unit_sql.UNIT_QUERIES:
        columns = unit_columns(unit, dimensions)
        results.append((unit, columns, _records(unit, columns, registry[_unit_name(unit)])))
    report = publish(PERIOD, dimensions, tally(results, dimensions), None, threshold)
    audit = Audit(DISTRICTS, dimensions)
    truth = audit.facts(
        (measure, record, record[measure])
        for name, records in registry.items()
        for record in records
        for measure in MEASURES[name]
        if measure not in {"moves", "days_in_care"}
    )
    assert audit.leaks(report, truth, threshold) == []
    assert NONE not in {value for row in report.rows for _, value in row.group}


def _exits(**counts: int) -> dict[str, list[dict[str, Any]]]:
    common_cells = {
        "district": "north",
        "sex": "female",
        "age_band": "6-11",
        "setting": "foster_family",
        "disability": "no",
        "days": 200,
    }
    return {
        "stock": [],
        "entries": [],
        "exits": [
            {
                **common_cells,
                "exit_reason": reason,
                "adoption_kind": "domestic" if reason == "adoption" else None,
                "exits": count,
            }
            for reason, count in counts.items()
        ],
    }


def _report(registry: dict[str, list[dict[str, Any]]], threshold: int = 5) -> Any:
    results = [
        (unit, unit_columns(unit, ()), _records(unit, unit_columns(unit, ()), registry[name]))
        for unit in unit_sql.UNIT_QUERIES
        for name in [_unit_name(unit)]
    ]
    return publish(PERIOD, (), tally(results, ()), None, threshold)


def test_permanent_exits_less_the_shown_reasons_do_not_give_a_hidden_one_away() -> None:
    """The reproduction: kinship (2) hidden, and permanent exits minus reunification
    and adoption gave it back."""
    report = _report(_exits(kinship=2, reunification=10, adoption=6, aged_out=7))
    shown = {
        dict(row.group)["exit_reason"]: row.numerator
        for row in report.of("exits_by_reason")
        if not row.suppressed
    }
    assert "kinship" not in shown
    permanent = report.of("permanent_exit_share")[0]
    if not permanent.suppressed:
        hidden_permanent = {"reunification", "kinship", "guardianship", "adoption"} - set(shown)
        assert len(hidden_permanent) >= 2


def test_an_adoption_cell_hidden_as_a_complement_hides_its_adoptions_too() -> None:
    """The reproduction: the adoption exit cell hidden, its one kind of adoption shown."""
    report = _report(_exits(kinship=2, adoption=6, aged_out=9))
    adoption_hidden = any(
        row.suppressed
        for row in report.of("exits_by_reason")
        if ("exit_reason", "adoption") in row.group
    )
    adoptions = report.of("adoptions")
    assert adoption_hidden == all(row.suppressed for row in adoptions)
    audit = Audit(DISTRICTS, ())
    truth = audit.facts(
        ("exits", record, record["exits"])
        for record in _exits(kinship=2, adoption=6, aged_out=9)["exits"]
    )
    assert audit.leaks(report, truth, 5) == []
