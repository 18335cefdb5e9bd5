"""An outage of PostgreSQL, seen by the real app: answered as an outage, recovered at once.

The database is cut off by a TCP proxy (the shared server keeps running): open
connections drop and new ones are refused, as when the server restarts or the
network fails. Commands, GraphQL and readiness must answer 503 within the bounded
wait, and the first request after the database returns must succeed.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import httpx
import pytest
from fastapi.testclient import TestClient

from registry.api.app import create_app
from registry.outages import DATABASE_WAIT_SECONDS, RETRY_AFTER_SECONDS
from registry.settings import Settings
from tests.integration.api.support import CHILD
from tests.support.tcp_proxy import TCPProxy
from tests.support.tokens import make_token

pytestmark = pytest.mark.postgres
RECOVERY_LIMIT_SECONDS = 2.0
"""The issue's bound on the time from the database's return to a first success."""
QUERY = {"query": "{ children(first: 1) { totalCount } }"}


@pytest.fixture
def outage(postgres_url: str) -> Iterator[tuple[TCPProxy, TestClient, dict[str, str]]]:
    proxy, proxied = TCPProxy.to(postgres_url)
    settings = Settings(database_url=proxied)
    headers = {"Authorization": f"Bearer {make_token(settings, 'officer', ['north'])}"}
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        yield proxy, client, headers
    proxy.cut()


def test_an_outage_is_answered_503_and_the_first_request_after_it_succeeds(
    outage: tuple[TCPProxy, TestClient, dict[str, str]],
) -> None:
    proxy, client, headers = outage
    assert client.post("/api/v1/children", json=CHILD, headers=headers).status_code == 201

    proxy.cut()
    command, command_wait = _timed(
        lambda: client.post("/api/v1/children", json=CHILD, headers=headers)
    )
    graphql, graphql_wait = _timed(lambda: client.post("/graphql", json=QUERY, headers=headers))
    ready, ready_wait = _timed(lambda: client.get("/readyz"))

    assert command.status_code == graphql.status_code == ready.status_code == 503
    assert max(command_wait, graphql_wait, ready_wait) < DATABASE_WAIT_SECONDS + 2
    assert command.headers["Retry-After"] == graphql.headers["Retry-After"]
    assert command.headers["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert command.json()["code"] == "database_unavailable"
    # Refused before the query ran (the token's lookup) it is a problem document, as every
    # refusal of the HTTP request is; refused while the query ran, a GraphQL error.
    body = graphql.json()
    assert body.get("code") == "database_unavailable" or [
        error["extensions"]["code"] for error in body["errors"]
    ] == ["DATABASE_UNAVAILABLE"]
    assert ready.json()["checks"]["database"] == "unreachable"

    proxy.start()
    returned = time.monotonic()
    while client.post("/api/v1/children", json=CHILD, headers=headers).status_code != 201:
        assert time.monotonic() - returned < RECOVERY_LIMIT_SECONDS
        time.sleep(0.05)
    recovered_after = time.monotonic() - returned
    print(
        f"outage: command refused after {command_wait:.2f} s, GraphQL {graphql_wait:.2f} s, "
        f"/readyz {ready_wait:.2f} s; first success {recovered_after:.2f} s after the return"
    )
    assert client.get("/readyz").status_code == 200
    assert client.post("/graphql", json=QUERY, headers=headers).status_code == 200


def test_ready_means_a_command_would_succeed(
    outage: tuple[TCPProxy, TestClient, dict[str, str]],
) -> None:
    proxy, client, headers = outage
    proxy.cut()
    assert client.get("/readyz").status_code == 503
    proxy.start()
    deadline = time.monotonic() + 10
    while client.get("/readyz").status_code != 200:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert client.post("/api/v1/children", json=CHILD, headers=headers).status_code == 201


def _timed(call: Callable[[], httpx.Response]) -> tuple[httpx.Response, float]:
    started = time.monotonic()
    answer = call()
    return answer, time.monotonic() - started
