"""The order of names in each language's lists (`registry.domain.collation`)."""

from __future__ import annotations

import pytest

from registry.domain.collation import Language, sort_key

AZERBAIJANI_ORDER = [
    "Abbasova",
    "Cəfərova",
    "Çələbiyeva",
    "Eyvazova",
    "Əliyeva",
    "Hüseynova",
    "Xəlilova",
    "Ismayılzadə",
    "İsmayılova",
    "Kərimova",
    "Qasımova",
    "Mammadova",
    "Məmmədova",
    "Orucova",
    "Özdəmirova",
    "Sadıqova",
    "Şükürova",
    "Zeynalova",
    "Мамедова",
]
"""Ə after E, X after H, dotless I before İ, Q after K, Ç, Ö, Ş after C, O, S; other
scripts after the Latin one."""


def ordered(family_names: list[str], language: Language) -> list[str]:
    return sorted(family_names, key=lambda name: sort_key(name, "Aysel", language))


def test_azerbaijani_order() -> None:
    assert ordered(list(reversed(AZERBAIJANI_ORDER)), "az") == AZERBAIJANI_ORDER


def test_russian_order_puts_cyrillic_first() -> None:
    names = ["Zeynalova", "Абасова", "Мамедова", "Əliyeva"]
    assert ordered(names, "ru") == ["Абасова", "Мамедова", "Əliyeva", "Zeynalova"]


@pytest.mark.parametrize("language", ["az", "ru", "en"])
def test_the_family_name_sorts_first_then_the_given_name(language: Language) -> None:
    keys = [
        sort_key("Ali", "Zaur", language),
        sort_key("Aliyev", "Anar", language),
        sort_key("Aliyev", "Bəxtiyar", language),
    ]
    assert keys == sorted(keys)
