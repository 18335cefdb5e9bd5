"""What every decision form shares: reading the form into the REST body's model,
and where each refusal is shown."""

from __future__ import annotations

import asyncio
from typing import Any, TypeVar

from fastapi import Request
from pydantic import BaseModel, ValidationError
from starlette.datastructures import FormData

BodyT = TypeVar("BodyT", bound=BaseModel)

REFUSAL_FIELDS = {
    "future_date": "effective_date",
    "date_before_birth": "effective_date",
    "date_out_of_order": "effective_date",
    "not_a_child": "birth_date",
    "personal_id_taken": "personal_id",
    "unknown_district": "district",
    "forbidden_district": "district",
    "provider_full": "provider_id",
    "provider_not_approved": "provider_id",
    "provider_required": "provider_id",
    "setting_not_offered": "provider_id",
    "carer_required": "carer",
    "justification_required": "justification",
    "possible_duplicate": "duplicate_override_reason",
}
"""The field each refusal of the rules concerns; any other is shown at the form's
first field (`fallback`), with its code."""


def typed_values(form: FormData, fields: tuple[str, ...]) -> dict[str, str]:
    """What the user typed, trimmed, to show again whatever happens."""
    return {name: str(form.get(name, "")).strip() for name in fields}


def parse(model: type[BodyT], values: dict[str, Any]) -> tuple[BodyT | None, dict[str, str]]:
    """The body, or the message key of each field the model refuses."""
    try:
        return model.model_validate(values), {}
    except ValidationError as invalid:
        return None, {str(error["loc"][0]): _invalid(error) for error in invalid.errors()}


def refusal_field(code: str, fallback: str) -> dict[str, str]:
    return {REFUSAL_FIELDS.get(code, fallback): code}


def _invalid(error: Any) -> str:
    kind = str(error.get("type", ""))
    if kind == "missing" or error.get("input") is None:
        return "required"
    if kind.startswith("date") or kind.startswith("datetime"):
        return "date_invalid"
    if kind in {"enum", "uuid_parsing", "uuid_type"}:
        return "choice_invalid"
    return "text_invalid"


async def include_in_read_models(request: Request, position: int | None) -> None:
    """Wait until the read models include a decision just recorded (at most the
    read-your-writes timeout), so the child's page shown next has it."""
    if position is not None:
        timeout = request.app.state.settings.http.read_your_writes_timeout
        await asyncio.to_thread(request.app.state.read_side.wait_for, position, timeout)
