"""Opaque page cursors.

The read side's cursor carries the last row's sort key, a family name. Handed out
as is (by GraphQL's `children` or REST's `GET /api/v1/children`), any caller could
decode it — an evaluator among them, who must never see a
name. Cursors leave the service sealed (AES-GCM under a key derived from the
deployment's secret) and come back only if they were sealed by it. The nonce is
derived from the cursor itself (as in SIV), so one row always has one cursor and
`endCursor` equals the last edge's cursor.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from projections.queries import InvalidCursor

NONCE_BYTES = 12


class CursorSeal:
    def __init__(self, secret_key: str) -> None:
        secret = secret_key.encode()
        self._aead = AESGCM(hashlib.sha256(b"graphql cursor key\x00" + secret).digest())
        self._nonce_key = hashlib.sha256(b"graphql cursor nonce\x00" + secret).digest()

    def seal(self, cursor: str) -> str:
        plain = cursor.encode()
        nonce = hmac.digest(self._nonce_key, plain, "sha256")[:NONCE_BYTES]
        sealed = nonce + self._aead.encrypt(nonce, plain, None)
        return base64.urlsafe_b64encode(sealed).decode()

    def unseal(self, token: str) -> str:
        try:
            sealed = base64.urlsafe_b64decode(token.encode())
            nonce, ciphertext = sealed[:NONCE_BYTES], sealed[NONCE_BYTES:]
            return self._aead.decrypt(nonce, ciphertext, None).decode()
        except (ValueError, binascii.Error, InvalidTag):
            raise InvalidCursor("the cursor is not one this service issued") from None
