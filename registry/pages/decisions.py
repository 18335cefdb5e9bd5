"""The forms of decisions about a registered child (`decision_forms.FORMS`).

Each form is read into the REST body's own model and becomes the same command; the
version of the record the form was opened on travels with it (`If-Match` in REST),
so a decision recorded meanwhile by someone else is refused with "this child's
record changed since you opened it" and the record as it is now, never
overwritten. The permission is judged on the very version decided on. Forms offer
only valid choices: approved providers with free places, the districts the user
may send a case to, the reasons that fit the decision.
"""

from __future__ import annotations

import asyncio
from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from projections.queries import ReadQueries
from projections.rows import ChildRow
from registry.application import ChildPermit, RegistryApplication, Submission
from registry.domain import errors
from registry.domain.child import Child
from registry.domain.commands import ChildCommand
from registry.pages.child_page import ChildNotFound
from registry.pages.decision_forms import (
    EXIT_REASONS,
    FORMS,
    GOAL_NUMBERS,
    MOVE_REASONS,
    DecisionForm,
)
from registry.pages.forms import (
    districts_for,
    include_in_read_models,
    parse,
    refusal_field,
    typed_values,
)
from registry.pages.signed_in import (
    PageRefused,
    PageUser,
    locale_for,
    pages_of,
    settings_of,
)
from registry.permissions import User

router = APIRouter(include_in_schema=False)


@router.get("/children/{child_id}/{kind}")
async def decision_form(request: Request, user: PageUser, child_id: UUID, kind: str) -> Response:
    form = _form_of(kind)
    child = await readable_child(request, user, child_id)
    today = settings_of(request).today().isoformat()
    typed = {"effective_date": today, "removal_date": today}
    return await _show(request, user, kind, form, child, typed, {}, child.version)


@router.post("/children/{child_id}/{kind}")
async def decide(request: Request, user: PageUser, child_id: UUID, kind: str) -> Response:
    form = _form_of(kind)
    sent = await request.form()
    typed = typed_values(sent, form.typed_fields)
    version = form_version(str(sent.get("version", "")))
    body, invalid = parse(form.body, form.values(typed))
    child = await readable_child(request, user, child_id)
    if body is None or version is None:
        refused = invalid or {"version": "version_changed"}
        return await _show(request, user, kind, form, child, typed, refused, child.version, 422)
    command = form.command(body, body.header(user.id), child)
    try:
        position = await submit(request, user, command, version)
    except errors.VersionConflict:
        fresh = await readable_child(request, user, child_id, fresh=True)
        refused = {"version": "version_changed"}
        return await _show(request, user, kind, form, fresh, typed, refused, fresh.version, 409)
    except errors.DomainError as refusal:
        field = refusal_field(refusal.code, form.typed_fields)
        return await _show(request, user, kind, form, child, typed, field, version, 409)
    await include_in_read_models(request, position)
    return RedirectResponse(f"/children/{child_id}", status_code=303)


def _form_of(kind: str) -> DecisionForm:
    if kind not in FORMS:
        raise ChildNotFound()
    return FORMS[kind]


def form_version(text: str) -> int | None:
    """The version of the record the form was opened on, as the form sends it back."""
    return int(text) if text.isdigit() else None


async def submit(request: Request, user: User, command: ChildCommand, version: int) -> int | None:
    """Decide `command` on the child's `version`; the user's districts are judged on
    the very state decided on. The notification position of what was written."""
    registry: RegistryApplication = request.app.state.registry
    submission = Submission(expected_version=version, permit=_permit(user, command))
    receipt = await asyncio.to_thread(registry.handle, command, submission)
    return receipt.position


def _permit(user: User, command: ChildCommand) -> ChildPermit:
    def check(child: Child) -> None:
        if not user.may_decide(command, child.state.district):
            raise PageRefused(user, "district")

    return check


async def readable_child(
    request: Request, user: User, child_id: UUID, *, fresh: bool = False
) -> ChildRow:
    """The child's row as the read models hold it (after the latest write when `fresh`),
    if the user may decide about the child."""
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


async def _show(
    request: Request,
    user: User,
    kind: str,
    form: DecisionForm,
    child: ChildRow,
    typed: dict[str, str],
    refused: dict[str, str],
    version: int,
    status: int = 200,
) -> Response:
    queries: ReadQueries = request.app.state.read_side.queries
    providers = await asyncio.to_thread(queries.providers)
    placeable = [p for p in providers if p.status == "approved" and p.occupied < p.capacity]
    locale = locale_for(request, user)
    context: dict[str, Any] = {
        "user": user,
        "child": child,
        "typed": typed,
        "refused": refused,
        "version": version,
        "action": f"/children/{child.child_id}/{kind}",
        "providers": placeable,
        "exit_reasons": EXIT_REASONS,
        "move_reasons": MOVE_REASONS,
        "goal_numbers": GOAL_NUMBERS,
        "districts": [
            (district.code, district.name(locale))
            for district in districts_for(request, user, sending_from=child.district)
        ],
    }
    return pages_of(request).render(request, locale, form.template, context, status)
