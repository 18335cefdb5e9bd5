"""Turning a correction's `changes` into typed fields of the decision it corrects.

Changes arrive as JSON-shaped values (ISO dates, coded strings); they are coerced
to the corrected event's own field types so the corrected history folds exactly
like an original one. Errors name the field, never the value: values may be
personal data.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import date
from enum import Enum
from functools import cache
from typing import Any
from uuid import UUID

from registry.domain import errors, text
from registry.domain.child_events import ChildEvent
from registry.domain.values import Goal

# Fields that give a decision its identity or link it to other streams: changing
# them would rewrite who/what the decision is about. Void and re-record instead.
NON_CORRECTABLE_FIELDS = frozenset(
    {
        "originator_id",
        "originator_version",
        "originator_topic",
        "timestamp",
        "recorded_by",
        "episode_id",
        "placement_id",
        "plan_id",
        "assessment_id",
        "personal_id",
    }
)


@cache
def correctable_fields(event_class: type[ChildEvent]) -> dict[str, Any]:
    hints = typing.get_type_hints(event_class)
    return {
        f.name: hints[f.name]
        for f in dataclasses.fields(event_class)
        if f.name not in NON_CORRECTABLE_FIELDS
    }


def coerce_changes(event_class: type[ChildEvent], changes: dict[str, Any]) -> dict[str, Any]:
    """Typed changes for `event_class`, or `invalid_correction` naming the bad field."""
    if not changes:
        raise errors.InvalidCorrection("a correction changes at least one field")
    fields = correctable_fields(event_class)
    typed: dict[str, Any] = {}
    for name, value in changes.items():
        if name not in fields:
            raise errors.InvalidCorrection(
                f"field '{name}' of {event_class.__name__} cannot be corrected"
            )
        try:
            typed[name] = _coerce(fields[name], value)
        except (TypeError, ValueError, KeyError):
            raise errors.InvalidCorrection(
                f"field '{name}' does not hold a valid value for {event_class.__name__}"
            ) from None
    text.check_fields(typed.items())
    return typed


def apply_changes(event: ChildEvent, changes: dict[str, Any]) -> ChildEvent:
    return dataclasses.replace(event, **changes)


def _coerce(annotation: Any, value: Any) -> Any:
    origin = typing.get_origin(annotation)
    if origin in (types.UnionType, typing.Union):
        options = typing.get_args(annotation)
        if value is None and type(None) in options:
            return None
        (inner,) = [option for option in options if option is not type(None)]
        return _coerce(inner, value)
    if origin is list:
        (item_type,) = typing.get_args(annotation)
        if not isinstance(value, list):
            raise TypeError("expected a list")
        return [_coerce(item_type, item) for item in value]
    if origin is dict:
        if not isinstance(value, dict):
            raise TypeError("expected an object")
        return value
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return value if isinstance(value, annotation) else annotation(value)
    if annotation is date:
        if isinstance(value, date):
            return value
        if not isinstance(value, str):
            raise TypeError("expected an ISO date")
        return date.fromisoformat(value)
    if annotation is UUID:
        return value if isinstance(value, UUID) else UUID(str(value))
    if annotation is Goal:
        if isinstance(value, Goal):
            return value
        return Goal(area=str(value["area"]), objective=str(value["objective"]))
    if annotation is bool and not isinstance(value, bool):
        raise TypeError("expected a boolean")
    if annotation is int and (isinstance(value, bool) or not isinstance(value, int)):
        raise TypeError("expected an integer")
    if annotation is str and not isinstance(value, str):
        raise TypeError("expected a string")
    return value
