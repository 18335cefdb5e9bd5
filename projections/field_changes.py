"""What each correction changed: every field's value just before it and after it.

A correction's event records only the new values. The value it replaced is the
corrected decision as recorded with the earlier corrections of it applied, so
it is found by walking the child's history in recorded order: the same answer
whether a follower meets the correction live or a rebuild replays it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from registry.domain.child_events import ChildEvent, DecisionCorrected
from registry.domain.corrections import apply_changes


@dataclass(frozen=True)
class FieldChange:
    """One corrected field; values are the event's own types (dates, coded values)."""

    field: str
    before: Any
    after: Any


def changes_by_correction(history: Sequence[ChildEvent]) -> dict[int, tuple[FieldChange, ...]]:
    """For each correction in `history` (by its version), its changes in field order."""
    in_effect: dict[int, ChildEvent] = {}
    found: dict[int, tuple[FieldChange, ...]] = {}
    for event in history:
        if isinstance(event, DecisionCorrected):
            target = in_effect[event.corrects]
            found[event.originator_version] = tuple(
                FieldChange(field, getattr(target, field), value)
                for field, value in sorted(event.changes.items())
            )
            in_effect[event.corrects] = apply_changes(target, event.changes)
        else:
            in_effect[event.originator_version] = event
    return found
