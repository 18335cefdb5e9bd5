"""Computing reports over a test read side and reading rows out of them."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from projections.indicators import IndicatorReport, IndicatorRow, Period, compute_report
from projections.read_side import ReadSide

Compute = Callable[..., IndicatorReport]


def computer(side: ReadSide, period: Period) -> Compute:
    def compute(group_by: Sequence[str] = (), threshold: int | None = None) -> IndicatorReport:
        side.catch_up()
        with side.queries.connection() as connection:
            return compute_report(connection, period, group_by, suppression_threshold=threshold)

    return compute


def row(report: IndicatorReport, indicator: str, **group: str) -> IndicatorRow:
    """The one row of `indicator` whose group is exactly `group`."""
    wanted = set(group.items())
    found = [r for r in report.of(indicator) if set(r.group) == wanted]
    assert len(found) == 1, f"{indicator} {group}: {found}"
    return found[0]


def figures(report: IndicatorReport, indicator: str, **group: str) -> tuple[object, ...]:
    found = row(report, indicator, **group)
    return found.value, found.numerator, found.denominator
