"""The one database layer: handles sharing a process's pool, and the statements it runs
on the library's own connections."""

from __future__ import annotations

import sqlite3
from uuid import uuid4

import psycopg
import pytest

from registry.application import RegistryApplication
from registry.database import StoreDatabase, open_database, position_of
from tests.support.backends import OnPostgres, OnSQLite
from tests.support.journeys import register_child

CLOSED_ERRORS = (sqlite3.ProgrammingError, psycopg.OperationalError)


class DatabaseLayer:
    def test_a_handle_closed_by_one_holder_leaves_the_others_working(
        self, database_url: str
    ) -> None:
        first, second = open_database(database_url), open_database(database_url)
        try:
            with first.transaction() as tx:
                tx.execute("CREATE TABLE IF NOT EXISTS probe (name TEXT PRIMARY KEY)")
                tx.execute_many("INSERT INTO probe (name) VALUES (%s)", [("a",), ("b",)])
            first.close()
            with second.transaction() as tx:
                assert tx.execute(
                    "SELECT name FROM probe WHERE name LIKE %s ORDER BY name", ("%%",)
                ) == [
                    ("a",),
                    ("b",),
                ]
            with pytest.raises(CLOSED_ERRORS), first.transaction() as tx:
                tx.execute("SELECT 1")
        finally:
            second.close()

    def test_the_store_finds_streams_and_positions_on_the_librarys_connections(
        self, app: RegistryApplication
    ) -> None:
        child = register_child(app).id
        store = StoreDatabase(app.recorder)
        assert store.stored_streams([child, uuid4()]) == {child}
        assert position_of(app.recorder, child, 1) == store.last_position()
        assert position_of(app.recorder, child, 2) is None


class TestOnSQLite(DatabaseLayer, OnSQLite):
    def test_memory_databases_are_private_to_their_handle(self) -> None:
        first, second = open_database("memory://"), open_database("memory://")
        try:
            with first.transaction() as tx:
                tx.execute("CREATE TABLE probe (name TEXT)")
                assert tx.table_exists("probe")
            with second.transaction() as tx:
                assert not tx.table_exists("probe")
        finally:
            first.close()
            second.close()


class TestOnPostgres(DatabaseLayer, OnPostgres):
    pass
