"""Indicator reports over HTTP: `GET /api/v1/indicators.csv` and `.xlsx`.

Also the one place that decides who sees exact figures: monitors and administrators;
every other role (evaluators above all) gets small cells suppressed with the
threshold from the settings. GraphQL's `indicators` field uses the same decision.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from projections.indicators import IndicatorReport, Period, UnknownDimension, compute_report
from projections.indicators.export import to_csv, to_xlsx
from registry.api.dependencies import AppSettings, CurrentUser, Reads
from registry.api.problems import PROBLEM_RESPONSES, Problem
from registry.api.routes import API_PREFIX
from registry.domain.date_range import DateOutOfRange, require_in_range
from registry.permissions import Role, User
from registry.settings import Settings

EXACT_ROLES = frozenset({Role.MONITOR, Role.ADMIN})
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

REPORT_RESPONSES: dict[int | str, dict[str, Any]] = {
    **PROBLEM_RESPONSES,
    422: {
        **PROBLEM_RESPONSES[422],
        "description": "`date_out_of_range`: `from` or `to` outside 1900-01-01 .. today + 1 "
        "year; `validation`: an inverted period, an unknown dimension, or a request that "
        "does not match the schema",
    },
}
"""The exports' error answers in OpenAPI: the common ones, and their own 422 codes."""

router = APIRouter(prefix=API_PREFIX, tags=["indicators"], responses=REPORT_RESPONSES)


def suppression_threshold_for(user: User, settings: Settings) -> int | None:
    """None (exact figures) for monitors and administrators, the threshold otherwise."""
    return None if user.role in EXACT_ROLES else settings.suppression_threshold


def indicator_report(
    reads: Any, settings: Settings, user: User, from_: date, to: date, group_by: list[str]
) -> IndicatorReport:
    """The report this user may see (synchronous: call it from a worker thread).

    Raises `Problem` 422: `date_out_of_range` for a date outside the range callers may
    ask about, `validation` for an inverted period or an unknown dimension."""
    today = settings.today()
    try:
        require_in_range("from", from_, today)
        require_in_range("to", to, today)
    except DateOutOfRange as refusal:
        raise Problem(422, refusal.code, str(refusal)) from None
    try:
        period = Period(from_, to)
    except ValueError as error:
        raise Problem(422, "validation", str(error)) from None
    threshold = suppression_threshold_for(user, settings)
    try:
        with reads.queries.connection() as connection:
            return compute_report(connection, period, group_by, suppression_threshold=threshold)
    except UnknownDimension as error:
        raise Problem(422, "validation", str(error)) from None


FromDate = Annotated[
    date, Query(alias="from", description="First day of the period (1900-01-01 or later)")
]
ToDate = Annotated[
    date,
    Query(description="Last day of the period, the reference date (at most today + 1 year)"),
]
GroupBy = Annotated[
    list[str] | None,
    Query(description="Dimensions: district, sex, age_band, setting, disability (repeatable)"),
]


def _file_name(report: IndicatorReport, extension: str) -> str:
    return f"indicators_{report.from_.isoformat()}_{report.to.isoformat()}.{extension}"


@router.get(
    "/indicators.csv",
    summary="Indicator report as CSV",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}, "description": "The report, one row a cell"}},
)
async def indicators_csv(
    user: CurrentUser,
    reads: Reads,
    settings: AppSettings,
    from_: FromDate,
    to: ToDate,
    group_by: GroupBy = None,
) -> Response:
    report = await run_in_threadpool(
        indicator_report, reads, settings, user, from_, to, group_by or []
    )
    return Response(
        to_csv(report),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{_file_name(report, "csv")}"'},
    )


@router.get(
    "/indicators.xlsx",
    summary="Indicator report as an Excel workbook",
    response_class=Response,
    responses={200: {"content": {XLSX_MEDIA_TYPE: {}}, "description": "A sheet per indicator"}},
)
async def indicators_xlsx(
    user: CurrentUser,
    reads: Reads,
    settings: AppSettings,
    from_: FromDate,
    to: ToDate,
    group_by: GroupBy = None,
) -> Response:
    report = await run_in_threadpool(
        indicator_report, reads, settings, user, from_, to, group_by or []
    )
    workbook = await run_in_threadpool(to_xlsx, report)
    return Response(
        workbook,
        media_type=XLSX_MEDIA_TYPE,
        headers={"Content-Disposition": f'attachment; filename="{_file_name(report, "xlsx")}"'},
    )
