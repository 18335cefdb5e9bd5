"""The chain's head as a signed line, to be kept outside the database.

`registry verify --head` prints one JSON line: the position and seal of the
chain's head, when it was taken, and an HMAC of the three with the chain's key.
Kept where the database's administrators cannot write (a ticket, a mail to the
ministry's auditor, a write-once store; docs/operations.md), each day's line
anchors the chain: `registry verify --against FILE` checks that every head in the
file still lies on the chain, so a chain rebuilt from scratch after rows were
removed, even by someone holding the key, no longer matches what was archived.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import UTC, datetime

from registry.integrity.chain import Chain, Seal


class MalformedHead(ValueError):
    """A line that is no signed head (its message names the line number only)."""


@dataclass(frozen=True)
class SignedHead:
    position: int
    seal: str
    taken_at: str
    signature: str

    def line(self) -> str:
        return json.dumps(
            {
                "position": self.position,
                "seal": self.seal,
                "taken_at": self.taken_at,
                "signature": self.signature,
            }
        )


def _signature(key: bytes, position: int, seal: str, taken_at: str) -> str:
    message = f"registry chain head\x1f{position}\x1f{seal}\x1f{taken_at}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def sign_head(chain: Chain, head: Seal) -> SignedHead:
    taken_at = datetime.now(UTC).isoformat(timespec="seconds")
    seal = head.seal.hex()
    return SignedHead(
        head.notification_id,
        seal,
        taken_at,
        _signature(chain.key, head.notification_id, seal, taken_at),
    )


def read_heads(text: str) -> list[SignedHead]:
    heads = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            fields = json.loads(line)
            heads.append(
                SignedHead(
                    int(fields["position"]),
                    str(fields["seal"]),
                    str(fields["taken_at"]),
                    str(fields["signature"]),
                )
            )
        except (ValueError, KeyError, TypeError):
            raise MalformedHead(f"line {number} is not a signed chain head") from None
    return heads


def check_heads(chain: Chain, heads: list[SignedHead]) -> list[str]:
    """Problems with archived heads: a signature the registry did not make, or a head
    that no longer lies on the chain."""
    problems = []
    for head in heads:
        expected = _signature(chain.key, head.position, head.seal, head.taken_at)
        if not hmac.compare_digest(expected, head.signature):
            problems.append(
                f"archived head at position {head.position} ({head.taken_at}) is not signed "
                "by this registry"
            )
            continue
        stored = chain.seal_at(head.position)
        if stored is None or stored.seal.hex() != head.seal:
            problems.append(
                f"archived head at position {head.position} ({head.taken_at}) is no longer "
                "on the chain: rows up to it were removed or the chain was rebuilt"
            )
    return problems
