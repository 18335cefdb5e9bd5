"""The events table refuses UPDATE and DELETE inside the database itself."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from registry.application import RegistryApplication
from registry.database import persistence_env
from tests.support.journeys import register_child


def test_sqlite_refuses_update_and_delete(tmp_path: Path) -> None:
    path = tmp_path / "registry.sqlite3"
    app = RegistryApplication(persistence_env(f"sqlite:///{path}"))
    register_child(app, day=app.today())
    app.close()
    with sqlite3.connect(path) as conn:
        for statement in (
            "UPDATE stored_events SET state = x'00'",
            "DELETE FROM stored_events",
        ):
            with pytest.raises(sqlite3.DatabaseError, match="append-only"):
                conn.execute(statement)
        assert conn.execute("SELECT count(*) FROM stored_events").fetchone() == (1,)


@pytest.mark.postgres
def test_postgres_refuses_update_delete_and_truncate(postgres_url: str) -> None:
    app = RegistryApplication(persistence_env(postgres_url))
    register_child(app, day=app.today())
    app.close()
    database, schema = postgres_url.split("?schema=")
    table = sql.Identifier(schema, "registry_events")
    with psycopg.connect(database, autocommit=True) as conn:
        for statement in (
            "UPDATE {} SET state = '\\x00'",
            "DELETE FROM {}",
            "TRUNCATE {}",
        ):
            with pytest.raises(psycopg.errors.RaiseException, match="append-only"):
                conn.execute(sql.SQL(statement).format(table))
        count = conn.execute(sql.SQL("SELECT count(*) FROM {}").format(table)).fetchone()
        assert count == (1,)


@pytest.mark.postgres
def test_installing_the_triggers_twice_is_harmless(postgres_url: str) -> None:
    for _ in range(2):
        RegistryApplication(persistence_env(postgres_url)).close()
