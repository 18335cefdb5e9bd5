"""Liveness and readiness.

Liveness says only that the process answers. Readiness opens a fresh connection
to the database (not one from the pool, whose retries could hang the probe) with
a short timeout, and reads the projections' lag; a load balancer stops routing to
an instance whose database is gone and routes again when it returns, with no
restart.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any

import psycopg
from eventsourcing.persistence import PersistenceError
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from registry.storage import persistence_env

PROBE_TIMEOUT_SECONDS = 2
DATABASE_ERRORS = (OSError, sqlite3.Error, psycopg.Error, PersistenceError)


def database_probe(database_url: str) -> Callable[[], None]:
    """A function that raises when the database at `database_url` does not answer."""
    env = persistence_env(database_url)
    module = env["PERSISTENCE_MODULE"]
    if module == "eventsourcing.sqlite":
        path = env["SQLITE_DBNAME"]

        def probe_sqlite() -> None:
            uri = "file::memory:" if path == ":memory:" else f"file:{path}?mode=rw"
            with sqlite3.connect(uri, uri=True, timeout=PROBE_TIMEOUT_SECONDS) as connection:
                connection.execute("SELECT 1").fetchone()

        return probe_sqlite
    if module == "eventsourcing.postgres":
        conninfo: dict[str, Any] = {
            "dbname": env["POSTGRES_DBNAME"],
            "host": env["POSTGRES_HOST"],
            "port": env["POSTGRES_PORT"],
            "user": env["POSTGRES_USER"],
            "password": env["POSTGRES_PASSWORD"] or None,
            "connect_timeout": PROBE_TIMEOUT_SECONDS,
        }

        def probe_postgres() -> None:
            with psycopg.connect(**conninfo) as connection:
                connection.execute("SELECT 1").fetchone()

        return probe_postgres
    return lambda: None


def health_router(max_lag: int) -> APIRouter:
    router = APIRouter(tags=["operations"])

    @router.get("/healthz", summary="Liveness: the process answers")
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @router.get("/readyz", summary="Readiness: the database answers, projections keep up")
    def readyz(request: Request) -> JSONResponse:
        checks: dict[str, Any] = {}
        ready = True
        try:
            request.app.state.database_probe()
            checks["database"] = "ok"
        except DATABASE_ERRORS:
            checks["database"] = "unreachable"
            ready = False
        read_side = getattr(request.app.state, "read_side", None)
        if ready and read_side is not None:
            try:
                lag = read_side.lag()
            except DATABASE_ERRORS:
                checks["projections"] = "unreachable"
                ready = False
            else:
                checks["projection_lag"] = lag
                if lag > max_lag:
                    checks["projections"] = "behind"
                    ready = False
        return JSONResponse(
            {"status": "ready" if ready else "unready", "checks": checks},
            status_code=200 if ready else 503,
        )

    @router.get("/metrics", summary="Prometheus metrics", response_class=PlainTextResponse)
    def metrics(request: Request) -> Response:
        return Response(
            generate_latest(request.app.state.metrics.registry), media_type=CONTENT_TYPE_LATEST
        )

    return router
