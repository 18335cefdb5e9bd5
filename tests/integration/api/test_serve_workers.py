"""`registry serve --workers N`: several server processes on one PostgreSQL store;
refused on SQLite, where nothing keeps two processes from applying the same events."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from registry.api.users import UserStore
from registry.cli import EXIT_USAGE, main
from registry.database import open_database
from registry.permissions import Role
from registry.settings import Settings
from tests.integration.api.support import child_body

STARTUP_SECONDS = 60.0
REQUESTS = 6


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _call(url: str, token: str, body: dict[str, Any], headers: dict[str, str]) -> Any:
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json", **headers},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def _wait_until_answering(base_url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        assert process.poll() is None, "the server exited while starting"
        try:
            with urllib.request.urlopen(f"{base_url}/healthz", timeout=5):
                return
        except (urllib.error.URLError, OSError):
            time.sleep(0.2)
    raise AssertionError("the server did not answer while starting")


@pytest.fixture
def served(postgres_url: str) -> Iterator[tuple[str, str]]:
    """`registry serve --workers 2` on a fresh schema; its URL and a supervisor's token."""
    settings = Settings(database_url=postgres_url)
    database = open_database(postgres_url)
    try:
        token = UserStore(database, settings.secret_key).add("chief", Role.SUPERVISOR)
    finally:
        database.close()
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "registry", "serve", "--port", str(port), "--workers", "2"],
        env={**os.environ, "REGISTRY_DATABASE_URL": postgres_url},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_answering(base_url, process)
        yield base_url, token
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.mark.postgres
def test_several_workers_decide_and_read_the_same_store(served: tuple[str, str]) -> None:
    base_url, token = served
    positions = [
        _call(f"{base_url}/api/v1/children", token, child_body(), {})["position"]
        for _ in range(REQUESTS)
    ]
    answer = _call(
        f"{base_url}/graphql",
        token,
        {"query": "{ children { totalCount } }"},
        {"X-Min-Position": str(max(positions))},
    )
    assert answer == {"data": {"children": {"totalCount": REQUESTS}}}


def test_several_workers_are_refused_on_sqlite(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("REGISTRY_DATABASE_URL", f"sqlite:///{tmp_path / 'registry.sqlite3'}")
    assert main(["serve", "--workers", "2"]) == EXIT_USAGE
    assert "needs PostgreSQL" in capsys.readouterr().err
