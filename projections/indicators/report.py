"""Compute an indicator report over the read models, exact or suppressed.

All queries of one report run in one read-only snapshot. Counting happens in SQL;
Python only adds the finest cells into their published totals, computes ratios and
decides suppression. The counts are kept while the read models stay at the same
positions (`memo`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from projections.indicators import sql
from projections.indicators.assemble import Inputs, drafts
from projections.indicators.cells import Cells, Group, columns_read, relations, roll_up
from projections.indicators.definitions import DIMENSIONS
from projections.indicators.median import medians_by_group, without_days
from projections.indicators.memo import MEMO, Counted, snapshot_key
from projections.indicators.model import IndicatorReport
from projections.indicators.period import Period
from projections.indicators.protection import protected_suppression
from projections.population import PopulationRow, population_rows
from registry.database import Dialect, dialect_of

PATTERNS: dict[str, tuple[tuple[str, ...], ...]] = {
    "in_care": (
        (),
        ("setting",),
        ("care_type",),
        ("stay",),
        ("age_band",),
        ("age_band", "care_type"),
    ),
    "exits": ((), ("exit_reason",), ("exit_kind",), ("exit_reason", "adoption_kind")),
}
UNPROTECTED = frozenset({"moves", "days_in_care"})
"""Sums of moves and of days count no children: they are shown or hidden with their row."""


class UnknownDimension(ValueError):
    """A grouping dimension the report does not offer."""


def normalise_group_by(group_by: Sequence[str] | None) -> tuple[str, ...]:
    requested = set(group_by or ())
    unknown = requested - set(DIMENSIONS)
    if unknown:
        raise UnknownDimension(
            f"unknown dimension {sorted(unknown)[0]!r}; use {', '.join(DIMENSIONS)}"
        )
    return tuple(dim for dim in DIMENSIONS if dim in requested)


def compute_report(
    connection: Any,
    period: Period,
    group_by: Sequence[str] | None = None,
    *,
    suppression_threshold: int | None = None,
) -> IndicatorReport:
    """The report for `period`; `suppression_threshold` None gives exact figures."""
    dimensions = normalise_group_by(group_by)
    dialect = dialect_of(connection)
    params = dialect.params(period.parameters())
    for statement in dialect.begin_snapshot():
        connection.execute(statement)
    try:
        key = snapshot_key(connection, dialect, period, dimensions)
        counted = MEMO.get(key) if key is not None else None
        if counted is None:
            counted = _count(connection, dialect, params, dimensions)
            if key is not None:
                MEMO.put(key, counted)
        population = population_rows(connection)
    finally:
        connection.execute("ROLLBACK")
    return publish(period, dimensions, counted, population, suppression_threshold)


def publish(
    period: Period,
    dimensions: tuple[str, ...],
    counted: Counted,
    population: Sequence[PopulationRow] | None,
    suppression_threshold: int | None,
) -> IndicatorReport:
    """The report's rows from its counts: every figure, and for evaluators the cells
    no published figure may reveal, alone or together with the others."""
    cells = Cells(dict(counted.counts))
    rows = drafts(Inputs(cells, dimensions, counted.medians, population))
    hidden: set[tuple[str, Group]] = set()
    if suppression_threshold is not None:
        protected = {k: v for k, v in cells.counts.items() if k[0] not in UNPROTECTED}
        links = [
            (total, siblings) for total, siblings in relations(cells) if total[0] not in UNPROTECTED
        ]
        hidden = protected_suppression(protected, links, suppression_threshold)
    return IndicatorReport(
        from_=period.from_,
        to=period.to,
        group_by=dimensions,
        suppression_threshold=suppression_threshold,
        rows=tuple(draft.publish(hidden) for draft in rows),
    )


def _count(
    connection: Any, dialect: Dialect, params: dict[str, Any], dimensions: tuple[str, ...]
) -> Counted:
    results = []
    for unit in sql.UNIT_QUERIES:
        columns = unit_columns(unit, dimensions)
        statement = dialect.render(unit.statement(dialect, columns))
        results.append((unit, columns, connection.execute(statement, params).fetchall()))
    return tally(results, dimensions)


def unit_columns(unit: sql.UnitQuery, dimensions: tuple[str, ...]) -> tuple[str, ...]:
    """The columns of `unit` a report grouped by `dimensions` reads."""
    read = columns_read(dimensions, _patterns(unit))
    return tuple(column for column in unit.columns if column in read)


def tally(
    results: Sequence[tuple[sql.UnitQuery, tuple[str, ...], Sequence[Sequence[Any]]]],
    dimensions: tuple[str, ...],
) -> Counted:
    """A report's cells and medians from its unit queries' records: per unit, its
    columns, then its measures (exits: the days in care before the count)."""
    cells = Cells()
    medians: dict[Group, tuple[float, int]] = {}
    for unit, columns, records in results:
        width = len(columns)
        if unit.by_days:
            medians = medians_by_group(records, columns, dimensions)
            records = without_days(records, width)
        fine = [
            (
                dict(zip(columns, record[:width], strict=True)),
                {m: int(v or 0) for m, v in zip(unit.measures, record[width:], strict=True)},
            )
            for record in records
        ]
        roll_up(cells, fine, dimensions, _patterns(unit))
    for unit in sql.UNIT_QUERIES:
        for measure in unit.measures:
            cells.ensure(measure, frozenset())
    return Counted(cells.counts, medians)


def _patterns(unit: sql.UnitQuery) -> dict[str, tuple[tuple[str, ...], ...]]:
    return {m: PATTERNS.get(m, ((),)) for m in unit.measures}
