"""`registry verify`: is the stored log whole, readable, sealed and ahead of its readers?

Checks, in one pass over the log in notification order:
- every stream's versions run 1, 2, 3 ... with no gap or repeat;
- every row carries the registry's signature (`signing`): it was written by the
  registry and not changed since;
- every stored event decodes with the application's mapper (topic, cipher, JSON);
- every sealed row still matches its seal, no sealed row is missing and no
  unsealed row hides below the head of the chain;
and then that no projection's tracking position is ahead of the log.
All of it is read in one snapshot (`StoreDatabase.snapshot`), so decisions written while it
runs are simply not seen, and never reported as a problem.
Problems name notification ids and stream ids only, never an event's contents.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Notification

from registry.application import RegistryApplication
from registry.database import StoreDatabase, Transaction
from registry.integrity.chain import GENESIS, PAGE, Chain, Seal, row_seal
from registry.integrity.signing import ForgedRow, unsigned_state

PROJECTION_TRACKING_TABLE = "projection_tracking"
MAX_LISTED_PROBLEMS = 50


class IncompleteEvent(Exception):
    """A stored event decodes but lacks fields of its class (its message names fields only)."""


@dataclass
class VerifyReport:
    events: int = 0
    streams: int = 0
    sealed: int = 0
    newly_sealed: int = 0
    head_seal: str = ""
    max_notification_id: int = 0
    tracking: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    problem_count: int = 0

    @property
    def healthy(self) -> bool:
        return self.problem_count == 0

    def problem(self, text: str) -> None:
        self.problem_count += 1
        if len(self.problems) < MAX_LISTED_PROBLEMS:
            self.problems.append(text)


def verify(
    app: RegistryApplication,
    *,
    seal: bool = True,
    progress: Callable[[int], None] | None = None,
) -> VerifyReport:
    """Check the log as one snapshot; when it is healthy and `seal` is set, seal the rows
    not yet sealed (each checked again as it is sealed: see `Chain.seal`)."""
    chain = Chain(app.recorder, app.signing_key)
    store = chain.store
    with store.snapshot() as snapshot:
        positions = _tracking_positions(snapshot)
        report = VerifyReport(max_notification_id=store.last_position(within=snapshot))
        versions: dict[UUID, int] = {}
        seals = _SealCursor(chain, snapshot)
        previous = GENESIS
        for notification in _notifications(store, snapshot):
            report.events += 1
            _check_version(notification, versions, report)
            if _check_signature(app, notification, report):
                _check_decodes(app, notification, report)
            previous = seals.check(notification, previous, report)
            if progress is not None:
                progress(1)
        seals.check_rest(report)
        report.streams = len(versions)
        report.sealed = seals.matched
        _check_tracking(positions, report)
    if seal and report.healthy:
        sealing = chain.seal()
        report.newly_sealed = sealing.sealed
        if sealing.forged is not None:
            report.problem(f"{sealing.forged} (written after the check began)")
    head = chain.head()
    report.head_seal = head.seal.hex() if head else ""
    return report


def _notifications(store: StoreDatabase, snapshot: Transaction) -> Iterator[Notification]:
    position = 0
    while True:
        page = store.notifications(position, PAGE, within=snapshot)
        yield from page
        if len(page) < PAGE:
            return
        position = page[-1].id


def _check_version(
    notification: Notification, versions: dict[UUID, int], report: VerifyReport
) -> None:
    stream = UUID(str(notification.originator_id))
    expected = versions.get(stream, 0) + 1
    if notification.originator_version != expected:
        report.problem(
            f"stream {stream}: version {notification.originator_version} at notification "
            f"{notification.id}, expected {expected}"
        )
    versions[stream] = max(expected, notification.originator_version)


def _check_signature(
    app: RegistryApplication, notification: Notification, report: VerifyReport
) -> bool:
    try:
        unsigned_state(app.signing_key, notification)
    except ForgedRow as finding:
        report.problem(
            f"notification {notification.id}: {finding} "
            "(not written by the registry, or changed since)"
        )
        return False
    return True


def _check_decodes(
    app: RegistryApplication, notification: Notification, report: VerifyReport
) -> None:
    try:
        event: Any = app.mapper.to_domain_event(notification)
        # The mapper fills an event from whatever the JSON holds: a complete event
        # has every field of its class.
        missing = [f.name for f in dataclasses.fields(event) if f.name not in vars(event)]
        if missing:
            raise IncompleteEvent(f"missing fields {', '.join(missing)}")
    except Exception as error:  # any failure to decode is the finding
        report.problem(
            f"notification {notification.id} (stream {notification.originator_id} version "
            f"{notification.originator_version}) does not decode: {type(error).__name__}"
            + (f" ({error})" if isinstance(error, IncompleteEvent) else "")
        )


class _SealCursor:
    """Walks the stored seals alongside the log."""

    def __init__(self, chain: Chain, snapshot: Transaction) -> None:
        self.key = chain.key
        self.seals = chain.seals(within=snapshot)
        self.current: Seal | None = next(self.seals, None)
        self.matched = 0

    def check(self, notification: Notification, previous: bytes, report: VerifyReport) -> bytes:
        """Check one row against its seal; returns the seal the next row builds on."""
        while self.current is not None and self.current.notification_id < notification.id:
            report.problem(f"notification {self.current.notification_id} was sealed but is gone")
            previous = self.current.seal
            self.current = next(self.seals, None)
        if self.current is None:
            return row_seal(self.key, previous, notification)
        if self.current.notification_id > notification.id:
            report.problem(
                f"notification {notification.id} is not sealed but lies inside the sealed log "
                "(inserted behind the application's back?)"
            )
            return previous
        stored = self.current.seal
        if row_seal(self.key, previous, notification) != stored:
            report.problem(
                f"notification {notification.id} (stream {notification.originator_id} version "
                f"{notification.originator_version}) does not match its seal: altered"
            )
        else:
            self.matched += 1
        self.current = next(self.seals, None)
        return stored

    def check_rest(self, report: VerifyReport) -> None:
        while self.current is not None:
            report.problem(f"notification {self.current.notification_id} was sealed but is gone")
            self.current = next(self.seals, None)


def _tracking_positions(snapshot: Transaction) -> dict[str, int]:
    if not snapshot.table_exists(PROJECTION_TRACKING_TABLE):
        return {}
    return {
        str(name): int(position or 0)
        for name, position in snapshot.execute(
            f"SELECT name, position FROM {PROJECTION_TRACKING_TABLE}"
        )
    }


def _check_tracking(positions: dict[str, int], report: VerifyReport) -> None:
    for name, position in positions.items():
        report.tracking[name] = position
        if position > report.max_notification_id:
            report.problem(
                f"projection {name} is at position {position}, ahead of the log "
                f"({report.max_notification_id})"
            )
