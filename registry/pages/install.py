"""`install_pages(app, settings)`: the pages, their assets and their CSRF protection.

CSRF protection is `asgi-csrf`'s double-submit token: a signed token in a cookie and
the same token in each form (`csrftoken`). Every POST of the pages is checked, even
from a browser holding no cookie yet (a forged sign-in included); requests carrying
a bearer token (the APIs) are not, as no browser adds one by itself. A refusal is a
403 page in the browser's language.
"""

from __future__ import annotations

import asyncio
import hashlib
from typing import Any

from asgi_csrf import SCOPE_KEY, asgi_csrf
from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

from registry.pages import (
    caseload,
    child_page,
    corrections,
    decisions,
    providers_page,
    registration,
    sign_in,
)
from registry.pages.child_page import ChildNotFound
from registry.pages.rendering import ASSETS_PATH, STATIC_DIR_NAME, Pages
from registry.pages.signed_in import PageRefused, SignInRequired, locale_for, session_user
from registry.settings import Settings

PROTECTED_PATHS = frozenset({"/", "/sign-in", "/sign-out", "/language", "/children/new"})
_ORIGINAL_SCOPE = "registry.original_scope"


def install_pages(app: FastAPI, settings: Settings) -> None:
    """Call before `install_body_limit`, so that a form's body is bounded before the
    CSRF check reads it."""
    pages = Pages()
    app.state.pages = pages
    app.include_router(sign_in.router)
    app.include_router(caseload.router)
    app.include_router(registration.router)
    app.include_router(child_page.router)
    app.include_router(providers_page.router)
    app.include_router(corrections.router)
    app.include_router(decisions.router)
    app.mount(ASSETS_PATH, StaticFiles(directory=STATIC_DIR_NAME), name="pages-static")

    @app.exception_handler(SignInRequired)
    async def _sign_in(request: Request, _: SignInRequired) -> Response:
        return RedirectResponse("/sign-in", status_code=303)

    @app.exception_handler(PageRefused)
    async def _refused(request: Request, refused: PageRefused) -> Response:
        locale = locale_for(request, refused.user)
        context = {"reason": refused.reason, "user": refused.user}
        return pages.render(request, locale, "refused.html", context, status=403)

    @app.exception_handler(ChildNotFound)
    async def _not_found(request: Request, _: ChildNotFound) -> Response:
        user = session_user(request)
        context = {"reason": "not_found", "user": user}
        return pages.render(request, locale_for(request, user), "refused.html", context, 404)

    app.add_middleware(
        CsrfProtection,
        secret=hashlib.sha256(b"csrf:" + settings.secret_key.encode()).hexdigest(),
        secure=settings.environment != "development",
        pages=pages,
    )


class CsrfProtection:
    """`asgi-csrf` around the app, its refusals rendered as a page."""

    def __init__(self, app: ASGIApp, *, secret: str, secure: bool, pages: Pages) -> None:
        self._app = app

        async def refuse(scope: Scope, send: Send, message_id: Any) -> None:
            """The refusal in the signed-in user's language, when there is one."""
            request = Request(scope)
            user = await asyncio.to_thread(session_user, request)
            context = {"reason": "csrf", "user": user}
            response = pages.render(
                request, locale_for(request, user), "refused.html", context, 403
            )
            await response(scope, _no_body, send)

        async def in_the_request_scope(scope: Scope, receive: Receive, send: Send) -> None:
            """`asgi-csrf` hands the app a copy of the request's scope; what the app
            notes in it (the route the request log names) must reach the original."""
            original: Scope = scope[_ORIGINAL_SCOPE]
            original[SCOPE_KEY] = scope[SCOPE_KEY]
            await app(original, receive, send)

        self._protected = asgi_csrf(
            in_the_request_scope,
            signing_secret=secret,
            always_protect=PROTECTED_PATHS,
            cookie_secure=secure,
            send_csrf_failed=refuse,
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return
        scope[_ORIGINAL_SCOPE] = scope
        try:
            await self._protected(scope, receive, send)
        finally:
            del scope[_ORIGINAL_SCOPE]


async def _no_body() -> dict[str, Any]:
    return {"type": "http.request", "body": b"", "more_body": False}
