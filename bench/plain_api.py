"""The baseline for GraphQL: a plain FastAPI JSON endpoint per read, same queries.

Each route runs exactly the read-side calls the GraphQL resolvers make (read
models, time travel over the store, the indicator report) and returns plain
JSON, with no schema execution, authentication or access logging. Served by
uvicorn in its own process: `uvicorn --factory bench.plain_api:create_plain_app`
with `REGISTRY_DATABASE_URL` set.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import asdict
from datetime import date
from typing import Any
from uuid import UUID

from fastapi import FastAPI, HTTPException, Request

from projections.indicators.period import Period
from projections.indicators.report import compute_report
from projections.queries import ChildCriteria
from projections.read_side import ReadSide, open_read_side
from projections.time_travel import child_as_of
from registry.application import RegistryApplication, open_application
from registry.settings import Settings

PAGE_LENGTH = 50


def create_plain_app() -> FastAPI:
    settings = Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        registry = open_application(settings)
        read_side = open_read_side(registry, settings.database_url)
        app.state.registry = registry
        app.state.read_side = read_side
        try:
            yield
        finally:
            read_side.stop()
            registry.close()

    app = FastAPI(title="Plain read endpoints (benchmark baseline)", lifespan=lifespan)

    def reads(request: Request) -> ReadSide:
        read_side: ReadSide = request.app.state.read_side
        return read_side

    def registry(request: Request) -> RegistryApplication:
        application: RegistryApplication = request.app.state.registry
        return application

    @app.get("/plain/children/{child_id}")
    def child_with_history(child_id: UUID, request: Request) -> dict[str, Any]:
        queries = reads(request).queries
        row = queries.child(child_id)
        if row is None:
            raise HTTPException(404)
        history = queries.histories([child_id]).get(child_id, [])
        return {"child": asdict(row), "history": [asdict(entry) for entry in history]}

    @app.get("/plain/children")
    def children_page(request: Request, district: str | None = None) -> dict[str, Any]:
        page = reads(request).queries.children(ChildCriteria(district=district), first=PAGE_LENGTH)
        return {
            "rows": [asdict(row) for row in page.rows],
            "has_next": page.has_next,
            "end_cursor": page.end_cursor,
            "total_count": page.total_count,
        }

    @app.get("/plain/children/{child_id}/as-of/{on}")
    def child_on(child_id: UUID, on: date, request: Request) -> dict[str, Any] | None:
        snapshot = child_as_of(registry(request), child_id, on)
        return None if snapshot is None else asdict(snapshot)

    @app.get("/plain/indicators")
    def indicators(request: Request, start: date, end: date) -> dict[str, Any]:
        """Exact figures, as the monitor the benchmark reads GraphQL with sees them."""
        with reads(request).queries.connection() as connection:
            report = compute_report(connection, Period(start, end), suppression_threshold=None)
        return asdict(report)

    return app
