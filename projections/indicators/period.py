"""A reporting period and the calendar thresholds its queries compare dates with.

Calendar arithmetic (months, the 92-day review window) is done here once, in Python,
with the registry's own calendar rules; the SQL only compares dates with the results.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from registry.domain.calendar import add_months

REVIEW_WINDOW_DAYS = 92


def latest_start_completing(months: int, day: date) -> date:
    """The latest start date whose stay has completed `months` calendar months on `day`.

    A stay started on s has completed m months on `day` when add_months(s, m) <= `day`;
    add_months never decreases as s grows, so the starts that qualify end at one date.
    """
    start = add_months(day, -months)
    while add_months(start + timedelta(days=1), months) <= day:
        start += timedelta(days=1)
    while add_months(start, months) > day:
        start -= timedelta(days=1)
    return start


@dataclass(frozen=True)
class Period:
    """[from_, to] inclusive of both ends; the reference date d is `to`."""

    from_: date
    to: date

    def __post_init__(self) -> None:
        if self.to < self.from_:
            raise ValueError("the period ends before it starts")

    @property
    def reference_date(self) -> date:
        return self.to

    def parameters(self) -> dict[str, date]:
        d = self.to
        return {
            "p_from": self.from_,
            "p_to": d,
            "p_end": d + timedelta(days=1),
            "d": d,
            "stay_6": latest_start_completing(6, d),
            "stay_12": latest_start_completing(12, d),
            "stay_24": latest_start_completing(24, d),
            "stay_3": latest_start_completing(3, d),
            "review_since": d - timedelta(days=REVIEW_WINDOW_DAYS),
        }
