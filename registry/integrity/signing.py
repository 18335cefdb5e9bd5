"""Every stored row signed with a key the database does not hold.

The events table refuses UPDATE and DELETE, and the hash chain catches changes to
sealed rows; but a database superuser can insert a row, or alter one before it is
first sealed, and the chain would then seal the forgery. So each row carries an
HMAC-SHA256 of its stream id, version, topic and state, made with a key derived
from `REGISTRY_SECRET_KEY` when the application writes it. A row the application
did not write has no valid signature, whoever inserted it and however fast it is
read: loading it refuses it (`ForgedRow`), sealing stops before it, and `verify`
names it.

The signature is stored in front of the state: a marker byte, then 32 bytes.
"""

from __future__ import annotations

import hashlib
import hmac

from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import Mapper, StoredEvent

MARKER = b"\x01"
SIGNATURE_BYTES = 32


class ForgedRow(Exception):
    """A stored row whose signature is missing or wrong: it was not written by the
    registry, or was changed since. The message names the row, never its contents."""


def signing_key(secret: bytes) -> bytes:
    """The rows' key, derived from the deployment's secret for this one purpose."""
    return hmac.new(secret, b"registry row signatures", hashlib.sha256).digest()


def _signature(key: bytes, stored: StoredEvent, state: bytes) -> bytes:
    header = "\x1f".join(
        (str(stored.originator_id), str(stored.originator_version), stored.topic)
    ).encode()
    return hmac.new(key, header + b"\x1f" + state, hashlib.sha256).digest()


def unsigned_state(key: bytes, stored: StoredEvent) -> bytes:
    """The state the application wrote, once the row's signature proved it wrote it."""
    raw: bytes | str = stored.state
    # A row written by hand can come back as text (SQLite keeps whatever type was written).
    state = raw.encode() if isinstance(raw, str) else bytes(raw)
    prefix = len(MARKER) + SIGNATURE_BYTES
    if len(state) < prefix or not state.startswith(MARKER):
        raise ForgedRow(_name(stored, "carries no signature"))
    signature, body = state[len(MARKER) : prefix], state[prefix:]
    if not hmac.compare_digest(signature, _signature(key, stored, body)):
        raise ForgedRow(_name(stored, "does not match its signature"))
    return body


def _name(stored: StoredEvent, finding: str) -> str:
    return f"stream {stored.originator_id} version {stored.originator_version} {finding}"


class SigningMapper(Mapper):  # type: ignore[type-arg]
    """The library's mapper, signing each row it writes and checking each row it reads."""

    def __init__(self, base: Mapper, key: bytes) -> None:  # type: ignore[type-arg]
        super().__init__(base.transcoder, compressor=base.compressor, cipher=base.cipher)
        self.key = key

    def to_stored_event(self, domain_event: DomainEventProtocol) -> StoredEvent:  # type: ignore[type-arg]
        stored = super().to_stored_event(domain_event)
        state = bytes(stored.state)
        signed = MARKER + _signature(self.key, stored, state) + state
        return StoredEvent(
            originator_id=stored.originator_id,
            originator_version=stored.originator_version,
            topic=stored.topic,
            state=signed,
        )

    def to_domain_event(self, stored_event: StoredEvent) -> DomainEventProtocol:  # type: ignore[type-arg]
        verified = StoredEvent(
            originator_id=stored_event.originator_id,
            originator_version=stored_event.originator_version,
            topic=stored_event.topic,
            state=unsigned_state(self.key, stored_event),
        )
        return super().to_domain_event(verified)
