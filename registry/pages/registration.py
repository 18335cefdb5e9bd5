"""Registering a child from a form: the same command, rules, duplicate check and
permission as `POST /api/v1/children`.

The form is checked by the REST body's own model (`RegisterChildBody`), so a field
is refused for the same reasons in both; then the registry decides. Every refusal
is shown at the field it concerns, in the user's language, with everything typed
kept. A registration alike to records already held (`possible_duplicate`) shows
them, named only where the user may read them, and goes through only when sent
again with the reason for registering all the same.
"""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from registry.api.models import RegisterChildBody
from registry.application import RegistryApplication
from registry.domain import errors
from registry.domain.duplicates import Candidate
from registry.pages.forms import (
    districts_for,
    include_in_read_models,
    parse,
    refusal_field,
    typed_values,
)
from registry.pages.signed_in import PageUser, locale_for, pages_of, settings_of
from registry.permissions import User

router = APIRouter(include_in_schema=False)
FIELDS = (
    "family_name",
    "given_name",
    "patronymic",
    "birth_date",
    "sex",
    "district",
    "personal_id",
    "parental_status",
    "effective_date",
    "decision_ref",
    "duplicate_override_reason",
)


@router.get("/children/new")
def registration_form(request: Request, user: PageUser) -> Response:
    today = settings_of(request).today()
    return _form(request, user, {"effective_date": today.isoformat()}, {}, [])


@router.post("/children/new")
async def register(request: Request, user: PageUser) -> Response:
    form = await request.form()
    typed = typed_values(form, FIELDS)
    typed["disability"] = "yes" if form.get("disability") else ""
    body: dict[str, Any] = {name: typed[name] or None for name in FIELDS}
    body["disability"] = bool(typed["disability"])
    registration, invalid = parse(RegisterChildBody, body)
    if registration is None:
        return _form(request, user, typed, invalid, [], status=422)
    if not user.may_write_child(registration.district):
        return _form(request, user, typed, {"district": "forbidden_district"}, [], status=403)
    registry: RegistryApplication = request.app.state.registry
    command = registration.to_command(registration.header(user.id))
    try:
        receipt = await asyncio.to_thread(registry.handle, command)
    except errors.PossibleDuplicate as alike:
        field = {"duplicate_override_reason": "possible_duplicate"}
        return _form(request, user, typed, field, list(alike.candidates), status=409)
    except errors.DomainError as refused:
        field = refusal_field(refused.code, FIELDS)
        return _form(request, user, typed, field, [], status=409)
    await include_in_read_models(request, receipt.position)
    return RedirectResponse(f"/children/{receipt.id}", status_code=303)


def _form(
    request: Request,
    user: User,
    typed: dict[str, str],
    refused: dict[str, str],
    candidates: list[Candidate],
    status: int = 200,
) -> Response:
    locale = locale_for(request, user)
    context = {
        "user": user,
        "typed": typed,
        "refused": refused,
        "districts": [(d.code, d.name(locale)) for d in districts_for(request, user)],
        "candidates": [
            {
                "child_id": candidate.child_id
                if user.may_read_child(candidate.identity.district)
                else None,
                "district": candidate.identity.district,
                "score": candidate.likeness.score,
                "matched": candidate.likeness.matched,
            }
            for candidate in candidates
        ],
    }
    return pages_of(request).render(request, locale, "register.html", context, status)
