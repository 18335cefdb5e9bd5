"""A child's timeline as the page shows it: each decision with what it decided (its
payload), a correction's fields before → after, and whether a supervisor may
correct or void it from its entry.

The history's stored `summary` is the API's English line; the page says the same
in the reader's language from the payload (`templates/summary.html`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from projections.rows import HistoryRow

NOT_CORRECTED_HERE = frozenset(
    {"DecisionCorrected", "DecisionVoided", "RecordsLinked", "NotDuplicates"}
)
"""Corrections and voidings are not themselves corrected; a link of records is
voided only, and decided on its own page of duplicates."""
NOT_VOIDED = frozenset({"ChildRegistered"})
"""A registration is corrected, never voided."""

VALUE_KINDS: dict[tuple[str, str], str] = {
    ("", "sex"): "sex",
    ("", "parental_status"): "parental_status",
    ("", "parental_rights"): "parental_rights",
    ("", "outcome"): "outcome",
    ("", "recommended_setting"): "setting",
    ("", "setting"): "setting",
    ("", "manner"): "manner",
    ("AdoptionGranted", "kind"): "adoption_kind",
    ("PlacementEnded", "reason"): "placement_end",
    ("CareExited", "reason"): "exit_reason",
}
"""The labels of a field's coded values, by the decision's type ("" for any)."""
DATE_FIELDS = frozenset({"effective_date", "birth_date", "removal_date", "next_review_due"})


@dataclass(frozen=True)
class TimelineEntry:
    row: HistoryRow
    facts: dict[str, Any]
    """The decision's fields as recorded (its payload)."""
    changes: list[dict[str, Any]]
    """A correction's `{field, before, after}`; empty for any other decision."""
    mine: bool
    """The entry is of this record, not of a duplicate linked to it."""

    @property
    def correctable(self) -> bool:
        return self.mine and not self.row.voided and self.row.type not in NOT_CORRECTED_HERE

    @property
    def voidable(self) -> bool:
        return self.correctable and self.row.type not in NOT_VOIDED


def timeline(child_id: UUID, history: list[HistoryRow]) -> list[TimelineEntry]:
    return [
        TimelineEntry(
            row=row,
            facts=json.loads(row.payload),
            changes=json.loads(row.changes) if row.changes else [],
            mine=row.child_id == child_id,
        )
        for row in history
    ]


def in_effect(entry: TimelineEntry, corrections: list[TimelineEntry]) -> dict[str, Any]:
    """The decision's fields as they stand: as recorded, with every correction of it
    applied in order (the date and legal act included)."""
    fields = {
        **entry.facts,
        "effective_date": entry.row.effective_date.isoformat(),
        "decision_ref": entry.row.decision_ref,
    }
    for correction in corrections:
        if correction.facts.get("corrects") == entry.row.version and correction.mine:
            fields.update({change["field"]: change["after"] for change in correction.changes})
    return fields


def parse_date(text: str | None) -> date | None:
    return None if not text else date.fromisoformat(text)
