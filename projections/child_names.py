"""child_name_words, child_identity and child_blocks: the keys search and duplicate
checks compare.

A child's names are written once, at registration, and change only by a correction
of it (which rewrites the child's rows like every other read model's). Each word of
the given, family and patronymic names becomes a row of folded and phonetic keys
(`registry.domain.names`), so that a search looks prefixes up in an index instead
of folding every name in the register; the personal id and the father's name a
patronymic states sit beside them, one row per child, with the name's place in each
language's order of lists (`registry.domain.collation`), and the blocking keys under
which the duplicate check finds the child (`registry.domain.duplicates.blocking_keys`).
"""

from __future__ import annotations

from projections.projection import (
    CORRECTION_TOPICS,
    AppendingChildProjection,
    Batch,
    topics_of,
)
from projections.schema import BLOCKS, IDENTITY, NAME_WORDS
from registry.database import Transaction
from registry.domain import collation, duplicates, names
from registry.domain.child_events import ChildEvent, ChildRegistered

NAME_PARTS = ("given", "family", "patronymic")


class ChildNamesProjection(AppendingChildProjection):
    name = "child_names"
    tables = (NAME_WORDS, IDENTITY, BLOCKS)
    topics = topics_of((ChildRegistered,)) | CORRECTION_TOPICS

    def evolve(self, event: ChildEvent, position: int, tx: Transaction, batch: Batch) -> None:
        if not isinstance(event, ChildRegistered):
            return
        child_id = event.originator_id
        texts = (event.given_name, event.family_name, event.patronymic or "")
        parts = zip(NAME_PARTS, texts, strict=True)
        words = [(part, *keys) for part, text in parts for keys in names.name_words(text)]
        rows = batch.appended[NAME_WORDS.name]
        for number, (part, folded, sounds) in enumerate(words):
            rows.append(child_id, (child_id, number, part, folded, sounds))
        father, gender = names.patronymic_key(event.patronymic or "")
        orders = [
            collation.sort_key(event.family_name, event.given_name, language)
            for language in collation.LANGUAGES
        ]
        batch.appended[IDENTITY.name].append(
            child_id,
            (child_id, event.personal_id, father or None, gender if father else None, *orders),
        )
        for block in duplicates.blocking_keys(event.given_name, event.family_name):
            batch.appended[BLOCKS.name].append(child_id, (child_id, block, event.birth_date))
