"""Jinja2 templates, one environment per language (its catalog installed), so a
request renders with its own translations and nothing is shared between threads
but read-only state."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from registry.pages import labels
from registry.pages.i18n import LOCALES, Formats, PageLocale, load_translations

TEMPLATES_DIR = Path(__file__).parent / "templates"
STATIC_DIR_NAME = Path(__file__).parent / "static"
ASSETS_PATH = "/pages-static"


class Pages:
    """The templates of every language; `render` answers a page in one of them."""

    def __init__(self) -> None:
        self._environments = {locale: _environment(locale) for locale in LOCALES}

    def render(
        self,
        request: Request,
        locale: PageLocale,
        template: str,
        context: dict[str, Any],
        status: int = 200,
    ) -> HTMLResponse:
        environment = self._environments[locale]
        page = environment.get_template(template).render(
            request=request, locale=locale, csrf_token=csrf_token(request), **context
        )
        response = HTMLResponse(page, status_code=status)
        response.headers["Cache-Control"] = "no-store"
        response.headers["Content-Language"] = locale
        return response


def csrf_token(request: Request) -> str:
    """The form token of the CSRF middleware (`asgi-csrf`), for every form's field."""
    token_of = request.scope.get("csrftoken")
    return str(token_of()) if callable(token_of) else ""


def _environment(locale: PageLocale) -> Environment:
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=select_autoescape(["html"]),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    translations = load_translations(locale)
    environment.install_gettext_translations(translations, newstyle=True)  # type: ignore[attr-defined]
    formats = Formats(locale)

    def label(kind: str, code: str | None) -> str:
        return labels.label_of(
            lambda context, message: str(translations.pgettext(context, message)), kind, code
        )

    def coded_choices(kind: str, codes: list[str] | None = None) -> list[tuple[str, str]]:
        """The (code, label) pairs of a choice: `codes`, else every code of `kind`."""
        return [(code, label(kind, code)) for code in codes or labels.codes_of(kind)]

    environment.globals.update(
        assets=ASSETS_PATH,
        locales=LOCALES,
        format_date=formats.date,
        format_number=formats.number,
        label=label,
        coded_choices=coded_choices,
        codes_of=labels.codes_of,
    )
    return environment
