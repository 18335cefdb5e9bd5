"""An indicator report as CSV text or as an Excel workbook.

The CSV is one flat table (one row per report row, the group as `dimension=value`
pairs); the workbook has one sheet per indicator, one column per dimension, and the
indicator's formula and source standard as a note on its header cell, so a table
copied out of the workbook still says what it measures.
"""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font

from projections.indicators.definitions import BY_NAME, INDICATORS
from projections.indicators.model import IndicatorReport, IndicatorRow

CSV_COLUMNS = (
    "indicator",
    "group",
    "value",
    "numerator",
    "denominator",
    "suppressed",
    "from",
    "to",
)
SHEET_TITLE_LIMIT = 31


def _number(value: float | int | None) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def to_csv(report: IndicatorReport) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in report.rows:
        writer.writerow(
            (
                row.indicator,
                row.group_label,
                _number(row.value),
                _number(row.numerator),
                _number(row.denominator),
                "true" if row.suppressed else "false",
                report.from_.isoformat(),
                report.to.isoformat(),
            )
        )
    return buffer.getvalue()


def _dimensions(rows: list[IndicatorRow]) -> list[str]:
    seen: list[str] = []
    for row in rows:
        for dimension, _ in row.group:
            if dimension not in seen:
                seen.append(dimension)
    return seen


def to_xlsx(report: IndicatorReport) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    for indicator in INDICATORS:
        rows = report.of(indicator.name)
        if not rows and indicator.name.endswith("_per_100000"):
            continue
        sheet = workbook.create_sheet(indicator.name[:SHEET_TITLE_LIMIT])
        dimensions = _dimensions(rows)
        sheet.append([*dimensions, "value", "numerator", "denominator", "suppressed"])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        note = BY_NAME[indicator.name]
        sheet.cell(row=1, column=len(dimensions) + 1).comment = Comment(
            f"{note.formula}. Source: {note.standard}. Period {report.from_.isoformat()} to "
            f"{report.to.isoformat()}, reference date {report.reference_date.isoformat()}.",
            "registry",
            width=400,
            height=160,
        )
        for row in rows:
            groups = dict(row.group)
            sheet.append(
                [
                    *(groups.get(dimension, "all") for dimension in dimensions),
                    row.value,
                    row.numerator,
                    row.denominator,
                    row.suppressed,
                ]
            )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
