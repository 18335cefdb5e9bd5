"""A child removed but not yet placed is in care, in no setting (docs/design.md
section 6, docs/indicators.md): a setting runs from its placement's own start date,
half-open like every stay."""

from __future__ import annotations

from datetime import date

import pytest

from projections.indicators import Period
from projections.read_side import ReadSide
from registry.application import RegistryApplication
from registry.domain.values import ProviderKind, Setting
from tests.integration.indicators.support import computer, figures
from tests.support.backends import OnPostgres, OnSQLite
from tests.support.journeys import admit, open_provider, register_child

D = date(2025, 12, 31)


class ChildrenNotYetPlaced:
    @pytest.fixture
    def today(self) -> date:
        return date(2026, 1, 10)

    def test_the_days_between_removal_and_placement_count_in_no_setting(
        self, app: RegistryApplication, read_side: ReadSide
    ) -> None:
        institution = open_provider(app, ProviderKind.INSTITUTION, capacity=5)
        foster = open_provider(app, ProviderKind.FOSTER_FAMILY, capacity=5)
        baby = register_child(app, day=date(2025, 12, 20), birth_date=date(2024, 6, 1)).id
        admit(
            app,
            baby,
            institution,
            date(2026, 1, 1),
            Setting.RESIDENTIAL_INSTITUTION,
            removal_date=date(2025, 12, 29),
            justification="no foster family could take an infant that week",
        )
        cousin = register_child(app, day=date(2025, 12, 20)).id
        admit(
            app,
            cousin,
            None,
            date(2026, 1, 1),
            Setting.KINSHIP_CARE,
            removal_date=date(2025, 12, 30),
            carer="an aunt",
            justification="needed",
        )
        placed = register_child(app, day=date(2025, 5, 1)).id
        admit(app, placed, foster, date(2025, 6, 1))

        report = computer(read_side, Period(date(2025, 1, 1), D))()

        assert figures(report, "in_care") == (3.0, 3, None)
        by_setting = {dict(r.group)["setting"]: r.value for r in report.of("in_care_by_setting")}
        assert by_setting == {"not_placed": 2.0, "foster_family": 1.0}
        assert figures(report, "family_based_share") == (100.0, 1, 1)
        assert figures(report, "under3_residential") == (0.0, 0, 1)

        on_placement_day = computer(read_side, Period(date(2025, 1, 1), date(2026, 1, 1)))()
        by_setting = {
            dict(r.group)["setting"]: r.value for r in on_placement_day.of("in_care_by_setting")
        }
        assert by_setting == {
            "residential_institution": 1.0,
            "kinship_care": 1.0,
            "foster_family": 1.0,
        }


class TestOnSQLite(OnSQLite, ChildrenNotYetPlaced):
    pass


@pytest.mark.postgres
class TestOnPostgres(OnPostgres, ChildrenNotYetPlaced):
    pass
