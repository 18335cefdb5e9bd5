"""The physical limits: the same rows written and read with no registry code in the way.

Rows have the shape of the registry's stored events (a stream id, a version, a
topic and the serialised state) and are cut from a sample of the events the
generator actually wrote, so the baseline moves the same bytes.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import psycopg
from eventsourcing.persistence import ApplicationRecorder, StoredEvent

from bench.timing import LatencyRun, stopwatch, timed_each

SAMPLE_EVENTS = 5_000
EVENTS_PER_STREAM = 11
ROWS_PER_TRANSACTION = 2_500
SCRATCH_TABLE = "bench_raw_events"
LOG_BATCH = 1_000

POSTGRES_DDL = (
    f"CREATE TABLE {SCRATCH_TABLE} (originator_id uuid NOT NULL, "
    "originator_version bigint NOT NULL, topic text, state bytea, "
    "notification_id bigserial, PRIMARY KEY (originator_id, originator_version))",
    f"CREATE UNIQUE INDEX {SCRATCH_TABLE}_notification ON {SCRATCH_TABLE} (notification_id)",
)
SQLITE_DDL = (
    f"CREATE TABLE {SCRATCH_TABLE} (originator_id TEXT, originator_version INTEGER, "
    "topic TEXT, state BLOB, PRIMARY KEY (originator_id, originator_version))",
)
INSERT_POSTGRES = (
    f"INSERT INTO {SCRATCH_TABLE} (originator_id, originator_version, topic, state) "
    "VALUES (%s, %s, %s, %s)"
)
INSERT_SQLITE = (
    f"INSERT INTO {SCRATCH_TABLE} (originator_id, originator_version, topic, state) "
    "VALUES (?, ?, ?, ?)"
)
COPY_POSTGRES = f"COPY {SCRATCH_TABLE} (originator_id, originator_version, topic, state) FROM STDIN"

EventRow = tuple[uuid.UUID, int, str, bytes]


@dataclass(frozen=True)
class Sample:
    """Topics and states of stored events, cycled to make rows of the same shape."""

    events: Sequence[tuple[str, bytes]]

    @classmethod
    def from_store(cls, recorder: ApplicationRecorder) -> Sample:
        notifications = recorder.select_notifications(start=None, limit=SAMPLE_EVENTS)
        return cls([(n.topic, bytes(n.state)) for n in notifications])

    def rows(self, count: int) -> list[EventRow]:
        rows: list[EventRow] = []
        stream = uuid.uuid4()
        for number in range(count):
            version = number % EVENTS_PER_STREAM + 1
            if version == 1:
                stream = uuid.uuid4()
            topic, state = self.events[number % len(self.events)]
            rows.append((stream, version, topic, state))
        return rows


def _batches(rows: list[EventRow]) -> list[list[EventRow]]:
    return [rows[i : i + ROWS_PER_TRANSACTION] for i in range(0, len(rows), ROWS_PER_TRANSACTION)]


def _fresh_postgres_table(conn: psycopg.Connection) -> None:
    with conn.transaction():
        conn.execute(f"DROP TABLE IF EXISTS {SCRATCH_TABLE}")
        for statement in POSTGRES_DDL:
            conn.execute(statement)


def postgres_executemany(url: str, rows: list[EventRow]) -> float:
    """Rows/s for `executemany` in transactions of ROWS_PER_TRANSACTION rows."""
    with psycopg.connect(url) as conn:
        _fresh_postgres_table(conn)
        with stopwatch() as watch:
            for batch in _batches(rows):
                with conn.transaction(), conn.cursor() as cursor:
                    cursor.executemany(INSERT_POSTGRES, batch)
        return len(rows) / watch.seconds


def postgres_copy(url: str, rows: list[EventRow]) -> float:
    """Rows/s for COPY in transactions of ROWS_PER_TRANSACTION rows."""
    with psycopg.connect(url) as conn:
        _fresh_postgres_table(conn)
        with stopwatch() as watch:
            for batch in _batches(rows):
                with (
                    conn.transaction(),
                    conn.cursor() as cursor,
                    cursor.copy(COPY_POSTGRES) as copy,
                ):
                    for row in batch:
                        copy.write_row(row)
        return len(rows) / watch.seconds


def postgres_single_commits(url: str, rows: list[EventRow]) -> LatencyRun:
    """One INSERT and one commit per row, one client: the floor under a single decision."""
    with psycopg.connect(url, autocommit=True) as conn:
        _fresh_postgres_table(conn)
        return timed_each([_postgres_insert(conn, row) for row in rows])


def _postgres_insert(conn: psycopg.Connection, row: EventRow) -> Callable[[], object]:
    return lambda: conn.execute(INSERT_POSTGRES, row, prepare=True)


def _fresh_sqlite_table(conn: sqlite3.Connection) -> None:
    conn.execute(f"DROP TABLE IF EXISTS {SCRATCH_TABLE}")
    for statement in SQLITE_DDL:
        conn.execute(statement)


def _sqlite_connect(path: str) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    return conn


def _sqlite_row(row: EventRow) -> tuple[str, int, str, bytes]:
    return (str(row[0]), row[1], row[2], row[3])


def sqlite_executemany(path: str, rows: list[EventRow]) -> float:
    conn = _sqlite_connect(path)
    try:
        _fresh_sqlite_table(conn)
        text_rows = [_sqlite_row(row) for row in rows]
        with stopwatch() as watch:
            for start in range(0, len(text_rows), ROWS_PER_TRANSACTION):
                conn.execute("BEGIN")
                conn.executemany(INSERT_SQLITE, text_rows[start : start + ROWS_PER_TRANSACTION])
                conn.execute("COMMIT")
        return len(rows) / watch.seconds
    finally:
        conn.close()


def sqlite_single_commits(path: str, rows: list[EventRow]) -> LatencyRun:
    conn = _sqlite_connect(path)
    try:
        _fresh_sqlite_table(conn)
        return timed_each([_sqlite_insert(conn, _sqlite_row(row)) for row in rows])
    finally:
        conn.close()


def _sqlite_insert(
    conn: sqlite3.Connection, row: tuple[str, int, str, bytes]
) -> Callable[[], object]:
    return lambda: conn.execute(INSERT_SQLITE, row)


def read_log(
    recorder: ApplicationRecorder, decode: Callable[[StoredEvent], object] | None
) -> float:
    """Events/s reading the whole notification log in batches (decoding each if asked)."""
    position = 0
    count = 0
    with stopwatch() as watch:
        while True:
            batch = recorder.select_notifications(
                start=position, limit=LOG_BATCH, inclusive_of_start=False
            )
            if not batch:
                break
            if decode is not None:
                for notification in batch:
                    decode(notification)
            count += len(batch)
            position = batch[-1].id
    return count / watch.seconds if watch.seconds > 0 else 0.0


def drop_postgres_scratch(url: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"DROP TABLE IF EXISTS {SCRATCH_TABLE}")
