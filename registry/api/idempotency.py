"""`Idempotency-Key`: a retried command returns its first answer and writes nothing.

A key belongs to one user. The first request claims it before deciding, so a
concurrent retry cannot decide twice; the answer is stored when the decision
ends, and kept at least the configured time (expired keys are purged lazily,
whenever a key is claimed). A claim left without an answer — the process died
mid-request, before or after its write — is taken over by a later retry.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from registry.api.database import Database
from registry.api.problems import Problem

SCHEMA = (
    """
    CREATE TABLE IF NOT EXISTS registry_idempotency (
        user_id TEXT NOT NULL,
        idempotency_key TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        status INTEGER,
        body TEXT,
        created_at BIGINT NOT NULL,
        PRIMARY KEY (user_id, idempotency_key)
    )
    """,
    "CREATE INDEX IF NOT EXISTS registry_idempotency_created ON registry_idempotency (created_at)",
)
ABANDONED_AFTER_SECONDS = 60
"""A claim with no answer after this long belongs to a process that died mid-request:
the next retry takes it over instead of waiting for the key to expire."""


@dataclass(frozen=True)
class StoredAnswer:
    status: int
    body: dict[str, Any]


class IdempotencyStore:
    def __init__(
        self, database: Database, ttl_seconds: int, clock: Callable[[], float] = time.time
    ) -> None:
        self._database = database
        self._ttl_seconds = ttl_seconds
        self._clock = clock
        with database.transaction() as session:
            for statement in SCHEMA:
                session.execute(statement)

    def claim(self, user_id: str, key: str, fingerprint: str) -> StoredAnswer | None:
        """None when this request now owns the key (it must `finish` or `release` it);
        the stored answer when the key was used before for the same request."""
        now = int(self._clock())
        with self._database.transaction() as session:
            session.execute(
                "DELETE FROM registry_idempotency WHERE created_at < %s",
                (now - self._ttl_seconds,),
            )
            claimed = session.execute(
                "INSERT INTO registry_idempotency"
                " (user_id, idempotency_key, fingerprint, created_at) VALUES (%s, %s, %s, %s)"
                " ON CONFLICT (user_id, idempotency_key) DO NOTHING RETURNING user_id",
                (user_id, key, fingerprint, now),
            )
            if claimed:
                return None
            rows = session.execute(
                "SELECT fingerprint, status, body, created_at FROM registry_idempotency"
                " WHERE user_id = %s AND idempotency_key = %s",
                (user_id, key),
            )
            stored_fingerprint, status, body, created_at = rows[0]
            if (
                status is None
                and stored_fingerprint == fingerprint
                and int(created_at) < now - ABANDONED_AFTER_SECONDS
            ):
                session.execute(
                    "UPDATE registry_idempotency SET created_at = %s"
                    " WHERE user_id = %s AND idempotency_key = %s",
                    (now, user_id, key),
                )
                return None
        if stored_fingerprint != fingerprint:
            raise Problem(
                422,
                "idempotency_key_reused",
                "this Idempotency-Key was already used for a different request",
            )
        if status is None:
            raise Problem(
                409,
                "idempotency_key_in_use",
                "a request with this Idempotency-Key is still being processed; retry later",
            )
        return StoredAnswer(status=int(status), body=json.loads(str(body)))

    def finish(self, user_id: str, key: str, answer: StoredAnswer) -> None:
        with self._database.transaction() as session:
            session.execute(
                "UPDATE registry_idempotency SET status = %s, body = %s"
                " WHERE user_id = %s AND idempotency_key = %s",
                (answer.status, json.dumps(answer.body), user_id, key),
            )

    def release(self, user_id: str, key: str) -> None:
        """Forget a claim whose request failed unexpectedly, so the client may retry."""
        with self._database.transaction() as session:
            session.execute(
                "DELETE FROM registry_idempotency WHERE user_id = %s AND idempotency_key = %s",
                (user_id, key),
            )
