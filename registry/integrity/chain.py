"""The hash chain over the stored log.

Each stored event, in notification order, is sealed by
`sha256(previous seal + canonical bytes of the row)` in the table
`registry_event_chain` (notification id, seal). The database already refuses
UPDATE and DELETE on events; the chain is for the case where someone with
enough rights drops that trigger and changes a row: the row's seal no longer
matches, and `registry verify` names the row. Rewriting the chain too would take
recomputing every seal after the altered row, which is why `verify` prints the
head seal: kept outside the database (a ticket, a log), it anchors the chain.

Sealing follows the log: `seal()` covers everything written since the last
seal. It runs in `registry verify` (after the sealed part proved intact) and can
run in any process that follows the log; a row changed before it is first
sealed is beyond the chain's reach.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass

from eventsourcing.persistence import ApplicationRecorder, Notification

from registry.integrity.database import Store

CHAIN_TABLE = "registry_event_chain"
GENESIS = bytes(32)
PAGE = 2000


def row_seal(previous: bytes, notification: Notification) -> bytes:
    """The seal of one stored row, given the seal before it."""
    header = "\x1f".join(
        (
            str(notification.id),
            str(notification.originator_id),
            str(notification.originator_version),
            notification.topic,
        )
    )
    state: bytes | str = notification.state
    # A row rewritten by hand can come back as text (SQLite keeps whatever type was written).
    body = state.encode() if isinstance(state, str) else bytes(state)
    return hashlib.sha256(previous + header.encode() + b"\x1f" + body).digest()


@dataclass(frozen=True)
class Seal:
    notification_id: int
    seal: bytes


class Chain:
    def __init__(self, recorder: ApplicationRecorder) -> None:
        self.recorder = recorder
        self.store = Store(recorder)
        with self.store.cursor(commit=True) as cursor:
            self.store.execute(
                cursor,
                f"CREATE TABLE IF NOT EXISTS {{schema}}{CHAIN_TABLE} "
                f"(notification_id BIGINT PRIMARY KEY, seal {self.store.blob_type} NOT NULL)",
            )

    def head(self) -> Seal | None:
        rows = self.store.fetch(
            f"SELECT notification_id, seal FROM {{schema}}{CHAIN_TABLE} "
            "ORDER BY notification_id DESC LIMIT 1"
        )
        return Seal(rows[0][0], bytes(rows[0][1])) if rows else None

    def seals(self, after: int = 0) -> Iterator[Seal]:
        """Stored seals in notification order."""
        while True:
            rows = self.store.fetch(
                f"SELECT notification_id, seal FROM {{schema}}{CHAIN_TABLE} "
                "WHERE notification_id > ? ORDER BY notification_id LIMIT ?",
                (after, PAGE),
            )
            for notification_id, seal in rows:
                yield Seal(notification_id, bytes(seal))
            if len(rows) < PAGE:
                return
            after = rows[-1][0]

    def seal(self) -> int:
        """Seal every row written since the last seal; returns how many were sealed."""
        head = self.head()
        previous, position = (head.seal, head.notification_id) if head else (GENESIS, 0)
        sealed = 0
        while True:
            page = self.recorder.select_notifications(
                start=position, limit=PAGE, inclusive_of_start=False
            )
            if not page:
                return sealed
            rows = []
            for notification in page:
                previous = row_seal(previous, notification)
                rows.append((notification.id, previous))
            with self.store.cursor(commit=True) as cursor:
                self.store.executemany(
                    cursor,
                    f"INSERT INTO {{schema}}{CHAIN_TABLE} (notification_id, seal) VALUES (?, ?) "
                    "ON CONFLICT (notification_id) DO NOTHING",
                    rows,
                )
            sealed += len(rows)
            position = page[-1].id
