"""SQL run on a store as a database superuser would: the append-only triggers dropped
first, then the statement, behind the application's back (tampering tests).

`{events}` in a statement names the events table and `{schema}` prefixes the
registry's other tables; further names are the caller's, per backend.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import psycopg
from psycopg import sql


def on_sqlite(database_url: str, statement: str, **names: str) -> None:
    with sqlite3.connect(Path(database_url.removeprefix("sqlite:///"))) as conn:
        conn.execute("DROP TRIGGER IF EXISTS stored_events_refuse_update")
        conn.execute("DROP TRIGGER IF EXISTS stored_events_refuse_delete")
        conn.execute(statement.format(events="stored_events", schema="", **names))


def on_postgres(database_url: str, statement: str, **names: sql.Composable) -> None:
    database, schema = database_url.split("?schema=")
    events = sql.Identifier(schema, "registry_events")
    with psycopg.connect(database, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP TRIGGER IF EXISTS refuse_row_change ON {}").format(events))
        conn.execute(
            sql.SQL(statement).format(events=events, schema=sql.SQL(f'"{schema}".'), **names)
        )
