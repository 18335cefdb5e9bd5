"""Every read of a named child's record is logged, and the log is append-only."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import psycopg
import pytest

from registry.api.access_log import AccessLog, AccessRecord, open_access_log
from registry.database import Database, open_database
from registry.database.postgres import PostgresDatabase
from tests.integration.graphql.service import GraphQLService, Service, error_codes
from tests.support.backends import OnPostgres, OnSQLite
from tests.support.journeys import admit, open_provider, register_child

APPEND_ONLY_REFUSALS = (sqlite3.IntegrityError, psycopg.errors.RaiseException)
LOG = "query($id: ID!) { accessLog(childId: $id) { readAt userId role childId field reason } }"
CHILD_WITH_HISTORY = "query($id: ID!) { child(id: $id) { status history { type } } }"


class CountingAccessLog(AccessLog):
    """The real access log, noting the fields of each write it makes."""

    def __init__(self, database: Database) -> None:
        super().__init__(database)
        self.writes: list[list[str]] = []

    def append(self, records: Sequence[AccessRecord]) -> None:
        self.writes.append([record.field for record in records])
        super().append(records)


def refuse_inserts(database: Database) -> str:
    """A trigger making every append to the access log fail, as a full disk would."""
    if isinstance(database, PostgresDatabase):
        return (
            "CREATE TRIGGER access_log_refuse_insert BEFORE INSERT ON access_log "
            "FOR EACH ROW EXECUTE FUNCTION access_log_refuse_change()"
        )
    return (
        "CREATE TRIGGER access_log_refuse_insert BEFORE INSERT ON access_log "
        "BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END"
    )


class AccessLogCases:
    def test_each_named_read_appends_who_what_and_when(self, service: Service) -> None:
        provider = open_provider(service.registry)
        child = register_child(service.registry).id
        admit(service.registry, child, provider)
        service.caught_up()
        started = datetime.now(UTC)
        child_id = {"id": str(child)}
        service.data("query($id: ID!) { child(id: $id) { status } }", child_id, user="supervisor")
        service.data(
            "query($id: ID!) { child(id: $id) { history { type } } }",
            child_id,
            user="officer-north",
            headers={"X-Access-Reason": "case review"},
        )
        service.data(
            'query($id: ID!) { childAsOf(id: $id, date: "2024-03-01") { status } }', child_id
        )
        service.data(
            'query($id: ID!) { childAsRecorded(id: $id, at: "2027-06-01T00:00:00Z") { status } }',
            child_id,
        )
        service.data("{ children { edges { node { history { version } } } } }")
        entries = service.data(LOG, child_id)["accessLog"]
        names = {user_id: name for name, user_id in service.user_ids.items()}
        assert sorted((names[e["userId"]], e["field"]) for e in entries) == sorted(
            [
                ("supervisor", "child"),
                ("officer-north", "child"),
                ("officer-north", "history"),
                ("monitor", "childAsOf"),
                ("monitor", "childAsRecorded"),
                ("monitor", "history"),
            ]
        )
        assert {e["childId"] for e in entries} == {str(child)}
        reasons = {(names[e["userId"]], e["role"], e["reason"]) for e in entries}
        assert ("officer-north", "officer", "case review") in reasons
        assert ("supervisor", "supervisor", None) in reasons
        assert all(datetime.fromisoformat(e["readAt"]) >= started for e in entries)

    def test_a_listing_without_history_is_not_a_named_read(self, service: Service) -> None:
        child = register_child(service.registry).id
        service.caught_up()
        service.data("{ children { edges { node { status } } } }")
        assert service.data(LOG, {"id": str(child)})["accessLog"] == []

    def test_refused_reads_are_not_logged_as_reads(self, service: Service) -> None:
        child = register_child(service.registry, district="south").id
        service.caught_up()
        service.post(
            "query($id: ID!) { child(id: $id) { status } }",
            {"id": str(child)},
            user="officer-north",
        )
        assert service.data(LOG, {"id": str(child)})["accessLog"] == []

    def test_one_request_writes_its_reads_in_one_statement(self, service: Service) -> None:
        child = register_child(service.registry).id
        service.caught_up()
        state = service.client.app.state  # type: ignore[attr-defined]
        counting = CountingAccessLog(state.database)
        counting.install()
        state.access_log = counting
        service.data(CHILD_WITH_HISTORY, {"id": str(child)})
        assert counting.writes == [["child", "history"]]
        entries = service.data(LOG, {"id": str(child)})["accessLog"]
        assert sorted(entry["field"] for entry in entries) == ["child", "history"]

    def test_a_read_that_cannot_be_logged_is_not_answered(
        self, service: Service, database_url: str
    ) -> None:
        child = register_child(service.registry).id
        service.caught_up()
        service.data("query($id: ID!) { child(id: $id) { status } }", {"id": str(child)})
        database = open_database(database_url)
        try:
            with database.transaction() as session:
                session.execute(refuse_inserts(database))
        finally:
            database.close()
        answer = service.post(CHILD_WITH_HISTORY, {"id": str(child)})
        assert answer.get("data") is None
        assert error_codes(answer) == ["ACCESS_NOT_RECORDED"]
        assert len(service.data(LOG, {"id": str(child)})["accessLog"]) == 1

    def test_the_log_refuses_updates_and_deletes(self, service: Service, database_url: str) -> None:
        child = register_child(service.registry).id
        service.caught_up()
        service.data("query($id: ID!) { child(id: $id) { status } }", {"id": str(child)})
        database = open_database(database_url)
        try:
            for statement in (
                "UPDATE access_log SET user_id = 'someone else'",
                "DELETE FROM access_log",
            ):
                with (
                    pytest.raises(APPEND_ONLY_REFUSALS, match="append-only"),
                    database.transaction() as session,
                ):
                    session.execute(statement)
        finally:
            database.close()
        assert len(service.data(LOG, {"id": str(child)})["accessLog"]) == 1


class TestAccessLogOnSQLite(AccessLogCases, GraphQLService, OnSQLite):
    pass


class TestAccessLogOnPostgres(AccessLogCases, GraphQLService, OnPostgres):
    def test_server_processes_starting_at_once_install_the_log_in_turn(
        self, database_url: str
    ) -> None:
        """`registry serve --workers N` installs the table and triggers from N processes
        at the same moment: they must queue, not deadlock."""
        installers = 4

        def install_repeatedly(_: int) -> None:
            database = open_database(database_url)
            try:
                for _ in range(5):
                    open_access_log(database)
            finally:
                database.close()

        with ThreadPoolExecutor(installers) as pool:
            list(pool.map(install_repeatedly, range(installers)))
