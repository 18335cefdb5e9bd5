"""The forms of decisions about a registered child (`decision_forms.FORMS`): each is
read into the REST body's own model, becomes the same command, and is recorded on
the version it was opened on (`recording`). Forms offer only valid choices:
approved providers with free places, the districts the user may send a case to,
the reasons that fit the decision.
"""

from __future__ import annotations

import asyncio
from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import Response

from projections.queries import ReadQueries
from projections.rows import ChildRow
from registry.pages.child_page import ChildNotFound
from registry.pages.decision_forms import (
    EXIT_REASONS,
    FORMS,
    GOAL_NUMBERS,
    MOVE_REASONS,
    DecisionForm,
)
from registry.pages.forms import districts_for, parse, typed_values
from registry.pages.recording import readable_child, record
from registry.pages.signed_in import PageUser, locale_for, pages_of, settings_of
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
    body, invalid = parse(form.body, form.values(typed))
    child = await readable_child(request, user, child_id)
    command = None if body is None else form.command(body, body.header(user.id), child)

    async def show(shown: ChildRow, refused: dict[str, str], version: int, status: int) -> Response:
        return await _show(request, user, kind, form, shown, typed, refused, version, status)

    return await record(request, user, child, sent, command, invalid, form.typed_fields, show)


def _form_of(kind: str) -> DecisionForm:
    if kind not in FORMS:
        raise ChildNotFound()
    return FORMS[kind]


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
