"""The access log: who read which child's record, which part of it, and when.

DESIGN.md section 1 makes every read of a named child's record a recorded fact.
The log lives beside the events (same SQLite file or PostgreSQL schema, through the
API's own `Database`) and, like the events, is append-only inside the database:
triggers refuse UPDATE and DELETE, so a reader cannot erase the trace of a read.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from registry.api.database import Database, PostgresDatabase

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
SQLITE_TRIGGERS = [
    f"CREATE TRIGGER IF NOT EXISTS access_log_refuse_{operation.lower()} "
    f"BEFORE {operation} ON access_log "
    "BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END"
    for operation in ("UPDATE", "DELETE")
]
# Serialise concurrent installers (several server processes starting at once): taken
# before the first statement, or one installer's index lock and another's trigger lock
# deadlock; CREATE OR REPLACE also races on the catalogue.
POSTGRES_LOCK = "SELECT pg_advisory_xact_lock(hashtext('registry_access_log'))"
POSTGRES_TRIGGERS = [
    "CREATE OR REPLACE FUNCTION access_log_refuse_change() RETURNS trigger "
    "LANGUAGE plpgsql AS $$ BEGIN "
    "RAISE EXCEPTION 'the access log is append-only' USING ERRCODE = 'P0001'; "
    "END $$",
    "CREATE OR REPLACE TRIGGER access_log_refuse_row_change BEFORE UPDATE OR DELETE "
    "ON access_log FOR EACH ROW EXECUTE FUNCTION access_log_refuse_change()",
    "CREATE OR REPLACE TRIGGER access_log_refuse_truncate BEFORE TRUNCATE "
    "ON access_log FOR EACH STATEMENT EXECUTE FUNCTION access_log_refuse_change()",
]


@dataclass(frozen=True)
class AccessRecord:
    """One read: `field` names the part of the record read (`child`, `history`, ...)."""

    read_at: datetime
    user_id: str
    role: str
    child_id: UUID
    field: str
    reason: str | None = None


class AccessLog:
    def __init__(self, database: Database) -> None:
        self._database = database

    def install(self) -> None:
        """Create the table and its append-only triggers (idempotent)."""
        on_postgres = isinstance(self._database, PostgresDatabase)
        statements = (
            [POSTGRES_LOCK, TABLE, INDEX, *POSTGRES_TRIGGERS]
            if on_postgres
            else [TABLE, INDEX, *SQLITE_TRIGGERS]
        )
        with self._database.transaction() as session:
            for statement in statements:
                session.execute(statement)

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
        with self._database.transaction() as session:
            session.execute(
                "INSERT INTO access_log (read_at, user_id, role, child_id, field, reason)"
                f" VALUES {values}",
                params,
            )

    def for_child(self, child_id: UUID) -> list[AccessRecord]:
        """Every recorded read of the child's record, oldest first."""
        with self._database.transaction() as session:
            rows = session.execute(
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
