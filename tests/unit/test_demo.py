"""The demo generator: deterministic, refused by no rule, and covering the journeys
the read models and indicators need (every exit reason, adoptions, re-entries,
corrections, voidings, overdue reviews, justified under-3 residential care)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from registry.application import RegistryApplication
from registry.database import MEMORY_URL, persistence_env
from registry.demo import generate, load_demo
from registry.demo.generator import DemoSummary
from registry.domain.calendar import age_on
from registry.domain.child_events import (
    CareExited,
    ChildRegistered,
    EnteredCare,
    PlacementStarted,
)
from registry.domain.values import RESIDENTIAL_SETTINGS, ExitReason
from registry.importing.batch import BatchedRegistry

TODAY = date(2026, 6, 30)


def _events(app: RegistryApplication) -> list[Any]:
    notifications = app.recorder.select_notifications(start=None, limit=1_000_000)
    return [app.mapper.to_domain_event(n) for n in notifications]


@pytest.fixture(scope="module")
def generated() -> Iterator[tuple[DemoSummary, list[Any]]]:
    app = BatchedRegistry(persistence_env(MEMORY_URL), today=lambda: TODAY)
    summary = generate(app, children=600, seed=42, children_per_batch=100)
    yield summary, _events(app)
    app.close()


def test_no_decision_is_refused(generated: tuple[DemoSummary, list[Any]]) -> None:
    summary, events = generated
    assert summary.refused == {}
    assert summary.events == len(events)
    assert sum(isinstance(e, ChildRegistered) for e in events) == 600


def test_every_exit_reason_and_the_special_journeys_occur(
    generated: tuple[DemoSummary, list[Any]],
) -> None:
    _, events = generated
    types = Counter(type(e).__name__ for e in events)
    reasons = {e.reason for e in events if isinstance(e, CareExited)}
    entries = Counter(e.originator_id for e in events if isinstance(e, EnteredCare))

    assert reasons == set(ExitReason)
    for name in ("AdoptionGranted", "CaseTransferred", "DecisionCorrected", "DecisionVoided"):
        assert types[name] > 0, name
    assert types["DevelopmentPlanReviewed"] > types["DevelopmentPlanAdopted"]
    assert max(entries.values()) >= 2  # re-entries


def test_residential_care_under_three_is_justified(
    generated: tuple[DemoSummary, list[Any]],
) -> None:
    _, events = generated
    births = {e.originator_id: e.birth_date for e in events if isinstance(e, ChildRegistered)}
    under_three = [
        e
        for e in events
        if isinstance(e, PlacementStarted)
        and e.setting in RESIDENTIAL_SETTINGS
        and age_on(births[e.originator_id], e.effective_date) < 3
    ]

    assert under_three
    assert all(e.justification for e in under_three)


def test_dates_never_pass_today(generated: tuple[DemoSummary, list[Any]]) -> None:
    _, events = generated
    assert max(e.effective_date for e in events if hasattr(e, "effective_date")) <= TODAY


def test_the_same_seed_gives_the_same_history() -> None:
    def decisions(seed: int) -> list[tuple[str, date | None]]:
        app = BatchedRegistry(persistence_env(MEMORY_URL), today=lambda: TODAY)
        generate(app, children=80, seed=seed)
        return [(type(e).__name__, getattr(e, "effective_date", None)) for e in _events(app)]

    assert decisions(5) == decisions(5)
    assert decisions(5) != decisions(6)


def test_load_demo_saves_through_a_plain_application() -> None:
    app = RegistryApplication(persistence_env(MEMORY_URL), today=lambda: TODAY)

    summary = load_demo(app)

    assert summary.children == 300
    assert summary.refused == {}
    assert app.recorder.max_notification_id() == summary.events
