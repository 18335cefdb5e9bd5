"""Wire health, metrics and request logs into an API app."""

from __future__ import annotations

from fastapi import FastAPI

from registry.observability.health import health_router
from registry.observability.metrics import RegistryMetrics
from registry.observability.middleware import ObservabilityMiddleware
from registry.observability.request_log import request_logger
from registry.settings import Settings


def install_observability(app: FastAPI, settings: Settings) -> RegistryMetrics:
    """Add /healthz, /readyz, /metrics and the middleware; the lifespan sets the lag source."""
    metrics = RegistryMetrics()
    app.state.metrics = metrics
    app.include_router(health_router(settings.ready_max_lag))
    app.add_middleware(ObservabilityMiddleware, metrics=metrics, logger=request_logger())
    return metrics
