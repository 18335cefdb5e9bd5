"""The read models' connections: writes and reads interleaved in one transaction."""

from __future__ import annotations

from projections.database import open_database
from projections.read_side import ReadSide
from tests.integration.projections.support import WithReadSide
from tests.support.backends import OnPostgres, OnSQLite


class Connections(WithReadSide):
    def test_a_read_right_after_a_write_answers_with_its_own_rows(
        self, read_side: ReadSide, database_url: str
    ) -> None:
        database = open_database(database_url)
        session = database.session()
        try:
            with session.transaction() as tx:
                for number in range(3):
                    tx.execute(
                        "INSERT INTO {projection_tracking} (name, position) VALUES (%s, %s)",
                        (f"probe-{number}", number),
                    )
                    found = tx.rows(
                        "SELECT name, position FROM {projection_tracking} "
                        "WHERE name LIKE 'probe-%%' ORDER BY name"
                    )
                    assert found == [(f"probe-{n}", n) for n in range(number + 1)]
                tx.execute("DELETE FROM {projection_tracking} WHERE name LIKE 'probe-%%'")
        finally:
            session.close()
            database.close()


class TestOnSQLite(Connections, OnSQLite):
    pass


class TestOnPostgres(Connections, OnPostgres):
    pass
