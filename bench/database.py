"""A throwaway PostgreSQL database per run, so figures never depend on earlier data."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
from psycopg import sql

DATABASE_PREFIX = "registry_bench_"


def database_url(admin_url: str, name: str) -> str:
    """The admin URL with its database name replaced (query string dropped)."""
    base = admin_url.split("?", 1)[0].rsplit("/", 1)[0]
    return f"{base}/{name}"


@contextmanager
def bench_database(admin_url: str, *, keep: bool) -> Iterator[str]:
    """Create `registry_bench_<hex>`; drop it afterwards unless `keep`."""
    name = f"{DATABASE_PREFIX}{uuid.uuid4().hex[:12]}"
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield database_url(admin_url, name)
    finally:
        if not keep:
            with psycopg.connect(admin_url, autocommit=True) as admin:
                admin.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
                )


def checkpoint(admin_url: str) -> None:
    """Write every dirty page out now. A step that wrote a lot (generation, rebuild)
    would otherwise leave the checkpointer writing for minutes into the next step's
    measurement, which then varies with when the last checkpoint happened to start."""
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute("CHECKPOINT")
