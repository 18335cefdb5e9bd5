"""Every documented `REGISTRY_*` variable reaches its setting under the name deployments
use, although `Settings` groups the HTTP interface's and OIDC's fields."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from registry.application import DEVELOPMENT_KEY
from registry.settings import DEVELOPMENT_SECRET, HttpGroup, Settings

README = Path(__file__).resolve().parents[2] / "README.md"
BASE_SECRET = "a-secret-from-the-environment"
"""Set for every case, so that `REGISTRY_ENVIRONMENT=production` is accepted."""

VARIABLES: list[tuple[str, str, str, Any]] = [
    ("REGISTRY_DATABASE_URL", "postgresql://registry@db:5432/registry", "database_url", None),
    ("REGISTRY_ENVIRONMENT", "production", "environment", None),
    ("REGISTRY_SECRET_KEY", "another-secret", "secret_key", None),
    ("REGISTRY_TIMEZONE", "Asia/Baku", "timezone", None),
    ("REGISTRY_SUPPRESSION_THRESHOLD", "7", "suppression_threshold", 7),
    ("REGISTRY_READY_MAX_LAG", "500", "ready_max_lag", 500),
    ("REGISTRY_IDEMPOTENCY_TTL_HOURS", "48", "http.idempotency_ttl_hours", 48),
    ("REGISTRY_READ_YOUR_WRITES_TIMEOUT", "0.5", "http.read_your_writes_timeout", 0.5),
    ("REGISTRY_TOKEN_CACHE_SECONDS", "0", "http.token_cache_seconds", 0.0),
    ("REGISTRY_MAX_BODY_BYTES", "65536", "http.max_body_bytes", 65536),
    ("REGISTRY_DEFAULT_LOCALE", "ru", "pages.default_locale", None),
    ("REGISTRY_SESSION_IDLE_MINUTES", "10", "pages.session_idle_minutes", 10),
    ("REGISTRY_SIGN_IN_FAILURES", "3", "pages.sign_in_failures", 3),
    ("REGISTRY_SIGN_IN_WINDOW_MINUTES", "30", "pages.sign_in_window_minutes", 30),
    ("REGISTRY_OIDC_ISSUER", "https://login.example.org/realms/r", "oidc.issuer", None),
    ("REGISTRY_OIDC_AUDIENCE", "registry-api", "oidc.audience", None),
    ("REGISTRY_OIDC_JWKS_URL", "https://login.example.org/certs", "oidc.jwks_url", None),
    ("REGISTRY_OIDC_JWKS_FILE", "/etc/registry/jwks.json", "oidc.jwks_file", None),
    ("REGISTRY_OIDC_ROLE_CLAIM", "registry_role", "oidc.role_claim", None),
    ("REGISTRY_OIDC_DISTRICTS_CLAIM", "registry_districts", "oidc.districts_claim", None),
]
"""Variable, value set, setting it reaches, the value read (None: the string itself)."""


@pytest.fixture(autouse=True)
def environment(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """No `REGISTRY_*` variable from the shell running the tests, but a secret."""
    for name in [name for name in os.environ if name.upper().startswith("REGISTRY_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("REGISTRY_SECRET_KEY", BASE_SECRET)
    return monkeypatch


def _setting(settings: Settings, path: str) -> Any:
    value: Any = settings
    for name in path.split("."):
        value = getattr(value, name)
    return value


def _paths(model: type[BaseModel], prefix: str = "") -> set[str]:
    """Every leaf setting of a model, groups descended into."""
    paths = set()
    for name, field in model.model_fields.items():
        annotation = field.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            paths |= _paths(annotation, f"{prefix}{name}.")
        else:
            paths.add(prefix + name)
    return paths


@pytest.mark.parametrize(("variable", "value", "path", "read"), VARIABLES)
def test_every_documented_variable_reaches_its_setting(
    environment: pytest.MonkeyPatch, variable: str, value: str, path: str, read: Any
) -> None:
    expected = value if read is None else read
    assert _setting(Settings(), path) != expected

    environment.setenv(variable, value)

    assert _setting(Settings(), path) == expected


def test_every_setting_has_a_documented_variable() -> None:
    assert _paths(Settings) == {path for _, _, path, _ in VARIABLES}


def test_the_readme_documents_the_same_variables() -> None:
    section = README.read_text().split("\n## Configuration\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `REGISTRY_")]
    documented = {name for row in rows for name in re.findall(r"`(REGISTRY_\w+)`", row)}

    assert documented == {variable for variable, _, _, _ in VARIABLES}


@pytest.mark.parametrize(
    "variable",
    ["REGISTRY_NO_SUCH_SETTING", "REGISTRY_HTTP", "REGISTRY_OIDC", "REGISTRY_OIDC__ISSUER"],
)
def test_other_registry_variables_are_ignored(
    environment: pytest.MonkeyPatch, variable: str
) -> None:
    """Not even a group's own name is read (no JSON value, no nested `__` spelling)."""
    defaults = Settings().model_dump()
    environment.setenv(variable, "not json")

    assert Settings().model_dump() == defaults


def test_arguments_win_over_the_environment(environment: pytest.MonkeyPatch) -> None:
    environment.setenv("REGISTRY_MAX_BODY_BYTES", "65536")

    assert Settings(http=HttpGroup(max_body_bytes=1024)).http.max_body_bytes == 1024


def test_production_refuses_the_development_secret(environment: pytest.MonkeyPatch) -> None:
    environment.delenv("REGISTRY_SECRET_KEY")
    environment.setenv("REGISTRY_ENVIRONMENT", "production")

    with pytest.raises(ValidationError, match="set REGISTRY_SECRET_KEY"):
        Settings()


def test_the_default_settings_and_application_share_the_development_secret(
    environment: pytest.MonkeyPatch,
) -> None:
    environment.delenv("REGISTRY_SECRET_KEY")

    assert Settings().secret_key == DEVELOPMENT_SECRET
    assert Settings().personal_id_key == DEVELOPMENT_KEY
