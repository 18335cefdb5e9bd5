"""CSV and workbook layout of a report (no database: a report built by hand)."""

from __future__ import annotations

import io
from datetime import date

from openpyxl import load_workbook

from projections.indicators import IndicatorReport, IndicatorRow
from projections.indicators.export import to_csv, to_xlsx

REPORT = IndicatorReport(
    from_=date(2025, 1, 1),
    to=date(2025, 12, 31),
    group_by=("district",),
    suppression_threshold=5,
    rows=(
        IndicatorRow("in_care", (), 9.0, 9, None),
        IndicatorRow("in_care", (("district", "north"),), None, None, None, suppressed=True),
        IndicatorRow("plan_coverage", (("district", "south"),), 33.33, 3, 9),
    ),
)


def test_csv_writes_one_line_per_row_with_the_period() -> None:
    assert to_csv(REPORT).splitlines() == [
        "indicator,group,value,numerator,denominator,suppressed,from,to",
        "in_care,total,9,9,,false,2025-01-01,2025-12-31",
        "in_care,district=north,,,,true,2025-01-01,2025-12-31",
        "plan_coverage,district=south,33.33,3,9,false,2025-01-01,2025-12-31",
    ]


def test_workbook_has_one_sheet_per_indicator_and_the_formula_as_a_note() -> None:
    workbook = load_workbook(io.BytesIO(to_xlsx(REPORT)))
    assert "in_care" in workbook.sheetnames and "plan_coverage" in workbook.sheetnames
    assert "in_care_per_100000" not in workbook.sheetnames  # no population: no rates
    rows = list(workbook["in_care"].iter_rows(values_only=True))
    assert rows == [
        ("district", "value", "numerator", "denominator", "suppressed"),
        ("all", 9, 9, None, False),
        ("north", None, None, None, True),
    ]
    note = workbook["plan_coverage"].cell(row=1, column=2).comment
    assert note is not None and "plan adopted in the current episode" in note.text
