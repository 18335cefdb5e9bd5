"""The pages' languages: Babel catalogs, the choice of language, and the formats.

Catalogs are the `.po` files under `locales/` (kept in the repository, extracted
with `pybabel extract -F babel.cfg`), compiled in memory when the service starts:
no compiled file is kept or made by hand. The language of a request is the one the
account chose, else the best of `Accept-Language`, else `REGISTRY_DEFAULT_LOCALE`.
Codes (settings, statuses, reasons) stay the contract's in URLs and forms; people
see them translated (`coded`).
"""

from __future__ import annotations

import io
from datetime import date
from functools import cache
from pathlib import Path
from typing import Literal, get_args

from babel import Locale
from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import Translations

PageLocale = Literal["az", "ru", "en"]
LOCALES: tuple[PageLocale, ...] = get_args(PageLocale)
LOCALES_DIR = Path(__file__).parent / "locales"
DOMAIN = "messages"


def catalog_path(locale: PageLocale) -> Path:
    return LOCALES_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def load_translations(locale: PageLocale) -> Translations:
    """The locale's catalog, compiled from its `.po` file in memory (once per process:
    the pages and the API's problem documents share it)."""
    with catalog_path(locale).open("rb") as source:
        catalog = read_po(source, locale=locale, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


def parse_locale(value: str | None) -> PageLocale | None:
    """One of the pages' locales if `value` names it (`ru`, `ru-RU`, `az_Latn`)."""
    if not value:
        return None
    language = value.strip().replace("_", "-").split("-")[0].casefold()
    for locale in LOCALES:
        if locale == language:
            return locale
    return None


def translation_asked(accept_language: str | None) -> PageLocale | None:
    """The language to put the APIs' English messages into: the best of the locales
    `Accept-Language` names, or None for English (asked for, or nothing asked). The
    APIs answer in English unless a client asks otherwise, whatever the pages'
    default is."""
    locale = negotiate(accept_language, "en")
    return None if locale == "en" else locale


def negotiate(accept_language: str | None, default: PageLocale) -> PageLocale:
    """The best of the pages' locales by `Accept-Language` (RFC 9110 quality values),
    else `default`."""
    preferences: list[tuple[float, int, str]] = []
    for position, part in enumerate((accept_language or "").split(",")):
        tag, _, parameters = part.strip().partition(";")
        quality = 1.0
        name, _, value = parameters.strip().partition("=")
        if name.strip() == "q":
            try:
                quality = float(value)
            except ValueError:
                quality = 0.0
        if tag and quality > 0:
            preferences.append((-quality, position, tag))
    for _, _, tag in sorted(preferences):
        locale = parse_locale(tag)
        if locale is not None:
            return locale
    return default


class Formats:
    """Dates and numbers as the locale writes them."""

    def __init__(self, locale: PageLocale) -> None:
        self._locale = Locale.parse(locale)

    def date(self, value: date | None) -> str:
        return "" if value is None else format_date(value, format="medium", locale=self._locale)

    def number(self, value: int | float | None) -> str:
        return "" if value is None else format_decimal(value, locale=self._locale)
