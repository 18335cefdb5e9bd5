"""The Child stream's events: facts of decisions, with stable stored topics.

Every field is required (no defaults): the frozen dataclasses built by the library
cannot mix defaulted base fields with required subclass fields, and an explicit
`None` says "no legal act" more honestly than a silent default.

Schema evolution: each class states its `class_version` itself (the attribute is
inherited, so one on `ChildEvent` would bump every event at once). A stored event's
meaning never changes. Adding a field means `class_version` + 1 on that class and a
static `upcast_v<N>_v<N+1>(state)` that gives rows stored before the change the new
field's value; the topic stays. See docs/design.md, "Event schema evolution".
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar
from uuid import UUID

from eventsourcing.domain import Aggregate
from eventsourcing.utils import register_topic

from registry.domain import values


class ChildEvent(Aggregate.Event):
    """A decision about a child: when it took effect, who recorded it, on which legal act."""

    TOPIC: ClassVar[str]
    effective_date: date
    recorded_by: str
    decision_ref: str | None

    def apply(self, aggregate: Any) -> None:
        aggregate.record(self)


class ChildRegistered(ChildEvent, Aggregate.Created):
    TOPIC = "registry.child:ChildRegistered"
    class_version = 2
    given_name: str
    family_name: str
    patronymic: str | None
    birth_date: date
    sex: values.Sex
    district: str
    personal_id: str | None
    disability: bool
    parental_status: values.ParentalStatus
    duplicate_override_reason: str | None
    """Version 2: why the child was registered although records alike existed."""

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        """Registrations before the duplicate check overrode nothing."""
        state["duplicate_override_reason"] = None


class LegalStatusChanged(ChildEvent):
    TOPIC = "registry.child:LegalStatusChanged"
    class_version = 1
    parental_rights: values.ParentalRights
    free_for_adoption: bool
    court_ref: str | None


class GatekeepingAssessed(ChildEvent):
    TOPIC = "registry.child:GatekeepingAssessed"
    class_version = 1
    assessment_id: UUID
    outcome: values.AssessmentOutcome
    recommended_setting: values.Setting | None
    options_considered: list[str]


class EnteredCare(ChildEvent):
    TOPIC = "registry.child:EnteredCare"
    class_version = 1
    episode_id: UUID
    removal_date: date
    manner: values.RemovalManner
    reasons: list[str]


class PlacementStarted(ChildEvent):
    TOPIC = "registry.child:PlacementStarted"
    class_version = 1
    placement_id: UUID
    episode_id: UUID
    setting: values.Setting
    provider_id: UUID | None
    carer: str | None
    justification: str | None


class PlacementEnded(ChildEvent):
    TOPIC = "registry.child:PlacementEnded"
    class_version = 1
    placement_id: UUID
    reason: values.PlacementEndReason


class DevelopmentPlanAdopted(ChildEvent):
    TOPIC = "registry.child:DevelopmentPlanAdopted"
    class_version = 1
    plan_id: UUID
    goals: list[values.Goal]
    next_review_due: date


class DevelopmentPlanReviewed(ChildEvent):
    TOPIC = "registry.child:DevelopmentPlanReviewed"
    class_version = 1
    plan_id: UUID
    placement_still_necessary: bool
    child_heard: bool
    outcome: str
    next_review_due: date | None


class AdoptionGranted(ChildEvent):
    TOPIC = "registry.child:AdoptionGranted"
    class_version = 1
    court_ref: str | None
    kind: values.AdoptionKind


class CareExited(ChildEvent):
    TOPIC = "registry.child:CareExited"
    class_version = 1
    episode_id: UUID
    reason: values.ExitReason


class CaseTransferred(ChildEvent):
    TOPIC = "registry.child:CaseTransferred"
    class_version = 1
    from_district: str
    to_district: str


class RecordsLinked(ChildEvent):
    """Two records are one child: the duplicate points to the survivor and is closed.

    One decision, one event in each of the two streams (the stream it sits in tells
    which side it is). `duplicate_spells` are the duplicate's care episodes, all
    closed, as [removal date, exit date] pairs: the survivor checks its own episodes
    against them, so the child is never in care twice at once across the link."""

    TOPIC = "registry.child:RecordsLinked"
    class_version = 1
    duplicate_id: UUID
    survivor_id: UUID
    reason: str
    duplicate_spells: list[list[date]]


class NotDuplicates(ChildEvent):
    """Two records alike are two children: the pair is never suggested again."""

    TOPIC = "registry.child:NotDuplicates"
    class_version = 1
    other_id: UUID
    reason: str


class DecisionCorrected(ChildEvent):
    TOPIC = "registry.child:DecisionCorrected"
    class_version = 1
    corrects: int
    changes: dict[str, Any]
    reason: str


class DecisionVoided(ChildEvent):
    TOPIC = "registry.child:DecisionVoided"
    class_version = 1
    voids: int
    reason: str


CHILD_EVENT_TYPES: tuple[type[ChildEvent], ...] = (
    ChildRegistered,
    LegalStatusChanged,
    GatekeepingAssessed,
    EnteredCare,
    PlacementStarted,
    PlacementEnded,
    DevelopmentPlanAdopted,
    DevelopmentPlanReviewed,
    AdoptionGranted,
    CareExited,
    CaseTransferred,
    RecordsLinked,
    NotDuplicates,
    DecisionCorrected,
    DecisionVoided,
)

for _event_class in CHILD_EVENT_TYPES:
    register_topic(_event_class.TOPIC, _event_class)
