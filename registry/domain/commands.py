"""The decisions an officer can ask for, one frozen value per decision.

Every way in (a REST body, an import row, a page's form) builds one of these, and
`RegistryApplication.handle` takes nothing else: the fields are joined by type,
not by matching keyword names, so mypy checks every step from the request to the
event. A command says what is decided, by whom, when and on which legal act (its
`header`); the rules that judge it live with the aggregates.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from registry.domain import values


@dataclass(frozen=True, kw_only=True)
class DecisionHeader:
    """What every decision carries besides its own fields; every event keeps it."""

    recorded_by: str
    """The acting user, taken from their credentials, never from a request body."""
    effective_date: date
    decision_ref: str | None = None
    """The number of the legal act, court order or ministry decision, if any."""

    def event_fields(self) -> dict[str, Any]:
        """The header as the fields every event of the decision carries."""
        return {
            "recorded_by": self.recorded_by,
            "effective_date": self.effective_date,
            "decision_ref": self.decision_ref,
        }


# -- children ----------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class RegisterChild:
    header: DecisionHeader
    given_name: str
    family_name: str
    patronymic: str | None
    birth_date: date
    sex: values.Sex
    district: str
    personal_id: str | None
    disability: bool
    parental_status: values.ParentalStatus
    child_id: UUID | None = None
    """Chosen by the registry when absent; an import names its children itself."""
    duplicate_override_reason: str | None = None
    """Why the child is registered although records alike exist (`PossibleDuplicate`);
    without it, such a registration is refused."""


@dataclass(frozen=True, kw_only=True)
class ChildDecision:
    """A decision about a child already registered."""

    header: DecisionHeader
    child_id: UUID


@dataclass(frozen=True, kw_only=True)
class ChangeLegalStatus(ChildDecision):
    parental_rights: values.ParentalRights
    free_for_adoption: bool
    court_ref: str | None


@dataclass(frozen=True, kw_only=True)
class AssessNeeds(ChildDecision):
    """A gatekeeping assessment: is a placement needed, and which setting is best."""

    outcome: values.AssessmentOutcome
    recommended_setting: values.Setting | None
    options_considered: Sequence[str]
    assessment_id: UUID | None = None
    """Proposed by the client, or chosen by the registry when absent."""


@dataclass(frozen=True, kw_only=True)
class PlaceChild(ChildDecision):
    """The placement part of an admission or a move: where the child will live."""

    setting: values.Setting
    provider_id: UUID | None
    carer: str | None = None
    justification: str | None = None


@dataclass(frozen=True, kw_only=True)
class AdmitToCare(PlaceChild):
    removal_date: date
    manner: values.RemovalManner
    reasons: Sequence[str]


@dataclass(frozen=True, kw_only=True)
class MoveChild(PlaceChild):
    end_reason: values.PlacementEndReason = values.PlacementEndReason.MOVED
    """Why the open placement ends."""


@dataclass(frozen=True, kw_only=True)
class AdoptPlan(ChildDecision):
    goals: Sequence[values.Goal]
    next_review_due: date
    plan_id: UUID | None = None
    """Proposed by the client, or chosen by the registry when absent."""


@dataclass(frozen=True, kw_only=True)
class ReviewPlan(ChildDecision):
    plan_id: UUID
    placement_still_necessary: bool
    child_heard: bool
    outcome: str
    next_review_due: date | None


@dataclass(frozen=True, kw_only=True)
class GrantAdoption(ChildDecision):
    court_ref: str | None
    kind: values.AdoptionKind


@dataclass(frozen=True, kw_only=True)
class ExitCare(ChildDecision):
    reason: values.ExitReason


@dataclass(frozen=True, kw_only=True)
class TransferCase(ChildDecision):
    to_district: str


@dataclass(frozen=True, kw_only=True)
class LinkRecords(ChildDecision):
    """`child_id` is the duplicate: it points to the survivor and is closed."""

    survivor_id: UUID
    reason: str


@dataclass(frozen=True, kw_only=True)
class MarkNotDuplicates(ChildDecision):
    """`child_id` and `other_id` are two children, however alike their records."""

    other_id: UUID
    reason: str


@dataclass(frozen=True, kw_only=True)
class CorrectDecision(ChildDecision):
    corrects: int
    changes: dict[str, Any]
    """New values of the corrected event's fields, as JSON would give them: the
    corrected event's own field types check and convert them (`domain.corrections`)."""
    reason: str


@dataclass(frozen=True, kw_only=True)
class VoidDecision(ChildDecision):
    voids: int
    reason: str


# -- providers ---------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class RegisterProvider:
    header: DecisionHeader
    kind: values.ProviderKind
    name: str
    district: str
    capacity: int
    provider_id: UUID | None = None


@dataclass(frozen=True, kw_only=True)
class ProviderDecision:
    """A decision about a provider already registered."""

    header: DecisionHeader
    provider_id: UUID


@dataclass(frozen=True, kw_only=True)
class ApproveProvider(ProviderDecision):
    pass


@dataclass(frozen=True, kw_only=True)
class SuspendProvider(ProviderDecision):
    pass


@dataclass(frozen=True, kw_only=True)
class CloseProvider(ProviderDecision):
    pass


@dataclass(frozen=True, kw_only=True)
class ChangeCapacity(ProviderDecision):
    capacity: int


ChildCommand = (
    ChangeLegalStatus
    | AssessNeeds
    | AdmitToCare
    | MoveChild
    | AdoptPlan
    | ReviewPlan
    | GrantAdoption
    | ExitCare
    | TransferCase
    | LinkRecords
    | MarkNotDuplicates
    | CorrectDecision
    | VoidDecision
)
"""The decisions about a registered child."""

ProviderCommand = ApproveProvider | SuspendProvider | CloseProvider | ChangeCapacity
"""The decisions about a registered provider."""

Command = RegisterChild | ChildCommand | RegisterProvider | ProviderCommand
"""Every decision the registry records."""
