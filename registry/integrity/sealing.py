"""The worker's sealing loop: new rows sealed into the hash chain every few seconds,
for as long as the worker runs, whatever happens to its database meanwhile.

A database restart or outage makes a round fail; the loop says so in one JSON log
line (the error's type, never its message) and tries again after a pause that
doubles up to a minute, and back to the interval once a round succeeds. Only the
stop event ends it.
"""

from __future__ import annotations

import sqlite3
import threading

import psycopg
from eventsourcing.persistence import PersistenceError

from registry.integrity.chain import Chain
from registry.observability.request_log import json_logger

LOGGER_NAME = "registry.worker"
LONGEST_PAUSE_SECONDS = 60.0
DATABASE_ERRORS = (PersistenceError, psycopg.Error, sqlite3.Error)


def seal_until_stopped(chain: Chain, stopping: threading.Event, interval: float) -> None:
    """Seal now, then every `interval` seconds, until `stopping` is set."""
    pause = interval
    while True:
        try:
            chain.seal()
            pause = interval
        except DATABASE_ERRORS as error:
            pause = min(max(pause, interval) * 2, LONGEST_PAUSE_SECONDS)
            json_logger(LOGGER_NAME).warning(
                "sealing failed; trying again",
                extra={"fields": {"error": type(error).__name__, "retry_in_seconds": pause}},
            )
        if stopping.wait(pause):
            return
