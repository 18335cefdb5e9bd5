"""One recorded decision in a child's history, marked when later corrected or voided."""

from __future__ import annotations

import json
from datetime import date, datetime

import strawberry
from strawberry.scalars import JSON

from projections.rows import HistoryRow


@strawberry.type(
    description="A decision as recorded. `type` is the event's name (e.g. PlacementStarted); "
    "the original stays in the history when a later decision corrects or voids it."
)
class HistoryEntry:
    version: int
    type: str
    effective_date: date
    recorded_at: datetime
    recorded_by: str
    decision_ref: str | None
    summary: str
    corrected: bool
    voided: bool
    corrected_by: int | None
    voided_by: int | None
    payload: JSON

    @classmethod
    def from_row(cls, row: HistoryRow) -> HistoryEntry:
        return cls(
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
        )
