"""Problem documents in the client's language: `title` and `detail` translated by
`Accept-Language`, `code` never.

Every problem document of every path passes here (the exception handlers, the
stored answers of idempotent commands, the body limit), so one
middleware translates them all as they leave, and a stored answer replayed later
is translated for the client asking then. Without `Accept-Language`, or asking
for English, the documents are as written: English, with the specific detail. In
Azerbaijani or Russian the detail is the catalog's message for the code (the
specific English detail may name fields or limits the message does not); a code
the catalogs have no message for keeps its English detail.
"""

from __future__ import annotations

import json
from typing import Any

from babel.support import Translations
from fastapi import FastAPI
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from registry.api.problems import PROBLEM_MEDIA_TYPE
from registry.pages.i18n import PageLocale, load_translations, translation_asked
from registry.pages.labels import HTTP_TITLES, REFUSALS


def translated_message(translations: Translations, code: str) -> str | None:
    """The catalog's message for a refusal `code`, or None where it has none."""
    found = REFUSALS.get(code)
    return None if found is None else str(translations.pgettext(*found))


def translated_problem(body: dict[str, Any], locale: PageLocale) -> dict[str, Any]:
    translations = load_translations(locale)
    status = body.get("status")
    title = HTTP_TITLES.get(status) if isinstance(status, int) else None
    detail = translated_message(translations, str(body.get("code", "")))
    return {
        **body,
        "title": str(translations.pgettext(*title)) if title else body.get("title"),
        "detail": detail or body.get("detail"),
    }


class ProblemLanguage:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        locale = (
            translation_asked(Headers(scope=scope).get("accept-language"))
            if scope["type"] == "http"
            else None
        )
        if locale is None:
            await self.app(scope, receive, send)
            return
        start: Message | None = None
        body = b""

        async def translating_send(message: Message) -> None:
            nonlocal start, body
            if message["type"] == "http.response.start":
                content_type = Headers(raw=message.get("headers", [])).get("content-type", "")
                if not content_type.startswith(PROBLEM_MEDIA_TYPE):
                    await send(message)
                    return
                start = message
                return
            if start is None or message["type"] != "http.response.body":
                await send(message)
                return
            body += message.get("body", b"")
            if message.get("more_body", False):
                return
            translated = json.dumps(
                translated_problem(json.loads(body), locale), ensure_ascii=False
            ).encode()
            headers = MutableHeaders(raw=list(start.get("headers", [])))
            headers["content-length"] = str(len(translated))
            headers["content-language"] = locale
            await send({**start, "headers": headers.raw})
            await send({"type": "http.response.body", "body": translated, "more_body": False})

        await self.app(scope, receive, translating_send)


def install_problem_language(app: FastAPI) -> None:
    """Call after the other middleware that answers with problem documents (the body
    limit), so that this one, added later, runs outside them and sees their answers."""
    app.add_middleware(ProblemLanguage)
