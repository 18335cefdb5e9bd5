"""The rules a decision about a child must satisfy against what is already known.

`check` looks at one proposed event and the state before it; `replay_checked` runs
every rule over a whole history, which is how a correction or voiding is judged
(invariant 9: the corrected history must still satisfy every rule).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import fields
from datetime import date
from functools import singledispatch

from registry.domain import errors, text
from registry.domain.calendar import age_on
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
    NotDuplicates,
    PlacementEnded,
    PlacementStarted,
    RecordsLinked,
)
from registry.domain.child_state import ChildState, evolve
from registry.domain.values import ExitReason

RESIDENTIAL_JUSTIFICATION_AGE = 3
ADULT_AGE = 18


def check(event: ChildEvent, state: ChildState | None, today: date) -> None:
    """Raise the refusal a rule gives for `event`, or return if every rule holds."""
    text.check_fields((field.name, getattr(event, field.name)) for field in fields(event))
    if event.effective_date > today:
        raise errors.FutureDate("the effective date is in the future")
    if isinstance(event, ChildRegistered):
        _check_registration(event, today)
        return
    if state is None:
        raise errors.NotFound("no such child")
    if state.deceased:
        raise errors.ChildDeceased("no decision but corrections is recorded after a death")
    if state.linked_to is not None:
        raise errors.RecordLinked(
            f"this record is linked to {state.linked_to} as its duplicate: decide there"
        )
    if event.effective_date < state.birth_date:
        raise errors.DateBeforeBirth("the effective date is before the child's birth")
    _check_specific(event, state, today)


def replay_checked(history: Iterable[ChildEvent], today: date) -> ChildState:
    """Fold `history`, checking each decision against the state before it."""
    state: ChildState | None = None
    for event in history:
        check(event, state, today)
        state = evolve(event, state)
    assert state is not None, "a child's history starts with its registration"
    return state


def _check_registration(event: ChildRegistered, today: date) -> None:
    if event.birth_date > today:
        raise errors.FutureDate("the birth date is in the future")
    if event.effective_date < event.birth_date:
        raise errors.DateBeforeBirth("the registration is dated before the birth")
    if age_on(event.birth_date, event.effective_date) >= ADULT_AGE:
        raise errors.NotAChild("the registry holds children: 18 or over on the effective date")


@singledispatch
def _check_specific(event: ChildEvent, state: ChildState, today: date) -> None:
    """Decisions bound by the common date rules only."""


@_check_specific.register
def _entered_care(event: EnteredCare, state: ChildState, today: date) -> None:
    if state.open_episode is not None:
        raise errors.EpisodeAlreadyOpen("the child is already in care")
    if event.removal_date > today:
        raise errors.FutureDate("the removal date is in the future")
    if event.removal_date < state.birth_date:
        raise errors.DateBeforeBirth("the removal date is before the child's birth")
    if event.removal_date > event.effective_date:
        raise errors.DateOutOfOrder("the removal date is after the admission decision")
    if state.episodes:
        last_exit = state.episodes[-1].exited_on
        if last_exit is not None and event.removal_date < last_exit:
            raise errors.DateOutOfOrder("a new episode cannot start before the previous exit")
    linked_exit = max((end for _, end in state.linked_spells), default=None)
    if linked_exit is not None and event.removal_date < linked_exit:
        raise errors.DateOutOfOrder(
            f"the child was in care under a linked record until {linked_exit.isoformat()}"
        )


@_check_specific.register
def _placement_started(event: PlacementStarted, state: ChildState, today: date) -> None:
    episode = state.open_episode
    if episode is None or episode.episode_id != event.episode_id:
        raise errors.NoOpenEpisode("a placement needs an open care episode")
    if state.open_placement is not None:
        raise errors.PlacementAlreadyOpen("the child already has an open placement")
    if any(p.placement_id == event.placement_id for p in state.placements):
        raise errors.InvalidTransition("this placement id is already used")
    _check_not_before_open_episode_dates(event, state)
    if event.setting.needs_provider and event.provider_id is None:
        raise errors.ProviderRequired(f"a {event.setting.value} placement needs a provider")
    if not event.setting.needs_provider:
        if event.provider_id is not None:
            raise errors.SettingNotOffered(f"a {event.setting.value} placement has no provider")
        if not (event.carer or "").strip():
            raise errors.CarerRequired(f"a {event.setting.value} placement names its carer")
    if event.setting.is_residential and not (event.justification or "").strip():
        if age_on(state.birth_date, event.effective_date) < RESIDENTIAL_JUSTIFICATION_AGE:
            raise errors.JustificationRequired(
                "residential care of a child under 3 needs a written justification"
            )
        if not any(day <= event.effective_date for day in state.placement_needed_assessments):
            raise errors.JustificationRequired(
                "residential care without a prior gatekeeping assessment needs a justification"
            )


@_check_specific.register
def _assessed(event: GatekeepingAssessed, state: ChildState, today: date) -> None:
    if event.assessment_id in state.assessment_ids:
        raise errors.IdTaken("the child already has an assessment with this id")


@_check_specific.register
def _placement_ended(event: PlacementEnded, state: ChildState, today: date) -> None:
    placement = state.open_placement
    if placement is None or placement.placement_id != event.placement_id:
        raise errors.NoOpenPlacement("this placement is not open")
    _check_not_before_open_episode_dates(event, state)


@_check_specific.register
def _plan_adopted(event: DevelopmentPlanAdopted, state: ChildState, today: date) -> None:
    if event.plan_id in state.plans:
        raise errors.IdTaken("the child already has a plan with this id")
    if event.next_review_due <= event.effective_date:
        raise errors.DateOutOfOrder("the next review is due before the plan was adopted")


@_check_specific.register
def _plan_reviewed(event: DevelopmentPlanReviewed, state: ChildState, today: date) -> None:
    plan = state.plans.get(event.plan_id)
    if plan is None:
        raise errors.UnknownPlan("the child has no plan with this id")
    if event.effective_date < plan.last_touched_on:
        raise errors.DateOutOfOrder("a review cannot precede the plan or its last review")
    if event.next_review_due is not None and event.next_review_due <= event.effective_date:
        raise errors.DateOutOfOrder("the next review is due before this review")


@_check_specific.register
def _adoption(event: AdoptionGranted, state: ChildState, today: date) -> None:
    if not state.free_for_adoption:
        raise errors.NotFreeForAdoption("the child is not legally free for adoption")
    if state.open_episode is None:
        raise errors.NoOpenEpisode("adoption is recorded for a child in care")
    _check_not_before_open_episode_dates(event, state)


@_check_specific.register
def _exited(event: CareExited, state: ChildState, today: date) -> None:
    episode = state.open_episode
    if episode is None or episode.episode_id != event.episode_id:
        raise errors.NoOpenEpisode("the child has no open care episode")
    if state.open_placement is not None:
        raise errors.PlacementAlreadyOpen("the open placement must end with the exit")
    if event.reason is ExitReason.ADOPTION and not any(
        day >= episode.entered_on for day, _ in state.adoptions
    ):
        raise errors.NotFreeForAdoption("an exit to adoption needs an adoption order")
    _check_not_before_open_episode_dates(event, state)


@_check_specific.register
def _transferred(event: CaseTransferred, state: ChildState, today: date) -> None:
    if event.from_district != state.district:
        raise errors.InvalidTransition("the case is not held by the district it leaves")
    if event.to_district == state.district:
        raise errors.InvalidTransition("the case is already held by that district")


@_check_specific.register
def _linked(event: RecordsLinked, state: ChildState, today: date) -> None:
    if event.duplicate_id == event.survivor_id:
        raise errors.InvalidLink("a record cannot be linked to itself")
    if event.originator_id == event.duplicate_id:
        if state.open_episode is not None:
            raise errors.InvalidLink(
                "the duplicate record has an open care episode: exit or void it first, "
                "so that the child is in care under one record"
            )
        if state.linked_records:
            raise errors.InvalidLink(
                "other records are linked to this one: it stays a surviving record"
            )
        return
    for episode in state.episodes:
        for start, end in event.duplicate_spells:
            if (
                start < end
                and episode.removal_date < end
                and (episode.exited_on is None or start < episode.exited_on)
            ):
                raise errors.InvalidLink(
                    "the two records were in care at the same time (the duplicate from "
                    f"{start.isoformat()} to {end.isoformat()}): correct one of them first"
                )


@_check_specific.register
def _not_duplicates(event: NotDuplicates, state: ChildState, today: date) -> None:
    if event.other_id == event.originator_id:
        raise errors.InvalidLink("a record is not a duplicate of itself")


def _check_not_before_open_episode_dates(event: ChildEvent, state: ChildState) -> None:
    latest = state.latest_date_in_open_episode()
    if latest is not None and event.effective_date < latest:
        raise errors.DateOutOfOrder("the date precedes a decision already taken in this episode")
