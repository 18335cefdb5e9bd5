"""The children an import has registered so far, for the duplicate check of the rows
after them: the read models do not hold them until the import is over, and two rows
of one file registering one child twice is how duplicates are born.

Kept by phonetic family-name start and birth year, so a registration is scored
against the few registered this run with a like family name born a year either side,
not against all of them.
"""

from __future__ import annotations

from uuid import UUID

from registry.domain import duplicates, names
from registry.domain.duplicates import Candidate, Identity

NAME_START = 3
Bucket = tuple[str, int]


class RunIdentities:
    def __init__(self) -> None:
        self._identities: dict[UUID, Identity] = {}
        self._buckets: dict[Bucket, set[UUID]] = {}

    def add(self, child_id: UUID, identity: Identity) -> None:
        self._identities[child_id] = identity
        self._buckets.setdefault(_bucket(identity, identity.birth_date.year), set()).add(child_id)

    def forget(self, child_id: UUID) -> None:
        identity = self._identities.pop(child_id, None)
        if identity is not None:
            self._buckets[_bucket(identity, identity.birth_date.year)].discard(child_id)

    def candidates(self, identity: Identity) -> list[Candidate]:
        year = identity.birth_date.year
        found: list[Candidate] = []
        for nearby in (year - 1, year, year + 1):
            for child_id in self._buckets.get(_bucket(identity, nearby), ()):
                known = self._identities[child_id]
                likeness = duplicates.likeness(identity, known)
                if likeness is not None and likeness.possible_duplicate:
                    found.append(Candidate(child_id, known, likeness))
        return found


def _bucket(identity: Identity, year: int) -> Bucket:
    return names.phonetic_key(identity.family_name)[:NAME_START], year
