"""Signing in and out of the pages, with a password (`registry users set-password`).

A language picked on the sign-in page (`?lang=`) becomes the account's choice.

A failure says only that the name or password is wrong (never which), after the
same work either way; too many failures for an account or from an address make
the next attempts wait (`registry.accounts.throttle`). Success opens a server-side
session: its id in an HttpOnly, SameSite=Lax cookie, Secure outside development.
"""

from __future__ import annotations

import asyncio
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from registry.pages.i18n import parse_locale
from registry.pages.signed_in import (
    SESSION_COOKIE,
    accounts_of,
    locale_for,
    pages_of,
    session_user,
    settings_of,
    users_of,
)

router = APIRouter(include_in_schema=False)
NAME_LONGEST = 200
PASSWORD_LONGEST = 256


@router.get("/sign-in")
def sign_in_page(request: Request, lang: str | None = None) -> Response:
    if session_user(request) is not None:
        return RedirectResponse("/", status_code=303)
    chosen = parse_locale(lang)
    locale = chosen or locale_for(request, None)
    context = {"error": None, "name": "", "chosen": chosen}
    return pages_of(request).render(request, locale, "sign_in.html", context)


@router.post("/sign-in")
async def sign_in(
    request: Request,
    name: Annotated[str, Form(max_length=NAME_LONGEST)] = "",
    password: Annotated[str, Form(max_length=PASSWORD_LONGEST)] = "",
    lang: Annotated[str | None, Form()] = None,
) -> Response:
    accounts, users = accounts_of(request), users_of(request)
    chosen = parse_locale(lang)
    locale = chosen or locale_for(request, None)
    address = request.client.host if request.client else "unknown"
    name = name.strip()

    def attempt() -> tuple[str | None, str | None]:
        """The session id, or the error to show."""
        if accounts.throttle.blocked(name, address):
            return None, "throttled"
        user = users.active(name) if name else None
        # An unknown name costs a hash as a wrong password does (`PasswordStore.matches`).
        if not accounts.passwords.matches(user.id if user else "", password) or user is None:
            accounts.throttle.failed(name, address)
            return None, "wrong"
        accounts.throttle.succeeded(name)
        if chosen is not None:
            accounts.locales.choose(user.id, chosen)
        return accounts.sessions.open(user), None

    session_id, error = await asyncio.to_thread(attempt)
    if session_id is None:
        status = 429 if error == "throttled" else 401
        context = {"error": error, "name": name, "chosen": chosen}
        return pages_of(request).render(request, locale, "sign_in.html", context, status)
    response = RedirectResponse("/", status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        session_id,
        httponly=True,
        samesite="lax",
        secure=settings_of(request).environment != "development",
        path="/",
    )
    return response


@router.post("/sign-out")
def sign_out(request: Request) -> Response:
    session_id = request.cookies.get(SESSION_COOKIE)
    if session_id:
        accounts_of(request).sessions.end(session_id)
    response = RedirectResponse("/sign-in", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.post("/language")
def choose_language(request: Request, locale: Annotated[str, Form(max_length=10)] = "") -> Response:
    """The signed-in user's choice, kept on the account."""
    user = session_user(request)
    chosen = parse_locale(locale)
    if user is not None and chosen is not None:
        accounts_of(request).locales.choose(user.id, chosen)
    return RedirectResponse("/", status_code=303)
