"""From `REGISTRY_DATABASE_URL` to the library's persistence settings, and the
database-level guarantees the library does not give by itself.

The events table is made append-only inside the database (triggers refuse UPDATE,
DELETE and TRUNCATE), so even a client that bypasses the application cannot
rewrite a decision.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit
from uuid import UUID

from eventsourcing.persistence import ApplicationRecorder
from eventsourcing.postgres import PostgresApplicationRecorder
from eventsourcing.sqlite import SQLiteApplicationRecorder
from psycopg import sql

MEMORY_URL = "memory://"
SQLITE_LOCK_TIMEOUT_SECONDS = 10


class UnsupportedDatabaseURL(ValueError):
    """The URL names no backend the registry knows."""


def persistence_env(database_url: str) -> dict[str, str]:
    """The `eventsourcing` environment for a database URL."""
    parts = urlsplit(database_url)
    if database_url == MEMORY_URL:
        return {"PERSISTENCE_MODULE": "eventsourcing.popo"}
    if parts.scheme == "sqlite":
        path = database_url.removeprefix("sqlite:///")
        if not path or path == database_url:
            raise UnsupportedDatabaseURL("use sqlite:///PATH (or sqlite:///:memory:)")
        # Writers wait for the file's lock as the API tables' connection does (10 s),
        # not the library's 5 s: the read side and the integrity watch write too.
        return {
            "PERSISTENCE_MODULE": "eventsourcing.sqlite",
            "SQLITE_DBNAME": path,
            "SQLITE_LOCK_TIMEOUT": str(SQLITE_LOCK_TIMEOUT_SECONDS),
        }
    if parts.scheme in {"postgresql", "postgres", "postgresql+psycopg"}:
        query = parse_qs(parts.query)
        env = {
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "POSTGRES_DBNAME": unquote(parts.path.lstrip("/")) or "postgres",
            "POSTGRES_HOST": parts.hostname or "127.0.0.1",
            "POSTGRES_PORT": str(parts.port or 5432),
            "POSTGRES_USER": unquote(parts.username or "postgres"),
            "POSTGRES_PASSWORD": unquote(parts.password or ""),
        }
        if "schema" in query:
            env["POSTGRES_SCHEMA"] = query["schema"][0]
        if "pool_size" in query:
            env["POSTGRES_POOL_SIZE"] = query["pool_size"][0]
        return env
    raise UnsupportedDatabaseURL(f"unsupported database URL scheme '{parts.scheme}'")


def missing_store(database_url: str) -> str | None:
    """Where the store of `database_url` would be, when it does not exist yet.

    Opening a SQLite store creates its file, so a verb that reads an existing store
    asks first, rather than leave an empty store wherever it was run and answer as if
    the registry were empty; an in-memory store holds nothing for a new process to read.
    A PostgreSQL store is the database its administrator made: None.
    """
    env = persistence_env(database_url)
    module = env["PERSISTENCE_MODULE"]
    if module == "eventsourcing.popo":
        return database_url
    if module == "eventsourcing.sqlite":
        path = env["SQLITE_DBNAME"]
        return None if Path(path).is_file() else path
    return None


def make_events_append_only(recorder: ApplicationRecorder) -> None:
    """Install the triggers that refuse changes to stored events (idempotent)."""
    if isinstance(recorder, SQLiteApplicationRecorder):
        _sqlite_append_only(recorder)
    elif isinstance(recorder, PostgresApplicationRecorder):
        _postgres_append_only(recorder)


def _sqlite_append_only(recorder: SQLiteApplicationRecorder) -> None:
    table = recorder.events_table_name
    with recorder.datastore.transaction(commit=True) as cursor:
        for operation in ("UPDATE", "DELETE"):
            cursor.execute(
                f"CREATE TRIGGER IF NOT EXISTS {table}_refuse_{operation.lower()} "
                f"BEFORE {operation} ON {table} "
                "BEGIN SELECT RAISE(ABORT, 'stored events are append-only'); END"
            )


def _postgres_append_only(recorder: PostgresApplicationRecorder) -> None:
    schema = sql.Identifier(recorder.datastore.schema)
    table = sql.Identifier(recorder.events_table_name)
    function = sql.Identifier(f"{recorder.events_table_name}_refuse_change")
    statements = [
        sql.SQL(
            "CREATE OR REPLACE FUNCTION {schema}.{function}() RETURNS trigger "
            "LANGUAGE plpgsql AS $$ BEGIN "
            "RAISE EXCEPTION 'stored events are append-only' USING ERRCODE = 'P0001'; "
            "END $$"
        ),
        sql.SQL(
            "CREATE OR REPLACE TRIGGER refuse_row_change BEFORE UPDATE OR DELETE "
            "ON {schema}.{table} FOR EACH ROW EXECUTE FUNCTION {schema}.{function}()"
        ),
        sql.SQL(
            "CREATE OR REPLACE TRIGGER refuse_truncate BEFORE TRUNCATE "
            "ON {schema}.{table} FOR EACH STATEMENT EXECUTE FUNCTION {schema}.{function}()"
        ),
    ]
    with recorder.datastore.transaction(commit=True) as cursor:
        # Serialise concurrent installers: CREATE OR REPLACE races on the catalogue.
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext('registry_append_only'))")
        for statement in statements:
            cursor.execute(statement.format(schema=schema, table=table, function=function))


def position_of(recorder: ApplicationRecorder, originator_id: UUID, version: int) -> int | None:
    """The notification id of one stored event: the position a replayed answer reports.

    The library reads streams without their positions, so this asks the events table
    directly, by its primary key; the in-memory store of tests is scanned instead.
    """
    if isinstance(recorder, PostgresApplicationRecorder):
        statement = sql.SQL(
            "SELECT notification_id FROM {schema}.{table} "
            "WHERE originator_id = %s AND originator_version = %s"
        ).format(
            schema=sql.Identifier(recorder.datastore.schema),
            table=sql.Identifier(recorder.events_table_name),
        )
        with recorder.datastore.transaction(commit=False) as cursor:
            cursor.execute(statement, (originator_id, version))
            row = cursor.fetchone()
        return int(row["notification_id"]) if row else None
    if isinstance(recorder, SQLiteApplicationRecorder):
        with recorder.datastore.transaction(commit=False) as cursor:
            cursor.execute(
                f"SELECT rowid FROM {recorder.events_table_name} "
                "WHERE originator_id = ? AND originator_version = ?",
                (originator_id.hex, version),
            )
            row = cursor.fetchone()
        return int(row[0]) if row else None
    last = recorder.max_notification_id() or 0
    return next(
        (
            notification.id
            for notification in recorder.select_notifications(start=1, limit=last)
            if notification.originator_id == originator_id
            and notification.originator_version == version
        ),
        None,
    )
