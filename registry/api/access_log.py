"""The access log: who read which child's record, which part of it, and when.

docs/design.md section 2 makes every read of a named child's record a recorded fact.
The log lives beside the events (same SQLite file or PostgreSQL schema, through the
registry's `Database`) and, like the events, is append-only inside the database
(`registry.database.make_append_only`), so a reader cannot erase the trace of a read.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from projections.queries import ChildCriteria
from registry.database import Database, make_append_only

TABLE = """
CREATE TABLE IF NOT EXISTS access_log (
    read_at TEXT NOT NULL,
    user_id TEXT NOT NULL,
    role TEXT NOT NULL,
    child_id TEXT NOT NULL,
    field TEXT NOT NULL,
    reason TEXT
)
"""
INDEX = "CREATE INDEX IF NOT EXISTS access_log_by_child ON access_log (child_id, read_at)"
REFUSAL = "the access log is append-only"


@dataclass(frozen=True)
class AccessRecord:
    """One read: `field` names the part of the record read (`child`, `history`, ...)."""

    read_at: datetime
    user_id: str
    role: str
    child_id: UUID
    field: str
    reason: str | None = None


SEARCH_DIGEST_CHARS = 24


def search_field(secret: bytes, criteria: ChildCriteria) -> str:
    """The field under which the children a search returned are logged: `search:` and
    a keyed hash of what identified them (a name query case folded, its spaces
    collapsed). Equal searches share the hash, so a monitor sees who searched for the
    same person again, but the log never holds a name, and without the deployment's
    secret no one can try names against it."""
    given = {
        name: " ".join(value.casefold().split()) if isinstance(value, str) else str(value)
        for name, value in criteria.identifying.items()
    }
    canonical = json.dumps(given, sort_keys=True, ensure_ascii=False).encode()
    key = hashlib.sha256(b"access log search\x00" + secret).digest()
    return "search:" + hmac.new(key, canonical, "sha256").hexdigest()[:SEARCH_DIGEST_CHARS]


class AccessLog:
    def __init__(self, database: Database) -> None:
        self._database = database

    def install(self) -> None:
        """Create the table and its append-only triggers (idempotent)."""
        with self._database.transaction() as tx:
            make_append_only(tx, "access_log", REFUSAL, creating=(TABLE, INDEX))

    def append(self, records: Sequence[AccessRecord]) -> None:
        """One statement for a batch: a page of children's histories is one write."""
        if not records:
            return
        values = ", ".join(["(%s, %s, %s, %s, %s, %s)"] * len(records))
        params = [
            value
            for record in records
            for value in (
                record.read_at.isoformat(),
                record.user_id,
                record.role,
                str(record.child_id),
                record.field,
                record.reason,
            )
        ]
        with self._database.transaction() as tx:
            tx.execute(
                "INSERT INTO access_log (read_at, user_id, role, child_id, field, reason)"
                f" VALUES {values}",
                params,
            )

    def for_child(self, child_id: UUID) -> list[AccessRecord]:
        """Every recorded read of the child's record, oldest first."""
        with self._database.transaction() as tx:
            rows = tx.execute(
                "SELECT read_at, user_id, role, child_id, field, reason FROM access_log"
                " WHERE child_id = %s ORDER BY read_at",
                (str(child_id),),
            )
        return [
            AccessRecord(
                read_at=datetime.fromisoformat(read_at),
                user_id=user_id,
                role=role,
                child_id=UUID(child),
                field=field,
                reason=reason,
            )
            for read_at, user_id, role, child, field, reason in rows
        ]


def open_access_log(database: Database) -> AccessLog:
    access_log = AccessLog(database)
    access_log.install()
    return access_log
