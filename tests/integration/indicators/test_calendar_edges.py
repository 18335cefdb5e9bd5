"""The 12-month and age-18 boundaries of the CFSR cohorts, on both backends.

P = 2024-01-01..2024-12-31. "Within 12 months" is before the same calendar date a
year later, and an entry on 29 February has 1 March of the next year as that date.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

import pytest

from projections.indicators import Period
from projections.read_side import ReadSide
from registry.application import RegistryApplication
from registry.domain.values import ExitReason
from tests.integration.indicators.support import Compute, computer, figures
from tests.support.backends import OnPostgres, OnSQLite
from tests.support.journeys import admit, exit_care, open_provider, register_child

REUNIFICATION = ExitReason.REUNIFICATION


class CalendarEdges:
    @pytest.fixture
    def compute(self, app: RegistryApplication, read_side: ReadSide) -> Compute:
        foster = open_provider(app, capacity=10)

        def stay(entered: date, left: date, born: date = date(2015, 1, 1)) -> UUID:
            child = register_child(app, day=entered, birth_date=born).id
            admit(app, child, foster, entered)
            exit_care(app, child, left, reason=REUNIFICATION)
            return child

        stay(date(2024, 2, 29), date(2025, 2, 28))  # X: before 2025-03-01, within
        stay(date(2024, 2, 29), date(2025, 3, 1))  # Y: on 2025-03-01, not within
        z = stay(date(2024, 3, 10), date(2024, 4, 10))  # Z: back on 2025-04-10, too late
        admit(app, z, foster, date(2025, 4, 10))
        w = stay(date(2024, 3, 10), date(2024, 4, 10))  # W: back on 2025-04-09, within
        admit(app, w, foster, date(2025, 4, 9))
        stay(date(2024, 1, 10), date(2024, 6, 15), born=date(2006, 6, 15))  # V: exits at 18
        return computer(read_side, Period(date(2024, 1, 1), date(2024, 12, 31)))

    def test_permanency_within_12_months_and_before_18(self, compute: Compute) -> None:
        # Cohort X Y Z W V; permanent within 12 months and before 18: X Z W (Y one day
        # late, V exits on the 18th birthday).
        assert figures(compute(), "permanency_12_months") == (60.0, 3, 5)

    def test_re_entry_within_12_months_of_the_exit(self, compute: Compute) -> None:
        # Exited home within 12 months of entry: X Z W V (not Y); back within 12 months
        # of the exit: W only (Z returns on the same calendar date a year later).
        assert figures(compute(), "re_entry_12_months") == (25.0, 1, 4)


class TestCalendarEdgesOnSQLite(OnSQLite, CalendarEdges):
    pass


class TestCalendarEdgesOnPostgres(OnPostgres, CalendarEdges):
    pass
