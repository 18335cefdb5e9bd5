"""What every decision form shares: reading the form into the REST body's model,
where each refusal is shown, the districts offered."""

from __future__ import annotations

import asyncio
from typing import Any, TypeVar

from fastapi import Request
from pydantic import BaseModel, ValidationError
from starlette.datastructures import FormData

from registry.application import RegistryApplication
from registry.districts import District
from registry.permissions import User

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
    "not_free_for_adoption": "kind",
    "unknown_plan": "outcome",
    "invalid_transition": "to_district",
    "no_open_placement": "setting",
    "placement_already_open": "setting",
    "invalid_correction": "reason",
}
"""The field each refusal of the rules concerns, where the form has it; any other is
shown at the form's first field."""


def typed_values(form: FormData, fields: tuple[str, ...]) -> dict[str, str]:
    """What the user typed, trimmed, to show again whatever happens."""
    return {name: str(form.get(name, "")).strip() for name in fields}


def parse(model: type[BodyT], values: dict[str, Any]) -> tuple[BodyT | None, dict[str, str]]:
    """The body, or the message key of each field the model refuses."""
    try:
        return model.model_validate(values), {}
    except ValidationError as invalid:
        return None, {str(error["loc"][0]): _invalid(error) for error in invalid.errors()}


def refusal_field(code: str, fields: tuple[str, ...]) -> dict[str, str]:
    """Where the form shows the refusal `code`: its field, else the first."""
    field = REFUSAL_FIELDS.get(code)
    return {field if field in fields else fields[0]: code}


def districts_for(
    request: Request, user: User, *, sending_from: str | None = None
) -> list[District]:
    """The districts of the reference list the user may register a child in, or, with
    `sending_from`, send a case to (the user's own where no list was loaded)."""
    registry: RegistryApplication = request.app.state.registry
    directory = registry.districts
    known = directory.districts() if directory is not None else []
    if not known:
        known = [District(code, "", code, code, code) for code in sorted(user.districts)]
    if sending_from is None:
        return [district for district in known if user.covers(district.code)]
    return [
        district
        for district in known
        if district.code != sending_from and user.may_transfer_child(sending_from, district.code)
    ]


def _invalid(error: Any) -> str:
    kind = str(error.get("type", ""))
    if kind == "missing" or error.get("input") is None:
        return "required"
    if kind == "too_short" and not error.get("input"):
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
