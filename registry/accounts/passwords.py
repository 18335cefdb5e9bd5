"""Local users' passwords, hashed with Argon2id (`argon2-cffi`).

A password is kept only as its Argon2 hash, beside the user it belongs to; a hash
made under weaker parameters than today's is replaced at the next sign-in. Bearer
tokens are separate: a script's token keeps working whatever the password.
"""

from __future__ import annotations

from datetime import UTC, datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from registry.database import Database

MIN_LENGTH = 12
MAX_LENGTH = 256
SCHEMA = """
CREATE TABLE IF NOT EXISTS registry_passwords (
    user_id TEXT PRIMARY KEY,
    password_hash TEXT NOT NULL,
    set_at TEXT NOT NULL
)
"""


class WeakPassword(ValueError):
    """A password shorter than MIN_LENGTH characters (or longer than MAX_LENGTH)."""


class PasswordStore:
    def __init__(self, database: Database, hasher: PasswordHasher | None = None) -> None:
        """`hasher` is the Argon2 parameters new hashes are made with (argon2-cffi's
        recommended ones by default); a hash verified under weaker ones is remade
        under these at the next sign-in."""
        self._database = database
        self._hasher = hasher or PasswordHasher()
        with database.transaction() as tx:
            tx.execute(SCHEMA)

    def set(self, user_id: str, password: str) -> None:
        if not MIN_LENGTH <= len(password) <= MAX_LENGTH:
            raise WeakPassword(
                f"a password has {MIN_LENGTH} to {MAX_LENGTH} characters; this one has "
                f"{len(password)}"
            )
        hashed = self._hasher.hash(password)
        with self._database.transaction() as tx:
            tx.execute(
                "INSERT INTO registry_passwords (user_id, password_hash, set_at)"
                " VALUES (%s, %s, %s) ON CONFLICT (user_id) DO UPDATE SET"
                " password_hash = excluded.password_hash, set_at = excluded.set_at",
                (user_id, hashed, datetime.now(UTC).isoformat()),
            )

    def matches(self, user_id: str, password: str) -> bool:
        """Whether `password` is the user's; a user without one matches nothing."""
        with self._database.transaction() as tx:
            rows = tx.execute(
                "SELECT password_hash FROM registry_passwords WHERE user_id = %s", (user_id,)
            )
        if not rows:
            # The same work as a real check, so a missing password takes as long.
            self._hasher.hash(password)
            return False
        hashed = str(rows[0][0])
        try:
            self._hasher.verify(hashed, password)
        except (VerificationError, InvalidHashError):
            return False
        if self._hasher.check_needs_rehash(hashed):
            self.set(user_id, password)
        return True
