"""Shared fixtures: a fixed clock, and a PostgreSQL database made for this run.

PostgreSQL tests are skipped with a visible reason when no server answers, unless
`REGISTRY_REQUIRE_POSTGRES=1` (set by `.ci/run`), where they fail instead.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import date

import psycopg
import pytest
from psycopg import sql

POSTGRES_ADMIN_URL = os.environ.get(
    "REGISTRY_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
TODAY = date(2026, 6, 30)


def _postgres_required() -> bool:
    return os.environ.get("REGISTRY_REQUIRE_POSTGRES", "") not in {"", "0", "false", "no"}


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str]:
    """A database for this test run (dropped at the end); its URL without a schema."""
    try:
        admin = psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as error:
        reason = f"PostgreSQL not reachable at {POSTGRES_ADMIN_URL}: {error}".strip()
        if _postgres_required():
            pytest.fail(f"{reason} (required: REGISTRY_REQUIRE_POSTGRES is set)")
        pytest.skip(reason)
    name = f"registry_test_{uuid.uuid4().hex[:12]}"
    with admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    base = POSTGRES_ADMIN_URL.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


@pytest.fixture
def postgres_url(postgres_database: str) -> Iterator[str]:
    """A fresh schema in the run's database for one test: full isolation, cheap to drop."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(postgres_database, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
    yield f"{postgres_database}?schema={schema}"
    with psycopg.connect(postgres_database, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(schema)))


@pytest.fixture
def today() -> date:
    return TODAY


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say how many PostgreSQL and browser tests ran, so a green run cannot hide
    skipped ones."""
    for marker, title in (("postgres", "PostgreSQL"), ("browser", "Browser")):
        counts = {
            outcome: sum(
                1
                for report in terminalreporter.stats.get(outcome, [])
                if getattr(report, "when", "call") in {"call", "setup"}
                and marker in getattr(report, "keywords", {})
            )
            for outcome in ("passed", "failed", "error", "skipped")
        }
        summary = ", ".join(f"{count} {outcome}" for outcome, count in counts.items())
        terminalreporter.write_line(f"{title} tests: {summary}")
