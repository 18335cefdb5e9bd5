"""A request made with an `Idempotency-Key`, as a stream of its own saved in the
same write as the decision it made.

The stream's id is derived from the user and the key, so a second write of the
same request conflicts on version 1 and nothing of it is stored: whatever
crashed, and whenever, the log holds the decision once or not at all, and when
it holds it, it also holds the answer to give the retry. The id is a keyed hash,
like the personal-id claim's, and the request itself is kept only as a keyed
fingerprint (names and birth dates are in the bodies it was made from).
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate


@dataclass(frozen=True)
class RequestKey:
    """Who sent the request, the key they gave it, and a digest of what they asked."""

    user_id: str
    key: str
    fingerprint: str

    def stream_id(self, secret: bytes) -> UUID:
        message = "\x1f".join(("idempotency", self.user_id, self.key)).encode()
        digest = hmac.new(secret, message, hashlib.sha256).digest()
        return UUID(bytes=digest[:16], version=4)

    def keyed_fingerprint(self, secret: bytes) -> str:
        return hmac.new(secret, self.fingerprint.encode(), hashlib.sha256).hexdigest()


class AnsweredRequest(Aggregate):
    """Exists once per (user, key): the stream and version its decision wrote."""

    TOPIC = "registry.answered_request:AnsweredRequest"

    class Event(Aggregate.Event):
        """Base of the request's events (the library requires one per aggregate class).
        Each event class states its own `class_version` (docs/design.md, "Event schema
        evolution")."""

    class Answered(Event, Aggregate.Created):
        TOPIC = "registry.answered_request:Answered"
        class_version = 1
        fingerprint: str
        stream_id: UUID
        stream_version: int
        related: dict[str, UUID]

        def apply(self, aggregate: Any) -> None:
            aggregate.fingerprint = self.fingerprint
            aggregate.stream_id = self.stream_id
            aggregate.stream_version = self.stream_version
            aggregate.related = dict(self.related)

    Created = Answered

    def __init__(self) -> None:
        self.fingerprint: str
        self.stream_id: UUID
        self.stream_version: int
        self.related: dict[str, UUID]

    @classmethod
    def answer(
        cls,
        request: RequestKey,
        secret: bytes,
        *,
        stream_id: UUID,
        stream_version: int,
        related: dict[str, UUID],
    ) -> AnsweredRequest:
        return cls._create(
            cls.Answered,
            id=request.stream_id(secret),
            fingerprint=request.keyed_fingerprint(secret),
            stream_id=stream_id,
            stream_version=stream_version,
            related=dict(related),
        )
