"""Unexpected errors are logged as one JSON line each, with the request id, the error's
type and code location, and never the error's message: in the app (REST 500s and
masked GraphQL errors) and in the server (uvicorn, configured as `registry serve` does)."""

from __future__ import annotations

import json
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient

from registry.api.app import create_app
from registry.observability.server_log import uvicorn_log_config
from registry.settings import Settings
from tests.support.tokens import make_token

SECRET = "Zlatomira Unusualname AZE-1234567"
"""What an exception's message may quote: a child's name and personal id."""


def failing_route(app: FastAPI) -> None:
    """A route failing the way a library does: its message quotes the data it handled."""

    async def fail() -> None:
        raise RuntimeError(f"could not store {SECRET}")

    app.add_api_route("/api/v1/failing", fail, methods=["GET"])


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(database_url=f"sqlite:///{tmp_path / 'registry.sqlite3'}")


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    app = create_app(settings)
    failing_route(app)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


def error_lines(stderr: str) -> list[dict[str, Any]]:
    lines = [json.loads(line) for line in stderr.splitlines() if line.startswith("{")]
    return [line for line in lines if line["level"] == "error"]


def test_a_rest_500_is_one_line_without_the_message(
    client: TestClient, capfd: pytest.CaptureFixture[str]
) -> None:
    capfd.readouterr()
    answer = client.get("/api/v1/failing", headers={"X-Request-ID": "req-500"})
    assert (answer.status_code, answer.json()["code"]) == (500, "internal_error")
    stderr = capfd.readouterr().err
    (line,) = error_lines(stderr)
    assert line["logger"] == "registry.errors"
    assert line["request_id"] == "req-500"
    assert line["error_type"] == "RuntimeError"
    assert line["location"].startswith("tests/integration/test_error_log.py:")
    assert line["location"].endswith(":fail")
    assert all(frame.count(":") == 2 for frame in line["frames"])
    assert line["frames"][-1] == line["location"]
    assert SECRET not in stderr and "could not store" not in stderr


def test_a_masked_graphql_error_is_one_line_without_the_message(
    client: TestClient, settings: Settings, capfd: pytest.CaptureFixture[str]
) -> None:
    headers = {
        "Authorization": f"Bearer {make_token(settings, 'monitor')}",
        "X-Request-ID": "req-graphql",
    }
    read_side = client.app.state.read_side  # type: ignore[attr-defined]
    read_side.stop()
    read_side.database.close()  # the read models become unavailable under the app
    capfd.readouterr()
    answer = client.post("/graphql", json={"query": "{ children { totalCount } }"}, headers=headers)
    (error,) = answer.json()["errors"]
    assert error["message"] == "Unexpected error."
    assert error["extensions"] == {"code": "INTERNAL"}
    (line,) = error_lines(capfd.readouterr().err)
    assert line["request_id"] == "req-graphql"
    assert line["error_type"] == "sqlite3.ProgrammingError"
    assert line["location"].startswith("projections/")
    assert "closed" not in json.dumps(line)


@pytest.fixture
def server_url(settings: Settings) -> Iterator[str]:
    """The app under a real uvicorn, with the logging `registry serve` gives it."""
    app = create_app(settings)
    failing_route(app)
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, access_log=False, log_config=uvicorn_log_config()))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]})
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while not server.started and thread.is_alive() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert server.started, "uvicorn did not start"
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        listener.close()


def test_uvicorn_writes_no_second_line_and_no_message(
    server_url: str, capfd: pytest.CaptureFixture[str]
) -> None:
    capfd.readouterr()
    request = urllib.request.Request(f"{server_url}/api/v1/failing", headers={"X-Request-ID": "r7"})
    with pytest.raises(urllib.error.HTTPError) as failure:
        urllib.request.urlopen(request, timeout=30)
    assert failure.value.code == 500
    assert json.loads(failure.value.read())["code"] == "internal_error"
    time.sleep(0.2)  # uvicorn logs after the answer has been sent
    stderr = capfd.readouterr().err
    (line,) = error_lines(stderr)
    assert (line["logger"], line["request_id"]) == ("registry.errors", "r7")
    assert SECRET not in stderr and "Traceback" not in stderr
    assert all(entry.startswith("{") for entry in stderr.splitlines())


def test_a_failed_startup_under_uvicorn_is_logged_without_its_message(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """Starlette hands uvicorn a failed startup as printed traceback text."""
    unopenable = Settings(
        database_url=f"sqlite:///{tmp_path / 'no-such-folder' / 'registry.sqlite3'}"
    )
    server = uvicorn.Server(
        uvicorn.Config(create_app(unopenable), access_log=False, log_config=uvicorn_log_config())
    )
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    capfd.readouterr()
    try:
        with pytest.raises(SystemExit):
            server.run(sockets=[listener])
    finally:
        listener.close()
    stderr = capfd.readouterr().err
    lines = [json.loads(line) for line in stderr.splitlines()]
    (traceback,) = [line for line in lines if "frames" in line]
    assert traceback["error_type"] == "eventsourcing.persistence.InterfaceError"
    assert traceback["location"].startswith("eventsourcing/")
    assert "unable to open" not in stderr and "no-such-folder" not in stderr
