"""Calendar arithmetic shared by the rules and the indicators.

"Within 12 months" means before the same calendar date a year later; a 29 February
has no such date in a common year, so it maps to 1 March (the later, safer bound).

A result beyond the ends of the calendar (before year 1, after year 9999) raises
OverflowError, as `date + timedelta` does: it is an answer no caller can be given.
Callers' dates are kept far from those ends by `registry.domain.date_range`.
"""

from __future__ import annotations

from calendar import monthrange
from datetime import MAXYEAR, MINYEAR, date


def add_years(day: date, years: int) -> date:
    year = _in_calendar(day.year + years)
    try:
        return day.replace(year=year)
    except ValueError:
        return date(year, 3, 1)


def add_months(day: date, months: int) -> date:
    """Same day of month `months` later, clamped to the month's last day."""
    month_index = day.month - 1 + months
    year, month = _in_calendar(day.year + month_index // 12), month_index % 12 + 1
    return date(year, month, min(day.day, monthrange(year, month)[1]))


def age_on(birth_date: date, day: date) -> int:
    """Completed years of age on `day`."""
    years = day.year - birth_date.year
    return years if add_years(birth_date, years) <= day else years - 1


def _in_calendar(year: int) -> int:
    """`year` when the calendar has it; OverflowError otherwise, rather than the
    ValueError of a day that does not exist in a month that does."""
    if not MINYEAR <= year <= MAXYEAR:
        raise OverflowError(f"year {year} is outside the calendar")
    return year
