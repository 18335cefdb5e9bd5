"""Typed values from an import row's fields, the same in CSV (text) and JSON Lines.

CSV cells are text: lists are `;`-separated, goals are `area:objective`, a
correction's `changes` is a JSON object. Errors name the field, never its value
(values may be a child's personal data).
"""

from __future__ import annotations

import json
from datetime import date
from enum import Enum
from typing import Any, TypeVar
from uuid import UUID

from registry.domain.values import Goal

TEnum = TypeVar("TEnum", bound=Enum)
TRUE_WORDS = frozenset({"true", "yes", "1", "y"})
FALSE_WORDS = frozenset({"false", "no", "0", "n"})


class InvalidRow(Exception):
    """A row whose fields do not make a decision; reported with code `validation`."""

    code = "validation"

    def __init__(self, detail: str, code: str = "validation") -> None:
        super().__init__(detail)
        self.detail = detail
        self.code = code


class RowFields:
    """Accessors that read, convert and complain about one row's fields."""

    def __init__(self, values: dict[str, Any]) -> None:
        self.values = values

    def text(self, name: str) -> str:
        value = self.optional_text(name)
        if value is None:
            raise InvalidRow(f"field '{name}' is required")
        return value

    def optional_text(self, name: str) -> str | None:
        value = self.values.get(name)
        if value is None:
            return None
        text = str(value).strip()
        return text or None

    def day(self, name: str) -> date:
        value = self.optional_day(name)
        if value is None:
            raise InvalidRow(f"field '{name}' is required")
        return value

    def optional_day(self, name: str) -> date | None:
        text = self.optional_text(name)
        if text is None:
            return None
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise InvalidRow(f"field '{name}' is not an ISO date (YYYY-MM-DD)") from None

    def flag(self, name: str, default: bool | None = None) -> bool:
        value = self.values.get(name)
        if isinstance(value, bool):
            return value
        text = self.optional_text(name)
        if text is None:
            if default is None:
                raise InvalidRow(f"field '{name}' is required")
            return default
        if text.lower() in TRUE_WORDS:
            return True
        if text.lower() in FALSE_WORDS:
            return False
        raise InvalidRow(f"field '{name}' is not true or false")

    def coded(self, name: str, enum: type[TEnum]) -> TEnum:
        value = self.optional_coded(name, enum)
        if value is None:
            raise InvalidRow(f"field '{name}' is required")
        return value

    def optional_coded(self, name: str, enum: type[TEnum]) -> TEnum | None:
        text = self.optional_text(name)
        if text is None:
            return None
        try:
            return enum(text)
        except ValueError:
            allowed = ", ".join(str(member.value) for member in enum)
            raise InvalidRow(f"field '{name}' must be one of: {allowed}") from None

    def number(self, name: str) -> int:
        text = self.text(name)
        try:
            return int(text)
        except ValueError:
            raise InvalidRow(f"field '{name}' is not a whole number") from None

    def identifier(self, name: str) -> UUID | None:
        text = self.optional_text(name)
        if text is None:
            return None
        try:
            return UUID(text)
        except ValueError:
            raise InvalidRow(f"field '{name}' is not a UUID") from None

    def words(self, name: str) -> list[str]:
        value = self.values.get(name)
        if value is None:
            return []
        if isinstance(value, list):
            return [str(item).strip() for item in value if str(item).strip()]
        return [part.strip() for part in str(value).split(";") if part.strip()]

    def goals(self, name: str) -> list[Goal]:
        value = self.values.get(name)
        items = value if isinstance(value, list) else self.words(name)
        goals = [_goal(name, item) for item in items]
        if not goals:
            raise InvalidRow(f"field '{name}' needs at least one goal")
        return goals

    def mapping(self, name: str) -> dict[str, Any]:
        value = self.values.get(name)
        if isinstance(value, str):
            try:
                value = json.loads(value)
            except json.JSONDecodeError:
                raise InvalidRow(f"field '{name}' is not a JSON object") from None
        if not isinstance(value, dict) or not value:
            raise InvalidRow(f"field '{name}' must be a non-empty JSON object")
        return value


def _goal(name: str, item: Any) -> Goal:
    if isinstance(item, dict) and {"area", "objective"} <= item.keys():
        return Goal(area=str(item["area"]), objective=str(item["objective"]))
    area, separator, objective = str(item).partition(":")
    if not separator or not area.strip() or not objective.strip():
        raise InvalidRow(f"field '{name}' holds a goal that is not area:objective")
    return Goal(area=area.strip(), objective=objective.strip())
