"""child_status: one row per child — identity, where the child is now, plan and exit.

Each decision changes some columns of the child's row plus `version` and
`position` (the notification id of the last event applied). The rows a batch
touches are changed in memory and written once per batch. A new care episode
clears the previous episode's placement and plan: a re-entry needs its own plan.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import singledispatch
from typing import Any
from uuid import UUID

from projections.projection import Batch, ChildProjection
from projections.schema import CHILD_STATUS
from projections.working_rows import WorkingRows
from registry.database import Transaction
from registry.domain.child import Child
from registry.domain.child_events import (
    CareExited,
    CaseTransferred,
    ChildEvent,
    ChildRegistered,
    DevelopmentPlanAdopted,
    DevelopmentPlanReviewed,
    EnteredCare,
    LegalStatusChanged,
    PlacementEnded,
    PlacementStarted,
)

Row = dict[str, Any]
_NO_PLACEMENT: Row = dict.fromkeys(
    ("placement_id", "setting", "provider_id", "placement_since", "carer")
)
_NO_PLAN: Row = dict.fromkeys(("plan_id", "plan_adopted_on", "last_reviewed_on", "next_review_due"))


class ChildStatusProjection(ChildProjection):
    name = "child_status"
    tables = (CHILD_STATUS,)

    def begin(self, events: Sequence[Any], tx: Transaction, batch: Batch) -> None:
        rows = WorkingRows(CHILD_STATUS)
        rows.load(tx, (event.originator_id for event in events))
        batch.working[self.name] = rows

    def evolve(self, event: ChildEvent, position: int, tx: Transaction, batch: Batch) -> None:
        rows = batch.working[self.name]
        if isinstance(event, ChildRegistered):
            rows.put(_registered(event))
            row = rows.get(event.originator_id)
        else:
            row = rows.get(event.originator_id)
            row.update(_changes(event, row))
        row.update(version=event.originator_version, position=position)

    def forget(self, child_id: UUID, tx: Transaction, batch: Batch) -> None:
        """The rewrite replaces every column of the row: nothing to delete."""

    def rewrite(self, child: Child, position: int, tx: Transaction, batch: Batch) -> None:
        super().rewrite(child, position, tx, batch)
        batch.working[self.name].get(child.id)["version"] = child.version

    def finish(self, tx: Transaction, batch: Batch) -> None:
        batch.working.pop(self.name).save(tx)


def _registered(event: ChildRegistered) -> Row:
    row: Row = dict.fromkeys(CHILD_STATUS.column_names)
    row.update(
        child_id=str(event.originator_id),
        given_name=event.given_name,
        family_name=event.family_name,
        patronymic=event.patronymic,
        birth_date=event.birth_date,
        sex=event.sex.value,
        district=event.district,
        disability=event.disability,
        parental_status=event.parental_status.value,
        free_for_adoption=False,
        status="registered",
    )
    return row


@singledispatch
def _changes(event: ChildEvent, row: Row) -> Row:
    """Decisions that change no column here still move the row's version."""
    return {}


@_changes.register
def _legal_status(event: LegalStatusChanged, row: Row) -> Row:
    return {"free_for_adoption": event.free_for_adoption}


@_changes.register
def _entered(event: EnteredCare, row: Row) -> Row:
    return {
        "status": "in_care",
        "episode_id": str(event.episode_id),
        "entered_care_on": event.removal_date,
        "exited_on": None,
        "exit_reason": None,
        **_NO_PLAN,
        **_NO_PLACEMENT,
    }


@_changes.register
def _placed(event: PlacementStarted, row: Row) -> Row:
    return {
        "placement_id": str(event.placement_id),
        "setting": event.setting.value,
        "provider_id": str(event.provider_id) if event.provider_id else None,
        "placement_since": event.effective_date,
        "carer": event.carer,
    }


@_changes.register
def _placement_ended(event: PlacementEnded, row: Row) -> Row:
    return dict(_NO_PLACEMENT)


@_changes.register
def _plan_adopted(event: DevelopmentPlanAdopted, row: Row) -> Row:
    return {
        "plan_id": str(event.plan_id),
        "plan_adopted_on": event.effective_date,
        "next_review_due": event.next_review_due,
        "last_reviewed_on": None,
    }


@_changes.register
def _plan_reviewed(event: DevelopmentPlanReviewed, row: Row) -> Row:
    """Only a review of the current plan changes the child's plan status."""
    if row["plan_id"] != str(event.plan_id):
        return {}
    return {"last_reviewed_on": event.effective_date, "next_review_due": event.next_review_due}


@_changes.register
def _exited(event: CareExited, row: Row) -> Row:
    return {
        "status": "exited",
        "exited_on": event.effective_date,
        "exit_reason": event.reason.value,
    }


@_changes.register
def _transferred(event: CaseTransferred, row: Row) -> Row:
    return {"district": event.to_district}
