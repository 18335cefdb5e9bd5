"""The read models' connections: writes and reads interleaved in one transaction."""

from __future__ import annotations

from projections.read_side import ReadSide
from projections.schema import EPISODES
from projections.working_rows import WorkingRows
from registry.application import RegistryApplication
from registry.database import Session, Transaction, open_database
from tests.integration.projections.population import populate
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
                    found = tx.execute(
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
    def test_a_lookup_repeated_while_its_table_grows_reads_by_index(
        self, read_side: ReadSide, database_url: str
    ) -> None:
        """A follower starts on empty tables that grow to millions of rows. A plan
        cached while a table was empty (a sequential scan comparing every row with
        every key) must not be reused once it is large: catch-up would slow down as
        the table grows, by how early the plan was cached."""
        database = open_database(database_url)
        session = database.session()
        absent_children = [f"absent-{number}" for number in range(2_000)]
        try:
            _add_episodes(session, 1, 300)
            for _ in range(12):
                with session.transaction() as tx:
                    WorkingRows(EPISODES, group_by="child_id").load(tx, absent_children)
            _add_episodes(session, 301, 50_000)
            with session.transaction() as tx:
                scans_before = _sequential_scans_of_episodes(tx)
                episodes = WorkingRows(EPISODES, group_by="child_id")
                episodes.load(tx, ["c7", "c49999"])
                assert sorted(episodes.rows) == ["e49999", "e7"]
                assert _sequential_scans_of_episodes(tx) == scans_before
        finally:
            session.close()
            database.close()

    def test_catching_up_from_far_behind_gives_the_planner_the_tables_sizes(
        self, app: RegistryApplication, read_side: ReadSide
    ) -> None:
        """Whether or not autovacuum runs, the tables looked up by child have
        statistics once a catch-up has applied full batches."""
        populate(app, 3)
        assert set(_planner_row_estimates(read_side).values()) == {-1.0}
        read_side.catch_up()
        estimates = _planner_row_estimates(read_side)
        assert estimates.keys() == {"episodes", "placements"}
        assert all(estimate > 0 for estimate in estimates.values())


def _planner_row_estimates(read_side: ReadSide) -> dict[str, float]:
    """pg_class.reltuples per table: -1 until the table was first analysed."""
    with read_side.queries.connection() as connection:
        rows = connection.execute(
            "SELECT relname, reltuples FROM pg_class "
            "WHERE oid IN (to_regclass('episodes'), to_regclass('placements'))"
        ).fetchall()
    return {name: float(estimate) for name, estimate in rows}


def _add_episodes(session: Session, first: int, last: int) -> None:
    with session.transaction() as tx:
        tx.execute(
            "INSERT INTO {episodes} (episode_id, child_id, entry_number) "
            "SELECT 'e' || n, 'c' || n, 1 FROM generate_series(%s::int, %s::int) AS n",
            (first, last),
        )


def _sequential_scans_of_episodes(tx: Transaction) -> int:
    """Sequential scans of the episodes table counted by this backend, not yet reported."""
    ((scans,),) = tx.execute(
        "SELECT seq_scan FROM pg_stat_xact_user_tables WHERE relid = to_regclass('{episodes}')"
    )
    return int(scans)
