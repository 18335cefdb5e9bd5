"""Indicators for monitors and evaluators (docs/design.md section 6), computed in SQL
over the read models, with small-cell suppression for evaluators."""

from projections.indicators.definitions import DIMENSIONS, INDICATORS, Indicator, Kind
from projections.indicators.model import IndicatorReport, IndicatorRow
from projections.indicators.period import Period
from projections.indicators.report import UnknownDimension, compute_report

__all__ = [
    "DIMENSIONS",
    "INDICATORS",
    "Indicator",
    "IndicatorReport",
    "IndicatorRow",
    "Kind",
    "Period",
    "UnknownDimension",
    "compute_report",
]
