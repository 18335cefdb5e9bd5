"""A small hand-worked registry: thirteen children whose stays cross the period
2025-01-01..2025-12-31 (d = 2025-12-31) in every way the indicators care about.

Each child's story, and what it contributes, is written beside it; the expected
values in `test_hand_worked.py` are derived from these comments by hand.
"""

from __future__ import annotations

from datetime import date, timedelta
from uuid import UUID

from registry.application import RegistryApplication
from registry.domain import values
from tests.support import journeys

FROM = date(2025, 1, 1)
TO = date(2025, 12, 31)
JUSTIFIED = "no family-based place was available that day"


class Registry:
    """The thirteen children, built through the application's own decisions."""

    def __init__(self, app: RegistryApplication) -> None:
        self.app = app
        self.foster = journeys.open_provider(app, values.ProviderKind.FOSTER_FAMILY, capacity=20)
        self.institution = journeys.open_provider(app, values.ProviderKind.INSTITUTION, capacity=20)
        self.shelter = journeys.open_provider(app, values.ProviderKind.SHELTER, capacity=20)
        self.home = journeys.open_provider(app, values.ProviderKind.FAMILY_TYPE_HOME, capacity=20)

    def child(
        self, entered: date, born: date, sex: values.Sex, district: str, disability: bool = False
    ) -> UUID:
        return journeys.register_child(
            self.app,
            day=journeys.registration_day(born, entered),
            birth_date=born,
            sex=sex,
            district=district,
            disability=disability,
        ).id

    def plan(self, child: UUID, day: date) -> UUID:
        receipt = journeys.adopt_plan(
            self.app,
            child,
            day,
            goals=[values.Goal("education", "attend school")],
            next_review_due=day + timedelta(days=90),
        )
        return receipt.related["plan_id"]

    def review(self, child: UUID, plan: UUID, day: date) -> None:
        journeys.review_plan(
            self.app,
            child,
            day,
            plan_id=plan,
            placement_still_necessary=True,
            child_heard=True,
            outcome="continue",
            next_review_due=day + timedelta(days=90),
        )

    def exit(self, child: UUID, day: date, reason: values.ExitReason) -> None:
        journeys.exit_care(self.app, child, day, reason=reason)

    def adopt(self, child: UUID, freed: date, day: date, kind: values.AdoptionKind) -> None:
        journeys.free_for_adoption(self.app, child, freed)
        journeys.grant_adoption(self.app, child, day, court_ref="COURT-9", kind=kind)

    def build(self) -> None:
        app, foster, institution = self.app, self.foster, self.institution
        residential = values.Setting.RESIDENTIAL_INSTITUTION

        # A: north, female, 10 on d. In care since 2024-06-01 (before P), plan 2024-06-20,
        # moved to an institution 2025-03-01 (episode not entered in P: no stability move),
        # reviewed 2025-11-15. On d: residential_institution, 6-11, stay 12-24, 3+ months,
        # reviewed within 92 days, has a plan.
        a = self.child(date(2024, 6, 1), date(2015, 5, 10), values.Sex.FEMALE, "north")
        journeys.admit(app, a, foster, date(2024, 6, 1))
        plan_a = self.plan(a, date(2024, 6, 20))
        journeys.move(
            app,
            a,
            date(2025, 3, 1),
            setting=residential,
            provider_id=institution,
            justification=JUSTIFIED,
        )
        self.review(a, plan_a, date(2025, 11, 15))

        # B: north, male, disabled, 2 on d. Entered 2025-02-10 (age 1) into a shelter,
        # moved 2025-02-20 to a foster family (1 move in P), plan 2025-04-01, no review.
        # On d: foster_family, 0-2, stay 6-12, 3+ months, not reviewed within 92 days,
        # has a plan. Entry in P: days in P 2025-02-10..2026-01-01 = 325.
        b = self.child(
            date(2025, 2, 10), date(2023, 9, 15), values.Sex.MALE, "north", disability=True
        )
        journeys.admit(
            app,
            b,
            self.shelter,
            date(2025, 2, 10),
            values.Setting.EMERGENCY_SHELTER,
            justification=JUSTIFIED,
        )
        journeys.move(
            app, b, date(2025, 2, 20), setting=values.Setting.FOSTER_FAMILY, provider_id=foster
        )
        self.plan(b, date(2025, 4, 1))

        # C: south, female, 15 in 2025. Entered 2025-03-01 (foster), plan 2025-03-15,
        # returned home 2025-07-15 (136 days, reunification), re-entered 2025-10-01 into a
        # small group home (entry number 2). On d: small_group_home, 12-17, stay <6, under
        # 3 months, the plan of the earlier episode does not cover the current one.
        # Episodes in P: 136 + 92 days, no moves. Re-entered within 12 months of the exit.
        c = self.child(date(2025, 3, 1), date(2010, 1, 20), values.Sex.FEMALE, "south")
        journeys.admit(app, c, foster, date(2025, 3, 1))
        self.plan(c, date(2025, 3, 15))
        self.exit(c, date(2025, 7, 15), values.ExitReason.REUNIFICATION)
        journeys.admit(
            app,
            c,
            institution,
            date(2025, 10, 1),
            values.Setting.SMALL_GROUP_HOME,
            justification=JUSTIFIED,
        )

        # D: south, male, born on 29 February 2012. In care since 2024-12-01 (foster),
        # adopted domestically 2025-05-05: an exit in P after 155 days, age 13 at exit.
        d = self.child(date(2024, 12, 1), date(2012, 2, 29), values.Sex.MALE, "south")
        journeys.admit(app, d, foster, date(2024, 12, 1))
        self.adopt(d, date(2025, 1, 10), date(2025, 5, 5), values.AdoptionKind.DOMESTIC)

        # E: north, female, disabled, 17 in 2025. Entered 2025-06-01 into an institution,
        # ran away 2025-06-05: a 4-day stay (excluded from permanency), exit 4 days.
        e = self.child(
            date(2025, 6, 1), date(2008, 3, 10), values.Sex.FEMALE, "north", disability=True
        )
        journeys.admit(app, e, institution, date(2025, 6, 1), residential, justification=JUSTIFIED)
        self.exit(e, date(2025, 6, 5), values.ExitReason.RUNAWAY)

        # F: north, male, 18 on entry 2025-11-20 (kinship care): excluded from permanency.
        # On d: kinship_care, 18+, stay <6, under 3 months, no plan. 42 days in P.
        f = self.child(date(2025, 11, 20), date(2007, 11, 1), values.Sex.MALE, "north")
        journeys.admit(
            app, f, None, date(2025, 11, 20), values.Setting.KINSHIP_CARE, carer="an aunt"
        )

        # G: south, female, 11 on d. In care since 2023-01-15, plan 2023-02-01, moved to a
        # family-type home 2024-05-01, reviewed 2025-09-30 = d - 92 days (still on time).
        # On d: family_type_home, 6-11, stay 24+, reviewed, has a plan.
        g = self.child(date(2023, 1, 15), date(2014, 7, 1), values.Sex.FEMALE, "south")
        journeys.admit(app, g, foster, date(2023, 1, 15))
        plan_g = self.plan(g, date(2023, 2, 1))
        journeys.move(
            app, g, date(2024, 5, 1), setting=values.Setting.FAMILY_TYPE_HOME, provider_id=self.home
        )
        self.review(g, plan_g, date(2025, 9, 30))

        # H: north, male, 9 on d. First episode 2024-02-01..2024-12-01 (before P), re-entered
        # 2025-04-01 (entry number 2, foster), left to guardianship 2026-01-10 (after d,
        # within 12 months of entry). On d: foster_family, 6-11, stay 6-12, no plan.
        # 275 days in P.
        h = self.child(date(2024, 2, 1), date(2016, 4, 2), values.Sex.MALE, "north")
        journeys.admit(app, h, foster, date(2024, 2, 1))
        self.exit(h, date(2024, 12, 1), values.ExitReason.REUNIFICATION)
        journeys.admit(app, h, foster, date(2025, 4, 1))
        self.exit(h, date(2026, 1, 10), values.ExitReason.GUARDIANSHIP)

        # I: south, female, 1 on d. Entered on d itself (guardianship family): in care on d,
        # 0-2, stay <6, 1 day in P.
        i = self.child(date(2025, 12, 31), date(2024, 3, 1), values.Sex.FEMALE, "south")
        journeys.admit(
            app, i, None, date(2025, 12, 31), values.Setting.GUARDIANSHIP_FAMILY, carer="a guardian"
        )

        # J: north, male. In an institution since 2024-11-01, transferred out on 2025-01-01
        # (the first day of P): an exit in P after 61 days, age 13.
        j = self.child(date(2024, 11, 1), date(2011, 6, 15), values.Sex.MALE, "north")
        journeys.admit(app, j, institution, date(2024, 11, 1), residential, justification=JUSTIFIED)
        self.exit(j, date(2025, 1, 1), values.ExitReason.TRANSFERRED)

        # K: south, male, 16. Entered 2025-05-01 (foster), returned home 2026-01-01 (the day
        # after P): in care on d, foster_family, stay 6-12, no plan; 245 days in P.
        k = self.child(date(2025, 5, 1), date(2009, 8, 8), values.Sex.MALE, "south")
        journeys.admit(app, k, foster, date(2025, 5, 1))
        self.exit(k, date(2026, 1, 1), values.ExitReason.REUNIFICATION)

        # L: north, female, 5 on entry 2025-01-20 (foster), moved to a family-type home
        # 2025-04-10 (1 move in P), adopted abroad 2025-08-20: exit after 212 days, age 6.
        ell = self.child(date(2025, 1, 20), date(2019, 2, 10), values.Sex.FEMALE, "north")
        journeys.admit(app, ell, foster, date(2025, 1, 20))
        journeys.move(
            app,
            ell,
            date(2025, 4, 10),
            setting=values.Setting.FAMILY_TYPE_HOME,
            provider_id=self.home,
        )
        self.adopt(ell, date(2025, 3, 1), date(2025, 8, 20), values.AdoptionKind.INTERCOUNTRY)

        # M: south, male, 1 on d. Entered 2025-09-01 into a shelter: on d emergency_shelter,
        # 0-2, stay <6, in care 3+ months (2025-09-01 + 3 months <= d), no plan. 122 days.
        m = self.child(date(2025, 9, 1), date(2024, 5, 1), values.Sex.MALE, "south")
        journeys.admit(
            app,
            m,
            self.shelter,
            date(2025, 9, 1),
            values.Setting.EMERGENCY_SHELTER,
            justification=JUSTIFIED,
        )
