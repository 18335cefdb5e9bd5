"""The keyed hash chain over the stored log.

Each stored event, in notification order, is sealed by
`HMAC(key, previous seal + canonical bytes of the row)` in the table
`registry_event_chain` (notification id, seal). Rows are signed one by one
(`signing`); the chain adds what a row's own signature cannot show: that no
sealed row went missing and none was slipped in between sealed rows. The key is
derived from `REGISTRY_SECRET_KEY`, which the database does not hold, so someone
with every right in the database can neither extend the chain over a forgery nor
rewrite it after removing a row. `registry verify --head` prints the head, signed,
to be kept outside the database: it anchors the chain even against the key's holder.

Sealing follows the log: `seal()` covers everything written since the last seal,
and seals only rows whose signature holds. At the first one that does not, it
stops and names it: a forgery is never sealed, and sealing resumes only once the
row is dealt with (restored from a backup).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterator
from dataclasses import dataclass

from eventsourcing.persistence import ApplicationRecorder, Notification

from registry.database import StoreDatabase, Transaction
from registry.integrity.signing import ForgedRow, unsigned_state

CHAIN_TABLE = "registry_event_chain"
DDL_LOCK = "registry_integrity_ddl"
"""Taken by whoever creates an integrity table: two processes starting at once would
both pass IF NOT EXISTS, and one fail on the catalogue."""
GENESIS = bytes(32)
PAGE = 2000


def chain_key(signing_key: bytes) -> bytes:
    """The chain's key, derived from the rows' key for this one purpose."""
    return hmac.new(signing_key, b"registry hash chain", hashlib.sha256).digest()


def row_seal(key: bytes, previous: bytes, notification: Notification) -> bytes:
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
    return hmac.new(key, previous + header.encode() + b"\x1f" + body, hashlib.sha256).digest()


@dataclass(frozen=True)
class Seal:
    notification_id: int
    seal: bytes


@dataclass(frozen=True)
class SealRound:
    """What one `seal()` did: how many rows it sealed, and the forged row it stopped at."""

    sealed: int
    forged: str | None = None


class Chain:
    def __init__(self, recorder: ApplicationRecorder, signing_key: bytes) -> None:
        self.recorder = recorder
        self.signing_key = signing_key
        self.key = chain_key(signing_key)
        self.store = StoreDatabase(recorder)
        with self.store.transaction(commit=True) as tx:
            tx.lock(DDL_LOCK)
            tx.execute(
                f"CREATE TABLE IF NOT EXISTS {CHAIN_TABLE} (notification_id BIGINT PRIMARY KEY, "
                f"seal {tx.dialect.column_type('blob')} NOT NULL)"
            )

    def head(self, *, within: Transaction | None = None) -> Seal | None:
        rows = self.store.rows(
            f"SELECT notification_id, seal FROM {CHAIN_TABLE} "
            "ORDER BY notification_id DESC LIMIT 1",
            within=within,
        )
        return Seal(rows[0][0], bytes(rows[0][1])) if rows else None

    def seal_at(self, notification_id: int) -> Seal | None:
        rows = self.store.rows(
            f"SELECT notification_id, seal FROM {CHAIN_TABLE} WHERE notification_id = %s",
            (notification_id,),
        )
        return Seal(rows[0][0], bytes(rows[0][1])) if rows else None

    def seals(self, after: int = 0, *, within: Transaction | None = None) -> Iterator[Seal]:
        """Stored seals in notification order."""
        while True:
            rows = self.store.rows(
                f"SELECT notification_id, seal FROM {CHAIN_TABLE} "
                "WHERE notification_id > %s ORDER BY notification_id LIMIT %s",
                (after, PAGE),
                within=within,
            )
            for notification_id, seal in rows:
                yield Seal(notification_id, bytes(seal))
            if len(rows) < PAGE:
                return
            after = rows[-1][0]

    def seal(self) -> SealRound:
        """Seal every row written since the last seal, up to the first forged one."""
        head = self.head()
        previous, position = (head.seal, head.notification_id) if head else (GENESIS, 0)
        sealed = 0
        while True:
            page = self.store.notifications(position, PAGE)
            if not page:
                return SealRound(sealed)
            rows = []
            forged = None
            for notification in page:
                try:
                    unsigned_state(self.signing_key, notification)
                except ForgedRow as finding:
                    forged = f"notification {notification.id}: {finding}"
                    break
                previous = row_seal(self.key, previous, notification)
                rows.append((notification.id, previous))
            if rows:
                with self.store.transaction(commit=True) as tx:
                    tx.execute_many(
                        f"INSERT INTO {CHAIN_TABLE} (notification_id, seal) "
                        "VALUES (%s, %s) ON CONFLICT (notification_id) DO NOTHING",
                        rows,
                    )
                sealed += len(rows)
                position = rows[-1][0]
            if forged is not None:
                return SealRound(sealed, forged)
