"""No value a client sends reaches a log line, whichever way it is refused.

A unique marker stands for a child's name or personal id. It is sent through every
refusal path: REST 422s (body fields, query strings, path ids, headers), a 413, a
415, GraphQL coercion, validation and parse errors, an import's rejected row, a 500
whose exception quotes it, and a store refusing with a message that quotes it.
Every record the loggers got (caplog, each formatted as its handler writes it) and
everything written to stdout and stderr (capfd) must be free of it.
"""

from __future__ import annotations

import csv
import json
import logging
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from registry.cli import EXIT_REJECTED, main
from registry.database import open_database
from registry.database.postgres import PostgresDatabase
from registry.observability.error_log import error_logger
from registry.observability.request_log import StderrHandler, request_logger
from tests.integration.api.support import CHILD, Api, ApiCase
from tests.support.backends import OnPostgres, OnSQLite

REGISTRATION_COLUMNS = [
    "row_key",
    "child_key",
    "decision",
    "effective_date",
    "given_name",
    "family_name",
    "birth_date",
    "sex",
    "district",
    "parental_status",
]


CLIENT_LOGGERS = ("httpx", "httpcore")
"""The test's own HTTP client logs each URL it calls; that is the caller's log, not
the registry's."""


@pytest.fixture
def registry_loggers() -> None:
    """Made before the test runs, so that caplog also captures these non-propagating
    loggers (pytest attaches to those that exist when the test starts)."""
    request_logger()
    error_logger()


def logged_lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    """Each captured record as the process writes it: through the JSON formatter of the
    registry's own loggers, or as Python's default format (with the traceback) for
    any other logger, as its last-resort handler would print it."""
    lines = []
    for record in caplog.records:
        if record.name.startswith(CLIENT_LOGGERS):
            continue
        handlers = logging.getLogger(record.name).handlers
        formatter = next(
            (h.formatter for h in handlers if isinstance(h, StderrHandler) and h.formatter),
            logging.Formatter(),
        )
        lines.append(formatter.format(record))
    return lines


def add_failing_route(app: FastAPI, marker: str) -> None:
    async def fail() -> None:
        raise RuntimeError(f"could not store the record of {marker}")

    app.add_api_route("/api/v1/failing", fail, methods=["GET"])


def refuse_access_log_writes(database_url: str, marker: str) -> None:
    """A trigger refusing every access-log write with a message quoting the marker, as
    a constraint quoting the offending row would."""
    database = open_database(database_url)
    try:
        with database.transaction() as session:
            if isinstance(database, PostgresDatabase):
                session.execute(
                    "CREATE FUNCTION refuse_with_marker() RETURNS trigger LANGUAGE plpgsql AS "
                    f"$$ BEGIN RAISE EXCEPTION 'refused {marker}'; END $$"
                )
                session.execute(
                    "CREATE TRIGGER refuse_with_marker BEFORE INSERT ON access_log "
                    "FOR EACH ROW EXECUTE FUNCTION refuse_with_marker()"
                )
            else:
                session.execute(
                    "CREATE TRIGGER refuse_with_marker BEFORE INSERT ON access_log "
                    f"BEGIN SELECT RAISE(ABORT, 'refused {marker}'); END"
                )
    finally:
        database.close()


class NoValuesInLogs(ApiCase):
    @pytest.mark.usefixtures("registry_loggers")
    def test_no_refusal_logs_what_was_sent(
        self,
        api: Api,
        database_url: str,
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture,
        capfd: pytest.CaptureFixture[str],
    ) -> None:
        caplog.set_level(logging.DEBUG)
        marker = uuid.uuid4().hex
        client = api.client
        officer = {"Authorization": f"Bearer {api.tokens['officer_north']}"}
        monitor = {"Authorization": f"Bearer {api.tokens['monitor']}"}
        statuses: dict[str, int] = {}

        def post_rest(name: str, body: dict[str, object]) -> None:
            statuses[name] = client.post("/api/v1/children", json=body, headers=officer).status_code

        def post_graphql(name: str, query: str, variables: dict[str, object] | None = None) -> None:
            answer = client.post(
                "/graphql", json={"query": query, "variables": variables}, headers=monitor
            )
            assert answer.json().get("errors"), name
            statuses[name] = answer.status_code

        # REST 422s: body fields, query strings, a path id, a header.
        post_rest("given name with a control character", {**CHILD, "given_name": f"{marker}\x00"})
        post_rest("unknown sex", {**CHILD, "given_name": marker, "sex": marker})
        post_rest("birth date", {**CHILD, "birth_date": marker})
        post_rest("unknown field", {**CHILD, "nickname": marker})
        statuses["query string"] = client.get(
            "/api/v1/indicators.csv",
            params={"from": marker, "to": "2024-12-31", "group_by": marker},
            headers=monitor,
        ).status_code
        statuses["group by"] = client.get(
            "/api/v1/indicators.csv",
            params={"from": "2024-01-01", "to": "2024-12-31", "group_by": marker},
            headers=monitor,
        ).status_code
        statuses["path id"] = client.post(
            f"/api/v1/children/{marker}/exits", json={"effective_date": marker}, headers=officer
        ).status_code
        statuses["access reason header"] = client.post(
            "/graphql",
            json={"query": "{ children { totalCount } }"},
            headers={**monitor, "X-Access-Reason": quote(f"{marker}\n")},
        ).status_code
        # 413 and 415.
        statuses["over the size limit"] = client.post(
            "/api/v1/children", json={**CHILD, "given_name": marker * 40_000}, headers=officer
        ).status_code
        statuses["not JSON"] = client.post(
            "/api/v1/children",
            content=json.dumps({**CHILD, "given_name": marker}).encode(),
            headers={**officer, "Content-Type": "text/plain"},
        ).status_code
        # GraphQL coercion, validation and parse errors.
        post_graphql(
            "filter variable",
            "query($f: ChildFilter) { children(filter: $f) { totalCount } }",
            {"f": {"district": marker, "familyName": marker, "personalId": marker}},
        )
        post_graphql(
            "Int variable", "query($n: Int) { children(first: $n) { totalCount } }", {"n": marker}
        )
        post_graphql(
            "Date variable",
            "query($id: ID!, $d: Date!) { childAsOf(id: $id, date: $d) { status } }",
            {"id": marker, "d": marker},
        )
        post_graphql(
            "DateTime variable",
            "query($id: ID!, $at: DateTime!) { childAsRecorded(id: $id, at: $at) { status } }",
            {"id": marker, "at": marker},
        )
        post_graphql(
            "literal", f'{{ children(filter: {{familyName: "{marker}"}}) {{ totalCount }} }}'
        )
        post_graphql("parse error", f'{{ children(first: "{marker}" ')
        post_graphql("malformed id", f'{{ child(id: "id-{marker}") {{ status }} }}')
        # An import row rejected for a bad field.
        rows = tmp_path / "history.csv"
        with rows.open("w", newline="") as stream:
            writer = csv.DictWriter(stream, fieldnames=REGISTRATION_COLUMNS)
            writer.writeheader()
            writer.writerow(
                {
                    "row_key": "r1",
                    "child_key": marker,
                    "decision": "registration",
                    "effective_date": "2024-01-10",
                    "given_name": marker,
                    "family_name": marker,
                    "birth_date": marker,
                    "sex": marker,
                    "district": "north",
                    "parental_status": marker,
                }
            )
        monkeypatch.setenv("REGISTRY_DATABASE_URL", f"sqlite:///{tmp_path / 'import.sqlite3'}")
        statuses["import"] = main(["import", str(rows)])
        # A 500 whose exception quotes the marker, and a store refusal that does.
        add_failing_route(client.app, marker)  # type: ignore[arg-type]
        answering_500s = TestClient(client.app, raise_server_exceptions=False)
        statuses["unexpected failure"] = answering_500s.get("/api/v1/failing").status_code
        child = api.register_child()
        client.app.state.read_side.catch_up()  # type: ignore[attr-defined]
        refuse_access_log_writes(database_url, marker)
        post_graphql(
            "access log refused", "query($id: ID!) { child(id: $id) { status } }", {"id": child}
        )

        assert statuses == {
            "given name with a control character": 422,
            "unknown sex": 422,
            "birth date": 422,
            "unknown field": 422,
            "query string": 422,
            "group by": 422,
            "path id": 422,
            "access reason header": 422,
            "over the size limit": 413,
            "not JSON": 415,
            "filter variable": 200,
            "Int variable": 200,
            "Date variable": 200,
            "DateTime variable": 200,
            "literal": 200,
            "parse error": 200,
            "malformed id": 200,
            "import": EXIT_REJECTED,
            "unexpected failure": 500,
            "access log refused": 200,
        }
        captured = capfd.readouterr()
        lines = logged_lines(caplog)
        assert sum('"logger":"registry.errors"' in line for line in lines) == 2
        assert len(lines) > len(statuses)
        for line in [*lines, *captured.err.splitlines(), *captured.out.splitlines()]:
            assert marker not in line


class TestNoValuesInLogsOnSQLite(NoValuesInLogs, OnSQLite):
    pass


class TestNoValuesInLogsOnPostgres(NoValuesInLogs, OnPostgres):
    pass
