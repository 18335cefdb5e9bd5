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


def database_name(url: str) -> str:
    return url.split("?", 1)[0].rsplit("/", 1)[1]


@contextmanager
def bench_database(admin_url: str, *, keep: bool, copy_of: str | None = None) -> Iterator[str]:
    """Create `registry_bench_<hex>`, empty or a copy of the database at `copy_of`
    (no one may be connected to that one meanwhile); drop it afterwards unless `keep`."""
    name = f"{DATABASE_PREFIX}{uuid.uuid4().hex[:12]}"
    create = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
    if copy_of is not None:
        create += sql.SQL(" TEMPLATE {}").format(sql.Identifier(database_name(copy_of)))
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(create)
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
