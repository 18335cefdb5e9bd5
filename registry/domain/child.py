"""The Child aggregate: one stream per child, holding every decision about them.

The aggregate keeps the full history and derives its state by folding it with
corrections applied and voided decisions left out, so a correction changes what
the registry concludes without changing what it recorded.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from registry.domain import errors, text
from registry.domain.child_events import (
    AdoptionGranted,
    CareExited,
    CaseTransferred,
    ChildEvent,
    ChildRegistered,
    DecisionCorrected,
    DecisionVoided,
    DevelopmentPlanAdopted,
    DevelopmentPlanReviewed,
    EnteredCare,
    GatekeepingAssessed,
    LegalStatusChanged,
    PlacementEnded,
    PlacementStarted,
)
from registry.domain.child_rules import check, replay_checked
from registry.domain.child_state import ChildState, Placement, evolve
from registry.domain.commands import (
    AdmitToCare,
    AdoptPlan,
    AssessNeeds,
    ChangeLegalStatus,
    CorrectDecision,
    DecisionHeader,
    ExitCare,
    GrantAdoption,
    MoveChild,
    PlaceChild,
    RegisterChild,
    ReviewPlan,
    TransferCase,
    VoidDecision,
)
from registry.domain.corrections import apply_changes, coerce_changes
from registry.domain.values import ExitReason, PlacementEndReason

CORRECTION_EVENTS = (DecisionCorrected, DecisionVoided)


class Child(Aggregate):
    TOPIC = "registry.child:Child"
    Event = ChildEvent
    Created = ChildRegistered

    def __init__(self) -> None:
        self.history: list[ChildEvent] = []
        self.corrections: dict[int, dict[str, Any]] = {}
        self.voided: set[int] = set()
        self._state: ChildState | None = None

    # -- folding -------------------------------------------------------------

    def record(self, event: ChildEvent) -> None:
        """Called by every event's `apply`: keep it, then update the folded state."""
        self.history.append(event)
        if isinstance(event, DecisionCorrected):
            merged = {**self.corrections.get(event.corrects, {}), **event.changes}
            self.corrections[event.corrects] = merged
            self._state = self._fold(self.effective_history())
        elif isinstance(event, DecisionVoided):
            self.voided.add(event.voids)
            self._state = self._fold(self.effective_history())
        else:
            self._state = evolve(event, self._state)

    @staticmethod
    def _fold(history: list[ChildEvent]) -> ChildState:
        state: ChildState | None = None
        for event in history:
            state = evolve(event, state)
        assert state is not None
        return state

    @property
    def state(self) -> ChildState:
        assert self._state is not None
        return self._state

    def effective_history(
        self,
        corrections: dict[int, dict[str, Any]] | None = None,
        voided: set[int] | None = None,
    ) -> list[ChildEvent]:
        """Decisions in recorded order, corrected, without voided ones or the corrections."""
        corrections = self.corrections if corrections is None else corrections
        voided = self.voided if voided is None else voided
        return [
            apply_changes(event, corrections[event.originator_version])
            if event.originator_version in corrections
            else event
            for event in self.history
            if not isinstance(event, CORRECTION_EVENTS) and event.originator_version not in voided
        ]

    # -- deciding ------------------------------------------------------------

    @contextmanager
    def _all_or_nothing(self) -> Iterator[None]:
        """A compound decision refused halfway leaves the aggregate as it was.

        The state is re-folded from the kept history only when a refusal happens,
        rather than copied before every decision: refusals are rare, decisions not.
        """
        history_length, version, modified_on = len(self.history), self.version, self.modified_on
        corrections, voided = dict(self.corrections), set(self.voided)
        pending_length = len(self.pending_events)
        try:
            yield
        except errors.DomainError:
            del self.history[history_length:]
            del self.pending_events[pending_length:]
            self.corrections, self.voided = corrections, voided
            self.version, self.modified_on = version, modified_on
            self._state = self._fold(self.effective_history())
            raise

    @classmethod
    def register(cls, command: RegisterChild, *, child_id: UUID, today: date) -> Child:
        fields = {
            **command.header.event_fields(),
            "given_name": command.given_name,
            "family_name": command.family_name,
            "patronymic": command.patronymic,
            "birth_date": command.birth_date,
            "sex": command.sex,
            "district": command.district,
            "personal_id": command.personal_id,
            "disability": command.disability,
            "parental_status": command.parental_status,
        }
        proposal = ChildRegistered(
            originator_id=child_id,
            originator_version=cls.INITIAL_VERSION,
            timestamp=ChildRegistered.create_timestamp(),
            originator_topic=cls.TOPIC,
            **fields,
        )
        check(proposal, None, today)
        return cls._create(ChildRegistered, id=child_id, timestamp=proposal.timestamp, **fields)

    def _decide(
        self,
        event_class: type[ChildEvent],
        today: date,
        header: DecisionHeader,
        **fields: Any,
    ) -> None:
        """Check the proposed decision against every rule, then record it. (The
        library's events take their fields by keyword; the typed commands end here.)"""
        fields.update(header.event_fields())
        proposal = event_class(
            originator_id=self.id,
            originator_version=self.version + 1,
            timestamp=event_class.create_timestamp(),
            **fields,
        )
        check(proposal, self._state, today)
        self.trigger_event(event_class, timestamp=proposal.timestamp, **fields)

    def change_legal_status(self, today: date, command: ChangeLegalStatus) -> None:
        self._decide(
            LegalStatusChanged,
            today,
            command.header,
            parental_rights=command.parental_rights,
            free_for_adoption=command.free_for_adoption,
            court_ref=command.court_ref,
        )

    def assess(self, today: date, command: AssessNeeds, *, assessment_id: UUID) -> None:
        self._decide(
            GatekeepingAssessed,
            today,
            command.header,
            assessment_id=assessment_id,
            outcome=command.outcome,
            recommended_setting=command.recommended_setting,
            options_considered=list(command.options_considered),
        )

    def admit(
        self, today: date, command: AdmitToCare, *, episode_id: UUID, placement_id: UUID
    ) -> None:
        """Admission is EnteredCare and the first PlacementStarted, decided together."""
        with self._all_or_nothing():
            self._decide(
                EnteredCare,
                today,
                command.header,
                episode_id=episode_id,
                removal_date=command.removal_date,
                manner=command.manner,
                reasons=list(command.reasons),
            )
            self._start_placement(today, command, episode_id, placement_id)

    def move(self, today: date, command: MoveChild, *, placement_id: UUID) -> Placement:
        """End the open placement and start the next one; returns the ended placement."""
        current = self._require_open_placement()
        with self._all_or_nothing():
            self._end_placement(current, today, command.header, command.end_reason)
            self._start_placement(today, command, current.episode_id, placement_id)
        return current

    def _start_placement(
        self, today: date, command: PlaceChild, episode_id: UUID, placement_id: UUID
    ) -> None:
        self._decide(
            PlacementStarted,
            today,
            command.header,
            placement_id=placement_id,
            episode_id=episode_id,
            setting=command.setting,
            provider_id=command.provider_id,
            carer=command.carer,
            justification=command.justification,
        )

    def adopt_plan(self, today: date, command: AdoptPlan, *, plan_id: UUID) -> None:
        self._decide(
            DevelopmentPlanAdopted,
            today,
            command.header,
            plan_id=plan_id,
            goals=list(command.goals),
            next_review_due=command.next_review_due,
        )

    def review_plan(self, today: date, command: ReviewPlan) -> None:
        self._decide(
            DevelopmentPlanReviewed,
            today,
            command.header,
            plan_id=command.plan_id,
            placement_still_necessary=command.placement_still_necessary,
            child_heard=command.child_heard,
            outcome=command.outcome,
            next_review_due=command.next_review_due,
        )

    def grant_adoption(self, today: date, command: GrantAdoption) -> Placement | None:
        """Adoption order, end of the open placement and exit to adoption, in one decision."""
        with self._all_or_nothing():
            self._decide(
                AdoptionGranted,
                today,
                command.header,
                court_ref=command.court_ref,
                kind=command.kind,
            )
            return self._exit(today, command.header, ExitReason.ADOPTION)

    def exit_care(self, today: date, command: ExitCare) -> Placement | None:
        if command.reason is ExitReason.ADOPTION:
            raise errors.InvalidTransition("an adoption is recorded as an adoption decision")
        return self._exit(today, command.header, command.reason)

    def transfer(self, today: date, command: TransferCase) -> None:
        self._decide(
            CaseTransferred,
            today,
            command.header,
            from_district=self.state.district,
            to_district=command.to_district,
        )

    def _exit(self, today: date, header: DecisionHeader, reason: ExitReason) -> Placement | None:
        episode = self.state.open_episode
        if episode is None:
            raise errors.NoOpenEpisode("the child has no open care episode")
        ended = self.state.open_placement
        with self._all_or_nothing():
            if ended is not None:
                self._end_placement(ended, today, header, PlacementEndReason.EPISODE_CLOSED)
            self._decide(CareExited, today, header, episode_id=episode.episode_id, reason=reason)
        return ended

    def _end_placement(
        self,
        placement: Placement,
        today: date,
        header: DecisionHeader,
        reason: PlacementEndReason,
    ) -> None:
        self._decide(
            PlacementEnded, today, header, placement_id=placement.placement_id, reason=reason
        )

    def _require_open_placement(self) -> Placement:
        if self.state.open_episode is None:
            raise errors.NoOpenEpisode("the child has no open care episode")
        placement = self.state.open_placement
        if placement is None:
            raise errors.NoOpenPlacement("the child has no open placement")
        return placement

    # -- corrections ---------------------------------------------------------

    def correct(self, today: date, command: CorrectDecision) -> None:
        corrects = command.corrects
        target = self._correctable(corrects)
        typed = coerce_changes(type(target), command.changes)
        merged = {**self.corrections.get(corrects, {}), **typed}
        self._judge({**self.corrections, corrects: merged}, self.voided, today)
        self._decide_correction(
            DecisionCorrected,
            today,
            command.header,
            corrects=corrects,
            changes=typed,
            reason=command.reason,
        )

    def void(self, today: date, command: VoidDecision) -> None:
        target = self._correctable(command.voids)
        if isinstance(target, ChildRegistered):
            raise errors.InvalidCorrection("a registration cannot be voided; correct it instead")
        self._judge(self.corrections, self.voided | {command.voids}, today)
        self._decide_correction(
            DecisionVoided, today, command.header, voids=command.voids, reason=command.reason
        )

    def _correctable(self, version: int) -> ChildEvent:
        if not 1 <= version <= len(self.history):
            raise errors.InvalidCorrection("there is no decision with that version")
        target = self.history[version - 1]
        if isinstance(target, CORRECTION_EVENTS):
            raise errors.InvalidCorrection("corrections and voidings are not themselves corrected")
        if version in self.voided:
            raise errors.InvalidCorrection("that decision is already voided")
        return target

    def _judge(self, corrections: dict[int, dict[str, Any]], voided: set[int], today: date) -> None:
        try:
            replay_checked(self.effective_history(corrections, voided), today)
        except errors.DomainError as broken:
            raise errors.InvalidCorrection(
                f"the corrected history would break a rule ({broken.code}): {broken.detail}"
            ) from None

    def _decide_correction(
        self,
        event_class: type[ChildEvent],
        today: date,
        header: DecisionHeader,
        **fields: Any,
    ) -> None:
        """Corrections are allowed after death, so only the text and date rules apply."""
        fields.update(header.event_fields())
        text.check_fields(fields.items())
        if header.effective_date > today:
            raise errors.FutureDate("the effective date is in the future")
        self.trigger_event(event_class, **fields)
