"""How dates, coded values and goals are written into stored events.

Each enum gets a transcoding named after its class, so stored JSON reads
`{"_type_": "Setting", "_data_": "foster_family"}` and comes back as the member.
"""

from __future__ import annotations

from datetime import date
from enum import Enum
from typing import Any

from eventsourcing.persistence import Transcoding

from registry.domain.values import ENUM_TYPES, Goal


class DateAsISO(Transcoding):
    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


class GoalAsDict(Transcoding):
    type = Goal
    name = "goal"

    def encode(self, obj: Goal) -> dict[str, str]:
        return {"area": obj.area, "objective": obj.objective}

    def decode(self, data: dict[str, str]) -> Goal:
        return Goal(area=data["area"], objective=data["objective"])


class EnumAsValue(Transcoding):
    """One instance per enum class; the class name is the stored name."""

    def __init__(self, enum_type: type[Enum]) -> None:
        self.type = enum_type
        self.name = enum_type.__name__

    def encode(self, obj: Enum) -> Any:
        return obj.value

    def decode(self, data: Any) -> Enum:
        member: Enum = self.type(data)
        return member


def registry_transcodings() -> list[Transcoding]:
    return [DateAsISO(), GoalAsDict(), *(EnumAsValue(enum) for enum in ENUM_TYPES)]
