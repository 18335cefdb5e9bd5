"""One child's synthetic history, every decision taken through the application.

A journey walks a date cursor forward from the registration to at most today:
assessment, admission (with its removal date), a development plan and its
reviews (some late, some never done), moves, transfers, an exit for one of every
reason, adoption once the child is free for adoption, re-entry after a return
home, and now and then a correction or a voiding. The rules are never bypassed:
a refused decision ends the journey where it stands and is counted.
"""

from __future__ import annotations

from datetime import date, timedelta
from random import Random
from typing import NamedTuple
from uuid import UUID

from registry.application import RegistryApplication
from registry.demo.catalogue import (
    ALTERNATIVES_CONSIDERED,
    CARER_RELATIONS,
    DISTRICTS,
    FAMILY_NAMES,
    GIVEN_NAMES_FEMALE,
    GIVEN_NAMES_MALE,
    PLAN_AREAS,
    REMOVAL_REASONS,
    RESIDENTIAL_JUSTIFICATIONS,
    REVIEW_OUTCOMES,
)
from registry.demo.network import ProviderNetwork
from registry.domain import commands, values
from registry.domain.calendar import age_on


class Where(NamedTuple):
    """Where a child is placed: a provider's place, or a named carer."""

    setting: values.Setting
    provider_id: UUID | None
    carer: str | None
    justification: str | None


HISTORY_DAYS = 3 * 365
MEAN_STAY_DAYS = 520
REVIEW_CADENCE_DAYS = 91
ADULT_AGE = 18
SETTINGS_UNDER_3 = {
    values.Setting.FOSTER_FAMILY: 50,
    values.Setting.FAMILY_TYPE_HOME: 15,
    values.Setting.KINSHIP_CARE: 15,
    values.Setting.GUARDIANSHIP_FAMILY: 5,
    values.Setting.RESIDENTIAL_INSTITUTION: 10,
    values.Setting.EMERGENCY_SHELTER: 5,
}
SETTINGS_OVER_3 = {
    values.Setting.RESIDENTIAL_INSTITUTION: 25,
    values.Setting.SMALL_GROUP_HOME: 12,
    values.Setting.EMERGENCY_SHELTER: 8,
    values.Setting.FOSTER_FAMILY: 25,
    values.Setting.FAMILY_TYPE_HOME: 10,
    values.Setting.KINSHIP_CARE: 13,
    values.Setting.GUARDIANSHIP_FAMILY: 7,
}
EXIT_WEIGHTS = {
    values.ExitReason.REUNIFICATION: 44,
    values.ExitReason.KINSHIP: 12,
    values.ExitReason.GUARDIANSHIP: 12,
    values.ExitReason.TRANSFERRED: 6,
    values.ExitReason.RUNAWAY: 4,
    values.ExitReason.DEATH: 1,
}


class ChildJourney:
    """Writes one child's history; `write()` raises the refusal that stopped it, if any."""

    def __init__(
        self,
        app: RegistryApplication,
        rng: Random,
        today: date,
        network: ProviderNetwork,
        personal_id: str,
    ) -> None:
        self.app, self.rng, self.today, self.network = app, rng, today, network
        self.personal_id = personal_id
        self.child_id = UUID(int=rng.getrandbits(128), version=4)
        self.district = rng.choice(DISTRICTS)
        self.day = today - timedelta(days=rng.randint(0, HISTORY_DAYS))
        self.birth_date = self.day - timedelta(days=int(rng.triangular(0, 17.9 * 365, 6 * 365)))
        self.free_for_adoption = False
        self.assessed = False
        self.plan_id: UUID | None = None
        self.due = self.day
        self.entered_care_version: int | None = None
        self.review_versions: list[int] = []

    def write(self) -> None:
        status = self.rng.choices(list(values.ParentalStatus), weights=(15, 70, 15))[0]
        self._register(status)
        if status is values.ParentalStatus.AT_RISK and self.rng.random() < 0.6:
            if self._step(5, 40):
                self._assess(values.AssessmentOutcome.DIVERTED, None)
            return
        self._legal_status(status)
        for _ in range(3):
            if not self._episode():
                break
        self._correct_or_void()

    # -- steps -----------------------------------------------------------------

    def _register(self, status: values.ParentalStatus) -> None:
        rng = self.rng
        sex = rng.choice(list(values.Sex))
        names = GIVEN_NAMES_FEMALE if sex is values.Sex.FEMALE else GIVEN_NAMES_MALE
        self.app.handle(
            commands.RegisterChild(
                header=self._decision(with_ref=False),
                child_id=self.child_id,
                given_name=rng.choice(names),
                family_name=rng.choice(FAMILY_NAMES) + ("a" if sex is values.Sex.FEMALE else ""),
                patronymic=rng.choice(GIVEN_NAMES_MALE) + "ovich" if rng.random() < 0.5 else None,
                birth_date=self.birth_date,
                sex=sex,
                district=self.district,
                personal_id=self.personal_id if rng.random() < 0.7 else None,
                disability=rng.random() < 0.08,
                parental_status=status,
            )
        )

    def _legal_status(self, status: values.ParentalStatus) -> None:
        rng = self.rng
        if status is values.ParentalStatus.ORPHAN:
            rights = values.ParentalRights.PARENTS_DECEASED
        elif rng.random() < 0.4:
            rights = rng.choice(
                (values.ParentalRights.RESTRICTED, values.ParentalRights.TERMINATED)
            )
        else:
            return
        if not self._step(0, 60):
            return
        young = self._age() < 12
        self.free_for_adoption = rights is not values.ParentalRights.RESTRICTED and young
        self.free_for_adoption = self.free_for_adoption and rng.random() < 0.7
        self.app.handle(
            commands.ChangeLegalStatus(
                header=self._decision(),
                child_id=self.child_id,
                parental_rights=rights,
                free_for_adoption=self.free_for_adoption,
                court_ref=f"COURT-{self.day.year}-{rng.randint(1, 9999):04d}",
            )
        )

    def _assess(self, outcome: values.AssessmentOutcome, setting: values.Setting | None) -> None:
        self.app.handle(
            commands.AssessNeeds(
                header=self._decision(with_ref=False),
                child_id=self.child_id,
                outcome=outcome,
                recommended_setting=setting,
                options_considered=self.rng.sample(ALTERNATIVES_CONSIDERED, 2),
            )
        )
        self.assessed = self.assessed or outcome is values.AssessmentOutcome.PLACEMENT_NEEDED

    def _episode(self) -> bool:
        """One care episode; True when the child went home and later re-enters care."""
        rng = self.rng
        setting = self._choose_setting()
        if rng.random() < 0.85:
            if not self._step(1, 20):
                return False
            self._assess(values.AssessmentOutcome.PLACEMENT_NEEDED, setting)
        if not self._step(0, 10):
            return False
        removal_date = self.day
        self.day = min(self.today, removal_date + timedelta(days=rng.randint(0, 3)))
        header = self._decision()
        manner = rng.choices(list(values.RemovalManner), weights=(25, 50, 25))[0]
        reasons = rng.sample(REMOVAL_REASONS, rng.randint(1, 3))
        where = self._placement(setting)
        receipt = self.app.handle(
            commands.AdmitToCare(
                header=header,
                child_id=self.child_id,
                removal_date=removal_date,
                manner=manner,
                reasons=reasons,
                setting=where.setting,
                provider_id=where.provider_id,
                carer=where.carer,
                justification=where.justification,
            )
        )
        self.entered_care_version = receipt.version - 1
        exit_on = removal_date + timedelta(days=7 + int(rng.expovariate(1 / MEAN_STAY_DAYS)))
        self._plan(exit_on)
        return self._stay(exit_on)

    def _plan(self, exit_on: date) -> None:
        """Most plans come within 30 days; some late, a few never."""
        self.plan_id = None
        if self.rng.random() > 0.92:
            return
        plan_day = self.day + timedelta(days=self.rng.choice((7, 14, 21, 28, 45, 70)))
        if plan_day > min(self.today, exit_on):
            return
        self.day = plan_day
        areas = self.rng.sample(sorted(PLAN_AREAS), self.rng.randint(2, 4))
        goals = [values.Goal(area, self.rng.choice(PLAN_AREAS[area])) for area in areas]
        receipt = self.app.handle(
            commands.AdoptPlan(
                header=self._decision(),
                child_id=self.child_id,
                goals=goals,
                next_review_due=self.day + timedelta(days=REVIEW_CADENCE_DAYS),
            )
        )
        self.plan_id = receipt.related["plan_id"]
        self.due = self.day + timedelta(days=REVIEW_CADENCE_DAYS)

    def _stay(self, exit_on: date) -> bool:
        """Reviews, moves and transfers until the exit, or until today."""
        rng = self.rng
        while True:
            review_on = self._review_day() if self.plan_id else exit_on
            until = min(review_on, exit_on, self.today)
            if rng.random() < 0.12 and self._happens_before(until, 10, 80):
                self._move()
            if rng.random() < 0.02 and self._happens_before(until, 5, 60):
                self._transfer()
            if self.plan_id and review_on < exit_on and review_on <= self.today:
                self.day = max(review_on, self.day)
                self._review()
                continue
            if exit_on > self.today:
                return False
            self.day = max(exit_on, self.day)
            return self._exit()

    def _review_day(self) -> date:
        slack = self.rng.randint(10, 75) if self.rng.random() < 0.15 else self.rng.randint(-10, 5)
        return self.due + timedelta(days=slack)

    def _review(self) -> None:
        assert self.plan_id is not None
        self.due = self.day + timedelta(days=REVIEW_CADENCE_DAYS)
        receipt = self.app.handle(
            commands.ReviewPlan(
                header=self._decision(with_ref=False),
                child_id=self.child_id,
                plan_id=self.plan_id,
                placement_still_necessary=self.rng.random() < 0.85,
                child_heard=self.rng.random() < 0.8,
                outcome=self.rng.choice(REVIEW_OUTCOMES),
                next_review_due=self.due,
            )
        )
        self.review_versions.append(receipt.version)

    def _move(self) -> None:
        setting = self._choose_setting()
        header = self._decision()
        end_reason = (
            values.PlacementEndReason.DISRUPTED
            if self.rng.random() < 0.3
            else values.PlacementEndReason.MOVED
        )
        where = self._placement(setting)
        self.app.handle(
            commands.MoveChild(
                header=header,
                child_id=self.child_id,
                end_reason=end_reason,
                setting=where.setting,
                provider_id=where.provider_id,
                carer=where.carer,
                justification=where.justification,
            )
        )

    def _transfer(self) -> None:
        self.district = self.rng.choice([d for d in DISTRICTS if d != self.district])
        self.app.handle(
            commands.TransferCase(
                header=self._decision(), child_id=self.child_id, to_district=self.district
            )
        )

    def _exit(self) -> bool:
        rng = self.rng
        if age_on(self.birth_date, self.day) >= ADULT_AGE:
            reason = values.ExitReason.AGED_OUT
        elif self.free_for_adoption and rng.random() < 0.6:
            self.app.handle(
                commands.GrantAdoption(
                    header=self._decision(),
                    child_id=self.child_id,
                    court_ref=f"COURT-{self.day.year}-{rng.randint(1, 9999):04d}",
                    kind=(
                        values.AdoptionKind.INTERCOUNTRY
                        if rng.random() < 0.15
                        else values.AdoptionKind.DOMESTIC
                    ),
                )
            )
            return False
        else:
            reason = rng.choices(list(EXIT_WEIGHTS), weights=list(EXIT_WEIGHTS.values()))[0]
        self.app.handle(
            commands.ExitCare(header=self._decision(), child_id=self.child_id, reason=reason)
        )
        if reason is not values.ExitReason.REUNIFICATION or rng.random() > 0.15:
            return False
        return self._step(30, 300) and self._age() < ADULT_AGE

    def _correct_or_void(self) -> None:
        rng = self.rng
        if self.entered_care_version is not None and rng.random() < 0.03:
            self.app.handle(
                commands.CorrectDecision(
                    header=self._decision(),
                    child_id=self.child_id,
                    corrects=self.entered_care_version,
                    changes={"reasons": rng.sample(REMOVAL_REASONS, 2)},
                    reason="reasons recorded incompletely at admission",
                )
            )
        elif self.review_versions and rng.random() < 0.015:
            self.app.handle(
                commands.VoidDecision(
                    header=self._decision(),
                    child_id=self.child_id,
                    voids=self.review_versions[-1],
                    reason="review recorded for the wrong child file",
                )
            )

    # -- helpers ---------------------------------------------------------------

    def _choose_setting(self) -> values.Setting:
        weights = SETTINGS_UNDER_3 if self._age() < 3 else SETTINGS_OVER_3
        return self.rng.choices(list(weights), weights=list(weights.values()))[0]

    def _placement(self, setting: values.Setting) -> Where:
        provider_id = None
        if setting.needs_provider:
            provider_id = self.network.free_place(setting, self.district, self.rng)
            if provider_id is None:
                setting = values.Setting.KINSHIP_CARE
        needs_justification = setting.is_residential and (self._age() < 3 or not self.assessed)
        return Where(
            setting=setting,
            provider_id=provider_id,
            carer=None if setting.needs_provider else self.rng.choice(CARER_RELATIONS),
            justification=(
                self.rng.choice(RESIDENTIAL_JUSTIFICATIONS) if needs_justification else None
            ),
        )

    def _happens_before(self, until: date, low: int, high: int) -> bool:
        """Move the cursor to a random day before `until`, if one is left."""
        day = self.day + timedelta(days=self.rng.randint(low, high))
        if day >= until:
            return False
        self.day = day
        return True

    def _step(self, low: int, high: int) -> bool:
        day = self.day + timedelta(days=self.rng.randint(low, high))
        if day > self.today:
            return False
        self.day = day
        return True

    def _age(self) -> int:
        return age_on(self.birth_date, self.day)

    def _decision(self, *, with_ref: bool = True) -> commands.DecisionHeader:
        ref = f"{self.district[:3].upper()}-{self.day.year}-{self.rng.randint(1, 99999):05d}"
        return commands.DecisionHeader(
            recorded_by=f"officer-{self.district}-{self.rng.randint(1, 3)}",
            effective_date=self.day,
            decision_ref=ref if with_ref else None,
        )
