"""A readable one-line summary of each decision about a child, for timelines.

Summaries carry coded values, dates and ids only: never names, birth dates,
personal ids, carers' names or free-text outcomes and reasons, so a timeline can
be shown, logged or exported without leaking who the child is. A correction's
line shows each changed field from its old value to its new one where the values
are of that kind, and names the field alone where they are not.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from enum import Enum
from functools import singledispatch
from typing import Any
from uuid import UUID

from projections.field_changes import FieldChange
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

REFERENCE_TEXT_FIELDS = frozenset({"district", "from_district", "to_district"})
"""Text fields holding reference data (district codes), shown like coded values."""

PERSONAL_FIELDS = frozenset({"birth_date"})
"""Fields of a showable type whose values still tell who the child is."""


def summary(event: ChildEvent, changes: Sequence[FieldChange] = ()) -> str:
    """The line for `event`; a correction's line needs its `changes` (from
    `field_changes`), since its event records the new values only."""
    if isinstance(event, DecisionCorrected):
        return _corrected(event, changes)
    return _decision(event)


@singledispatch
def _decision(event: ChildEvent) -> str:
    return type(event).__name__


@_decision.register
def _registered(event: ChildRegistered) -> str:
    return f"Registered in district {event.district} ({event.parental_status.value})"


@_decision.register
def _legal_status(event: LegalStatusChanged) -> str:
    adoption = "free for adoption" if event.free_for_adoption else "not free for adoption"
    return f"Parental rights {event.parental_rights.value}; {adoption}"


@_decision.register
def _assessed(event: GatekeepingAssessed) -> str:
    recommended = (
        f" (recommended {event.recommended_setting.value})" if event.recommended_setting else ""
    )
    return f"Gatekeeping assessment: {event.outcome.value}{recommended}"


@_decision.register
def _entered(event: EnteredCare) -> str:
    return f"Entered care ({event.manner.value}), removed on {event.removal_date.isoformat()}"


@_decision.register
def _placed(event: PlacementStarted) -> str:
    if event.provider_id is not None:
        return f"Placed in {event.setting.value} (provider {event.provider_id})"
    return f"Placed in {event.setting.value} (named carer)"


@_decision.register
def _placement_ended(event: PlacementEnded) -> str:
    return f"Placement ended ({event.reason.value})"


@_decision.register
def _plan_adopted(event: DevelopmentPlanAdopted) -> str:
    goals = "1 goal" if len(event.goals) == 1 else f"{len(event.goals)} goals"
    return (
        f"Development plan adopted ({goals}), next review due {event.next_review_due.isoformat()}"
    )


@_decision.register
def _plan_reviewed(event: DevelopmentPlanReviewed) -> str:
    necessary = "still necessary" if event.placement_still_necessary else "no longer necessary"
    heard = "child heard" if event.child_heard else "child not heard"
    due = (
        f", next review due {event.next_review_due.isoformat()}"
        if event.next_review_due
        else ", no further review set"
    )
    return f"Development plan reviewed: placement {necessary}, {heard}{due}"


@_decision.register
def _adoption(event: AdoptionGranted) -> str:
    return f"Adoption granted ({event.kind.value})"


@_decision.register
def _exited(event: CareExited) -> str:
    return f"Exited care ({event.reason.value})"


@_decision.register
def _transferred(event: CaseTransferred) -> str:
    return f"Case transferred from {event.from_district} to {event.to_district}"


@_decision.register
def _linked(event: RecordsLinked) -> str:
    if event.originator_id == event.duplicate_id:
        return f"Linked as a duplicate to record {event.survivor_id}"
    return f"Record {event.duplicate_id} linked to this one as its duplicate"


@_decision.register
def _not_duplicates(event: NotDuplicates) -> str:
    return f"Found not to be the same child as record {event.other_id}"


def _corrected(event: DecisionCorrected, changes: Sequence[FieldChange]) -> str:
    return f"Corrected version {event.corrects}: {', '.join(map(_change, changes))}"


def _change(change: FieldChange) -> str:
    if _shown(change.field, change.before) and _shown(change.field, change.after):
        return f"{change.field} {_text(change.before)} → {_text(change.after)}"
    return f"{change.field} changed"


def _shown(field: str, value: Any) -> bool:
    """Coded values, flags, numbers, dates, ids and district codes; never free text."""
    if field in PERSONAL_FIELDS:
        return False
    if field in REFERENCE_TEXT_FIELDS:
        return True
    return value is None or isinstance(value, Enum | bool | int | date | UUID)


def _text(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


@_decision.register
def _voided(event: DecisionVoided) -> str:
    return f"Decision {event.voids} voided"
