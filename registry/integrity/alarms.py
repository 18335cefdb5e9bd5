"""Integrity failures, kept in the database where every process can see them.

Whoever finds a failure — the worker's watch, `registry verify`, a request that
loaded a damaged stream — records it here and logs one alarm line (level
critical). The API reads the table for `/readyz` and for the metric
`registry_integrity_failures_total`, so a failure found by the worker is reported
by every API process. A finding is recorded once, however often it is met again;
the table is cleared by restoring the store from a backup taken before the damage.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from eventsourcing.persistence import ApplicationRecorder

from registry.database import StoreDatabase
from registry.integrity.chain import DDL_LOCK
from registry.observability.request_log import json_logger

ALARMS_TABLE = "registry_integrity_failures"
LOGGER_NAME = "registry.integrity"


@dataclass(frozen=True)
class Alarms:
    count: int
    first: str | None
    first_detected_at: str | None


class IntegrityAlarms:
    def __init__(self, recorder: ApplicationRecorder) -> None:
        self.store = StoreDatabase(recorder)
        with self.store.transaction(commit=True) as tx:
            tx.lock(DDL_LOCK)
            tx.execute(
                f"CREATE TABLE IF NOT EXISTS {ALARMS_TABLE} "
                "(finding TEXT PRIMARY KEY, detected_at TEXT NOT NULL)"
            )

    def record(self, findings: Iterable[str], found_by: str) -> int:
        """Record findings not recorded before, logging an alarm for each; how many were new.
        Findings name notification and stream ids only, never a row's contents."""
        new = 0
        now = datetime.now(UTC).isoformat(timespec="milliseconds")
        for finding in findings:
            with self.store.transaction(commit=True) as tx:
                inserted = bool(
                    tx.execute(
                        f"INSERT INTO {ALARMS_TABLE} (finding, detected_at) VALUES (%s, %s) "
                        "ON CONFLICT (finding) DO NOTHING RETURNING finding",
                        (finding, now),
                    )
                )
            if inserted:
                new += 1
                json_logger(LOGGER_NAME).critical(
                    "integrity failure",
                    extra={"fields": {"finding": finding, "found_by": found_by}},
                )
        return new

    def current(self) -> Alarms:
        rows = self.store.rows(
            f"SELECT finding, detected_at FROM {ALARMS_TABLE} ORDER BY detected_at, finding"
        )
        if not rows:
            return Alarms(0, None, None)
        return Alarms(len(rows), str(rows[0][0]), str(rows[0][1]))
