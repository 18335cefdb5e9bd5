"""Identities the test helpers register: each one another child to the duplicate check.

The helpers register "a child" again and again with the same name and birth date.
Each is meant as another child, so each gets a father of its own: a patronymic no
other call returns, which the duplicate check reads as two children whatever else
agrees (`registry.domain.duplicates`). A test about duplicates states its bodies in
full.
"""

from __future__ import annotations

import itertools

CONSONANTS = "bdlmnprtvz"
VOWELS = "aio"
"""Letters the name keys keep apart, so two fathers' names never share a key."""
SYLLABLES = [consonant + vowel for consonant in CONSONANTS for vowel in VOWELS]
_calls = itertools.count()


def distinct_patronymic() -> str:
    """A father's name alone (which states no gender), of three syllables, new on
    every call."""
    number = next(_calls)
    syllables = []
    for _ in range(3):
        number, index = divmod(number, len(SYLLABLES))
        syllables.append(SYLLABLES[index])
    return "".join(syllables).capitalize()
