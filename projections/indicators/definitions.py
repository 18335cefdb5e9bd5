"""The indicators of docs/design.md section 6 under their fixed names.

One place says what each indicator means: the report, the exports (the formula in
a cell note) and the documentation page all read it from here, so they cannot drift.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from projections.population import CHILD_AGE_BANDS


class Kind(Enum):
    """How a row's value relates to its numerator and denominator."""

    COUNT = "count"  # value = numerator = a number of children or exits
    PERCENT = "percent"  # value = 100 x numerator / denominator
    PER_THOUSAND_DAYS = "per_1000_days"  # value = 1,000 x numerator / denominator
    PER_100K = "per_100000"  # value = 100,000 x numerator / child population
    MEDIAN = "median"  # value = median; denominator = number of observations


@dataclass(frozen=True)
class Indicator:
    name: str
    kind: Kind
    formula: str
    standard: str
    extra_dimension: str | None = None


UN = "UN Guidelines for the Alternative Care of Children (2009)"
BCN = "BCN/UNICEF Manual for the measurement of indicators for children in formal care"
CFSR = "CFSR (US Child and Family Services Reviews) outcome measures"

INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "in_care",
        Kind.COUNT,
        "children in formal care on d (episode start <= d < episode end)",
        BCN,
    ),
    Indicator(
        "in_care_per_100000",
        Kind.PER_100K,
        "100,000 x children in care on d / child population (population table)",
        BCN,
    ),
    Indicator(
        "in_care_by_setting",
        Kind.COUNT,
        "children in care on d by the setting of their placement on d",
        BCN,
        "setting",
    ),
    Indicator(
        "family_based_share",
        Kind.PERCENT,
        "100 x in family-based settings on d / in family-based or residential settings on d",
        f"{BCN}; {UN}",
    ),
    Indicator(
        "entries",
        Kind.COUNT,
        "distinct children with an entry into care (removal date) in P",
        BCN,
    ),
    Indicator(
        "entries_per_100000",
        Kind.PER_100K,
        "100,000 x children entering care in P / child population (population table)",
        BCN,
    ),
    Indicator(
        "re_entries",
        Kind.COUNT,
        "children entering care in P with an entry in P that is not their first ever",
        CFSR,
    ),
    Indicator(
        "exits_by_reason",
        Kind.COUNT,
        "exits from care (episode ends) in P by exit reason",
        BCN,
        "exit_reason",
    ),
    Indicator(
        "permanent_exit_share",
        Kind.PERCENT,
        "100 x exits in P to reunification, kinship, guardianship or adoption / exits in P",
        CFSR,
    ),
    Indicator(
        "adoptions",
        Kind.COUNT,
        "exits to adoption in P by kind of adoption (domestic, intercountry)",
        BCN,
        "adoption_kind",
    ),
    Indicator(
        "under3_residential",
        Kind.PERCENT,
        "100 x children under 3 on d in residential settings on d / children under 3 in care on d",
        f"{UN}; {BCN}",
    ),
    Indicator(
        "median_days_in_care_at_exit",
        Kind.MEDIAN,
        "median of (exit date - start date) in days over the episodes ending in P",
        BCN,
    ),
    Indicator(
        "stay_distribution",
        Kind.COUNT,
        "children in care on d by completed length of stay on d: <6, 6-12, 12-24, 24+ months",
        BCN,
        "stay",
    ),
    Indicator(
        "permanency_12_months",
        Kind.PERCENT,
        "100 x children whose first entry in P ended in a permanent exit within 12 months of "
        "entry and before 18 / children with a first entry in P (stays under 8 days and "
        "entries at 18 or over excluded)",
        CFSR,
    ),
    Indicator(
        "re_entry_12_months",
        Kind.PERCENT,
        "100 x children re-entering within 12 months of exit / children whose first entry in P "
        "ended within 12 months in reunification, kinship or guardianship",
        CFSR,
    ),
    Indicator(
        "placement_stability",
        Kind.PER_THOUSAND_DAYS,
        "1,000 x moves in P / days in care in P, over the episodes starting in P "
        "(the admission is not a move)",
        CFSR,
    ),
    Indicator(
        "review_compliance",
        Kind.PERCENT,
        "100 x children in care 3+ months on d whose last plan adoption or review in the "
        "episode is at most 92 days before d / children in care 3+ months on d",
        UN,
    ),
    Indicator(
        "plan_coverage",
        Kind.PERCENT,
        "100 x children in care on d with a plan adopted in the current episode on or before d "
        "/ children in care on d",
        f"{UN}; {BCN}",
    ),
)

BY_NAME: dict[str, Indicator] = {indicator.name: indicator for indicator in INDICATORS}

DIMENSIONS: tuple[str, ...] = ("district", "sex", "age_band", "setting", "disability")
"""The dimensions a report may be grouped by, in the order groups are written."""

AGE_BANDS: tuple[str, ...] = (*CHILD_AGE_BANDS, "18+")
STAY_BANDS: tuple[str, ...] = ("<6", "6-12", "12-24", "24+")
