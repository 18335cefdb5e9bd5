"""Correcting and voiding a decision from its timeline entry (supervisors).

The correction form shows each field of the decision as it stands (as recorded,
earlier corrections applied), to be changed in place; only the fields changed are
sent, as REST's `changes`, with the reason. The same command, rules and version
check as `POST /api/v1/children/{id}/corrections` and `/voidings`: the corrected
history must still satisfy every rule, or the correction is refused.
"""

from __future__ import annotations

import asyncio
import types
import typing
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.datastructures import FormData

from projections.queries import ReadQueries
from projections.rows import ChildRow
from registry.api.models import CorrectBody, VoidBody
from registry.domain.child_events import CHILD_EVENT_TYPES, ChildEvent
from registry.domain.corrections import correctable_fields
from registry.pages.child_page import ChildNotFound
from registry.pages.forms import parse, typed_values
from registry.pages.recording import readable_child, record
from registry.pages.signed_in import PageRefused, PageUser, locale_for, pages_of, settings_of
from registry.pages.timeline import VALUE_KINDS, TimelineEntry, in_effect, timeline
from registry.permissions import User

router = APIRouter(include_in_schema=False)
EVENT_TYPES: dict[str, type[ChildEvent]] = {kind.__name__: kind for kind in CHILD_EVENT_TYPES}
NOT_TYPED_HERE = frozenset({"goals", "duplicate_spells"})
"""Fields a form cannot hold as one value: goals are corrected through REST."""
OWN_FIELDS = ("reason", "effective_date", "decision_ref")
"""The correction's or voiding's own fields; the corrected decision's are `new_…`."""
PREFIX = "new_"


@dataclass(frozen=True)
class CorrectedField:
    """One field of the corrected decision, as the form offers it."""

    name: str
    kind: str
    """`date`, `text`, `list` (items separated by commas), `choice` or `flag`."""
    codes: tuple[str, ...] = ()
    label_kind: str | None = None
    optional: bool = False

    @property
    def input(self) -> str:
        return PREFIX + self.name

    def shown(self, value: Any) -> str:
        """The value as the form shows it."""
        if value is None:
            return ""
        if self.kind == "flag":
            return "true" if value else "false"
        if self.kind == "list":
            return ", ".join(str(item) for item in value)
        return str(value)

    def sent(self, typed: str) -> Any:
        """The typed value as REST's `changes` holds it (JSON-shaped)."""
        if self.kind == "flag":
            return typed == "true"
        if self.kind == "list":
            return [part.strip() for part in typed.split(",") if part.strip()]
        return typed or None


def corrected_fields(event_type: type[ChildEvent]) -> list[CorrectedField]:
    found = []
    for name, annotation in correctable_fields(event_type).items():
        if name in NOT_TYPED_HERE:
            continue
        inner, optional = _unwrapped(annotation)
        label_kind = VALUE_KINDS.get((event_type.__name__, name)) or VALUE_KINDS.get(("", name))
        if isinstance(inner, type) and issubclass(inner, Enum):
            codes = tuple(str(member.value) for member in inner)
            found.append(CorrectedField(name, "choice", codes, label_kind, optional))
        elif inner is bool:
            found.append(CorrectedField(name, "flag"))
        elif inner is date:
            found.append(CorrectedField(name, "date", optional=optional))
        elif typing.get_origin(inner) is list:
            found.append(CorrectedField(name, "list"))
        else:
            found.append(CorrectedField(name, "text", optional=optional))
    return found


def _unwrapped(annotation: Any) -> tuple[Any, bool]:
    if typing.get_origin(annotation) in (types.UnionType, typing.Union):
        (inner,) = [part for part in typing.get_args(annotation) if part is not type(None)]
        return inner, True
    return annotation, False


@router.get("/children/{child_id}/corrections/{version}")
async def correction_form(
    request: Request, user: PageUser, child_id: UUID, version: int
) -> Response:
    child, entry, entries = await _entry(request, user, child_id, version, voiding=False)
    fields = corrected_fields(EVENT_TYPES[entry.row.type])
    standing = in_effect(entry, entries)
    typed = {field.input: field.shown(standing.get(field.name)) for field in fields}
    typed["effective_date"] = settings_of(request).today().isoformat()
    return _show(request, user, "correction.html", child, entry, fields, typed, {}, child.version)


@router.post("/children/{child_id}/corrections/{version}")
async def correct(request: Request, user: PageUser, child_id: UUID, version: int) -> Response:
    child, entry, entries = await _entry(request, user, child_id, version, voiding=False)
    fields = corrected_fields(EVENT_TYPES[entry.row.type])
    form = await request.form()
    typed = typed_values(form, (*(field.input for field in fields), *OWN_FIELDS))
    standing = in_effect(entry, entries)
    changes = {
        field.name: field.sent(typed[field.input])
        for field in fields
        if typed[field.input] != field.shown(standing.get(field.name))
    }
    values = {name: typed[name] or None for name in OWN_FIELDS}
    body, invalid = parse(CorrectBody, {**values, "corrects": version, "changes": changes})
    if not changes:
        invalid = {fields[0].input: "nothing_changed", **invalid}
        invalid.pop("changes", None)
    return await _record(
        request, user, "correction.html", child, entry, fields, typed, body, invalid, form
    )


@router.get("/children/{child_id}/voidings/{version}")
async def voiding_form(request: Request, user: PageUser, child_id: UUID, version: int) -> Response:
    child, entry, _ = await _entry(request, user, child_id, version, voiding=True)
    typed = {"effective_date": settings_of(request).today().isoformat()}
    return _show(request, user, "voiding.html", child, entry, [], typed, {}, child.version)


@router.post("/children/{child_id}/voidings/{version}")
async def void(request: Request, user: PageUser, child_id: UUID, version: int) -> Response:
    child, entry, _ = await _entry(request, user, child_id, version, voiding=True)
    form = await request.form()
    typed = typed_values(form, OWN_FIELDS)
    values = {name: typed[name] or None for name in OWN_FIELDS}
    body, invalid = parse(VoidBody, {**values, "voids": version})
    return await _record(
        request, user, "voiding.html", child, entry, [], typed, body, invalid, form
    )


async def _record(
    request: Request,
    user: User,
    template: str,
    child: ChildRow,
    entry: TimelineEntry,
    fields: list[CorrectedField],
    typed: dict[str, str],
    body: CorrectBody | VoidBody | None,
    invalid: dict[str, str],
    sent: FormData,
) -> Response:
    command = None if body is None else body.to_command(body.header(user.id), child.child_id)
    names = (*(field.input for field in fields), *OWN_FIELDS)

    async def show(shown: ChildRow, refused: dict[str, str], version: int, status: int) -> Response:
        return _show(request, user, template, shown, entry, fields, typed, refused, version, status)

    return await record(request, user, child, sent, command, invalid, names, show)


async def _entry(
    request: Request, user: User, child_id: UUID, version: int, *, voiding: bool
) -> tuple[ChildRow, TimelineEntry, list[TimelineEntry]]:
    """The child, the entry to correct or void, and the child's own timeline."""
    if not user.may_correct_decisions:
        raise PageRefused(user, "supervisors")
    child = await readable_child(request, user, child_id)
    queries: ReadQueries = request.app.state.read_side.queries
    history = await asyncio.to_thread(queries.histories, [child_id])
    entries = [entry for entry in timeline(child_id, history[child_id]) if entry.mine]
    for entry in entries:
        if entry.row.version == version and (entry.voidable if voiding else entry.correctable):
            return child, entry, entries
    raise ChildNotFound()


def _show(
    request: Request,
    user: User,
    template: str,
    child: ChildRow,
    entry: TimelineEntry,
    fields: list[CorrectedField],
    typed: dict[str, str],
    refused: dict[str, str],
    version: int,
    status: int = 200,
) -> Response:
    kind = "corrections" if template == "correction.html" else "voidings"
    context = {
        "user": user,
        "child": child,
        "entry": entry,
        "fields": fields,
        "typed": typed,
        "refused": refused,
        "version": version,
        "action": f"/children/{child.child_id}/{kind}/{entry.row.version}",
    }
    locale = locale_for(request, user)
    return pages_of(request).render(request, locale, template, context, status)
