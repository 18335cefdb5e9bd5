"""Every indicator on the hand-worked registry of `fixture.py`, on SQLite and PostgreSQL.

P = 2025-01-01..2025-12-31, d = 2025-12-31. Letters name the children of the fixture.
"""

from __future__ import annotations

import pytest

from projections.indicators import Period
from projections.read_side import ReadSide
from registry.application import RegistryApplication
from tests.integration.indicators.fixture import FROM, TO, Registry
from tests.integration.indicators.support import Compute, computer, figures, row
from tests.support.backends import OnPostgres, OnSQLite


class HandWorkedIndicators:
    @pytest.fixture
    def compute(self, app: RegistryApplication, read_side: ReadSide) -> Compute:
        Registry(app).build()
        return computer(read_side, Period(FROM, TO))

    def test_stock_on_the_reference_date(self, compute: Compute) -> None:
        report = compute()
        # In care on d: A B C F G H I K M (D, E, J, L left in P; H and K leave after d).
        assert figures(report, "in_care") == (9.0, 9, None)
        by_setting = {dict(r.group)["setting"]: r.value for r in report.of("in_care_by_setting")}
        assert by_setting == {
            "residential_institution": 1.0,  # A
            "small_group_home": 1.0,  # C
            "emergency_shelter": 1.0,  # M
            "foster_family": 3.0,  # B H K
            "kinship_care": 1.0,  # F
            "family_type_home": 1.0,  # G
            "guardianship_family": 1.0,  # I
        }
        # Family-based B F G H I K = 6 of 9 placed.
        assert figures(report, "family_based_share") == (66.67, 6, 9)
        # Under 3 on d: B (2), I (1), M (1); in residential care: M.
        assert figures(report, "under3_residential") == (33.33, 1, 3)
        stays = {dict(r.group)["stay"]: r.value for r in report.of("stay_distribution")}
        # <6: C F I M; 6-12: B H K; 12-24: A; 24+: G.
        assert stays == {"<6": 4.0, "6-12": 3.0, "12-24": 1.0, "24+": 1.0}
        # In care 3+ months (start <= 2025-09-30): A B G H K M. Plan touched on or after
        # 2025-09-30: A (review 2025-11-15), G (review 2025-09-30, the boundary).
        assert figures(report, "review_compliance") == (33.33, 2, 6)
        # Plan adopted in the current episode: A B G (C's plan belongs to its first episode).
        assert figures(report, "plan_coverage") == (33.33, 3, 9)

    def test_flows_in_the_period(self, compute: Compute) -> None:
        report = compute()
        # Entries in P: B C E F H I K L M (C twice, counted once); re-entries: C, H.
        assert figures(report, "entries") == (9.0, 9, None)
        assert figures(report, "re_entries") == (2.0, 2, None)
        # Exits in P: J transferred (2025-01-01), D adoption, E runaway, C reunification,
        # L adoption; K leaves 2026-01-01, H 2026-01-10: after P.
        exits = {dict(r.group)["exit_reason"]: r.value for r in report.of("exits_by_reason")}
        assert exits == {"transferred": 1.0, "adoption": 2.0, "runaway": 1.0, "reunification": 1.0}
        assert figures(report, "permanent_exit_share") == (60.0, 3, 5)  # C D L of 5
        adoptions = {
            dict(r.group).get("adoption_kind", "total"): r.value for r in report.of("adoptions")
        }
        assert adoptions == {"total": 2.0, "domestic": 1.0, "intercountry": 1.0}  # D, L
        # Days at exit: E 4, J 61, C 136, D 155, L 212: the middle one is 136.
        assert figures(report, "median_days_in_care_at_exit") == (136.0, None, 5)

    def test_cohort_outcomes(self, compute: Compute) -> None:
        report = compute()
        # First entries in P: B C E F H I K L M; E (4 days) and F (18 at entry) excluded:
        # cohort B C H I K L M = 7. Permanent exit within 12 months and before 18:
        # C (reunification), H (guardianship 2026-01-10), K (reunification), L (adoption).
        assert figures(report, "permanency_12_months") == (57.14, 4, 7)
        # Exited within 12 months to reunification, kinship or guardianship: C, H, K;
        # entered again within 12 months of that exit: C (2025-10-01).
        assert figures(report, "re_entry_12_months") == (33.33, 1, 3)
        # Episodes starting in P and their days inside P (to 2026-01-01 at most):
        # B 325, C 136 + 92, E 4, F 42, H 275, I 1, K 245, L 212, M 122 = 1,454 days;
        # moves: B (2025-02-20), L (2025-04-10) = 2. 2 / 1,454 x 1,000 = 1.38.
        assert figures(report, "placement_stability") == (1.38, 2, 1454)

    def test_grouped_by_district(self, compute: Compute) -> None:
        report = compute(["district"])
        assert figures(report, "in_care") == (9.0, 9, None)  # the total row stays
        assert figures(report, "in_care", district="north") == (4.0, 4, None)  # A B F H
        assert figures(report, "in_care", district="south") == (5.0, 5, None)  # C G I K M
        # North: B F H family-based, A residential; south: G I K family, C M residential.
        assert figures(report, "family_based_share", district="north") == (75.0, 3, 4)
        assert figures(report, "family_based_share", district="south") == (60.0, 3, 5)
        # North exits: E 4, J 61, L 212 -> 61; south: C 136, D 155 -> 145.5.
        assert figures(report, "median_days_in_care_at_exit", district="north") == (61.0, None, 3)
        assert figures(report, "median_days_in_care_at_exit", district="south") == (
            145.5,
            None,
            2,
        )
        # North: B 325 + E 4 + F 42 + H 275 + L 212 = 858 days, 2 moves; south: 596, none.
        assert figures(report, "placement_stability", district="north") == (2.33, 2, 858)
        assert figures(report, "placement_stability", district="south") == (0.0, 0, 596)
        assert figures(report, "plan_coverage", district="north") == (50.0, 2, 4)  # A B
        assert figures(report, "plan_coverage", district="south") == (20.0, 1, 5)  # G

    def test_evaluators_see_small_cells_suppressed(self, compute: Compute) -> None:
        report = compute(["district"], threshold=5)
        # 9 in care: north 4 is below 5, so south (5) is hidden too: 9 - 5 would give 4.
        assert figures(report, "in_care") == (9.0, 9, None)
        assert row(report, "in_care", district="north").suppressed
        assert row(report, "in_care", district="south").suppressed
        # Entries: north 5 (B E F H L), south 4 (C I K M): both hidden for the same reason.
        assert row(report, "entries", district="south").suppressed
        assert row(report, "entries", district="north").suppressed
        hidden = row(report, "plan_coverage", district="north")
        assert (hidden.value, hidden.numerator, hidden.denominator) == (None, None, None)

    def test_age_bands_on_the_reference_date(self, compute: Compute) -> None:
        report = compute(["age_band"])
        # On d: 0-2 B I M; 6-11 A G H; 12-17 C K; 18+ F.
        counts = {dict(r.group)["age_band"]: r.value for r in report.of("in_care") if r.group}
        assert counts == {"0-2": 3.0, "6-11": 3.0, "12-17": 2.0, "18+": 1.0}
        assert figures(report, "under3_residential", age_band="0-2") == (33.33, 1, 3)
        assert figures(report, "under3_residential", age_band="6-11") == (None, 0, 0)


class TestHandWorkedOnSQLite(OnSQLite, HandWorkedIndicators):
    pass


class TestHandWorkedOnPostgres(OnPostgres, HandWorkedIndicators):
    pass
