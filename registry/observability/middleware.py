"""A pure ASGI middleware: request id, latency histogram, command outcomes, JSON log line.

Pure ASGI rather than `BaseHTTPMiddleware` because it adds no task or stream copy
per request. A refused command's outcome is read from its problem+json `code`, so
the metric says *which* rule refused, not only that something did. The request id
is also kept in the request's state (`request_id_of`), for the error log.
"""

from __future__ import annotations

import json
import logging
import time
import uuid
from typing import Any

from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from registry.observability.metrics import RegistryMetrics

REQUEST_ID_HEADER = b"x-request-id"
PROBLEM_CONTENT_TYPE = b"application/problem+json"
COMMAND_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
MAX_REQUEST_ID_LENGTH = 128
REQUEST_ID_STATE = "request_id"


class ObservabilityMiddleware:
    def __init__(self, app: ASGIApp, metrics: RegistryMetrics, logger: logging.Logger) -> None:
        self.app = app
        self.metrics = metrics
        self.logger = logger

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = _incoming_request_id(scope) or uuid.uuid4().hex
        scope.setdefault("state", {})[REQUEST_ID_STATE] = request_id
        started = time.perf_counter()
        response: dict[str, Any] = {"status": 500, "problem": False, "body": b""}

        async def send_with_request_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                response["status"] = message["status"]
                headers = list(message.get("headers", []))
                response["problem"] = any(
                    name == b"content-type" and value.startswith(PROBLEM_CONTENT_TYPE)
                    for name, value in headers
                )
                headers.append((REQUEST_ID_HEADER, request_id.encode()))
                message = {**message, "headers": headers}
            elif message["type"] == "http.response.body" and response["problem"]:
                response["body"] += message.get("body", b"")
            await send(message)

        try:
            await self.app(scope, receive, send_with_request_id)
        finally:
            self._observe(scope, request_id, response, time.perf_counter() - started)

    def _observe(
        self, scope: Scope, request_id: str, response: dict[str, Any], seconds: float
    ) -> None:
        route = _route_template(scope)
        status = int(response["status"])
        method = scope["method"]
        self.metrics.request_duration.labels(method, route, str(status)).observe(seconds)
        if method in COMMAND_METHODS and route.startswith("/api/"):
            self.metrics.commands.labels(route, _outcome(status, response)).inc()
        user = scope.get("state", {}).get("user")
        self.logger.info(
            "request",
            extra={
                "fields": {
                    "request_id": request_id,
                    "method": method,
                    "route": route,
                    "status": status,
                    "duration_ms": round(seconds * 1000, 3),
                    "user": getattr(user, "id", None),
                }
            },
        )


def request_id_of(connection: HTTPConnection | None) -> str | None:
    """The id this middleware gave the request (None outside one)."""
    if connection is None:
        return None
    request_id: str | None = connection.scope.get("state", {}).get(REQUEST_ID_STATE)
    return request_id


def _incoming_request_id(scope: Scope) -> str | None:
    for name, value in scope.get("headers", []):
        if name == REQUEST_ID_HEADER:
            text: str = value.decode("latin-1")
            if 0 < len(text) <= MAX_REQUEST_ID_LENGTH and text.isprintable():
                return text
    return None


def _route_template(scope: Scope) -> str:
    """The matched route's template (`/api/v1/children/{id}/moves`), never the raw path."""
    route = scope.get("route")
    path = getattr(route, "path", None)
    return path if isinstance(path, str) else "unmatched"


def _outcome(status: int, response: dict[str, Any]) -> str:
    if status < 400:
        return "ok"
    if response["problem"]:
        try:
            code = json.loads(response["body"]).get("code")
        except ValueError:
            code = None
        if isinstance(code, str):
            return code
    return str(status)
