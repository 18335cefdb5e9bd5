"""A readable one-line summary of each decision about a child, for timelines.

Summaries carry coded values, dates and ids only: never names, birth dates,
personal ids, carers' names or free-text outcomes, so a timeline can be shown,
logged or exported without leaking who the child is.
"""

from __future__ import annotations

from functools import singledispatch

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


@singledispatch
def summary(event: ChildEvent) -> str:
    return type(event).__name__


@summary.register
def _registered(event: ChildRegistered) -> str:
    return f"Registered in district {event.district} ({event.parental_status.value})"


@summary.register
def _legal_status(event: LegalStatusChanged) -> str:
    adoption = "free for adoption" if event.free_for_adoption else "not free for adoption"
    return f"Parental rights {event.parental_rights.value}; {adoption}"


@summary.register
def _assessed(event: GatekeepingAssessed) -> str:
    recommended = (
        f" (recommended {event.recommended_setting.value})" if event.recommended_setting else ""
    )
    return f"Gatekeeping assessment: {event.outcome.value}{recommended}"


@summary.register
def _entered(event: EnteredCare) -> str:
    return f"Entered care ({event.manner.value}), removed on {event.removal_date.isoformat()}"


@summary.register
def _placed(event: PlacementStarted) -> str:
    if event.provider_id is not None:
        return f"Placed in {event.setting.value} (provider {event.provider_id})"
    return f"Placed in {event.setting.value} (named carer)"


@summary.register
def _placement_ended(event: PlacementEnded) -> str:
    return f"Placement ended ({event.reason.value})"


@summary.register
def _plan_adopted(event: DevelopmentPlanAdopted) -> str:
    goals = "1 goal" if len(event.goals) == 1 else f"{len(event.goals)} goals"
    return (
        f"Development plan adopted ({goals}), next review due {event.next_review_due.isoformat()}"
    )


@summary.register
def _plan_reviewed(event: DevelopmentPlanReviewed) -> str:
    necessary = "still necessary" if event.placement_still_necessary else "no longer necessary"
    heard = "child heard" if event.child_heard else "child not heard"
    due = (
        f", next review due {event.next_review_due.isoformat()}"
        if event.next_review_due
        else ", no further review set"
    )
    return f"Development plan reviewed: placement {necessary}, {heard}{due}"


@summary.register
def _adoption(event: AdoptionGranted) -> str:
    return f"Adoption granted ({event.kind.value})"


@summary.register
def _exited(event: CareExited) -> str:
    return f"Exited care ({event.reason.value})"


@summary.register
def _transferred(event: CaseTransferred) -> str:
    return f"Case transferred from {event.from_district} to {event.to_district}"


@summary.register
def _corrected(event: DecisionCorrected) -> str:
    return f"Decision {event.corrects} corrected: {', '.join(sorted(event.changes))}"


@summary.register
def _voided(event: DecisionVoided) -> str:
    return f"Decision {event.voids} voided"
