"""Health, readiness, metrics and request logs of the real app."""

from __future__ import annotations

import io
import json
import logging
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from registry.api.app import create_app
from registry.integrity.alarms import IntegrityAlarms
from registry.observability.request_log import JSONFormatter, request_logger
from registry.settings import Settings
from tests.support.tcp_proxy import TCPProxy
from tests.support.tokens import make_token

CHILD = {
    "effective_date": "2024-01-10",
    "decision_ref": "DEC-1",
    "given_name": "Zlatomira",
    "family_name": "Unusualname",
    "patronymic": None,
    "birth_date": "2016-04-02",
    "sex": "female",
    "district": "north",
    "personal_id": None,
    "disability": False,
    "parental_status": "at_risk",
}


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'registry.sqlite3'}"


@pytest.fixture
def client(database_url: str) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(database_url=database_url))) as client:
        yield client


@pytest.fixture
def log_lines() -> Iterator[io.StringIO]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JSONFormatter())
    request_logger().addHandler(handler)
    yield stream
    request_logger().removeHandler(handler)


def officer_headers(database_url: str) -> dict[str, str]:
    token = make_token(Settings(database_url=database_url), "officer", ["north"])
    return {"Authorization": f"Bearer {token}"}


def test_liveness(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}


def test_readiness_reports_the_database_and_projection_lag(client: TestClient) -> None:
    answer = client.get("/readyz")
    assert answer.status_code == 200
    assert answer.json()["checks"]["database"] == "ok"
    assert answer.json()["checks"]["projection_lag"] >= 0


def test_metrics_count_commands_by_outcome_code(client: TestClient, database_url: str) -> None:
    headers = officer_headers(database_url)
    assert client.post("/api/v1/children", json=CHILD, headers=headers).status_code == 201
    future = {**CHILD, "effective_date": "2999-01-01"}
    assert client.post("/api/v1/children", json=future, headers=headers).status_code == 409
    text = client.get("/metrics").text
    assert 'registry_commands_total{outcome="ok",route="/api/v1/children"} 1.0' in text
    assert 'registry_commands_total{outcome="future_date",route="/api/v1/children"} 1.0' in text
    assert "registry_http_request_duration_seconds_bucket" in text
    assert "registry_projection_lag_events" in text


def test_integrity_failures_are_reported_by_readiness_and_metrics(client: TestClient) -> None:
    assert client.get("/readyz").json()["checks"]["integrity"] == "ok"
    assert "registry_integrity_failures_total 0.0" in client.get("/metrics").text
    alarms: IntegrityAlarms = client.app.state.alarms  # type: ignore[attr-defined]
    alarms.record(["notification 7: stream x version 2 carries no signature"], found_by="test")

    ready = client.get("/readyz")

    assert ready.status_code == 200  # requests still succeed: reported, not unready
    assert ready.json()["checks"]["integrity"]["failures"] == 1
    assert "registry_integrity_failures_total 1.0" in client.get("/metrics").text


def test_request_log_is_json_with_request_id_and_no_personal_data(
    client: TestClient, database_url: str, log_lines: io.StringIO
) -> None:
    headers = {**officer_headers(database_url), "X-Request-ID": "req-42"}
    answer = client.post("/api/v1/children", json=CHILD, headers=headers)
    assert answer.headers["x-request-id"] == "req-42"
    child_id = answer.json()["id"]
    client.post(f"/api/v1/children/{child_id}/transfers", json={}, headers=headers)
    lines = [json.loads(line) for line in log_lines.getvalue().splitlines()]
    first = lines[0]
    assert first["request_id"] == "req-42"
    assert first["route"] == "/api/v1/children" and first["status"] == 201
    assert first["user"]
    assert lines[1]["route"] == "/api/v1/children/{child_id}/transfers"
    output = log_lines.getvalue()
    for personal in ("Zlatomira", "Unusualname", "2016-04-02"):
        assert personal not in output


def test_a_request_without_id_gets_one(client: TestClient) -> None:
    assert len(client.get("/healthz").headers["x-request-id"]) == 32


@pytest.mark.postgres
def test_readiness_follows_the_database_without_restart(postgres_url: str) -> None:
    proxy, proxied = TCPProxy.to(postgres_url)
    with TestClient(create_app(Settings(database_url=proxied))) as client:
        assert client.get("/readyz").status_code == 200
        proxy.cut()
        answer = client.get("/readyz")
        assert answer.status_code == 503
        assert answer.json()["checks"]["database"] == "unreachable"
        proxy.start()
        assert eventually_ready(client)


def eventually_ready(client: TestClient, attempts: int = 50) -> bool:
    """The pool may hand out one dead connection after the cut; readiness returns soon after."""
    for _ in range(attempts):
        if client.get("/readyz").status_code == 200:
            return True
        time.sleep(0.1)
    return False
