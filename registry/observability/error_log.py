"""Unexpected errors: one JSON line each, at level error, with the request's id
(and outages of the database, at level warning).

The line names the error's type, where it was raised and its frames (see
`error_fields`), never its message. REST answers 500 and GraphQL masks the error
for the client; this line is what the operator gets instead.

Starlette raises the exception again after its 500 answer, so that the server can
log it, and uvicorn would then write it a second time with its message. The
exception is therefore noted as reported here, and `registry serve` configures
uvicorn's logging to drop records of noted exceptions (see `server_log`).
"""

from __future__ import annotations

import logging

from registry.observability.request_log import json_logger

LOGGER_NAME = "registry.errors"
REPORTED_NOTE = "reported in the registry.errors log"


def error_logger() -> logging.Logger:
    return json_logger(LOGGER_NAME)


def log_unexpected(error: BaseException, request_id: str | None) -> None:
    """Write the error's one line and note on it that it has been reported."""
    error_logger().error(
        "unexpected error", exc_info=error, extra={"fields": {"request_id": request_id}}
    )
    if not is_reported(error):
        error.add_note(f"{REPORTED_NOTE} (request {request_id})")


def log_outage(error: BaseException, request_id: str | None) -> None:
    """A request refused because the database cannot be reached: a warning naming the
    error's type (no frames: it is not a bug), noted as reported like the others."""
    error_logger().warning(
        "database unavailable",
        extra={"fields": {"request_id": request_id, "error": type(error).__name__}},
    )
    if not is_reported(error):
        error.add_note(f"{REPORTED_NOTE} (request {request_id})")


def is_reported(error: BaseException) -> bool:
    return any(note.startswith(REPORTED_NOTE) for note in getattr(error, "__notes__", ()))
