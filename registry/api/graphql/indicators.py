"""GraphQL `indicators(from, to, groupBy)`: the indicator report of docs/design.md section 6.

Monitors and administrators get exact figures; other roles get small cells
suppressed (`suppressed: true`, value, numerator and denominator null).
"""

from __future__ import annotations

import asyncio
from datetime import date
from enum import Enum
from typing import Annotated

import strawberry

from projections.indicators import IndicatorReport as Report
from projections.indicators import IndicatorRow as Row
from registry.api.graphql.context import GraphQLContext
from registry.api.graphql.errors import BadUserInput
from registry.api.indicator_exports import indicator_report
from registry.api.problems import Problem


@strawberry.enum(description="A dimension an indicator report may be grouped by.")
class Dimension(Enum):
    DISTRICT = "district"
    SEX = "sex"
    AGE_BAND = "age_band"
    SETTING = "setting"
    DISABILITY = "disability"


@strawberry.type(description="One dimension's value in a row's group.")
class GroupValue:
    dimension: str
    value: str


@strawberry.type(description="One indicator for one group (an empty group is the total).")
class IndicatorRow:
    indicator: str
    group: list[GroupValue]
    value: float | None
    numerator: int | None
    denominator: int | None
    suppressed: bool

    @classmethod
    def from_row(cls, row: Row) -> IndicatorRow:
        return cls(
            indicator=row.indicator,
            group=[GroupValue(dimension=d, value=v) for d, v in row.group],
            value=row.value,
            numerator=row.numerator,
            denominator=row.denominator,
            suppressed=row.suppressed,
        )


@strawberry.type(description="Indicators for a period; the reference date is its last day.")
class IndicatorReport:
    from_: date = strawberry.field(name="from")
    to: date
    reference_date: date
    group_by: list[str]
    suppression_threshold: int | None
    rows: list[IndicatorRow]

    @classmethod
    def from_report(cls, report: Report) -> IndicatorReport:
        return cls(
            from_=report.from_,
            to=report.to,
            reference_date=report.reference_date,
            group_by=list(report.group_by),
            suppression_threshold=report.suppression_threshold,
            rows=[IndicatorRow.from_row(row) for row in report.rows],
        )


async def indicators(
    info: strawberry.Info[GraphQLContext, None],
    from_: Annotated[date, strawberry.argument(name="from")],
    to: date,
    group_by: list[Dimension] | None = None,
) -> IndicatorReport:
    """The root field's resolver: add to Query as
    `indicators: IndicatorReport = strawberry.field(resolver=indicators)`."""
    context = info.context
    user = context.require_user()
    dimensions = [dimension.value for dimension in group_by or []]
    try:
        report = await asyncio.to_thread(
            indicator_report, context.reads, context.settings, user, from_, to, dimensions
        )
    except Problem as problem:
        raise BadUserInput(problem.detail) from None
    return IndicatorReport.from_report(report)
