"""The Child aggregate: one stream per child, holding every decision about them.

The aggregate keeps the full history and derives its state by folding it with
corrections applied and voided decisions left out, so a correction changes what
the registry concludes without changing what it recorded.
"""

from __future__ import annotations

import copy
from datetime import date, datetime
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from registry.domain import commands, errors, text
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
    NotDuplicates,
    PlacementEnded,
    PlacementStarted,
    RecordsLinked,
)
from registry.domain.child_rules import check, replay_checked
from registry.domain.child_state import ChildState, Placement, evolve
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

    @classmethod
    def register(cls, command: commands.RegisterChild, *, child_id: UUID, today: date) -> Child:
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
            "duplicate_override_reason": command.duplicate_override_reason,
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

    def _decide(self, today: date, header: commands.DecisionHeader, *proposed: Proposed) -> None:
        """Check each event of one decision against every rule, on the state the events
        before it leave, then record them all: a decision refused at any of its events
        records none, and leaves the aggregate as it was. Only a decision of several
        events copies the state (to judge its later events on); most have one.
        (The library's events take their fields by keyword: the typed commands end here.)"""
        state = self._state if len(proposed) == 1 else copy.deepcopy(self._state)
        checked: list[tuple[type[ChildEvent], datetime, dict[str, Any]]] = []
        for offset, (event_class, own_fields) in enumerate(proposed, start=1):
            fields = {**own_fields, **header.event_fields()}
            proposal = event_class(
                originator_id=self.id,
                originator_version=self.version + offset,
                timestamp=event_class.create_timestamp(),
                **fields,
            )
            check(proposal, state, today)
            if offset < len(proposed):
                state = evolve(proposal, state)
            checked.append((event_class, proposal.timestamp, fields))
        for event_class, timestamp, fields in checked:
            self.trigger_event(event_class, timestamp=timestamp, **fields)

    def change_legal_status(self, today: date, command: commands.ChangeLegalStatus) -> None:
        legal_status = {
            "parental_rights": command.parental_rights,
            "free_for_adoption": command.free_for_adoption,
            "court_ref": command.court_ref,
        }
        self._decide(today, command.header, (LegalStatusChanged, legal_status))

    def assess(self, today: date, command: commands.AssessNeeds, *, assessment_id: UUID) -> None:
        assessment = {
            "assessment_id": assessment_id,
            "outcome": command.outcome,
            "recommended_setting": command.recommended_setting,
            "options_considered": list(command.options_considered),
        }
        self._decide(today, command.header, (GatekeepingAssessed, assessment))

    def admit(
        self, today: date, command: commands.AdmitToCare, *, episode_id: UUID, placement_id: UUID
    ) -> None:
        """Admission is EnteredCare and the first PlacementStarted, decided together."""
        entry = {
            "episode_id": episode_id,
            "removal_date": command.removal_date,
            "manner": command.manner,
            "reasons": list(command.reasons),
        }
        self._decide(
            today,
            command.header,
            (EnteredCare, entry),
            _placement_started(command, episode_id, placement_id),
        )

    def move(self, today: date, command: commands.MoveChild, *, placement_id: UUID) -> Placement:
        """End the open placement and start the next one; returns the ended placement."""
        current = self._require_open_placement()
        self._decide(
            today,
            command.header,
            _placement_ended(current, command.end_reason),
            _placement_started(command, current.episode_id, placement_id),
        )
        return current

    def adopt_plan(self, today: date, command: commands.AdoptPlan, *, plan_id: UUID) -> None:
        plan = {
            "plan_id": plan_id,
            "goals": list(command.goals),
            "next_review_due": command.next_review_due,
        }
        self._decide(today, command.header, (DevelopmentPlanAdopted, plan))

    def review_plan(self, today: date, command: commands.ReviewPlan) -> None:
        review = {
            "plan_id": command.plan_id,
            "placement_still_necessary": command.placement_still_necessary,
            "child_heard": command.child_heard,
            "outcome": command.outcome,
            "next_review_due": command.next_review_due,
        }
        self._decide(today, command.header, (DevelopmentPlanReviewed, review))

    def grant_adoption(self, today: date, command: commands.GrantAdoption) -> Placement | None:
        """Adoption order, end of the open placement and exit to adoption, in one decision
        (without an open episode the order itself is refused, `child_rules`)."""
        ended = self.state.open_placement
        adoption = {"court_ref": command.court_ref, "kind": command.kind}
        self._decide(
            today,
            command.header,
            (AdoptionGranted, adoption),
            *self._exit(ExitReason.ADOPTION),
        )
        return ended

    def exit_care(self, today: date, command: commands.ExitCare) -> Placement | None:
        """The end of the open placement and the exit; returns the ended placement."""
        if command.reason is ExitReason.ADOPTION:
            raise errors.InvalidTransition("an adoption is recorded as an adoption decision")
        if self.state.open_episode is None:
            raise errors.NoOpenEpisode("the child has no open care episode")
        ended = self.state.open_placement
        self._decide(today, command.header, *self._exit(command.reason))
        return ended

    def transfer(self, today: date, command: commands.TransferCase) -> None:
        transfer = {"from_district": self.state.district, "to_district": command.to_district}
        self._decide(today, command.header, (CaseTransferred, transfer))

    def link_into(self, today: date, command: commands.LinkRecords, survivor: Child) -> None:
        """This record is a duplicate of `survivor`: one RecordsLinked in each stream,
        each judged by its own record's rules (nothing is recorded if either refuses)."""
        spells = [
            [episode.removal_date, episode.exited_on]
            for episode in self.state.episodes
            if episode.exited_on is not None
        ]
        link = {
            "duplicate_id": self.id,
            "survivor_id": survivor.id,
            "reason": command.reason,
            "duplicate_spells": spells,
        }
        self._decide(today, command.header, (RecordsLinked, link))
        survivor._decide(today, command.header, (RecordsLinked, link))

    def mark_not_duplicates(self, today: date, command: commands.MarkNotDuplicates) -> None:
        finding = {"other_id": command.other_id, "reason": command.reason}
        self._decide(today, command.header, (NotDuplicates, finding))

    def linked_by(self, version: int) -> UUID | None:
        """The other record of the link recorded at `version` (voided together with
        its twin in that record's stream); None when that decision is no link."""
        target = self.history[version - 1] if 1 <= version <= len(self.history) else None
        if not isinstance(target, RecordsLinked):
            return None
        return target.survivor_id if target.duplicate_id == self.id else target.duplicate_id

    def link_with(self, other: UUID) -> int | None:
        """The version of the link with `other` in force in this record, if any."""
        for event in reversed(self.history):
            if (
                isinstance(event, RecordsLinked)
                and other in (event.duplicate_id, event.survivor_id)
                and event.originator_version not in self.voided
            ):
                return event.originator_version
        return None

    def _exit(self, reason: ExitReason) -> list[Proposed]:
        """The events closing the open episode: PlacementEnded (when a placement is
        open) and CareExited; none when no episode is open."""
        episode = self.state.open_episode
        if episode is None:
            return []
        ended = self.state.open_placement
        closing = (
            [] if ended is None else [_placement_ended(ended, PlacementEndReason.EPISODE_CLOSED)]
        )
        return [*closing, (CareExited, {"episode_id": episode.episode_id, "reason": reason})]

    def _require_open_placement(self) -> Placement:
        if self.state.open_episode is None:
            raise errors.NoOpenEpisode("the child has no open care episode")
        placement = self.state.open_placement
        if placement is None:
            raise errors.NoOpenPlacement("the child has no open placement")
        return placement

    # -- corrections ---------------------------------------------------------

    def correct(self, today: date, command: commands.CorrectDecision) -> None:
        corrects = command.corrects
        target = self._correctable(corrects)
        if isinstance(target, RecordsLinked):
            raise errors.InvalidCorrection("a link of records is voided, not corrected")
        self._refuse_if_linked()
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

    def void(self, today: date, command: commands.VoidDecision) -> None:
        target = self._correctable(command.voids)
        if isinstance(target, ChildRegistered):
            raise errors.InvalidCorrection("a registration cannot be voided; correct it instead")
        if not isinstance(target, RecordsLinked):
            self._refuse_if_linked()
        self._judge(self.corrections, self.voided | {command.voids}, today)
        self._decide_correction(
            DecisionVoided, today, command.header, voids=command.voids, reason=command.reason
        )

    def _refuse_if_linked(self) -> None:
        """A duplicate's history is frozen while it is linked: the link is what may go."""
        if self.state.linked_to is not None:
            raise errors.RecordLinked(
                f"this record is linked to {self.state.linked_to} as its duplicate: "
                "void the link before correcting it"
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
        header: commands.DecisionHeader,
        **fields: Any,
    ) -> None:
        """Corrections are allowed after death, so only the text and date rules apply."""
        fields.update(header.event_fields())
        text.check_fields(fields.items())
        if header.effective_date > today:
            raise errors.FutureDate("the effective date is in the future")
        self.trigger_event(event_class, **fields)


Proposed = tuple[type[ChildEvent], dict[str, Any]]
"""One event of a decision: its class and its own fields (the header adds the rest)."""


def _placement_started(
    command: commands.PlaceChild, episode_id: UUID, placement_id: UUID
) -> Proposed:
    return PlacementStarted, {
        "placement_id": placement_id,
        "episode_id": episode_id,
        "setting": command.setting,
        "provider_id": command.provider_id,
        "carer": command.carer,
        "justification": command.justification,
    }


def _placement_ended(placement: Placement, reason: PlacementEndReason) -> Proposed:
    return PlacementEnded, {"placement_id": placement.placement_id, "reason": reason}
