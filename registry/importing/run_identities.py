"""The children an import has registered so far, for the duplicate check of the rows
after them: the read models do not hold them until the import is over, and two rows
of one file registering one child twice is how duplicates are born.

Kept by blocking key and birth year (`registry.domain.duplicates.blocking_keys`, as
the read models keep them), so a registration is scored against the few registered
this run that share a key and were born a year either side, not against all of them.
"""

from __future__ import annotations

from uuid import UUID

from registry.domain import duplicates
from registry.domain.duplicates import Candidate, Identity

Bucket = tuple[str, int]


class RunIdentities:
    def __init__(self) -> None:
        self._identities: dict[UUID, Identity] = {}
        self._buckets: dict[Bucket, set[UUID]] = {}

    def add(self, child_id: UUID, identity: Identity) -> None:
        self._identities[child_id] = identity
        for bucket in _buckets(identity, identity.birth_date.year):
            self._buckets.setdefault(bucket, set()).add(child_id)

    def forget(self, child_id: UUID) -> None:
        identity = self._identities.pop(child_id, None)
        if identity is not None:
            for bucket in _buckets(identity, identity.birth_date.year):
                self._buckets[bucket].discard(child_id)

    def candidates(self, identity: Identity) -> list[Candidate]:
        year = identity.birth_date.year
        nearby = {
            child_id
            for near in (year - 1, year, year + 1)
            for bucket in _buckets(identity, near)
            for child_id in self._buckets.get(bucket, ())
        }
        return duplicates.candidates_among(
            identity, ((child_id, self._identities[child_id]) for child_id in nearby)
        )


def _buckets(identity: Identity, year: int) -> list[Bucket]:
    return [
        (block, year)
        for block in duplicates.blocking_keys(identity.given_name, identity.family_name)
    ]
