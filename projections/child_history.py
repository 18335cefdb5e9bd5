"""child_history: one row per decision about a child, for timelines and audits.

A row shows the decision as it was recorded, summary and payload alike: the
history is the record of what was decided then, and what is in effect now is the
other read models' business. A later correction or voiding only marks the row
(`corrected_by`: the last correction of it, `voided_by`: its voiding); the
correction's own row says what it changed, each field from its value before to
its value after (`changes`). The payload holds the event's own fields, except the
personal id, which the read side never needs.
"""

from __future__ import annotations

import json
from dataclasses import fields
from datetime import date
from enum import Enum
from functools import cache
from typing import Any
from uuid import UUID

from projections.field_changes import FieldChange, changes_by_correction
from projections.projection import AppendingChildProjection, Batch
from projections.schema import CHILD_HISTORY
from projections.summaries import summary
from registry.database import Transaction
from registry.domain.child import Child
from registry.domain.child_events import ChildEvent, DecisionCorrected, DecisionVoided
from registry.domain.values import Goal

_NOT_PAYLOAD = frozenset(
    {
        "originator_id",
        "originator_version",
        "originator_topic",
        "timestamp",
        "effective_date",
        "recorded_by",
        "decision_ref",
        "personal_id",
    }
)


class ChildHistoryProjection(AppendingChildProjection):
    name = "child_history"
    tables = (CHILD_HISTORY,)

    def evolve(self, event: ChildEvent, position: int, tx: Transaction, batch: Batch) -> None:
        """A decision that is not a correction or voiding: its row, unmarked."""
        batch.appended[self.name].append(event.originator_id, _row(event, None, None, None))

    def rewrite(self, child: Child, position: int, tx: Transaction, batch: Batch) -> None:
        """After a correction or voiding: every row as recorded, with today's marks."""
        corrected_by: dict[int, int] = {}
        voided_by: dict[int, int] = {}
        for event in child.history:
            if isinstance(event, DecisionCorrected):
                corrected_by[event.corrects] = event.originator_version
            elif isinstance(event, DecisionVoided):
                voided_by[event.voids] = event.originator_version
        changes = changes_by_correction(child.history)
        for event in child.history:
            version = event.originator_version
            batch.appended[self.name].append(
                child.id,
                _row(
                    event, corrected_by.get(version), voided_by.get(version), changes.get(version)
                ),
            )


def _row(
    event: ChildEvent,
    corrected_by: int | None,
    voided_by: int | None,
    changes: tuple[FieldChange, ...] | None,
) -> tuple[Any, ...]:
    """`changes` are given for a correction, and only for one."""
    return (
        event.originator_id,
        event.originator_version,
        type(event).__name__,
        event.effective_date,
        event.timestamp,
        event.recorded_by,
        event.decision_ref,
        summary(event, changes or ()),
        payload(event),
        corrected_by,
        voided_by,
        None if changes is None else _changes_json(changes),
    )


def payload(event: ChildEvent) -> str:
    """The event's own fields as JSON, coded values as their codes."""
    own = {name: getattr(event, name) for name in _payload_fields(type(event))}
    return _ENCODER.encode(own)


def _changes_json(changes: tuple[FieldChange, ...]) -> str:
    """A correction's changes as JSON: `[{field, before, after}]`, values coded as in
    the payload."""
    listed = [
        {"field": change.field, "before": change.before, "after": change.after}
        for change in changes
    ]
    return _ENCODER.encode(listed)


@cache
def _payload_fields(event_type: type[ChildEvent]) -> tuple[str, ...]:
    return tuple(field.name for field in fields(event_type) if field.name not in _NOT_PAYLOAD)


def _code(value: Any) -> Any:
    """What JSON cannot hold by itself, as the read side shows it."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date | UUID):
        return str(value)
    if isinstance(value, Goal):
        return {"area": value.area, "objective": value.objective}
    raise TypeError(f"{type(value).__name__} has no JSON form in a history payload")


_ENCODER = json.JSONEncoder(sort_keys=True, default=_code)
