"""One import row, read as the decision's REST body and handled as its command.

The decision types are named after the REST resources that record them
(`registration`, `admission`, `move` ...), and their fields carry the API's names.
A row's cells are read into the same body model a REST request is validated by
(`registry.api.models`), which builds the same command: an imported row passes
exactly the checks an API request would, field by field.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import replace
from typing import Any, TypeVar
from uuid import UUID

from pydantic import AliasChoices, ValidationError

from registry.api import models
from registry.application import Receipt, RegistryApplication
from registry.domain.commands import Command
from registry.importing.rows import ImportRow

CHILD_KEY_NAMESPACE = uuid.UUID("6f1d3c1e-4d59-4c1a-9a43-2f3f0d5e8b10")

ChildBody = (
    models.ChangeLegalStatusBody
    | models.AssessBody
    | models.AdmitBody
    | models.MoveBody
    | models.AdoptPlanBody
    | models.GrantAdoptionBody
    | models.ExitCareBody
    | models.TransferBody
    | models.CorrectBody
    | models.VoidBody
)
"""The bodies of the decisions about a registered child named by the row's key."""

CHILD_BODIES: dict[str, type[ChildBody]] = {
    "legal_status": models.ChangeLegalStatusBody,
    "assessment": models.AssessBody,
    "admission": models.AdmitBody,
    "move": models.MoveBody,
    "plan": models.AdoptPlanBody,
    "adoption": models.GrantAdoptionBody,
    "exit": models.ExitCareBody,
    "transfer": models.TransferBody,
    "correction": models.CorrectBody,
    "voiding": models.VoidBody,
}
DECISION_TYPES = frozenset({"registration", "review", *CHILD_BODIES})

LISTS = frozenset({"reasons", "options_considered", "goals"})
"""Fields holding a list: in CSV, items separated by `;` (a goal as `area:objective`)."""

TBody = TypeVar("TBody", bound=models.DecisionBody)


class InvalidRow(Exception):
    """A row whose fields do not make a decision; reported with code `validation`."""

    def __init__(self, detail: str, code: str = "validation") -> None:
        super().__init__(detail)
        self.detail = detail
        self.code = code


def child_id_for(child_key: str) -> UUID:
    """A child key that is a UUID names that child; any other key maps to a stable id."""
    try:
        return UUID(child_key)
    except ValueError:
        return uuid.uuid5(CHILD_KEY_NAMESPACE, child_key)


def take(app: RegistryApplication, row: ImportRow, recorded_by: str) -> Receipt:
    """Apply one row; raises `InvalidRow` or the domain refusal."""
    if row.problem is not None:
        raise InvalidRow(row.problem)
    if row.decision not in DECISION_TYPES:
        raise InvalidRow(f"unknown decision type '{row.decision}'", code="unknown_decision")
    return app.handle(_command(app, row, _cell(row.fields.get("recorded_by")) or recorded_by))


def _command(app: RegistryApplication, row: ImportRow, recorded_by: str) -> Command:
    child = child_id_for(row.child_key)
    if row.decision == "registration":
        registration = _body(models.RegisterChildBody, row.fields)
        return replace(registration.to_command(registration.header(recorded_by)), child_id=child)
    if row.decision == "review":
        review = _body(models.ReviewPlanBody, row.fields)
        plan_id = _plan_named(row.fields) or _latest_plan(app, child)
        return review.to_command(review.header(recorded_by), child, plan_id)
    fields = dict(row.fields)
    if row.decision == "admission" and not _cell(fields.get("removal_date")):
        fields["removal_date"] = fields.get("effective_date")
    body = _body(CHILD_BODIES[row.decision], fields)
    return body.to_command(body.header(recorded_by), child)


def _body(body_class: type[TBody], cells: dict[str, Any]) -> TBody:
    """The row's cells as `body_class` validates them; an error names the field, never
    its value (values may be a child's personal data)."""
    values = {name: _value(name, cells[name]) for name in _names(body_class) & cells.keys()}
    try:
        return body_class.model_validate({k: v for k, v in values.items() if v is not None})
    except ValidationError as invalid:
        first = invalid.errors()[0]
        field = ".".join(str(part) for part in first["loc"]) or "row"
        raise InvalidRow(f"field '{field}': {first['msg']}") from None


def _names(body_class: type[models.DecisionBody]) -> set[str]:
    """The names a body takes its fields by: theirs, and their aliases (a move's
    `end_reason`); a row's other cells belong to other decision types."""
    names = set(body_class.model_fields)
    for field in body_class.model_fields.values():
        if isinstance(field.validation_alias, AliasChoices):
            names.update(str(choice) for choice in field.validation_alias.choices)
    return names


def _value(name: str, cell: Any) -> Any:
    """A JSON Lines value as it is; a CSV cell's text read as the field's JSON would be."""
    if not isinstance(cell, str):
        return cell
    text = _cell(cell)
    if text is None:
        return None
    if name in LISTS:
        items = [part.strip() for part in text.split(";") if part.strip()]
        return [_goal(item) for item in items] if name == "goals" else items
    if name == "changes":
        try:
            return json.loads(text)
        except json.JSONDecodeError:
            raise InvalidRow(f"field '{name}' is not a JSON object") from None
    return text


def _cell(value: Any) -> str | None:
    text = None if value is None else str(value).strip()
    return text or None


def _goal(item: str) -> dict[str, str] | str:
    area, separator, objective = item.partition(":")
    if not separator:
        return item
    return {"area": area.strip(), "objective": objective.strip()}


def _plan_named(cells: dict[str, Any]) -> UUID | None:
    """The plan a review row names, if it names one (REST takes it from the path)."""
    text = _cell(cells.get("plan_id"))
    if text is None:
        return None
    try:
        return UUID(text)
    except ValueError:
        raise InvalidRow("field 'plan_id' is not a UUID") from None


def _latest_plan(app: RegistryApplication, child: UUID) -> UUID:
    """Historic records rarely carry plan ids: a review without one reviews the latest plan."""
    plans = app.get_child(child).state.plans
    if not plans:
        raise InvalidRow("the child has no development plan to review", code="unknown_plan")
    return next(reversed(plans))
