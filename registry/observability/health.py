"""Liveness and readiness.

Liveness says only that the process answers. Readiness runs a statement through
the very pools requests use (the event store's, and the registry's own for its
tables and read models), which wait a few seconds at most (`registry.outages`), and
reads the projections' lag: it says ready exactly when a request would get its connections,
so a load balancer stops routing to an instance whose database is gone and routes
again as soon as requests would succeed, with no restart.
"""

from __future__ import annotations

from typing import Any

from eventsourcing.persistence import PersistenceError
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from registry.database import DRIVER_ERRORS

DATABASE_ERRORS: tuple[type[Exception], ...] = (OSError, *DRIVER_ERRORS, PersistenceError)


def _probe_pools(app_state: Any) -> None:
    """One statement through each pool a request uses: the event store's and the
    registry's own. Raises when one cannot answer."""
    app_state.registry.recorder.max_notification_id()
    with app_state.database.transaction() as tx:
        tx.execute("SELECT 1")


def _integrity(app_state: Any) -> Any:
    """ "ok", or the integrity failures recorded: reported, not a reason to stop routing
    (requests still succeed; an operator must act, see docs/operations.md)."""
    alarms = app_state.alarms.current()
    if alarms.count == 0:
        return "ok"
    return {"failures": alarms.count, "first": alarms.first, "since": alarms.first_detected_at}


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
            _probe_pools(request.app.state)
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
        if checks["database"] == "ok":
            checks["integrity"] = _integrity(request.app.state)
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
