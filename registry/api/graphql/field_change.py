"""One field a correction changed, from its value before to its value after."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.scalars import JSON


@strawberry.type(
    description="A field a correction changed: its value before the correction (the "
    "decision as recorded, with earlier corrections of it applied) and after, coded as "
    "in the payload."
)
class FieldChange:
    field: str
    before: JSON | None
    after: JSON | None

    @classmethod
    def from_json(cls, change: dict[str, Any]) -> FieldChange:
        return cls(field=change["field"], before=change["before"], after=change["after"])
