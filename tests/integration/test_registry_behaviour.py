"""The registry's behaviour, written once and run on every backend."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any
from uuid import UUID

import pytest

from registry.application import RegistryApplication, Submission
from registry.domain import commands, values
from registry.domain.child import Child
from registry.domain.child_events import (
    ChildRegistered,
    DevelopmentPlanAdopted,
    EnteredCare,
    PlacementStarted,
)
from registry.domain.errors import DomainError
from registry.domain.provider import CareProvider
from tests.support import journeys
from tests.support.backends import InMemory, OnPostgres, OnSQLite


def log_position(app: RegistryApplication) -> int:
    return app.recorder.max_notification_id() or 0


def assert_refused_without_writing(
    app: RegistryApplication, code: str, decide: Callable[..., object], *args: Any, **kw: Any
) -> None:
    before = log_position(app)
    with pytest.raises(DomainError) as refusal:
        decide(*args, **kw)
    assert refusal.value.code == code, refusal.value.detail
    assert log_position(app) == before


class PermissionRefused(Exception):
    """Raised by a test's permission check."""


class RegistryBehaviour:
    def test_a_permission_check_sees_the_loaded_child_and_its_refusal_writes_nothing(
        self, app: RegistryApplication
    ) -> None:
        child = journeys.register_child(app).id
        seen: list[tuple[UUID, str]] = []

        def refuse(loaded: Child) -> None:
            seen.append((loaded.id, loaded.state.district))
            raise PermissionRefused

        before = log_position(app)
        with pytest.raises(PermissionRefused):
            app.handle(
                commands.TransferCase(
                    header=journeys.on(date(2024, 3, 1)), child_id=child, to_district="south"
                ),
                Submission(permit=refuse),
            )
        assert seen == [(child, "north")] and log_position(app) == before
        journeys.transfer(app, child, date(2024, 3, 1), to_district="south")
        assert app.get_child(child).state.district == "south"

    def test_stored_events_round_trip_their_types(self, app: RegistryApplication) -> None:
        provider = journeys.open_provider(app)
        child = journeys.register_child(app, sex=values.Sex.MALE).id
        journeys.admit(app, child, provider)
        journeys.adopt_plan(
            app,
            child,
            date(2024, 2, 10),
            goals=[values.Goal("health", "dental check")],
            next_review_due=date(2024, 5, 10),
        )
        registered, entered, started, plan = app.get_child(child).history
        assert isinstance(registered, ChildRegistered) and isinstance(entered, EnteredCare)
        assert isinstance(started, PlacementStarted) and isinstance(plan, DevelopmentPlanAdopted)
        assert registered.sex is values.Sex.MALE and registered.birth_date == date(2016, 4, 2)
        assert type(entered.removal_date) is date and isinstance(entered.episode_id, UUID)
        assert started.setting is values.Setting.FOSTER_FAMILY and started.provider_id == provider
        assert plan.goals == [values.Goal("health", "dental check")]
        taken = list(app.events.get(provider))[-1]
        assert isinstance(taken, CareProvider.PlaceTaken)
        assert taken.child_id == child and taken.effective_date == date(2024, 2, 1)

    def test_admission_takes_a_place_in_the_same_write(self, app: RegistryApplication) -> None:
        provider = journeys.open_provider(app, capacity=2)
        child = journeys.register_child(app).id
        before = log_position(app)
        receipt = journeys.admit(app, child, provider)
        assert receipt.position == before + 3
        assert app.get_provider(provider).occupants == {receipt.related["placement_id"]: child}
        assert app.get_child(child).state.status.value == "in_care"

    def test_refused_decisions_write_nothing(self, app: RegistryApplication) -> None:
        full = journeys.open_provider(app, capacity=1)
        journeys.admit(app, journeys.register_child(app).id, full)
        child = journeys.register_child(app).id
        assert_refused_without_writing(app, "provider_full", journeys.admit, app, child, full)
        pending = journeys.open_provider(app, approved=False)
        assert_refused_without_writing(
            app, "provider_not_approved", journeys.admit, app, child, pending
        )
        institution = journeys.open_provider(app, values.ProviderKind.INSTITUTION)
        assert_refused_without_writing(
            app,
            "justification_required",
            journeys.admit,
            app,
            child,
            institution,
            setting=values.Setting.RESIDENTIAL_INSTITUTION,
        )
        assert_refused_without_writing(
            app,
            "not_free_for_adoption",
            app.handle,
            commands.GrantAdoption(
                header=journeys.on(date(2024, 3, 1)),
                child_id=child,
                court_ref="C",
                kind=values.AdoptionKind.DOMESTIC,
            ),
        )
        assert_refused_without_writing(
            app,
            "no_open_episode",
            app.handle,
            commands.ExitCare(
                header=journeys.on(date(2024, 3, 1)),
                child_id=child,
                reason=values.ExitReason.REUNIFICATION,
            ),
        )
        assert_refused_without_writing(
            app,
            "future_date",
            journeys.admit,
            app,
            child,
            institution,
            day=date(2027, 1, 1),
        )
        assert_refused_without_writing(
            app,
            "not_found",
            app.handle,
            commands.ExitCare(
                header=journeys.on(date(2024, 3, 1)),
                child_id=pending,
                reason=values.ExitReason.REUNIFICATION,
            ),
        )
        assert app.get_provider(full).occupied == 1
        assert app.get_provider(institution).occupied == 0

    def test_a_stale_expected_version_is_a_conflict(self, app: RegistryApplication) -> None:
        child = journeys.register_child(app).id
        app.handle(
            commands.AssessNeeds(
                header=journeys.on(date(2024, 1, 20)),
                child_id=child,
                outcome=values.AssessmentOutcome.PLACEMENT_NEEDED,
                recommended_setting=None,
                options_considered=[],
            ),
            Submission(expected_version=1),
        )
        assert_refused_without_writing(
            app,
            "version_conflict",
            app.handle,
            commands.AssessNeeds(
                header=journeys.on(date(2024, 1, 21)),
                child_id=child,
                outcome=values.AssessmentOutcome.DIVERTED,
                recommended_setting=None,
                options_considered=[],
            ),
            Submission(expected_version=1),
        )

    def test_a_personal_id_is_registered_once(self, app: RegistryApplication) -> None:
        journeys.register_child(app, personal_id="2016040212345")
        assert_refused_without_writing(
            app, "personal_id_taken", journeys.register_child, app, personal_id="2016040212345"
        )
        journeys.register_child(app, personal_id="2016040299999")

    def test_a_move_releases_one_place_and_takes_another(self, app: RegistryApplication) -> None:
        first, second = (
            journeys.open_provider(app),
            journeys.open_provider(app, values.ProviderKind.FAMILY_TYPE_HOME),
        )
        child = journeys.register_child(app).id
        journeys.admit(app, child, first)
        receipt = journeys.move(
            app,
            child,
            date(2024, 6, 1),
            setting=values.Setting.FAMILY_TYPE_HOME,
            provider_id=second,
        )
        assert app.get_provider(first).occupied == 0
        assert app.get_provider(second).occupants == {receipt.related["placement_id"]: child}
        placements = app.get_child(child).state.placements
        assert [p.end_reason for p in placements] == [values.PlacementEndReason.MOVED, None]

    def test_exits_and_adoption_release_the_place(self, app: RegistryApplication) -> None:
        provider = journeys.open_provider(app, capacity=2)
        home, adopted = journeys.register_child(app).id, journeys.register_child(app).id
        journeys.admit(app, home, provider)
        journeys.admit(app, adopted, provider)
        journeys.exit_care(app, home, date(2024, 9, 1), reason=values.ExitReason.REUNIFICATION)
        journeys.free_for_adoption(app, adopted, date(2024, 3, 1))
        journeys.grant_adoption(
            app, adopted, date(2024, 10, 1), court_ref="C-3", kind=values.AdoptionKind.INTERCOUNTRY
        )
        assert app.get_provider(provider).occupied == 0
        assert app.get_child(adopted).state.episodes[-1].exit_reason is values.ExitReason.ADOPTION

    def test_no_decision_after_death(self, app: RegistryApplication) -> None:
        child = journeys.register_child(app).id
        journeys.admit(app, child, journeys.open_provider(app))
        journeys.exit_care(app, child, date(2024, 5, 1), reason=values.ExitReason.DEATH)
        assert_refused_without_writing(
            app,
            "child_deceased",
            app.handle,
            commands.TransferCase(
                header=journeys.on(date(2024, 6, 1)), child_id=child, to_district="south"
            ),
        )
        journeys.correct(
            app,
            child,
            date(2024, 6, 1),
            corrects=1,
            changes={"given_name": "Anna"},
            reason="spelling",
        )

    def test_correcting_the_provider_of_the_open_placement_moves_the_place(
        self, app: RegistryApplication
    ) -> None:
        wrong, right = journeys.open_provider(app), journeys.open_provider(app)
        child = journeys.register_child(app).id
        journeys.admit(app, child, wrong)
        journeys.correct(
            app,
            child,
            date(2024, 3, 1),
            corrects=3,
            changes={"provider_id": str(right)},
            reason="recorded against the wrong family",
        )
        assert app.get_provider(wrong).occupied == 0
        assert app.get_provider(right).occupied == 1
        placement = app.get_child(child).state.open_placement
        assert placement is not None and placement.provider_id == right

    def test_a_correction_into_a_full_provider_is_refused(self, app: RegistryApplication) -> None:
        full, first = journeys.open_provider(app, capacity=1), journeys.open_provider(app)
        journeys.admit(app, journeys.register_child(app).id, full)
        child = journeys.register_child(app).id
        journeys.admit(app, child, first)
        assert_refused_without_writing(
            app,
            "invalid_correction",
            app.handle,
            commands.CorrectDecision(
                header=journeys.on(date(2024, 3, 1)),
                child_id=child,
                corrects=3,
                changes={"provider_id": str(full)},
                reason="x",
            ),
        )

    def test_voiding_an_exit_takes_the_place_again(self, app: RegistryApplication) -> None:
        provider = journeys.open_provider(app)
        child = journeys.register_child(app).id
        journeys.admit(app, child, provider)
        journeys.exit_care(app, child, date(2024, 9, 1), reason=values.ExitReason.RUNAWAY)
        assert app.get_provider(provider).occupied == 0
        journeys.void(app, child, date(2024, 9, 2), voids=5, reason="exit recorded in error")
        journeys.void(app, child, date(2024, 9, 2), voids=4, reason="placement did not end")
        assert app.get_provider(provider).occupied == 1
        assert app.get_child(child).state.status.value == "in_care"

    def test_reloaded_child_equals_the_child_that_decided(self, app: RegistryApplication) -> None:
        child = journeys.register_child(app).id
        journeys.admit(app, child, journeys.open_provider(app))
        journeys.correct(
            app, child, date(2024, 3, 1), corrects=2, changes={"reasons": ["abuse"]}, reason="x"
        )
        first, second = app.get_child(child), app.get_child(child)
        assert first == second and first.version == 4
        entry = first.effective_history()[1]
        assert isinstance(entry, EnteredCare) and entry.reasons == ["abuse"]


class TestInMemory(RegistryBehaviour, InMemory):
    pass


class TestOnSQLite(RegistryBehaviour, OnSQLite):
    pass


class TestOnPostgres(RegistryBehaviour, OnPostgres):
    pass
