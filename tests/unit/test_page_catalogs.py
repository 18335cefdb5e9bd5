"""Every message of the pages is translated in every catalog, and none is fuzzy.

The messages are extracted from the pages' code and templates as `pybabel extract`
does (registry/pages/babel.cfg, keyword `coded` for the codes' labels), so a string
added without its translations fails here, not in front of an officer."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from registry.pages import i18n

PAGES = Path(i18n.__file__).parent
KEYWORDS = {**DEFAULT_KEYWORDS, "coded": ((1, "c"), 2)}


def extracted() -> set[tuple[str | None, str]]:
    with (PAGES / "babel.cfg").open() as config:
        method_map, options_map = parse_mapping_cfg(config)  # type: ignore[no-untyped-call]
    found = set()
    for _, _, message, _, context in extract_from_dir(
        str(PAGES), method_map, options_map, keywords=KEYWORDS
    ):
        found.add((context, message[0] if isinstance(message, tuple) else message))
    return found


@pytest.mark.parametrize("locale", i18n.LOCALES)
def test_every_message_is_translated_and_none_is_fuzzy(locale: i18n.PageLocale) -> None:
    with i18n.catalog_path(locale).open("rb") as source:
        catalog = read_po(source, locale=locale)
    messages = {
        (message.context, message.id[0] if isinstance(message.id, tuple) else message.id): message
        for message in catalog
        if message.id
    }
    wanted = extracted()
    assert len(wanted) > 50
    assert wanted - set(messages) == set(), "messages missing from the catalog"
    assert set(messages) - wanted == set(), "messages the pages no longer use"
    for key, message in messages.items():
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings), f"untranslated in {locale}: {key}"
        assert not message.fuzzy, f"fuzzy in {locale}: {key}"
    assert not catalog.obsolete


def test_a_catalog_is_compiled_at_start() -> None:
    russian = i18n.load_translations("ru")
    assert russian.gettext("Sign in") == "Войти"
    assert russian.ngettext("%(num)s child", "%(num)s children", 5) == "%(num)s детей"
    assert russian.pgettext("status", "In care") == "На попечении"
