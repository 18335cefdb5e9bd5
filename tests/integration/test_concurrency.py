"""Real races: both deciders load the same versions, then save at the same moment.

`RendezvousApplication` holds the first two saves at a barrier so that both
decisions are made against the same state before either is written; the store
itself decides the winner.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import date
from functools import partial
from typing import Any

import pytest

from registry.application import PROVIDER_RACE_ATTEMPTS, RegistryApplication
from registry.database import persistence_env
from registry.domain.errors import DomainError
from registry.domain.values import AssessmentOutcome
from tests.support.backends import InMemory, OnPostgres, OnSQLite
from tests.support.journeys import admit, assess, open_provider, register_child


class RendezvousApplication(RegistryApplication):
    """After `hold_next_saves(n)`, the next n saves wait for each other; others go through."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.barrier = threading.Barrier(1)
        self.waiting = 0
        self.lock = threading.Lock()

    def hold_next_saves(self, parties: int) -> None:
        self.barrier = threading.Barrier(parties, timeout=10)
        self.waiting = parties

    def save(self, *objs: Any, **kwargs: Any) -> Any:
        with self.lock:
            hold, self.waiting = self.waiting > 0, self.waiting - 1
        if hold:
            self.barrier.wait()
        return super().save(*objs, **kwargs)


class InterleavingApplication(RendezvousApplication):
    """Before each of its next saves, another decision is saved first (through the same
    store): the decision being saved then meets the store's version check."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.before_saves: list[Callable[[], object]] = []
        self.interleaving = False

    def save(self, *objs: Any, **kwargs: Any) -> Any:
        if self.before_saves and not self.interleaving:
            self.interleaving = True
            try:
                self.before_saves.pop(0)()
            finally:
                self.interleaving = False
        return super().save(*objs, **kwargs)


def race(*deciders: Callable[[], object]) -> tuple[list[object], list[str]]:
    """Run deciders in threads; the successes and the refusal codes."""
    successes: list[object] = []
    refusals: list[str] = []

    def run(decide: Callable[[], object]) -> None:
        try:
            successes.append(decide())
        except DomainError as refusal:
            refusals.append(refusal.code)

    threads = [threading.Thread(target=run, args=(decide,)) for decide in deciders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return successes, refusals


class ConcurrencyBehaviour:
    @pytest.fixture
    def racing_app(self, database_url: str, today: date) -> Iterator[InterleavingApplication]:
        application = InterleavingApplication(persistence_env(database_url), today=lambda: today)
        yield application
        application.close()

    def test_an_admission_outrun_until_the_provider_is_full_is_told_it_is_full(
        self, racing_app: InterleavingApplication
    ) -> None:
        """However many attempts the provider's changes cost, the answer is the truth."""
        provider = open_provider(racing_app, capacity=PROVIDER_RACE_ATTEMPTS)
        late = register_child(racing_app).id
        others = [register_child(racing_app).id for _ in range(PROVIDER_RACE_ATTEMPTS)]
        racing_app.before_saves = [partial(admit, racing_app, child, provider) for child in others]
        with pytest.raises(DomainError) as refused:
            admit(racing_app, late, provider)
        assert refused.value.code == "provider_full"
        assert racing_app.get_provider(provider).occupied == PROVIDER_RACE_ATTEMPTS
        assert racing_app.get_child(late).state.open_episode is None

    def test_two_decisions_on_one_child_one_wins_one_conflicts(
        self, racing_app: InterleavingApplication
    ) -> None:
        child = register_child(racing_app).id

        def assessment(day: date) -> Callable[[], object]:
            return lambda: assess(
                racing_app,
                child,
                day,
                outcome=AssessmentOutcome.PLACEMENT_NEEDED,
                recommended_setting=None,
                options_considered=[],
            )

        racing_app.hold_next_saves(2)
        successes, refusals = race(assessment(date(2024, 1, 20)), assessment(date(2024, 1, 21)))
        assert len(successes) == 1 and refusals == ["version_conflict"]
        assert racing_app.get_child(child).version == 2

    def test_two_children_for_the_last_place_one_is_placed(
        self, racing_app: InterleavingApplication
    ) -> None:
        provider = open_provider(racing_app, capacity=1)
        first, second = register_child(racing_app).id, register_child(racing_app).id
        racing_app.hold_next_saves(2)
        successes, refusals = race(
            lambda: admit(racing_app, first, provider), lambda: admit(racing_app, second, provider)
        )
        assert len(successes) == 1 and refusals == ["provider_full"]
        assert racing_app.get_provider(provider).occupied == 1
        in_care = [
            racing_app.get_child(child).state.open_placement is not None
            for child in (first, second)
        ]
        assert sorted(in_care) == [False, True]


class TestInMemory(ConcurrencyBehaviour, InMemory):
    @pytest.fixture
    def racing_app(self, today: date) -> Iterator[InterleavingApplication]:
        application = InterleavingApplication(persistence_env("memory://"), today=lambda: today)
        yield application
        application.close()


class TestOnSQLite(ConcurrencyBehaviour, OnSQLite):
    pass


class TestOnPostgres(ConcurrencyBehaviour, OnPostgres):
    pass
