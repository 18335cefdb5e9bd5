"""The order of names in lists, as each language's readers expect it (ICU collation).

Code-point order puts Əliyeva after Zeynalova and every Cyrillic name after every
Latin one. In the Azerbaijani alphabet Ə follows E, X follows H, Q follows K, and the
dotless i comes before the dotted one; Russian readers expect Cyrillic first. ICU's collators
(PyICU, with ICU bundled) give each language's order as a sort key: bytes that
compare as the names should. The read side stores the keys of each child's name
(`projections.child_names`), so both backends order and page through lists by
comparing bytes, in the very same order, whatever collations the database offers.

A key sorts the family name first, then the given name: a space, which ICU orders
before every letter, separates them.
"""

from __future__ import annotations

import threading
from typing import Literal, get_args

import icu

Language = Literal["az", "ru", "en"]
LANGUAGES: tuple[Language, ...] = get_args(Language)
DEFAULT_LANGUAGE: Language = "az"

_collators = threading.local()
"""One collator per language and thread: ICU's collators are not safe to share
between threads that use them at once."""


def sort_key(family_name: str, given_name: str, language: Language) -> bytes:
    """The key that orders the child's name among the others in `language`."""
    collators: dict[str, icu.Collator] = _collators.__dict__.setdefault("by_language", {})
    if language not in collators:
        collators[language] = icu.Collator.createInstance(icu.Locale(language))
    key: bytes = collators[language].getSortKey(f"{family_name} {given_name}")
    return key
