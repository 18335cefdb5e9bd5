"""One recorded decision in a child's history, marked when later corrected or voided."""

from __future__ import annotations

import json
from datetime import date, datetime

import strawberry
from strawberry.scalars import JSON

from projections.rows import HistoryRow
from registry.api.graphql.context import Info
from registry.api.graphql.decider import Decider
from registry.api.graphql.field_change import FieldChange


async def _decider(root: HistoryEntry, info: Info) -> Decider | None:
    user = await info.context.loaders.deciders.load(root.recorded_by)
    return Decider.from_user(user) if user is not None else None


@strawberry.type(
    description="A decision as recorded. `type` is the event's name (e.g. PlacementStarted); "
    "summary and payload show what was recorded then. A later correction or voiding leaves "
    "the entry as it was and marks it (corrected, correctedBy: the version of the last "
    "correction of it; voided, voidedBy); the correction's own entry lists its changes."
)
class HistoryEntry:
    record_id: strawberry.ID = strawberry.field(
        description="The record the decision is in: the child's own, or a duplicate "
        "linked to it; `version` counts in that record."
    )
    version: int
    type: str
    effective_date: date
    recorded_at: datetime
    recorded_by: str = strawberry.field(
        description="The id of the user who recorded the decision (see decider)."
    )
    decision_ref: str | None
    summary: str
    corrected: bool
    voided: bool
    corrected_by: int | None
    voided_by: int | None
    payload: JSON
    changes: list[FieldChange] = strawberry.field(
        description="A DecisionCorrected entry's changes, each field from before to after, "
        "by field name; empty on every other entry."
    )

    decider: Decider | None = strawberry.field(
        resolver=_decider,
        description="Who recorded the decision (recordedBy), as the user store knows them; "
        "null when the store holds no user of that id, as for imported history or a "
        "single-sign-on subject. All entries of a request are looked up together.",
    )

    @classmethod
    def from_row(cls, row: HistoryRow) -> HistoryEntry:
        changes = json.loads(row.changes) if row.changes is not None else []
        return cls(
            record_id=strawberry.ID(str(row.child_id)),
            version=row.version,
            type=row.type,
            effective_date=row.effective_date,
            recorded_at=row.recorded_at,
            recorded_by=row.recorded_by,
            decision_ref=row.decision_ref,
            summary=row.summary,
            corrected=row.corrected,
            voided=row.voided,
            corrected_by=row.corrected_by,
            voided_by=row.voided_by,
            payload=json.loads(row.payload),
            changes=[FieldChange.from_json(change) for change in changes],
        )
