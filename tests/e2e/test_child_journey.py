"""The real server process, as deployed: `registry serve` on a free port with a
SQLite file, tokens made by `registry users add`, a child's whole journey
recorded over HTTP and read back through GraphQL."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

STARTUP_TIMEOUT = 30.0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def _add_users(users: dict[str, list[str]], env: dict[str, str]) -> dict[str, str]:
    """`registry users add` for each user, run side by side; each prints one token line."""
    processes = {
        name: subprocess.Popen(
            [sys.executable, "-m", "registry", "users", "add", name, *options],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name, options in users.items()
    }
    tokens = {}
    for name, process in processes.items():
        stdout, stderr = process.communicate(timeout=120)
        assert process.returncode == 0, stderr
        assert stdout.count("\n") == 1 and stdout.strip() and " " not in stdout.strip()
        tokens[name] = stdout.strip()
    return tokens


@pytest.fixture
def environment(tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "REGISTRY_DATABASE_URL": f"sqlite:///{tmp_path / 'registry.sqlite3'}",
        "REGISTRY_SECRET_KEY": "e2e-secret-key",
    }


@pytest.fixture
def tokens(environment: dict[str, str]) -> dict[str, str]:
    return _add_users(
        {
            "officer": ["--role", "officer", "--district", "north"],
            "admin": ["--role", "admin"],
            "monitor": ["--role", "monitor"],
        },
        environment,
    )


@pytest.fixture
def server(environment: dict[str, str], tokens: dict[str, str]) -> Iterator[httpx.Client]:
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "registry", "serve", "--port", str(port)],
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=base_url, timeout=10.0) as client:
            _wait_until_serving(client, process)
            yield client
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=STARTUP_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    assert process.returncode == 0, process.stderr.read() if process.stderr else ""


def _wait_until_serving(client: httpx.Client, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"registry serve exited: {process.stderr.read() if process.stderr else ''}")
        try:
            if client.get("/openapi.json").status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    pytest.fail("registry serve did not start in time")


class Caller:
    def __init__(self, client: httpx.Client, token: str) -> None:
        self.client = client
        self.headers = {"Authorization": f"Bearer {token}"}

    def command(self, path: str, body: dict[str, Any], status: int = 200) -> dict[str, Any]:
        response = self.client.post(f"/api/v1{path}", json=body, headers=self.headers)
        assert response.status_code == status, response.text
        answer: dict[str, Any] = response.json()
        return answer

    def graphql(self, query: str, min_position: int, **variables: Any) -> dict[str, Any]:
        """A read that waits for the read models to reach a command's position."""
        response = self.client.post(
            "/graphql",
            json={"query": query, "variables": variables},
            headers={**self.headers, "X-Min-Position": str(min_position)},
        )
        assert response.status_code == 200, response.text
        result: dict[str, Any] = response.json()
        assert "errors" not in result, result
        data: dict[str, Any] = result["data"]
        return data


CHILD_QUERY = """
query Child($id: ID!) {
  child(id: $id) {
    status
    district
    version
    history { version type recordedBy }
  }
}
"""


def test_a_childs_whole_journey_over_http(server: httpx.Client, tokens: dict[str, str]) -> None:
    admin = Caller(server, tokens["admin"])
    officer = Caller(server, tokens["officer"])
    monitor = Caller(server, tokens["monitor"])

    providers = {}
    for kind in ("institution", "foster_family"):
        provider = admin.command(
            "/providers",
            {
                "effective_date": "2020-01-01",
                "kind": kind,
                "name": f"{kind} north",
                "district": "north",
                "capacity": 3,
            },
            status=201,
        )
        admin.command(f"/providers/{provider['id']}/approval", {"effective_date": "2020-01-02"})
        providers[kind] = provider["id"]

    child_id = officer.command(
        "/children",
        {
            "effective_date": "2024-01-10",
            "decision_ref": "DEC-1",
            "given_name": "Ana",
            "family_name": "Petrova",
            "birth_date": "2016-04-02",
            "sex": "female",
            "district": "north",
            "parental_status": "deprived_of_parental_care",
        },
        status=201,
    )["id"]
    child = f"/children/{child_id}"
    officer.command(
        f"{child}/assessments",
        {
            "effective_date": "2024-01-20",
            "outcome": "placement_needed",
            "recommended_setting": "small_group_home",
        },
    )
    admitted = officer.command(
        f"{child}/admissions",
        {
            "effective_date": "2024-02-01",
            "removal_date": "2024-02-01",
            "manner": "court_ordered",
            "reasons": ["neglect"],
            "setting": "small_group_home",
            "provider_id": providers["institution"],
        },
    )
    plan_id = officer.command(
        f"{child}/plans",
        {
            "effective_date": "2024-02-20",
            "goals": [{"area": "education", "objective": "enrol in school"}],
            "next_review_due": "2024-05-20",
        },
    )["plan_id"]
    officer.command(
        f"{child}/plans/{plan_id}/reviews",
        {
            "effective_date": "2024-05-15",
            "placement_still_necessary": True,
            "child_heard": True,
            "outcome": "move to a family",
            "next_review_due": "2024-08-15",
        },
    )
    officer.command(
        f"{child}/moves",
        {
            "effective_date": "2024-06-01",
            "setting": "foster_family",
            "provider_id": providers["foster_family"],
        },
    )
    officer.command(
        f"{child}/legal-status",
        {
            "effective_date": "2024-07-01",
            "parental_rights": "terminated",
            "free_for_adoption": True,
            "court_ref": "COURT-7",
        },
    )
    adopted = officer.command(
        f"{child}/adoptions",
        {"effective_date": "2024-09-01", "court_ref": "COURT-9", "kind": "domestic"},
    )
    assert adopted["version"] > admitted["version"]

    record = monitor.graphql(CHILD_QUERY, adopted["position"], id=child_id)["child"]
    assert record["status"] == "exited"
    assert record["version"] == adopted["version"]
    assert [entry["type"] for entry in record["history"]] == [
        "ChildRegistered",
        "GatekeepingAssessed",
        "EnteredCare",
        "PlacementStarted",
        "DevelopmentPlanAdopted",
        "DevelopmentPlanReviewed",
        "PlacementEnded",
        "PlacementStarted",
        "LegalStatusChanged",
        "AdoptionGranted",
        "PlacementEnded",
        "CareExited",
    ]
    assert len({entry["recordedBy"] for entry in record["history"]}) == 1
