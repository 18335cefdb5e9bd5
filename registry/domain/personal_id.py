"""Uniqueness of personal ids (invariant 8) as an aggregate of its own.

The claim's stream id is derived from the personal id with a keyed hash, not a
plain uuid5: national id numbers are few enough that an unkeyed hash stored in
clear beside every event could be reversed by trying them all.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate


class PersonalIdClaim(Aggregate):
    """Exists once per personal id; creating a second one conflicts on version 1."""

    TOPIC = "registry.personal_id:PersonalIdClaim"

    class Event(Aggregate.Event):
        """Base of the claim's events (the library requires one per aggregate class).
        Each event class states its own `class_version` (docs/design.md, "Event schema
        evolution")."""

    class Claimed(Event, Aggregate.Created):
        TOPIC = "registry.personal_id:Claimed"
        class_version = 1
        child_id: UUID

        def apply(self, aggregate: Any) -> None:
            aggregate.child_id = self.child_id

    Created = Claimed

    def __init__(self) -> None:
        self.child_id: UUID

    @classmethod
    def claim(cls, *, personal_id: str, child_id: UUID, key: bytes) -> PersonalIdClaim:
        return cls._create(cls.Claimed, id=claim_id(personal_id, key), child_id=child_id)


def claim_id(personal_id: str, key: bytes) -> UUID:
    digest = hmac.new(key, personal_id.strip().encode(), hashlib.sha256).digest()
    return UUID(bytes=digest[:16], version=4)
