"""Given events, when a decision is taken, then these events (or this refusal)."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID, uuid4

import pytest

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
from registry.domain.values import (
    AdoptionKind,
    AssessmentOutcome,
    ExitReason,
    Goal,
    ParentalRights,
    PlacementEndReason,
    RemovalManner,
    Setting,
)
from tests.support.given import BORN, COMMON, given, refused, registered, then

TODAY = date(2026, 6, 30)
EPISODE = UUID("00000000-0000-4000-8000-0000000000e1")
PLACEMENT = UUID("00000000-0000-4000-8000-0000000000b1")
PROVIDER = UUID("00000000-0000-4000-8000-0000000000c1")
PLAN = UUID("00000000-0000-4000-8000-0000000000d1")


def on(day: date) -> dict[str, Any]:
    return {"effective_date": day, **COMMON}


def entered(day: date = date(2024, 2, 1), episode: UUID = EPISODE) -> tuple[type, dict[str, Any]]:
    return EnteredCare, {
        "effective_date": day,
        "episode_id": episode,
        "removal_date": day,
        "manner": RemovalManner.COURT_ORDERED,
        "reasons": ["neglect"],
    }


def started(
    day: date = date(2024, 2, 1),
    setting: Setting = Setting.FOSTER_FAMILY,
    placement: UUID = PLACEMENT,
    episode: UUID = EPISODE,
) -> tuple[type, dict[str, Any]]:
    return PlacementStarted, {
        "effective_date": day,
        "placement_id": placement,
        "episode_id": episode,
        "setting": setting,
        "provider_id": PROVIDER,
        "carer": None,
        "justification": None,
    }


def ended(day: date, placement: UUID = PLACEMENT) -> tuple[type, dict[str, Any]]:
    return PlacementEnded, {
        "effective_date": day,
        "placement_id": placement,
        "reason": PlacementEndReason.EPISODE_CLOSED,
    }


def exited(day: date, reason: ExitReason, episode: UUID = EPISODE) -> tuple[type, dict[str, Any]]:
    return CareExited, {"effective_date": day, "episode_id": episode, "reason": reason}


def free(day: date = date(2024, 3, 1)) -> tuple[type, dict[str, Any]]:
    return LegalStatusChanged, {
        "effective_date": day,
        "parental_rights": ParentalRights.TERMINATED,
        "free_for_adoption": True,
        "court_ref": "C-1",
    }


def plan(day: date = date(2024, 2, 20)) -> tuple[type, dict[str, Any]]:
    return DevelopmentPlanAdopted, {
        "effective_date": day,
        "plan_id": PLAN,
        "goals": [Goal("health", "vaccinations up to date")],
        "next_review_due": date(2024, 5, 20),
    }


def in_care() -> Child:
    return given(registered(), entered(), started())


def placement_fields(day: date, setting: Setting = Setting.FOSTER_FAMILY, **extra: Any) -> dict:
    fields: dict[str, Any] = {
        "placement_id": uuid4(),
        "setting": setting,
        "provider_id": PROVIDER,
        "carer": None,
        "justification": None,
        **on(day),
    }
    fields.update(extra)
    return fields


def entry_fields(day: date, removal: date | None = None) -> dict[str, Any]:
    return {
        "episode_id": uuid4(),
        "removal_date": removal or day,
        "manner": RemovalManner.ADMINISTRATIVE,
        "reasons": ["abandonment"],
        **on(day),
    }


class TestRegistration:
    def test_registration_records_the_child(self) -> None:
        child = Child.register(child_id=uuid4(), today=TODAY, **registered()[1], **COMMON)
        [(name, fields)] = then(child)
        assert name == "ChildRegistered"
        assert fields["birth_date"] == BORN and fields["district"] == "north"
        assert child.state.status.value == "registered"

    def test_birth_in_the_future_is_refused(self) -> None:
        with pytest.raises(Exception) as refusal:
            Child.register(
                child_id=uuid4(),
                today=TODAY,
                **registered(birth_date=date(2026, 7, 1), effective_date=TODAY)[1],
                **COMMON,
            )
        assert getattr(refusal.value, "code", None) == "future_date"

    def test_registration_before_birth_is_refused(self) -> None:
        with pytest.raises(Exception) as refusal:
            Child.register(
                child_id=uuid4(),
                today=TODAY,
                **registered(effective_date=date(2016, 1, 1))[1],
                **COMMON,
            )
        assert getattr(refusal.value, "code", None) == "date_before_birth"


class TestLegalStatusAndAssessment:
    def test_legal_status_change(self) -> None:
        child = given(registered())
        child.change_legal_status(
            TODAY,
            parental_rights=ParentalRights.RESTRICTED,
            free_for_adoption=False,
            court_ref="C-9",
            **on(date(2024, 2, 1)),
        )
        [(name, fields)] = then(child)
        assert name == "LegalStatusChanged"
        assert fields["parental_rights"] is ParentalRights.RESTRICTED
        assert child.state.parental_rights is ParentalRights.RESTRICTED

    def test_assessment(self) -> None:
        child = given(registered())
        child.assess(
            TODAY,
            assessment_id=uuid4(),
            outcome=AssessmentOutcome.PLACEMENT_NEEDED,
            recommended_setting=Setting.FOSTER_FAMILY,
            options_considered=["kinship"],
            **on(date(2024, 1, 20)),
        )
        assert [name for name, _ in then(child)] == ["GatekeepingAssessed"]
        assert child.state.placement_needed_assessments == [date(2024, 1, 20)]

    def test_a_decision_dated_in_the_future_is_refused(self) -> None:
        child = given(registered())
        refused(
            "future_date",
            child.change_legal_status,
            TODAY,
            parental_rights=ParentalRights.INTACT,
            free_for_adoption=False,
            court_ref=None,
            **on(date(2026, 7, 1)),
        )

    def test_a_decision_dated_before_birth_is_refused(self) -> None:
        child = given(registered())
        refused(
            "date_before_birth",
            child.assess,
            TODAY,
            assessment_id=uuid4(),
            outcome=AssessmentOutcome.DIVERTED,
            recommended_setting=None,
            options_considered=[],
            **on(date(2015, 1, 1)),
        )


class TestAdmission:
    def test_admission_is_entry_and_first_placement(self) -> None:
        child = given(registered())
        entry = entry_fields(date(2024, 2, 1))
        child.admit(TODAY, entry=entry, placement=placement_fields(date(2024, 2, 1)))
        events = then(child)
        assert [name for name, _ in events] == ["EnteredCare", "PlacementStarted"]
        assert events[1][1]["episode_id"] == entry["episode_id"]
        assert child.state.status.value == "in_care"

    def test_admission_while_in_care_is_refused(self) -> None:
        child = in_care()
        refused(
            "episode_already_open",
            child.admit,
            TODAY,
            entry=entry_fields(date(2024, 3, 1)),
            placement=placement_fields(date(2024, 3, 1)),
        )

    def test_placement_before_removal_is_out_of_order(self) -> None:
        child = given(registered())
        refused(
            "date_out_of_order",
            child.admit,
            TODAY,
            entry=entry_fields(date(2024, 2, 1), removal=date(2024, 2, 5)),
            placement=placement_fields(date(2024, 2, 1)),
        )

    def test_residential_care_under_three_needs_a_justification(self) -> None:
        child = given(registered(birth_date=date(2023, 1, 1)))
        child.assess(
            TODAY,
            assessment_id=uuid4(),
            outcome=AssessmentOutcome.PLACEMENT_NEEDED,
            recommended_setting=None,
            options_considered=[],
            **on(date(2024, 1, 20)),
        )
        child.collect_events()
        refused(
            "justification_required",
            child.admit,
            TODAY,
            entry=entry_fields(date(2024, 2, 1)),
            placement=placement_fields(date(2024, 2, 1), Setting.RESIDENTIAL_INSTITUTION),
        )
        child.admit(
            TODAY,
            entry=entry_fields(date(2024, 2, 1)),
            placement=placement_fields(
                date(2024, 2, 1), Setting.RESIDENTIAL_INSTITUTION, justification="sibling group"
            ),
        )
        assert child.state.open_placement is not None

    def test_residential_care_without_gatekeeping_needs_a_justification(self) -> None:
        child = given(registered())
        refused(
            "justification_required",
            child.admit,
            TODAY,
            entry=entry_fields(date(2024, 2, 1)),
            placement=placement_fields(date(2024, 2, 1), Setting.SMALL_GROUP_HOME),
        )

    def test_residential_care_after_gatekeeping_of_a_child_over_three_needs_none(self) -> None:
        child = given(
            registered(),
            (
                GatekeepingAssessed,
                {
                    "effective_date": date(2024, 1, 20),
                    "assessment_id": uuid4(),
                    "outcome": AssessmentOutcome.PLACEMENT_NEEDED,
                    "recommended_setting": Setting.SMALL_GROUP_HOME,
                    "options_considered": [],
                },
            ),
        )
        child.admit(
            TODAY,
            entry=entry_fields(date(2024, 2, 1)),
            placement=placement_fields(date(2024, 2, 1), Setting.SMALL_GROUP_HOME),
        )
        assert [name for name, _ in then(child)] == ["EnteredCare", "PlacementStarted"]

    def test_kinship_care_names_its_carer_and_no_provider(self) -> None:
        child = given(registered())
        refused(
            "carer_required",
            child.admit,
            TODAY,
            entry=entry_fields(date(2024, 2, 1)),
            placement=placement_fields(date(2024, 2, 1), Setting.KINSHIP_CARE, provider_id=None),
        )
        child.admit(
            TODAY,
            entry=entry_fields(date(2024, 2, 1)),
            placement=placement_fields(
                date(2024, 2, 1), Setting.KINSHIP_CARE, provider_id=None, carer="grandmother"
            ),
        )
        assert child.state.open_placement is not None

    def test_foster_care_needs_a_provider(self) -> None:
        child = given(registered())
        refused(
            "provider_required",
            child.admit,
            TODAY,
            entry=entry_fields(date(2024, 2, 1)),
            placement=placement_fields(date(2024, 2, 1), provider_id=None),
        )


class TestMoves:
    def test_a_move_ends_the_open_placement_and_starts_the_next(self) -> None:
        child = in_care()
        new = placement_fields(date(2024, 5, 1), Setting.FAMILY_TYPE_HOME)
        ended_placement = child.move(TODAY, end_reason=PlacementEndReason.MOVED, **new)
        events = then(child)
        assert [name for name, _ in events] == ["PlacementEnded", "PlacementStarted"]
        assert events[0][1]["placement_id"] == PLACEMENT == ended_placement.placement_id
        assert child.state.open_placement is not None
        assert child.state.open_placement.placement_id == new["placement_id"]

    def test_a_move_without_an_open_episode_is_refused(self) -> None:
        child = given(registered())
        refused(
            "no_open_episode",
            child.move,
            TODAY,
            end_reason=PlacementEndReason.MOVED,
            **placement_fields(date(2024, 5, 1)),
        )

    def test_a_move_dated_before_the_current_placement_is_refused(self) -> None:
        child = in_care()
        refused(
            "date_out_of_order",
            child.move,
            TODAY,
            end_reason=PlacementEndReason.MOVED,
            **placement_fields(date(2024, 1, 15)),
        )

    def test_a_second_open_placement_is_refused(self) -> None:
        child = in_care()
        refused(
            "placement_already_open",
            child._decide,
            PlacementStarted,
            TODAY,
            episode_id=EPISODE,
            **placement_fields(date(2024, 5, 1)),
        )


class TestPlans:
    def test_plan_adoption_and_review(self) -> None:
        child = given(registered(), entered(), started(), plan())
        child.review_plan(
            TODAY,
            plan_id=PLAN,
            placement_still_necessary=True,
            child_heard=True,
            outcome="goals on track",
            next_review_due=date(2024, 8, 20),
            **on(date(2024, 5, 15)),
        )
        [(name, fields)] = then(child)
        assert name == "DevelopmentPlanReviewed" and fields["child_heard"] is True
        assert child.state.plans[PLAN].last_reviewed_on == date(2024, 5, 15)
        assert child.state.plans[PLAN].next_review_due == date(2024, 8, 20)

    def test_adopting_a_plan(self) -> None:
        child = in_care()
        child.adopt_plan(
            TODAY,
            plan_id=PLAN,
            goals=[Goal("education", "enrol in school")],
            next_review_due=date(2024, 5, 1),
            **on(date(2024, 2, 10)),
        )
        [(name, fields)] = then(child)
        assert name == "DevelopmentPlanAdopted"
        assert fields["goals"] == [Goal("education", "enrol in school")]

    def test_reviewing_an_unknown_plan_is_refused(self) -> None:
        child = in_care()
        refused(
            "unknown_plan",
            child.review_plan,
            TODAY,
            plan_id=uuid4(),
            placement_still_necessary=True,
            child_heard=True,
            outcome="x",
            next_review_due=None,
            **on(date(2024, 5, 1)),
        )

    def test_a_review_before_its_plan_is_out_of_order(self) -> None:
        child = given(registered(), entered(), started(), plan())
        refused(
            "date_out_of_order",
            child.review_plan,
            TODAY,
            plan_id=PLAN,
            placement_still_necessary=True,
            child_heard=False,
            outcome="x",
            next_review_due=None,
            **on(date(2024, 2, 10)),
        )


class TestAdoptionAndExit:
    def test_adoption_ends_placement_and_episode(self) -> None:
        child = given(registered(), entered(), started(), free())
        child.grant_adoption(
            TODAY, court_ref="C-2", kind=AdoptionKind.DOMESTIC, **on(date(2024, 6, 1))
        )
        events = then(child)
        assert [name for name, _ in events] == ["AdoptionGranted", "PlacementEnded", "CareExited"]
        assert events[2][1]["reason"] is ExitReason.ADOPTION
        assert child.state.status.value == "exited"

    def test_adoption_of_a_child_not_free_for_adoption_is_refused(self) -> None:
        child = in_care()
        refused(
            "not_free_for_adoption",
            child.grant_adoption,
            TODAY,
            court_ref="C-2",
            kind=AdoptionKind.DOMESTIC,
            **on(date(2024, 6, 1)),
        )

    def test_adoption_outside_care_is_refused(self) -> None:
        child = given(registered(), free())
        refused(
            "no_open_episode",
            child.grant_adoption,
            TODAY,
            court_ref="C-2",
            kind=AdoptionKind.INTERCOUNTRY,
            **on(date(2024, 6, 1)),
        )

    def test_return_home_ends_placement_and_episode(self) -> None:
        child = in_care()
        child.exit_care(TODAY, reason=ExitReason.REUNIFICATION, **on(date(2024, 9, 1)))
        events = then(child)
        assert [name for name, _ in events] == ["PlacementEnded", "CareExited"]
        assert child.state.open_episode is None and child.state.open_placement is None

    def test_exit_without_an_open_episode_is_refused(self) -> None:
        child = given(registered())
        refused("no_open_episode", child.exit_care, TODAY, reason=ExitReason.AGED_OUT, **on(TODAY))

    def test_exit_before_the_placement_started_is_refused(self) -> None:
        child = in_care()
        refused(
            "date_out_of_order",
            child.exit_care,
            TODAY,
            reason=ExitReason.REUNIFICATION,
            **on(date(2024, 1, 20)),
        )

    def test_exit_to_adoption_goes_through_the_adoption_decision(self) -> None:
        child = given(registered(), entered(), started(), free())
        refused(
            "invalid_transition", child.exit_care, TODAY, reason=ExitReason.ADOPTION, **on(TODAY)
        )

    def test_no_decision_after_death(self) -> None:
        child = given(
            registered(),
            entered(),
            started(),
            ended(date(2024, 4, 1)),
            exited(date(2024, 4, 1), ExitReason.DEATH),
        )
        refused(
            "child_deceased",
            child.change_legal_status,
            TODAY,
            parental_rights=ParentalRights.INTACT,
            free_for_adoption=False,
            court_ref=None,
            **on(date(2024, 5, 1)),
        )

    def test_re_entry_before_the_previous_exit_is_refused(self) -> None:
        child = given(
            registered(),
            entered(),
            started(),
            ended(date(2024, 4, 1)),
            exited(date(2024, 4, 1), ExitReason.REUNIFICATION),
        )
        refused(
            "date_out_of_order",
            child.admit,
            TODAY,
            entry=entry_fields(date(2024, 3, 1)),
            placement=placement_fields(date(2024, 3, 1)),
        )


class TestTransfer:
    def test_transfer_moves_the_case(self) -> None:
        child = given(registered())
        child.transfer(TODAY, to_district="south", **on(date(2024, 3, 1)))
        [(name, fields)] = then(child)
        assert name == "CaseTransferred"
        assert (fields["from_district"], fields["to_district"]) == ("north", "south")
        assert child.state.district == "south"

    def test_transfer_to_the_same_district_is_refused(self) -> None:
        child = given(registered())
        refused("invalid_transition", child.transfer, TODAY, to_district="north", **on(TODAY))


class TestCorrections:
    def test_a_correction_changes_the_folded_state_not_the_history(self) -> None:
        child = in_care()
        child.correct(
            TODAY,
            corrects=3,
            changes={"effective_date": "2024-02-03"},
            reason="typing error",
            **on(date(2024, 3, 1)),
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
            corrects=3,
            changes={"effective_date": "2024-01-15"},
            reason="would precede the removal",
            **on(date(2024, 3, 1)),
        )

    def test_identity_fields_cannot_be_corrected(self) -> None:
        child = in_care()
        refused(
            "invalid_correction",
            child.correct,
            TODAY,
            corrects=3,
            changes={"placement_id": str(uuid4())},
            reason="x",
            **on(date(2024, 3, 1)),
        )

    def test_a_correction_with_a_value_of_the_wrong_type_is_refused(self) -> None:
        child = in_care()
        refused(
            "invalid_correction",
            child.correct,
            TODAY,
            corrects=3,
            changes={"setting": "castle"},
            reason="x",
            **on(date(2024, 3, 1)),
        )

    def test_a_correction_of_a_missing_version_is_refused(self) -> None:
        child = in_care()
        refused(
            "invalid_correction",
            child.correct,
            TODAY,
            corrects=9,
            changes={"effective_date": "2024-02-02"},
            reason="x",
            **on(date(2024, 3, 1)),
        )

    def test_voiding_takes_a_decision_out_of_the_folded_state(self) -> None:
        child = given(registered(), free())
        child.void(TODAY, voids=2, reason="wrong child", **on(date(2024, 4, 1)))
        assert [name for name, _ in then(child)] == ["DecisionVoided"]
        assert child.state.free_for_adoption is False
        refused("invalid_correction", child.void, TODAY, voids=2, reason="again", **on(TODAY))

    def test_voiding_that_orphans_a_placement_is_refused(self) -> None:
        child = in_care()
        refused("invalid_correction", child.void, TODAY, voids=2, reason="x", **on(TODAY))

    def test_a_registration_cannot_be_voided(self) -> None:
        child = given(registered())
        refused("invalid_correction", child.void, TODAY, voids=1, reason="x", **on(TODAY))

    def test_corrections_are_allowed_after_death(self) -> None:
        child = given(
            registered(),
            entered(),
            started(),
            ended(date(2024, 4, 1)),
            exited(date(2024, 4, 1), ExitReason.DEATH),
        )
        child.correct(
            TODAY,
            corrects=1,
            changes={"family_name": "Petrovna"},
            reason="spelling",
            **on(date(2024, 5, 1)),
        )
        assert [name for name, _ in then(child)] == ["DecisionCorrected"]

    def test_voiding_the_death_lets_decisions_resume(self) -> None:
        child = given(
            registered(),
            entered(),
            started(),
            ended(date(2024, 4, 1)),
            exited(date(2024, 4, 1), ExitReason.DEATH),
        )
        child.void(TODAY, voids=5, reason="recorded for the wrong child", **on(date(2024, 5, 1)))
        assert child.state.deceased is False
        assert child.state.open_episode is not None
