"""uvicorn's own logging as the registry's JSON lines, without exception messages.

uvicorn logs its start and stop, connection problems and every exception that
leaves the app, by default as text with the exception's message and traceback,
which may quote a child's data. `registry serve` hands it this configuration
instead: the same JSON lines as the request and error logs (an exception as its
type and frames, a traceback handed over as text likewise), and no second line
for an exception the app has already reported (see `error_log`).
"""

from __future__ import annotations

import logging
from typing import Any

from registry.observability.error_fields import TRACEBACK_HEADER, printed_error_fields
from registry.observability.error_log import is_reported

PRINTED_TRACEBACK = "a traceback, written as its type and frames"


class WithoutValues(logging.Filter):
    """Drops a record whose exception the app's error log has already written, and
    rewrites one whose message is a printed traceback (Starlette hands uvicorn a
    failed startup so) into that traceback's type and frames."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if error is not None and is_reported(error):
            return False
        message = record.getMessage()
        if TRACEBACK_HEADER in message:
            record.msg, record.args = PRINTED_TRACEBACK, None
            record.fields = {**getattr(record, "fields", {}), **printed_error_fields(message)}
        return True


def uvicorn_log_config() -> dict[str, Any]:
    """A `logging.config.dictConfig` for uvicorn's `log_config`."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"without_values": {"()": WithoutValues}},
        "formatters": {"json": {"()": "registry.observability.request_log.JSONFormatter"}},
        "handlers": {
            "stderr": {
                "class": "registry.observability.request_log.StderrHandler",
                "formatter": "json",
                "filters": ["without_values"],
            }
        },
        "loggers": {
            "uvicorn": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
            "uvicorn.error": {"level": "INFO"},
            "uvicorn.access": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
        },
    }
