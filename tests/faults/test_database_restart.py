"""A PostgreSQL restart under a running `registry serve` and `registry worker`: both
ride it out, with no restart of their own.

A database restarts for upgrades, configuration changes and failovers, and after a
crash (`pg_ctl restart -m immediate` is that crash: every backend aborted, recovery
from the WAL at the next start). Every connection the processes hold breaks at once:
the store's pool, the read models' session and LISTEN connection, the integrity
watch's. A process that dies then, or lives on with a thread silently gone, leaves
read models frozen or rows unsealed until someone notices. So, on a cluster of this
module's own (the shared server on 5432 is never restarted):

- the worker is still running after each restart;
- a registration after the restart succeeds within a few seconds;
- the worker alone (the server is stopped meanwhile, so it cannot stand in for the
  worker's follower) brings the read models to the end of the log, and seals every
  row written after the restart into the hash chain (`registry_event_chain`);
- `registry verify --no-seal` sees more sealed rows after each restart, and
  `registry verify` exits 0 at the end.
"""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest

from tests.integration.api.support import child_body
from tests.support.cluster import PostgresCluster, StopMode, throwaway_cluster
from tests.support.processes import (
    ServerProcess,
    WorkerProcess,
    add_user,
    registry_environment,
    run_registry,
)

pytestmark = pytest.mark.postgres

SECRET_KEY = "fault-suite-secret-key"
SEAL_INTERVAL = "0.5"
"""The worker's sealing period here (5 s by default): the test waits for its rounds."""
BEFORE = 15
AFTER_EACH_RESTART = 10
FIRST_SUCCESS_SECONDS = 10.0
"""A registration sent after the restart must succeed within this (pools reconnect)."""
CATCH_UP_SECONDS = 45.0
REQUEST_TIMEOUT = httpx.Timeout(10.0, connect=3.0)
SEALED_ROWS = re.compile(r"^sealed rows checked: (\d+)", re.MULTILINE)
QUERY = {"query": "{ children { totalCount } }"}


@pytest.fixture(scope="module")
def cluster() -> Iterator[PostgresCluster]:
    with throwaway_cluster() as cluster:
        yield cluster


@pytest.fixture
def environment(cluster: PostgresCluster) -> dict[str, str]:
    url = cluster.create_database(f"restart_{uuid.uuid4().hex[:8]}")
    return registry_environment(url, SECRET_KEY)


@pytest.fixture
def server(environment: dict[str, str], tmp_path: Path) -> Iterator[ServerProcess]:
    server = ServerProcess(environment, tmp_path / "serve.log")
    yield server
    server.stop()


@pytest.fixture
def worker(environment: dict[str, str], tmp_path: Path) -> Iterator[WorkerProcess]:
    worker = WorkerProcess(environment, tmp_path / "worker.log", "--seal-interval", SEAL_INTERVAL)
    yield worker
    worker.stop()


class Registrar:
    """Registers children over HTTP, each with a key of its own, retrying the same key
    (bounded) while the database is away."""

    def __init__(self, server: ServerProcess, token: str) -> None:
        self.server = server
        self.headers = {"Authorization": f"Bearer {token}"}
        self.count = 0

    def register(self, within: float) -> float:
        """One registration; the seconds it took to be acknowledged."""
        key = f"restart-{uuid.uuid4().hex}"
        body = child_body(decision_ref=f"RESTART-{self.count}")
        started = time.monotonic()
        answers: list[str] = []
        with httpx.Client(base_url=self.server.base_url, timeout=REQUEST_TIMEOUT) as client:
            while time.monotonic() - started < within:
                try:
                    answer = client.post(
                        "/api/v1/children",
                        json=body,
                        headers={**self.headers, "Idempotency-Key": key},
                    )
                except httpx.TransportError as error:
                    answers.append(type(error).__name__)
                else:
                    if answer.status_code == 201:
                        self.count += 1
                        return time.monotonic() - started
                    answers.append(f"{answer.status_code} {answer.text[:200]}")
                    assert answer.status_code >= 500, answers[-1]
                time.sleep(0.1)
        raise AssertionError(
            f"no registration acknowledged within {within} s; answers: {answers[-5:]}\n"
            f"{self.server.log_tail()}"
        )

    def children_listed(self) -> int:
        answer = httpx.post(
            f"{self.server.base_url}/graphql", json=QUERY, headers=self.headers, timeout=10
        )
        assert answer.status_code == 200, answer.text
        total: int = answer.json()["data"]["children"]["totalCount"]
        return total


def positions(database_url: str) -> dict[str, int]:
    """The log's head, the read models' lowest tracking position, the chain's head, the
    sealed rows and the stored events, read with a connection of the test's own."""
    with psycopg.connect(database_url, connect_timeout=3) as connection:
        row: Any = connection.execute(
            "SELECT (SELECT COALESCE(MAX(notification_id), 0) FROM registry_events),"
            " (SELECT COALESCE(MIN(position), 0) FROM projection_tracking),"
            " (SELECT COALESCE(MAX(notification_id), 0) FROM registry_event_chain),"
            " (SELECT COUNT(*) FROM registry_event_chain),"
            " (SELECT COUNT(*) FROM registry_events)"
        ).fetchone()
    names = ("log", "applied", "sealed_head", "sealed", "events")
    return dict(zip(names, (int(value) for value in row), strict=True))


def eventually(condition: Callable[[], bool], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


def sealed_rows_checked(environment: dict[str, str]) -> int:
    result = run_registry("verify", "--no-seal", env=environment)
    assert result.returncode == 0, f"verify --no-seal failed:\n{result.stdout}{result.stderr}"
    found = SEALED_ROWS.search(result.stdout)
    assert found, result.stdout
    return int(found.group(1))


def test_serve_and_worker_ride_out_database_restarts(
    cluster: PostgresCluster,
    environment: dict[str, str],
    server: ServerProcess,
    worker: WorkerProcess,
) -> None:
    database_url = environment["REGISTRY_DATABASE_URL"]
    token = add_user("officer", "--role", "officer", "--district", "north", env=environment)
    worker.start()
    server.start()
    registrar = Registrar(server, token)
    for _ in range(BEFORE):
        registrar.register(within=FIRST_SUCCESS_SECONDS)

    def worker_caught_up() -> bool:
        now = positions(database_url)
        return now["applied"] == now["sealed_head"] == now["log"] > 0

    assert eventually(worker_caught_up, CATCH_UP_SECONDS), (
        positions(database_url),
        worker.log_tail(),
    )
    sealed_before = sealed_rows_checked(environment)
    report: list[str] = [f"before: {BEFORE} children, {sealed_before} sealed rows"]

    modes: tuple[StopMode, ...] = ("fast", "immediate")
    for mode in modes:
        log_before = positions(database_url)["log"]
        cluster.restart(mode)
        first = registrar.register(within=FIRST_SUCCESS_SECONDS)
        for _ in range(AFTER_EACH_RESTART - 1):
            registrar.register(within=FIRST_SUCCESS_SECONDS)
        assert worker.alive, f"the worker died in the {mode} restart:\n{worker.log_tail()}"
        assert server.alive, f"the server died in the {mode} restart:\n{server.log_tail()}"

        # The worker alone from here: a stopped server applies nothing.
        server.stop()
        caught_up = eventually(worker_caught_up, CATCH_UP_SECONDS)
        now = positions(database_url)
        assert caught_up, (
            f"after the {mode} restart the worker left the read models at {now['applied']} "
            f"and the chain at {now['sealed_head']} of {now['log']} events:\n{worker.log_tail()}"
        )
        assert now["log"] > log_before
        sealed = sealed_rows_checked(environment)
        assert sealed > sealed_before, (mode, sealed, sealed_before)
        assert sealed == now["sealed"] == now["events"], (mode, sealed, now)
        sealed_before = sealed
        server.start()
        listed = registrar.children_listed()
        assert listed == registrar.count, (mode, listed, registrar.count)
        report.append(
            f"restart -m {mode}: first registration after {first:.2f} s, "
            f"{registrar.count} children listed, {sealed} sealed rows"
        )

    assert worker.alive, worker.log_tail()
    verified = run_registry("verify", env=environment)
    assert verified.returncode == 0, f"registry verify failed:\n{verified.stdout}{verified.stderr}"
    print("\ndatabase restart: " + "; ".join(report))
    assert worker.stop() == 0, worker.log_tail()
