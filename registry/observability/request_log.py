"""Structured JSON request logs with request ids.

One line per request: method, route template, status, duration, request id and
the acting user's id. Never a body, a query string or a raw path parameter other
than ids, so no child's personal data can reach the logs.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import Any, TextIO

from registry.observability.error_fields import error_fields

LOGGER_NAME = "registry.requests"


class JSONFormatter(logging.Formatter):
    """One JSON object a line; a record's exception is written by `error_fields`
    (type and frames), never as the text and traceback Python would print."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info is not None and record.exc_info[1] is not None:
            line.update(error_fields(record.exc_info[1]))
        line.update(getattr(record, "fields", {}))
        return json.dumps(line, separators=(",", ":"))


class StderrHandler(logging.StreamHandler[TextIO]):
    """Writes to the `sys.stderr` of the moment a line is written, not of the moment
    the logger was configured: a redirected or captured stderr gets every line."""

    def emit(self, record: logging.LogRecord) -> None:
        self.stream = sys.stderr
        super().emit(record)


def json_logger(name: str) -> logging.Logger:
    """The named logger, writing JSON lines to stderr (configured once per process)."""
    logger = logging.getLogger(name)
    if not logger.handlers:
        handler = StderrHandler()
        handler.setFormatter(JSONFormatter())
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False
    return logger


def request_logger() -> logging.Logger:
    """The request logger: one JSON line per request on stderr."""
    return json_logger(LOGGER_NAME)
