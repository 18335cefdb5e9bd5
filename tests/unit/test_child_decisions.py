"""Given events, when a decision is taken, then these events (or this refusal)."""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid4

import pytest

from registry.domain import commands, values
from registry.domain.child import Child
from registry.domain.child_events import (
    CareExited,
    DevelopmentPlanAdopted,
    EnteredCare,
    GatekeepingAssessed,
    LegalStatusChanged,
    PlacementEnded,
    PlacementStarted,
)
from tests.support.given import (
    BORN,
    Spec,
    given,
    header,
    refused,
    registered,
    registration,
    then,
)

TODAY = date(2026, 6, 30)
EPISODE = UUID("00000000-0000-4000-8000-0000000000e1")
PLACEMENT = UUID("00000000-0000-4000-8000-0000000000b1")
PROVIDER = UUID("00000000-0000-4000-8000-0000000000c1")
PLAN = UUID("00000000-0000-4000-8000-0000000000d1")


def entered(day: date = date(2024, 2, 1), episode: UUID = EPISODE) -> Spec:
    return EnteredCare, {
        "effective_date": day,
        "episode_id": episode,
        "removal_date": day,
        "manner": values.RemovalManner.COURT_ORDERED,
        "reasons": ["neglect"],
    }


def started(
    day: date = date(2024, 2, 1),
    setting: values.Setting = values.Setting.FOSTER_FAMILY,
    placement: UUID = PLACEMENT,
    episode: UUID = EPISODE,
) -> Spec:
    return PlacementStarted, {
        "effective_date": day,
        "placement_id": placement,
        "episode_id": episode,
        "setting": setting,
        "provider_id": PROVIDER,
        "carer": None,
        "justification": None,
    }


def ended(day: date, placement: UUID = PLACEMENT) -> Spec:
    return PlacementEnded, {
        "effective_date": day,
        "placement_id": placement,
        "reason": values.PlacementEndReason.EPISODE_CLOSED,
    }


def exited(day: date, reason: values.ExitReason, episode: UUID = EPISODE) -> Spec:
    return CareExited, {"effective_date": day, "episode_id": episode, "reason": reason}


def free(day: date = date(2024, 3, 1)) -> Spec:
    return LegalStatusChanged, {
        "effective_date": day,
        "parental_rights": values.ParentalRights.TERMINATED,
        "free_for_adoption": True,
        "court_ref": "C-1",
    }


def plan(day: date = date(2024, 2, 20)) -> Spec:
    return DevelopmentPlanAdopted, {
        "effective_date": day,
        "plan_id": PLAN,
        "goals": [values.Goal("health", "vaccinations up to date")],
        "next_review_due": date(2024, 5, 20),
    }


def in_care() -> Child:
    return given(registered(), entered(), started())


def admission(
    child: Child,
    day: date,
    setting: values.Setting = values.Setting.FOSTER_FAMILY,
    *,
    removal: date | None = None,
    provider_id: UUID | None = PROVIDER,
    carer: str | None = None,
    justification: str | None = None,
) -> commands.AdmitToCare:
    """An admission on `day` (removed the same day unless `removal` says otherwise)."""
    return commands.AdmitToCare(
        header=header(day),
        child_id=child.id,
        removal_date=removal or day,
        manner=values.RemovalManner.ADMINISTRATIVE,
        reasons=["abandonment"],
        setting=setting,
        provider_id=provider_id,
        carer=carer,
        justification=justification,
    )


def move_to(
    child: Child, day: date, setting: values.Setting = values.Setting.FOSTER_FAMILY
) -> commands.MoveChild:
    """A move on `day` into a placement in `setting` with `PROVIDER`."""
    return commands.MoveChild(
        header=header(day),
        child_id=child.id,
        setting=setting,
        provider_id=PROVIDER,
        carer=None,
        justification=None,
        end_reason=values.PlacementEndReason.MOVED,
    )


class TestRegistration:
    def test_registration_records_the_child(self) -> None:
        child = Child.register(registration(), child_id=uuid4(), today=TODAY)
        [(name, fields)] = then(child)
        assert name == "ChildRegistered"
        assert fields["birth_date"] == BORN and fields["district"] == "north"
        assert child.state.status.value == "registered"

    def test_birth_in_the_future_is_refused(self) -> None:
        with pytest.raises(Exception) as refusal:
            Child.register(
                registration(birth_date=date(2026, 7, 1), effective_date=TODAY),
                child_id=uuid4(),
                today=TODAY,
            )
        assert getattr(refusal.value, "code", None) == "future_date"

    def test_registration_before_birth_is_refused(self) -> None:
        with pytest.raises(Exception) as refusal:
            Child.register(
                registration(effective_date=date(2016, 1, 1)), child_id=uuid4(), today=TODAY
            )
        assert getattr(refusal.value, "code", None) == "date_before_birth"


class TestLegalStatusAndAssessment:
    def test_legal_status_change(self) -> None:
        child = given(registered())
        child.change_legal_status(
            TODAY,
            commands.ChangeLegalStatus(
                header=header(date(2024, 2, 1)),
                child_id=child.id,
                parental_rights=values.ParentalRights.RESTRICTED,
                free_for_adoption=False,
                court_ref="C-9",
            ),
        )
        [(name, fields)] = then(child)
        assert name == "LegalStatusChanged"
        assert fields["parental_rights"] is values.ParentalRights.RESTRICTED
        assert child.state.parental_rights is values.ParentalRights.RESTRICTED

    def test_assessment(self) -> None:
        child = given(registered())
        child.assess(
            TODAY,
            commands.AssessNeeds(
                header=header(date(2024, 1, 20)),
                child_id=child.id,
                outcome=values.AssessmentOutcome.PLACEMENT_NEEDED,
                recommended_setting=values.Setting.FOSTER_FAMILY,
                options_considered=["kinship"],
            ),
            assessment_id=uuid4(),
        )
        assert [name for name, _ in then(child)] == ["GatekeepingAssessed"]
        assert child.state.placement_needed_assessments == [date(2024, 1, 20)]

    def test_a_decision_dated_in_the_future_is_refused(self) -> None:
        child = given(registered())
        refused(
            "future_date",
            child.change_legal_status,
            TODAY,
            commands.ChangeLegalStatus(
                header=header(date(2026, 7, 1)),
                child_id=child.id,
                parental_rights=values.ParentalRights.INTACT,
                free_for_adoption=False,
                court_ref=None,
            ),
        )

    def test_a_decision_dated_before_birth_is_refused(self) -> None:
        child = given(registered())
        refused(
            "date_before_birth",
            child.assess,
            TODAY,
            commands.AssessNeeds(
                header=header(date(2015, 1, 1)),
                child_id=child.id,
                outcome=values.AssessmentOutcome.DIVERTED,
                recommended_setting=None,
                options_considered=[],
            ),
            assessment_id=uuid4(),
        )


class TestAdmission:
    def test_admission_is_entry_and_first_placement(self) -> None:
        child = given(registered())
        episode = uuid4()
        child.admit(
            TODAY, admission(child, date(2024, 2, 1)), episode_id=episode, placement_id=uuid4()
        )
        events = then(child)
        assert [name for name, _ in events] == ["EnteredCare", "PlacementStarted"]
        assert events[1][1]["episode_id"] == episode
        assert child.state.status.value == "in_care"

    def test_admission_while_in_care_is_refused(self) -> None:
        child = in_care()
        refused(
            "episode_already_open",
            child.admit,
            TODAY,
            admission(child, date(2024, 3, 1)),
            episode_id=uuid4(),
            placement_id=uuid4(),
        )

    def test_placement_before_removal_is_out_of_order(self) -> None:
        child = given(registered())
        refused(
            "date_out_of_order",
            child.admit,
            TODAY,
            admission(child, date(2024, 2, 1), removal=date(2024, 2, 5)),
            episode_id=uuid4(),
            placement_id=uuid4(),
        )

    def test_residential_care_under_three_needs_a_justification(self) -> None:
        child = given(registered(birth_date=date(2023, 1, 1)))
        child.assess(
            TODAY,
            commands.AssessNeeds(
                header=header(date(2024, 1, 20)),
                child_id=child.id,
                outcome=values.AssessmentOutcome.PLACEMENT_NEEDED,
                recommended_setting=None,
                options_considered=[],
            ),
            assessment_id=uuid4(),
        )
        child.collect_events()
        refused(
            "justification_required",
            child.admit,
            TODAY,
            admission(child, date(2024, 2, 1), values.Setting.RESIDENTIAL_INSTITUTION),
            episode_id=uuid4(),
            placement_id=uuid4(),
        )
        child.admit(
            TODAY,
            admission(
                child,
                date(2024, 2, 1),
                values.Setting.RESIDENTIAL_INSTITUTION,
                justification="sibling group",
            ),
            episode_id=uuid4(),
            placement_id=uuid4(),
        )
        assert child.state.open_placement is not None

    def test_residential_care_without_gatekeeping_needs_a_justification(self) -> None:
        child = given(registered())
        refused(
            "justification_required",
            child.admit,
            TODAY,
            admission(child, date(2024, 2, 1), values.Setting.SMALL_GROUP_HOME),
            episode_id=uuid4(),
            placement_id=uuid4(),
        )

    def test_residential_care_after_gatekeeping_of_a_child_over_three_needs_none(self) -> None:
        child = given(
            registered(),
            (
                GatekeepingAssessed,
                {
                    "effective_date": date(2024, 1, 20),
                    "assessment_id": uuid4(),
                    "outcome": values.AssessmentOutcome.PLACEMENT_NEEDED,
                    "recommended_setting": values.Setting.SMALL_GROUP_HOME,
                    "options_considered": [],
                },
            ),
        )
        child.admit(
            TODAY,
            admission(child, date(2024, 2, 1), values.Setting.SMALL_GROUP_HOME),
            episode_id=uuid4(),
            placement_id=uuid4(),
        )
        assert [name for name, _ in then(child)] == ["EnteredCare", "PlacementStarted"]

    def test_kinship_care_names_its_carer_and_no_provider(self) -> None:
        child = given(registered())
        refused(
            "carer_required",
            child.admit,
            TODAY,
            admission(child, date(2024, 2, 1), values.Setting.KINSHIP_CARE, provider_id=None),
            episode_id=uuid4(),
            placement_id=uuid4(),
        )
        child.admit(
            TODAY,
            admission(
                child,
                date(2024, 2, 1),
                values.Setting.KINSHIP_CARE,
                provider_id=None,
                carer="grandmother",
            ),
            episode_id=uuid4(),
            placement_id=uuid4(),
        )
        assert child.state.open_placement is not None

    def test_foster_care_needs_a_provider(self) -> None:
        child = given(registered())
        refused(
            "provider_required",
            child.admit,
            TODAY,
            admission(child, date(2024, 2, 1), provider_id=None),
            episode_id=uuid4(),
            placement_id=uuid4(),
        )


class TestMoves:
    def test_a_move_ends_the_open_placement_and_starts_the_next(self) -> None:
        child = in_care()
        new = uuid4()
        ended_placement = child.move(
            TODAY,
            move_to(child, date(2024, 5, 1), values.Setting.FAMILY_TYPE_HOME),
            placement_id=new,
        )
        events = then(child)
        assert [name for name, _ in events] == ["PlacementEnded", "PlacementStarted"]
        assert events[0][1]["placement_id"] == PLACEMENT == ended_placement.placement_id
        assert child.state.open_placement is not None
        assert child.state.open_placement.placement_id == new

    def test_a_move_without_an_open_episode_is_refused(self) -> None:
        child = given(registered())
        refused(
            "no_open_episode",
            child.move,
            TODAY,
            move_to(child, date(2024, 5, 1)),
            placement_id=uuid4(),
        )

    def test_a_move_dated_before_the_current_placement_is_refused(self) -> None:
        child = in_care()
        refused(
            "date_out_of_order",
            child.move,
            TODAY,
            move_to(child, date(2024, 1, 15)),
            placement_id=uuid4(),
        )

    def test_a_second_open_placement_is_refused(self) -> None:
        child = in_care()
        refused(
            "placement_already_open",
            child._decide,
            TODAY,
            header(date(2024, 5, 1)),
            (
                PlacementStarted,
                {
                    "episode_id": EPISODE,
                    "placement_id": uuid4(),
                    "setting": values.Setting.FOSTER_FAMILY,
                    "provider_id": PROVIDER,
                    "carer": None,
                    "justification": None,
                },
            ),
        )


class TestPlans:
    def test_plan_adoption_and_review(self) -> None:
        child = given(registered(), entered(), started(), plan())
        child.review_plan(
            TODAY,
            commands.ReviewPlan(
                header=header(date(2024, 5, 15)),
                child_id=child.id,
                plan_id=PLAN,
                placement_still_necessary=True,
                child_heard=True,
                outcome="goals on track",
                next_review_due=date(2024, 8, 20),
            ),
        )
        [(name, fields)] = then(child)
        assert name == "DevelopmentPlanReviewed" and fields["child_heard"] is True
        assert child.state.plans[PLAN].last_reviewed_on == date(2024, 5, 15)
        assert child.state.plans[PLAN].next_review_due == date(2024, 8, 20)

    def test_adopting_a_plan(self) -> None:
        child = in_care()
        child.adopt_plan(
            TODAY,
            commands.AdoptPlan(
                header=header(date(2024, 2, 10)),
                child_id=child.id,
                goals=[values.Goal("education", "enrol in school")],
                next_review_due=date(2024, 5, 1),
            ),
            plan_id=PLAN,
        )
        [(name, fields)] = then(child)
        assert name == "DevelopmentPlanAdopted"
        assert fields["goals"] == [values.Goal("education", "enrol in school")]

    def test_reviewing_an_unknown_plan_is_refused(self) -> None:
        child = in_care()
        refused(
            "unknown_plan",
            child.review_plan,
            TODAY,
            commands.ReviewPlan(
                header=header(date(2024, 5, 1)),
                child_id=child.id,
                plan_id=uuid4(),
                placement_still_necessary=True,
                child_heard=True,
                outcome="x",
                next_review_due=None,
            ),
        )

    def test_a_review_before_its_plan_is_out_of_order(self) -> None:
        child = given(registered(), entered(), started(), plan())
        refused(
            "date_out_of_order",
            child.review_plan,
            TODAY,
            commands.ReviewPlan(
                header=header(date(2024, 2, 10)),
                child_id=child.id,
                plan_id=PLAN,
                placement_still_necessary=True,
                child_heard=False,
                outcome="x",
                next_review_due=None,
            ),
        )


class TestAdoptionAndExit:
    def test_adoption_ends_placement_and_episode(self) -> None:
        child = given(registered(), entered(), started(), free())
        child.grant_adoption(
            TODAY,
            commands.GrantAdoption(
                header=header(date(2024, 6, 1)),
                child_id=child.id,
                court_ref="C-2",
                kind=values.AdoptionKind.DOMESTIC,
            ),
        )
        events = then(child)
        assert [name for name, _ in events] == ["AdoptionGranted", "PlacementEnded", "CareExited"]
        assert events[2][1]["reason"] is values.ExitReason.ADOPTION
        assert child.state.status.value == "exited"

    def test_adoption_of_a_child_not_free_for_adoption_is_refused(self) -> None:
        child = in_care()
        refused(
            "not_free_for_adoption",
            child.grant_adoption,
            TODAY,
            commands.GrantAdoption(
                header=header(date(2024, 6, 1)),
                child_id=child.id,
                court_ref="C-2",
                kind=values.AdoptionKind.DOMESTIC,
            ),
        )

    def test_adoption_outside_care_is_refused(self) -> None:
        child = given(registered(), free())
        refused(
            "no_open_episode",
            child.grant_adoption,
            TODAY,
            commands.GrantAdoption(
                header=header(date(2024, 6, 1)),
                child_id=child.id,
                court_ref="C-2",
                kind=values.AdoptionKind.INTERCOUNTRY,
            ),
        )

    def test_return_home_ends_placement_and_episode(self) -> None:
        child = in_care()
        child.exit_care(
            TODAY,
            commands.ExitCare(
                header=header(date(2024, 9, 1)),
                child_id=child.id,
                reason=values.ExitReason.REUNIFICATION,
            ),
        )
        events = then(child)
        assert [name for name, _ in events] == ["PlacementEnded", "CareExited"]
        assert child.state.open_episode is None and child.state.open_placement is None

    def test_exit_without_an_open_episode_is_refused(self) -> None:
        child = given(registered())
        refused(
            "no_open_episode",
            child.exit_care,
            TODAY,
            commands.ExitCare(
                header=header(TODAY), child_id=child.id, reason=values.ExitReason.AGED_OUT
            ),
        )

    def test_exit_before_the_placement_started_is_refused(self) -> None:
        child = in_care()
        refused(
            "date_out_of_order",
            child.exit_care,
            TODAY,
            commands.ExitCare(
                header=header(date(2024, 1, 20)),
                child_id=child.id,
                reason=values.ExitReason.REUNIFICATION,
            ),
        )

    def test_exit_to_adoption_goes_through_the_adoption_decision(self) -> None:
        child = given(registered(), entered(), started(), free())
        refused(
            "invalid_transition",
            child.exit_care,
            TODAY,
            commands.ExitCare(
                header=header(TODAY), child_id=child.id, reason=values.ExitReason.ADOPTION
            ),
        )

    def test_no_decision_after_death(self) -> None:
        child = given(
            registered(),
            entered(),
            started(),
            ended(date(2024, 4, 1)),
            exited(date(2024, 4, 1), values.ExitReason.DEATH),
        )
        refused(
            "child_deceased",
            child.change_legal_status,
            TODAY,
            commands.ChangeLegalStatus(
                header=header(date(2024, 5, 1)),
                child_id=child.id,
                parental_rights=values.ParentalRights.INTACT,
                free_for_adoption=False,
                court_ref=None,
            ),
        )

    def test_re_entry_before_the_previous_exit_is_refused(self) -> None:
        child = given(
            registered(),
            entered(),
            started(),
            ended(date(2024, 4, 1)),
            exited(date(2024, 4, 1), values.ExitReason.REUNIFICATION),
        )
        refused(
            "date_out_of_order",
            child.admit,
            TODAY,
            admission(child, date(2024, 3, 1)),
            episode_id=uuid4(),
            placement_id=uuid4(),
        )


class TestTransfer:
    def test_transfer_moves_the_case(self) -> None:
        child = given(registered())
        child.transfer(
            TODAY,
            commands.TransferCase(
                header=header(date(2024, 3, 1)), child_id=child.id, to_district="south"
            ),
        )
        [(name, fields)] = then(child)
        assert name == "CaseTransferred"
        assert (fields["from_district"], fields["to_district"]) == ("north", "south")
        assert child.state.district == "south"

    def test_transfer_to_the_same_district_is_refused(self) -> None:
        child = given(registered())
        refused(
            "invalid_transition",
            child.transfer,
            TODAY,
            commands.TransferCase(header=header(TODAY), child_id=child.id, to_district="north"),
        )


class TestCorrections:
    def test_a_correction_changes_the_folded_state_not_the_history(self) -> None:
        child = in_care()
        child.correct(
            TODAY,
            commands.CorrectDecision(
                header=header(date(2024, 3, 1)),
                child_id=child.id,
                corrects=3,
                changes={"effective_date": "2024-02-03"},
                reason="typing error",
            ),
        )
        [(name, fields)] = then(child)
        assert name == "DecisionCorrected"
        assert fields["changes"] == {"effective_date": date(2024, 2, 3)}
        assert child.state.open_placement is not None
        assert child.state.open_placement.started_on == date(2024, 2, 3)
        assert child.history[2].effective_date == date(2024, 2, 1)

    def test_a_correction_that_breaks_a_rule_is_refused(self) -> None:
        child = in_care()
        refused(
            "invalid_correction",
            child.correct,
            TODAY,
            commands.CorrectDecision(
                header=header(date(2024, 3, 1)),
                child_id=child.id,
                corrects=3,
                changes={"effective_date": "2024-01-15"},
                reason="would precede the removal",
            ),
        )

    def test_identity_fields_cannot_be_corrected(self) -> None:
        child = in_care()
        refused(
            "invalid_correction",
            child.correct,
            TODAY,
            commands.CorrectDecision(
                header=header(date(2024, 3, 1)),
                child_id=child.id,
                corrects=3,
                changes={"placement_id": str(uuid4())},
                reason="x",
            ),
        )

    def test_a_correction_with_a_value_of_the_wrong_type_is_refused(self) -> None:
        child = in_care()
        refused(
            "invalid_correction",
            child.correct,
            TODAY,
            commands.CorrectDecision(
                header=header(date(2024, 3, 1)),
                child_id=child.id,
                corrects=3,
                changes={"setting": "castle"},
                reason="x",
            ),
        )

    def test_a_correction_of_a_missing_version_is_refused(self) -> None:
        child = in_care()
        refused(
            "invalid_correction",
            child.correct,
            TODAY,
            commands.CorrectDecision(
                header=header(date(2024, 3, 1)),
                child_id=child.id,
                corrects=9,
                changes={"effective_date": "2024-02-02"},
                reason="x",
            ),
        )

    def test_voiding_takes_a_decision_out_of_the_folded_state(self) -> None:
        child = given(registered(), free())
        child.void(
            TODAY,
            commands.VoidDecision(
                header=header(date(2024, 4, 1)), child_id=child.id, voids=2, reason="wrong child"
            ),
        )
        assert [name for name, _ in then(child)] == ["DecisionVoided"]
        assert child.state.free_for_adoption is False
        refused(
            "invalid_correction",
            child.void,
            TODAY,
            commands.VoidDecision(header=header(TODAY), child_id=child.id, voids=2, reason="again"),
        )

    def test_voiding_that_orphans_a_placement_is_refused(self) -> None:
        child = in_care()
        refused(
            "invalid_correction",
            child.void,
            TODAY,
            commands.VoidDecision(header=header(TODAY), child_id=child.id, voids=2, reason="x"),
        )

    def test_a_registration_cannot_be_voided(self) -> None:
        child = given(registered())
        refused(
            "invalid_correction",
            child.void,
            TODAY,
            commands.VoidDecision(header=header(TODAY), child_id=child.id, voids=1, reason="x"),
        )

    def test_corrections_are_allowed_after_death(self) -> None:
        child = given(
            registered(),
            entered(),
            started(),
            ended(date(2024, 4, 1)),
            exited(date(2024, 4, 1), values.ExitReason.DEATH),
        )
        child.correct(
            TODAY,
            commands.CorrectDecision(
                header=header(date(2024, 5, 1)),
                child_id=child.id,
                corrects=1,
                changes={"family_name": "Petrovna"},
                reason="spelling",
            ),
        )
        assert [name for name, _ in then(child)] == ["DecisionCorrected"]

    def test_voiding_the_death_lets_decisions_resume(self) -> None:
        child = given(
            registered(),
            entered(),
            started(),
            ended(date(2024, 4, 1)),
            exited(date(2024, 4, 1), values.ExitReason.DEATH),
        )
        child.void(
            TODAY,
            commands.VoidDecision(
                header=header(date(2024, 5, 1)),
                child_id=child.id,
                voids=5,
                reason="recorded for the wrong child",
            ),
        )
        assert child.state.deceased is False
        assert child.state.open_episode is not None
