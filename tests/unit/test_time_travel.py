"""Time travel from the event store: in effect on a date, and as recorded at a moment."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from uuid import UUID, uuid4

import pytest

from projections.time_travel import ChildSnapshot, child_as_of, child_as_recorded
from registry.application import RegistryApplication
from registry.database import MEMORY_URL, persistence_env
from registry.domain.values import ExitReason, Setting
from tests.support import journeys

TODAY = date(2026, 6, 30)


@pytest.fixture
def app() -> Iterator[RegistryApplication]:
    application = RegistryApplication(persistence_env(MEMORY_URL), today=lambda: TODAY)
    yield application
    application.close()


def moved_child(app: RegistryApplication) -> tuple[UUID, UUID, UUID]:
    """Registered 2024-01-10, admitted to `first` 2024-02-01, moved to `second` 2024-04-01."""
    first, second = journeys.open_provider(app), journeys.open_provider(app)
    child = journeys.register_child(app).id
    journeys.admit(app, child, first)
    journeys.move(app, child, date(2024, 4, 1), setting=Setting.FOSTER_FAMILY, provider_id=second)
    return child, first, second


def recorded_at(app: RegistryApplication, child: UUID, version: int) -> datetime:
    return app.get_child(child, version).history[-1].timestamp


def test_nothing_is_in_effect_before_the_registration(app: RegistryApplication) -> None:
    child, _, _ = moved_child(app)
    assert child_as_of(app, child, date(2024, 1, 9)) is None


def test_registered_child_before_entering_care(app: RegistryApplication) -> None:
    child, _, _ = moved_child(app)
    assert child_as_of(app, child, date(2024, 1, 20)) == ChildSnapshot(
        status="registered", setting=None, provider_id=None, episode_open=False, version=1
    )


def test_a_date_between_two_placements_shows_the_first(app: RegistryApplication) -> None:
    child, first, second = moved_child(app)
    between = child_as_of(app, child, date(2024, 3, 1))
    assert between == ChildSnapshot(
        status="in_care", setting="foster_family", provider_id=first, episode_open=True, version=3
    )
    after = child_as_of(app, child, date(2024, 4, 1))
    assert after is not None and after.provider_id == second and after.version == 5


def test_a_correction_that_moves_an_effective_date_moves_the_answer(
    app: RegistryApplication,
) -> None:
    child, first, second = moved_child(app)
    for version in (5, 4):
        journeys.correct(
            app,
            child,
            date(2024, 6, 1),
            corrects=version,
            changes={"effective_date": "2024-04-20"},
            reason="the move took effect later",
        )
    moved_later = child_as_of(app, child, date(2024, 4, 10))
    assert moved_later is not None and moved_later.provider_id == first
    moved = child_as_of(app, child, date(2024, 4, 20))
    assert moved is not None and moved.provider_id == second


def test_a_voided_decision_is_never_in_effect(app: RegistryApplication) -> None:
    provider = journeys.open_provider(app)
    child = journeys.register_child(app).id
    journeys.admit(app, child, provider)
    journeys.exit_care(app, child, date(2024, 5, 1), reason=ExitReason.REUNIFICATION)
    exited = child_as_of(app, child, date(2024, 6, 1))
    assert exited is not None and exited.status == "exited" and not exited.episode_open
    journeys.void(app, child, date(2024, 6, 2), voids=5, reason="recorded for the wrong child")
    journeys.void(app, child, date(2024, 6, 2), voids=4, reason="recorded for the wrong child")
    still_in_care = child_as_of(app, child, date(2024, 6, 1))
    assert still_in_care is not None
    assert (still_in_care.status, still_in_care.provider_id) == ("in_care", provider)


def test_as_recorded_replays_only_what_was_stored_by_then(app: RegistryApplication) -> None:
    child, first, _ = moved_child(app)
    registration = recorded_at(app, child, 1)
    assert child_as_recorded(app, child, registration - timedelta(microseconds=1)) is None
    assert child_as_recorded(app, child, registration) == ChildSnapshot(
        status="registered", setting=None, provider_id=None, episode_open=False, version=1
    )
    admitted = child_as_recorded(app, child, recorded_at(app, child, 3))
    assert admitted is not None and admitted.provider_id == first and admitted.version == 3


def test_as_recorded_includes_corrections_recorded_by_then(app: RegistryApplication) -> None:
    provider = journeys.open_provider(app)
    child = journeys.register_child(app).id
    journeys.admit(app, child, provider)
    journeys.exit_care(app, child, date(2024, 5, 1), reason=ExitReason.REUNIFICATION)
    before_voiding = recorded_at(app, child, 5)
    journeys.void(app, child, date(2024, 6, 2), voids=5, reason="entered too early")
    journeys.void(app, child, date(2024, 6, 2), voids=4, reason="entered too early")
    assert child_as_recorded(app, child, before_voiding) == ChildSnapshot(
        status="exited", setting=None, provider_id=None, episode_open=False, version=5
    )
    now = child_as_recorded(app, child, datetime.now(UTC))
    assert now == ChildSnapshot(
        status="in_care",
        setting="foster_family",
        provider_id=provider,
        episode_open=True,
        version=7,
    )


def test_naive_moments_are_read_as_utc(app: RegistryApplication) -> None:
    child = journeys.register_child(app).id
    moment = recorded_at(app, child, 1).astimezone(UTC).replace(tzinfo=None)
    snapshot = child_as_recorded(app, child, moment)
    assert snapshot is not None and snapshot.version == 1


def test_unknown_ids_and_providers_are_not_children(app: RegistryApplication) -> None:
    provider = journeys.open_provider(app)
    assert child_as_of(app, uuid4(), TODAY) is None
    assert child_as_of(app, provider, TODAY) is None
    assert child_as_recorded(app, provider, datetime.now(UTC)) is None
