"""What text a decision may hold: one rule set, whatever the entry.

A REST body, a correction's `changes` and an import row all become the same
events, and the rules here are checked on every event before it is recorded
(`child_rules.check`, `provider`), and by the REST bodies for a message at the
field. A name is what a person reads back and searches for: visible characters
only, not blank. Control, zero-width and bidirectional-override characters are
refused everywhere: they hide or reorder what a reader sees (a name that looks like
another's), and some databases cannot store them. Free text may also hold tabs and
line breaks. Every kind is bounded, and so is every list (`COUNTS`).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from enum import Enum
from typing import Any

from registry.domain.errors import DomainError
from registry.domain.values import Goal


class Kind(Enum):
    NAME = 200
    REFERENCE = 100
    TEXT = 4000

    @property
    def longest(self) -> int:
        return self.value


FIELDS: dict[str, Kind] = {
    "given_name": Kind.NAME,
    "family_name": Kind.NAME,
    "patronymic": Kind.NAME,
    "district": Kind.NAME,
    "from_district": Kind.NAME,
    "to_district": Kind.NAME,
    "carer": Kind.NAME,
    "name": Kind.NAME,
    "reasons": Kind.NAME,
    "options_considered": Kind.NAME,
    "area": Kind.NAME,
    "personal_id": Kind.REFERENCE,
    "decision_ref": Kind.REFERENCE,
    "court_ref": Kind.REFERENCE,
    "justification": Kind.TEXT,
    "outcome": Kind.TEXT,
    "reason": Kind.TEXT,
    "duplicate_override_reason": Kind.TEXT,
    "objective": Kind.TEXT,
}
"""Every text field of the events, by the kind of text it holds."""

COUNTS: dict[str, tuple[int, int]] = {
    "reasons": (1, 20),
    "options_considered": (0, 50),
    "goals": (1, 50),
}
"""How many items each list field of the events may hold (fewest, most)."""

HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
"""Control, format (zero-width, bidirectional controls), surrogate, private-use and
unassigned characters, and line and paragraph separators."""
LINE_BREAKS = frozenset("\t\n\r")


class InvalidText(DomainError):
    """A text field holding what no reader could see, or too much of it."""

    code = "validation"


def problem(kind: Kind, value: str) -> str | None:
    """Why `value` is refused, in words that never repeat it; None if it is fine."""
    if len(value) > kind.longest:
        return f"is longer than {kind.longest} characters"
    if not value.strip():
        return "is blank"
    allowed = LINE_BREAKS if kind is Kind.TEXT else frozenset()
    for character in value:
        if character not in allowed and unicodedata.category(character) in HIDDEN_CATEGORIES:
            return "holds a control, zero-width or bidirectional-override character"
    return None


def check_fields(fields: Iterable[tuple[str, Any]]) -> None:
    """Refuse the first text field (by name, in `FIELDS`) whose value breaks its rule;
    lists are counted (`COUNTS`) and checked item by item, and a plan's goals by their
    area and objective."""
    for name, value in fields:
        if isinstance(value, list | tuple):
            _check_count(name, len(value))
            check_fields((name, item) for item in value)
        elif isinstance(value, Goal):
            check_fields((("area", value.area), ("objective", value.objective)))
        elif isinstance(value, str) and name in FIELDS:
            found = problem(FIELDS[name], value)
            if found is not None:
                raise InvalidText(f"field '{name}' {found}")


def _check_count(name: str, count: int) -> None:
    if name in COUNTS:
        fewest, most = COUNTS[name]
        if not fewest <= count <= most:
            raise InvalidText(f"field '{name}' holds {count} items, not {fewest} to {most}")
