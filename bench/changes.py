"""Moving the read models on by one decision, to measure what a change costs readers.

A report's counts are kept while the read models stay at the same positions, so
the latency of "the first report after a change" is measured by recording one
decision (a plan review, as everywhere in the benchmark) and waiting until every
projection has applied it, before the timed request.
"""

from __future__ import annotations

import time

import psycopg

from bench.decisions import review_now
from bench.subjects import PlannedChild
from projections.schema import TRACKING_TABLE

APPLIED_TIMEOUT_S = 30.0
POLL_S = 0.02


def record_change(database_url: str, subject: PlannedChild) -> None:
    """One plan review on `subject`, returned once the read models have applied it
    (the API server's follower applies it: that server must be running)."""
    position = review_now(database_url, subject)
    deadline = time.monotonic() + APPLIED_TIMEOUT_S
    with psycopg.connect(database_url, autocommit=True) as connection:
        while True:
            row = connection.execute(f"SELECT MIN(position) FROM {TRACKING_TABLE}").fetchone()
            if row is not None and row[0] is not None and row[0] >= position:
                return
            if time.monotonic() > deadline:
                raise RuntimeError("the read models did not apply a decision within 30 s")
            time.sleep(POLL_S)
