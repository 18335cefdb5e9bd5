"""What the registry knows about one child, folded from its (corrected) decisions.

`evolve` never refuses anything: it is used to replay stored history, which was
checked when it was written. The checks live in `child_rules`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import singledispatch
from uuid import UUID

from registry.domain import values
from registry.domain.child_events import (
    AdoptionGranted,
    CareExited,
    CaseTransferred,
    ChildEvent,
    ChildRegistered,
    DevelopmentPlanAdopted,
    DevelopmentPlanReviewed,
    EnteredCare,
    GatekeepingAssessed,
    LegalStatusChanged,
    PlacementEnded,
    PlacementStarted,
    RecordsLinked,
)


@dataclass
class Episode:
    episode_id: UUID
    removal_date: date
    entered_on: date
    exited_on: date | None = None
    exit_reason: values.ExitReason | None = None

    @property
    def is_open(self) -> bool:
        return self.exited_on is None


@dataclass
class Placement:
    placement_id: UUID
    episode_id: UUID
    setting: values.Setting
    provider_id: UUID | None
    started_on: date
    ended_on: date | None = None
    end_reason: values.PlacementEndReason | None = None

    @property
    def is_open(self) -> bool:
        return self.ended_on is None


@dataclass
class Plan:
    plan_id: UUID
    adopted_on: date
    next_review_due: date | None
    last_reviewed_on: date | None = None

    @property
    def last_touched_on(self) -> date:
        return self.last_reviewed_on or self.adopted_on


@dataclass
class ChildState:
    birth_date: date
    district: str
    personal_id: str | None
    parental_rights: values.ParentalRights | None = None
    free_for_adoption: bool = False
    placement_needed_assessments: list[date] = field(default_factory=list)
    assessment_ids: set[UUID] = field(default_factory=set)
    episodes: list[Episode] = field(default_factory=list)
    placements: list[Placement] = field(default_factory=list)
    plans: dict[UUID, Plan] = field(default_factory=dict)
    adoptions: list[tuple[date, values.AdoptionKind]] = field(default_factory=list)
    deceased: bool = False
    linked_to: UUID | None = None
    """The surviving record this one was linked to as a duplicate: it is closed."""
    linked_records: set[UUID] = field(default_factory=set)
    """The duplicates linked to this record, which survives them."""
    linked_spells: list[tuple[date, date]] = field(default_factory=list)
    """The care episodes of those duplicates: the child's own, under another record."""

    @property
    def open_episode(self) -> Episode | None:
        if self.episodes and self.episodes[-1].is_open:
            return self.episodes[-1]
        return None

    @property
    def open_placement(self) -> Placement | None:
        if self.placements and self.placements[-1].is_open:
            return self.placements[-1]
        return None

    @property
    def status(self) -> values.ChildStatus:
        if self.open_episode is not None:
            return values.ChildStatus.IN_CARE
        return values.ChildStatus.EXITED if self.episodes else values.ChildStatus.REGISTERED

    def latest_date_in_open_episode(self) -> date | None:
        """The latest date already fixed in the open episode: nothing later may precede it."""
        episode = self.open_episode
        if episode is None:
            return None
        dates = [episode.removal_date, episode.entered_on]
        for placement in self.placements:
            if placement.episode_id == episode.episode_id:
                dates.append(placement.started_on)
                if placement.ended_on is not None:
                    dates.append(placement.ended_on)
        return max(dates)


@singledispatch
def evolve(event: ChildEvent, state: ChildState | None) -> ChildState:
    """Decisions with no effect on the folded state (the history still keeps them)."""
    assert state is not None
    return state


@evolve.register
def _registered(event: ChildRegistered, state: ChildState | None) -> ChildState:
    return ChildState(
        birth_date=event.birth_date, district=event.district, personal_id=event.personal_id
    )


@evolve.register
def _legal_status(event: LegalStatusChanged, state: ChildState | None) -> ChildState:
    assert state is not None
    state.parental_rights = event.parental_rights
    state.free_for_adoption = event.free_for_adoption
    return state


@evolve.register
def _assessed(event: GatekeepingAssessed, state: ChildState | None) -> ChildState:
    assert state is not None
    state.assessment_ids.add(event.assessment_id)
    if event.outcome is values.AssessmentOutcome.PLACEMENT_NEEDED:
        state.placement_needed_assessments.append(event.effective_date)
    return state


@evolve.register
def _entered(event: EnteredCare, state: ChildState | None) -> ChildState:
    assert state is not None
    state.episodes.append(
        Episode(event.episode_id, removal_date=event.removal_date, entered_on=event.effective_date)
    )
    return state


@evolve.register
def _placement_started(event: PlacementStarted, state: ChildState | None) -> ChildState:
    assert state is not None
    state.placements.append(
        Placement(
            placement_id=event.placement_id,
            episode_id=event.episode_id,
            setting=event.setting,
            provider_id=event.provider_id,
            started_on=event.effective_date,
        )
    )
    return state


@evolve.register
def _placement_ended(event: PlacementEnded, state: ChildState | None) -> ChildState:
    assert state is not None
    for placement in state.placements:
        if placement.placement_id == event.placement_id:
            placement.ended_on = event.effective_date
            placement.end_reason = event.reason
    return state


@evolve.register
def _plan_adopted(event: DevelopmentPlanAdopted, state: ChildState | None) -> ChildState:
    assert state is not None
    state.plans[event.plan_id] = Plan(event.plan_id, event.effective_date, event.next_review_due)
    return state


@evolve.register
def _plan_reviewed(event: DevelopmentPlanReviewed, state: ChildState | None) -> ChildState:
    assert state is not None
    plan = state.plans.get(event.plan_id)
    if plan is not None:
        plan.last_reviewed_on = event.effective_date
        plan.next_review_due = event.next_review_due
    return state


@evolve.register
def _adopted(event: AdoptionGranted, state: ChildState | None) -> ChildState:
    assert state is not None
    state.adoptions.append((event.effective_date, event.kind))
    return state


@evolve.register
def _exited(event: CareExited, state: ChildState | None) -> ChildState:
    assert state is not None
    for episode in state.episodes:
        if episode.episode_id == event.episode_id:
            episode.exited_on = event.effective_date
            episode.exit_reason = event.reason
    if event.reason is values.ExitReason.DEATH:
        state.deceased = True
    return state


@evolve.register
def _transferred(event: CaseTransferred, state: ChildState | None) -> ChildState:
    assert state is not None
    state.district = event.to_district
    return state


@evolve.register
def _linked(event: RecordsLinked, state: ChildState | None) -> ChildState:
    assert state is not None
    if event.originator_id == event.duplicate_id:
        state.linked_to = event.survivor_id
    else:
        state.linked_records.add(event.duplicate_id)
        state.linked_spells.extend((start, end) for start, end in event.duplicate_spells)
    return state
