"""The forms of decisions about a registered child: admission to care and exit.

Each form is read into the REST body's own model and becomes the same command; the
version of the record the form was opened on travels with it (`If-Match` in REST),
so a decision recorded meanwhile by someone else is refused with "this child's
record changed since you opened it" and the record as it is now, never
overwritten. The permission is judged on the very version decided on. Forms offer
only valid choices: approved providers with free places, the exit reasons that are
not adoption (an adoption is its own decision).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from projections.queries import ReadQueries
from projections.rows import ChildRow
from registry.api.models import AdmitBody, ExitCareBody
from registry.application import ChildPermit, RegistryApplication, Submission
from registry.domain import errors
from registry.domain.child import Child
from registry.domain.commands import ChildDecision
from registry.domain.values import ExitReason
from registry.pages.child_page import ChildNotFound
from registry.pages.forms import include_in_read_models, parse, refusal_field, typed_values
from registry.pages.signed_in import (
    PageRefused,
    PageUser,
    locale_for,
    pages_of,
    settings_of,
)
from registry.permissions import User

router = APIRouter(include_in_schema=False)
ADMISSION_FIELDS = (
    "effective_date",
    "removal_date",
    "manner",
    "reasons",
    "setting",
    "provider_id",
    "carer",
    "justification",
    "decision_ref",
)
EXIT_FIELDS = ("effective_date", "reason", "decision_ref")
EXIT_REASONS = [reason.value for reason in ExitReason if reason is not ExitReason.ADOPTION]


@dataclass(frozen=True)
class Decision:
    """What a form needs to know of its decision: its template, fields, body model."""

    template: str
    fields: tuple[str, ...]
    body: type[AdmitBody] | type[ExitCareBody]


FORMS = {
    "admission": Decision(template="admit.html", fields=ADMISSION_FIELDS, body=AdmitBody),
    "exit": Decision(template="exit.html", fields=EXIT_FIELDS, body=ExitCareBody),
}


@router.get("/children/{child_id}/{kind}")
async def decision_form(request: Request, user: PageUser, child_id: UUID, kind: str) -> Response:
    decision = _decision(kind)
    child = await _readable_child(request, user, child_id)
    today = settings_of(request).today().isoformat()
    typed = {"effective_date": today, "removal_date": today}
    return await _form(request, user, decision, child, typed, {}, child.version)


@router.post("/children/{child_id}/{kind}")
async def decide(request: Request, user: PageUser, child_id: UUID, kind: str) -> Response:
    decision = _decision(kind)
    form = await request.form()
    typed = typed_values(form, decision.fields)
    version = _version(str(form.get("version", "")))
    values: dict[str, Any] = {name: typed[name] or None for name in decision.fields}
    if "reasons" in values:
        values["reasons"] = [part.strip() for part in typed["reasons"].split(",") if part.strip()]
    body, invalid = parse(decision.body, values)
    child = await _readable_child(request, user, child_id)
    if body is None or version is None:
        refused = invalid or {"version": "version_conflict"}
        return await _form(request, user, decision, child, typed, refused, child.version, 422)
    command = body.to_command(body.header(user.id), child_id)
    registry: RegistryApplication = request.app.state.registry
    submission = Submission(expected_version=version, permit=_permit(user, command))
    try:
        receipt = await asyncio.to_thread(registry.handle, command, submission)
    except errors.VersionConflict:
        fresh = await _readable_child(request, user, child_id, fresh=True)
        refused = {"version": "version_conflict"}
        return await _form(request, user, decision, fresh, typed, refused, fresh.version, 409)
    except errors.DomainError as refusal:
        field = refusal_field(refusal.code, decision.fields[0])
        return await _form(request, user, decision, child, typed, field, version, 409)
    await include_in_read_models(request, receipt.position)
    return RedirectResponse(f"/children/{child_id}", status_code=303)


def _decision(kind: str) -> Decision:
    if kind not in FORMS:
        raise ChildNotFound()
    return FORMS[kind]


def _version(text: str) -> int | None:
    return int(text) if text.isdigit() else None


def _permit(user: User, command: ChildDecision) -> ChildPermit:
    def check(child: Child) -> None:
        if not user.may_decide(command, child.state.district):
            raise PageRefused(user, "district")

    return check


async def _readable_child(
    request: Request, user: User, child_id: UUID, *, fresh: bool = False
) -> ChildRow:
    """The child's row as the read models hold it (after the latest write when `fresh`)."""
    if fresh:
        await include_in_read_models(
            request, request.app.state.registry.recorder.max_notification_id()
        )
    queries: ReadQueries = request.app.state.read_side.queries
    row = await asyncio.to_thread(queries.child, child_id)
    if row is None:
        raise ChildNotFound()
    if not user.may_write_child(row.district):
        raise PageRefused(user, "district")
    return row


async def _form(
    request: Request,
    user: User,
    decision: Decision,
    child: ChildRow,
    typed: dict[str, str],
    refused: dict[str, str],
    version: int,
    status: int = 200,
) -> Response:
    queries: ReadQueries = request.app.state.read_side.queries
    providers = await asyncio.to_thread(queries.providers)
    placeable = [p for p in providers if p.status == "approved" and p.occupied < p.capacity]
    context = {
        "user": user,
        "child": child,
        "typed": typed,
        "refused": refused,
        "version": version,
        "providers": placeable,
        "exit_reasons": EXIT_REASONS,
        "today": settings_of(request).today(),
    }
    locale = locale_for(request, user)
    return pages_of(request).render(request, locale, decision.template, context, status)
