"""What an indicator report is: rows of (indicator, group, value, numerator,
denominator, suppressed), the same shape in GraphQL, CSV and the workbook."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class IndicatorRow:
    indicator: str
    group: tuple[tuple[str, str], ...]
    value: float | None
    numerator: int | None
    denominator: int | None
    suppressed: bool = False

    @property
    def group_label(self) -> str:
        return "; ".join(f"{dimension}={value}" for dimension, value in self.group) or "total"


@dataclass(frozen=True)
class IndicatorReport:
    from_: date
    to: date
    group_by: tuple[str, ...]
    suppression_threshold: int | None
    rows: tuple[IndicatorRow, ...]

    @property
    def reference_date(self) -> date:
        return self.to

    def of(self, indicator: str) -> list[IndicatorRow]:
        return [row for row in self.rows if row.indicator == indicator]
