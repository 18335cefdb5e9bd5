"""Refusals of `Idempotency-Key` requests, kept so that a retry gets the same answer.

A decision that was made is answered from the log itself: the request's answer is
saved in the decision's own write (`registry.domain.answered_request`). A refused
request wrote nothing, so its answer is kept here instead, for the configured time
(expired ones are purged whenever a refusal is kept). Nothing here is ever claimed
before deciding: a request cut at any point leaves no lock behind for its retry.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from registry.api.problems import Problem
from registry.database import Database

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


@dataclass(frozen=True)
class StoredAnswer:
    status: int
    body: dict[str, Any]
    replayed: bool = False
    """An answer given before to the same request: nothing was written now."""


class RefusalStore:
    def __init__(
        self, database: Database, ttl_seconds: int, clock: Callable[[], float] = time.time
    ) -> None:
        self._database = database
        self._ttl_seconds = ttl_seconds
        self._clock = clock
        with database.transaction() as tx:
            for statement in SCHEMA:
                tx.execute(statement)

    def recall(self, user_id: str, key: str, fingerprint: str) -> StoredAnswer | None:
        """The refusal kept for this key, replayed; None when there is none (or it expired).
        The same key for a different request is refused (`idempotency_key_reused`)."""
        with self._database.transaction() as tx:
            rows = tx.execute(
                "SELECT fingerprint, status, body FROM registry_idempotency"
                " WHERE user_id = %s AND idempotency_key = %s AND status IS NOT NULL"
                " AND created_at >= %s",
                (user_id, key, int(self._clock()) - self._ttl_seconds),
            )
        if not rows:
            return None
        stored_fingerprint, status, body = rows[0]
        if stored_fingerprint != fingerprint:
            raise Problem(
                422,
                "idempotency_key_reused",
                "this Idempotency-Key was already used for a different request",
            )
        return StoredAnswer(status=int(status), body=json.loads(str(body)), replayed=True)

    def keep(self, user_id: str, key: str, fingerprint: str, refusal: StoredAnswer) -> None:
        """Keep a refusal; a row already there for the key (an expired one, or a rival
        retry's) is replaced only when it expired."""
        now = int(self._clock())
        with self._database.transaction() as tx:
            tx.execute(
                "DELETE FROM registry_idempotency WHERE created_at < %s",
                (now - self._ttl_seconds,),
            )
            tx.execute(
                "INSERT INTO registry_idempotency"
                " (user_id, idempotency_key, fingerprint, status, body, created_at)"
                " VALUES (%s, %s, %s, %s, %s, %s)"
                " ON CONFLICT (user_id, idempotency_key) DO NOTHING",
                (user_id, key, fingerprint, refusal.status, json.dumps(refusal.body), now),
            )
