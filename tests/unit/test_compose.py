"""docker/compose.yaml wires PostgreSQL, the API and the worker the way the code reads
its configuration: every REGISTRY_* variable is a field of `Settings`."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from registry.database import persistence_env
from registry.settings import Settings

DOCKER = Path(__file__).resolve().parents[2] / "docker"
DEFAULTED = re.compile(r"\$\{(\w+):-([^}]*)\}")
REQUIRED = re.compile(r"\$\{(\w+):\?[^}]*\}")


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load((DOCKER / "compose.yaml").read_text())
    return document


def _resolved(value: str) -> str:
    """The value compose would use with defaults taken and required variables given."""
    return REQUIRED.sub(lambda m: f"<{m.group(1)}>", DEFAULTED.sub(r"\2", value))


def test_the_three_services(compose: dict[str, Any]) -> None:
    assert set(compose["services"]) == {"postgres", "api", "worker"}


def test_postgres_has_a_healthcheck_and_a_named_volume(compose: dict[str, Any]) -> None:
    postgres = compose["services"]["postgres"]
    assert "pg_isready" in " ".join(postgres["healthcheck"]["test"])
    volume = postgres["volumes"][0].split(":")[0]
    assert volume in compose["volumes"]


@pytest.mark.parametrize("service", ["api", "worker"])
def test_registry_services_wait_for_a_healthy_database(
    compose: dict[str, Any], service: str
) -> None:
    depends = compose["services"][service]["depends_on"]
    assert depends["postgres"]["condition"] == "service_healthy"


@pytest.mark.parametrize("service", ["api", "worker"])
def test_every_registry_variable_is_a_setting(compose: dict[str, Any], service: str) -> None:
    environment = compose["services"][service]["environment"]
    names = {key.removeprefix("REGISTRY_").lower() for key in environment}

    assert all(key.startswith("REGISTRY_") for key in environment)
    assert names <= set(Settings.model_fields)
    assert {"database_url", "secret_key", "environment"} <= names
    assert environment["REGISTRY_ENVIRONMENT"] == "production"
    assert REQUIRED.fullmatch(environment["REGISTRY_SECRET_KEY"])


@pytest.mark.parametrize("service", ["api", "worker"])
def test_settings_accept_the_environment(
    compose: dict[str, Any], service: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    for key, value in compose["services"][service]["environment"].items():
        monkeypatch.setenv(key, _resolved(value))

    settings = Settings()

    assert persistence_env(settings.database_url)["PERSISTENCE_MODULE"] == "eventsourcing.postgres"


def test_the_database_url_names_the_postgres_service(compose: dict[str, Any]) -> None:
    postgres = compose["services"]["postgres"]["environment"]
    url = urlsplit(_resolved(compose["services"]["api"]["environment"]["REGISTRY_DATABASE_URL"]))

    assert url.hostname == "postgres"
    assert url.username == postgres["POSTGRES_USER"]
    assert url.password == _resolved(postgres["POSTGRES_PASSWORD"])
    assert url.path.lstrip("/") == postgres["POSTGRES_DB"]


def test_commands_and_the_api_healthcheck(compose: dict[str, Any]) -> None:
    api, worker = compose["services"]["api"], compose["services"]["worker"]

    assert api["command"][:2] == ["registry", "serve"]
    assert api["command"][api["command"].index("--host") + 1] == "0.0.0.0"
    assert "/healthz" in " ".join(api["healthcheck"]["test"])
    assert worker["command"] == ["registry", "worker"]
    assert worker["image"] == api["image"]


def test_the_image_runs_as_a_user_without_privileges() -> None:
    dockerfile = (DOCKER / "Dockerfile").read_text()
    users = re.findall(r"^USER (\S+)$", dockerfile, flags=re.MULTILINE)

    assert dockerfile.count("FROM python:3.11-slim") == 2
    assert users and users[-1] not in {"root", "0"}
    assert '"--host", "0.0.0.0"' in dockerfile
