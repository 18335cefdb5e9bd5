"""Random sequences of decisions, checked against the invariants after every step.

Hypothesis drives registrations, admissions, moves, exits, adoptions, plans,
provider changes, stale-version decisions, corrections and voidings. After each
step: at most one open placement per child; every provider's occupancy is within
capacity and equals the open placements held with it; a refused decision wrote
nothing; every aggregate re-read from the store equals the one last saved.
The same machine runs on memory, SQLite and PostgreSQL (fewer examples on disk).
"""

from __future__ import annotations

import tempfile
import uuid
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any, ClassVar
from uuid import UUID

import psycopg
import pytest
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import Recording
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    consumes,
    invariant,
    multiple,
    precondition,
    rule,
)
from psycopg import sql

from registry.application import RegistryApplication, Submission
from registry.database import MEMORY_URL, persistence_env
from registry.domain import commands, values
from registry.domain.child import Child
from registry.domain.commands import DecisionHeader
from registry.domain.errors import DomainError
from registry.domain.provider import CareProvider

TODAY = date(2026, 6, 30)
FIRST_DAY = date(2023, 1, 1)
days = st.integers(min_value=0, max_value=(TODAY - FIRST_DAY).days + 3).map(
    lambda offset: FIRST_DAY + timedelta(days=offset)  # a few days past TODAY: future dates
)
birth_dates = st.dates(min_value=date(2008, 1, 1), max_value=date(2025, 1, 1))
provider_kinds = st.sampled_from(list(values.ProviderKind))
settings_ = st.sampled_from(list(values.Setting))


class RecordingApplication(RegistryApplication):
    """Keeps the aggregates it last saved, to compare them with what the store returns."""

    def __init__(self, env: dict[str, str]) -> None:
        super().__init__(env, today=lambda: TODAY)
        self.last_saved: dict[UUID, Aggregate] = {}

    def save(self, *objs: Any, **kwargs: Any) -> list[Recording[UUID]]:
        recordings = super().save(*objs, **kwargs)
        for aggregate in objs:
            if isinstance(aggregate, Aggregate):
                self.last_saved[aggregate.id] = aggregate
        return recordings


def officer(day: date) -> DecisionHeader:
    return DecisionHeader(recorded_by="officer-1", effective_date=day, decision_ref="DEC-1")


class RegistryMachine(RuleBasedStateMachine):
    """The registry under random decisions; `fresh_database_url` is set per backend."""

    fresh_database_url: ClassVar[Callable[[], str]]
    children = Bundle("children")
    providers = Bundle("providers")

    def __init__(self) -> None:
        super().__init__()
        self.app = RecordingApplication(persistence_env(type(self).fresh_database_url()))

    def teardown(self) -> None:
        self.app.close()

    # -- deciding ---------------------------------------------------------------

    def decide(self, decision: Callable[[], object]) -> bool:
        """Run a decision; a refusal must leave the log exactly where it was."""
        before = self.app.recorder.max_notification_id()
        try:
            decision()
        except DomainError as refusal:
            assert self.app.recorder.max_notification_id() == before, refusal.code
            return False
        assert (self.app.recorder.max_notification_id() or 0) > (before or 0)
        return True

    @rule(target=children, birth_date=birth_dates, day=days, sex=st.sampled_from(list(values.Sex)))
    def register_child(self, birth_date: date, day: date, sex: values.Sex) -> object:
        child_id = uuid.uuid4()
        registered = self.decide(
            lambda: self.app.handle(
                commands.RegisterChild(
                    header=officer(day),
                    child_id=child_id,
                    given_name="Test",
                    family_name="Child",
                    patronymic=None,
                    birth_date=birth_date,
                    sex=sex,
                    district="north",
                    personal_id=None,
                    disability=False,
                    parental_status=values.ParentalStatus.AT_RISK,
                )
            )
        )
        return child_id if registered else multiple()

    @rule(
        target=providers,
        kind=provider_kinds,
        capacity=st.integers(min_value=0, max_value=3),
        approved=st.booleans(),
    )
    def open_provider(self, kind: values.ProviderKind, capacity: int, approved: bool) -> UUID:
        receipt = self.app.handle(
            commands.RegisterProvider(
                header=officer(FIRST_DAY),
                kind=kind,
                name="Provider",
                district="north",
                capacity=capacity,
            )
        )
        if approved:
            self.app.handle(
                commands.ApproveProvider(header=officer(FIRST_DAY), provider_id=receipt.id)
            )
        return receipt.id

    def setting_for(self, provider: UUID | None, data: st.DataObject) -> values.Setting:
        """Mostly a setting the provider offers (so decisions get through), sometimes any."""
        if data.draw(st.integers(0, 9)) == 0:
            return data.draw(settings_)
        if provider is None:
            return data.draw(
                st.sampled_from([values.Setting.KINSHIP_CARE, values.Setting.GUARDIANSHIP_FAMILY])
            )
        kind = self.app.get_provider(provider).kind
        return data.draw(st.sampled_from(sorted(kind.offered_settings, key=str)))

    def day_after_latest(self, child: UUID, data: st.DataObject) -> date:
        """Mostly a day shortly after the child's latest decision, sometimes any day."""
        if child not in self.app.last_saved or data.draw(st.integers(0, 9)) == 0:
            return data.draw(days)
        latest = max(event.effective_date for event in self.app.get_child(child).history)
        return min(latest + timedelta(days=data.draw(st.integers(0, 400))), TODAY)

    @rule(child=children, provider=st.none() | providers, data=st.data())
    def admit(self, child: UUID, provider: UUID | None, data: st.DataObject) -> None:
        setting, day = self.setting_for(provider, data), self.day_after_latest(child, data)
        justified = data.draw(st.booleans())
        self.decide(
            lambda: self.app.handle(
                commands.AdmitToCare(
                    header=officer(day),
                    child_id=child,
                    removal_date=day,
                    manner=values.RemovalManner.COURT_ORDERED,
                    reasons=["neglect"],
                    setting=setting,
                    provider_id=provider,
                    carer=None if provider else "Aunt",
                    justification="no family-based place" if justified else None,
                )
            )
        )

    @rule(child=children, provider=st.none() | providers, data=st.data())
    def move(self, child: UUID, provider: UUID | None, data: st.DataObject) -> None:
        setting, day = self.setting_for(provider, data), self.day_after_latest(child, data)
        justified = data.draw(st.booleans())
        self.decide(
            lambda: self.app.handle(
                commands.MoveChild(
                    header=officer(day),
                    child_id=child,
                    setting=setting,
                    provider_id=provider,
                    carer=None if provider else "Grandmother",
                    justification="no family-based place" if justified else None,
                )
            )
        )

    @rule(child=children, reason=st.sampled_from(list(values.ExitReason)), data=st.data())
    def exit_care(self, child: UUID, reason: values.ExitReason, data: st.DataObject) -> None:
        day = self.day_after_latest(child, data)
        self.decide(
            lambda: self.app.handle(
                commands.ExitCare(header=officer(day), child_id=child, reason=reason)
            )
        )

    @rule(child=children, free=st.booleans(), day=days)
    def change_legal_status(self, child: UUID, free: bool, day: date) -> None:
        self.decide(
            lambda: self.app.handle(
                commands.ChangeLegalStatus(
                    header=officer(day),
                    child_id=child,
                    parental_rights=values.ParentalRights.TERMINATED
                    if free
                    else values.ParentalRights.RESTRICTED,
                    free_for_adoption=free,
                    court_ref="COURT-1",
                )
            )
        )

    @rule(child=children, data=st.data())
    def grant_adoption(self, child: UUID, data: st.DataObject) -> None:
        day = self.day_after_latest(child, data)
        self.decide(
            lambda: self.app.handle(
                commands.GrantAdoption(
                    header=officer(day),
                    child_id=child,
                    court_ref="COURT-2",
                    kind=values.AdoptionKind.DOMESTIC,
                )
            )
        )

    @rule(child=children, day=days, review_in=st.integers(min_value=-30, max_value=120))
    def adopt_plan(self, child: UUID, day: date, review_in: int) -> None:
        self.decide(
            lambda: self.app.handle(
                commands.AdoptPlan(
                    header=officer(day),
                    child_id=child,
                    goals=[values.Goal("education", "attend school")],
                    next_review_due=day + timedelta(days=review_in),
                )
            )
        )

    @rule(provider=providers, capacity=st.integers(min_value=0, max_value=3))
    def change_capacity(self, provider: UUID, capacity: int) -> None:
        self.decide(
            lambda: self.app.handle(
                commands.ChangeCapacity(
                    header=officer(TODAY), provider_id=provider, capacity=capacity
                )
            )
        )

    @rule(provider=providers)
    def suspend_provider(self, provider: UUID) -> None:
        self.decide(
            lambda: self.app.handle(
                commands.SuspendProvider(header=officer(TODAY), provider_id=provider)
            )
        )

    @rule(child=children, day=days)
    def stale_decision(self, child: UUID, day: date) -> None:
        """A decision made on an outdated version is a conflict, never an overwrite."""
        version = self.app.get_child(child).version
        self.decide(
            lambda: self.app.handle(
                commands.TransferCase(header=officer(day), child_id=child, to_district="south"),
                Submission(expected_version=version - 1),
            )
        )

    @rule(child=children, data=st.data())
    def correct_a_date(self, child: UUID, data: st.DataObject) -> None:
        history = self.app.get_child(child).history
        event = data.draw(st.sampled_from(history))
        new_day = data.draw(days)
        self.decide(
            lambda: self.app.handle(
                commands.CorrectDecision(
                    header=officer(TODAY),
                    child_id=child,
                    corrects=event.originator_version,
                    changes={"effective_date": new_day.isoformat()},
                    reason="date entered wrongly",
                )
            )
        )

    @rule(child=children, data=st.data())
    def void_a_decision(self, child: UUID, data: st.DataObject) -> None:
        history = self.app.get_child(child).history
        event = data.draw(st.sampled_from(history))
        self.decide(
            lambda: self.app.handle(
                commands.VoidDecision(
                    header=officer(TODAY),
                    child_id=child,
                    voids=event.originator_version,
                    reason="recorded in error",
                )
            )
        )

    @precondition(lambda self: len(self.app.last_saved) > 6)
    @rule(provider=consumes(providers))
    def close_provider(self, provider: UUID) -> None:
        self.decide(
            lambda: self.app.handle(
                commands.CloseProvider(header=officer(TODAY), provider_id=provider)
            )
        )

    # -- invariants ------------------------------------------------------------

    def saved(self, kind: type[Aggregate]) -> list[Any]:
        return [a for a in self.app.last_saved.values() if isinstance(a, kind)]

    @invariant()
    def at_most_one_open_placement(self) -> None:
        for child in self.saved(Child):
            open_placements = [p for p in child.state.placements if p.is_open]
            assert len(open_placements) <= 1
            if open_placements:
                assert child.state.open_episode is not None

    @invariant()
    def occupancy_matches_open_placements_and_capacity(self) -> None:
        held: dict[UUID, set[UUID]] = {}
        for child in self.saved(Child):
            placement = child.state.open_placement
            if placement is not None and placement.provider_id is not None:
                held.setdefault(placement.provider_id, set()).add(placement.placement_id)
        for provider in self.saved(CareProvider):
            assert provider.occupied <= provider.capacity
            assert set(provider.occupants) == held.get(provider.id, set())

    @invariant()
    def the_store_returns_what_was_saved(self) -> None:
        for aggregate_id, saved in self.app.last_saved.items():
            stored: Aggregate = self.app.repository.get(aggregate_id)
            assert stored.version == saved.version
            if isinstance(saved, Child):
                assert isinstance(stored, Child)
                assert stored.history == saved.history
                assert stored.state == saved.state
            elif isinstance(saved, CareProvider):
                assert isinstance(stored, CareProvider)
                assert (stored.status, stored.capacity, stored.occupants) == (
                    saved.status,
                    saved.capacity,
                    saved.occupants,
                )


def run_machine(fresh_database_url: Callable[[], str], max_examples: int) -> None:
    machine: type[RegistryMachine] = type(
        "Machine", (RegistryMachine,), {"fresh_database_url": fresh_database_url}
    )
    machine.TestCase.settings = settings(
        max_examples=max_examples,
        stateful_step_count=25,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    machine.TestCase().runTest()


def test_in_memory() -> None:
    run_machine(lambda: MEMORY_URL, max_examples=60)


def test_on_sqlite(tmp_path: Path) -> None:
    def fresh_file() -> str:
        return f"sqlite:///{tempfile.mkstemp(suffix='.sqlite3', dir=tmp_path)[1]}"

    run_machine(fresh_file, max_examples=20)


@pytest.mark.postgres
def test_on_postgres(postgres_database: str) -> None:
    def fresh_schema() -> str:
        schema = f"m_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(postgres_database, autocommit=True) as conn:
            conn.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
        return f"{postgres_database}?schema={schema}"

    run_machine(fresh_schema, max_examples=10)
