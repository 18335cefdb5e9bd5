"""Local users and their bearer tokens.

A token is shown once, when it is made; only its HMAC-SHA256 under the
deployment's secret key is stored, so a copy of the database does not let
anyone call the API.

An API process may keep a token's user for a few seconds (`cache_seconds`), so a
request does not cost a database lookup: a token revoked by another process
(`registry users revoke`) then stops working within that window, and at once in
the process that revoked it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from registry.database import Database
from registry.permissions import Role, User

TOKEN_BYTES = 32
MAX_CACHED_TOKENS = 10_000
SCHEMA = """
CREATE TABLE IF NOT EXISTS registry_users (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL,
    districts TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    revoked_at TEXT
)
"""


INSERT = (
    "INSERT INTO registry_users (id, name, role, districts, token_hash, created_at)"
    " VALUES (%s, %s, %s, %s, %s, %s)"
)


class UserExists(ValueError):
    """A user of this name is already registered."""


class UnknownUser(LookupError):
    """No active user of this name."""


@dataclass(frozen=True)
class UserListing:
    user: User
    created_at: str
    revoked_at: str | None


class UserStore:
    def __init__(
        self,
        database: Database,
        secret_key: str,
        *,
        cache_seconds: float = 0.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._database = database
        self._key = secret_key.encode()
        self._cache_seconds = cache_seconds
        self._clock = clock
        # token hash -> (user, monotonic time until which it may be reused)
        self._cache: dict[str, tuple[User, float]] = {}
        with database.transaction() as tx:
            tx.execute(SCHEMA)

    def _hash(self, token: str) -> str:
        return hmac.new(self._key, token.encode(), hashlib.sha256).hexdigest()

    def add(self, name: str, role: Role, districts: frozenset[str] = frozenset()) -> str:
        """Register a user; the returned token is never stored and cannot be shown again."""
        token = secrets.token_urlsafe(TOKEN_BYTES)
        with self._database.transaction() as tx:
            if tx.execute("SELECT 1 FROM registry_users WHERE name = %s", (name,)):
                raise UserExists(name)
            tx.execute(INSERT, self._new_row(name, role, districts, token))
        return token

    def issue(self, name: str, role: Role, districts: frozenset[str] = frozenset()) -> str:
        """A new token for the user `name`, who is made only when missing: a user of a
        fixed name (the demo's) gets a fresh token each time, never a second user.

        The user's earlier token stops working (at once in this process, within the
        cache window in others); the user is active, with this role and these
        districts, whatever they were before."""
        token = secrets.token_urlsafe(TOKEN_BYTES)
        with self._database.transaction() as tx:
            tx.execute(
                f"{INSERT} ON CONFLICT (name) DO UPDATE SET role = excluded.role,"
                " districts = excluded.districts, token_hash = excluded.token_hash,"
                " revoked_at = NULL",
                self._new_row(name, role, districts, token),
            )
        self._cache.clear()
        return token

    def _new_row(
        self, name: str, role: Role, districts: frozenset[str], token: str
    ) -> tuple[str, ...]:
        """The values of INSERT for a new user holding `token` (stored hashed)."""
        return (
            str(uuid.uuid4()),
            name,
            role.value,
            json.dumps(sorted(districts)),
            self._hash(token),
            datetime.now(UTC).isoformat(),
        )

    def remembered(self, token: str) -> User | None:
        """The token's user if it was accepted within the cache window; no I/O."""
        cached = self._cache.get(self._hash(token))
        if cached is not None and cached[1] > self._clock():
            return cached[0]
        return None

    def authenticate(self, token: str) -> User | None:
        """The token's active user, or None. Only accepted tokens are cached: a token
        made after a refusal works at once."""
        remembered = self.remembered(token)
        if remembered is not None:
            return remembered
        token_hash = self._hash(token)
        now = self._clock()
        with self._database.transaction() as tx:
            rows = tx.execute(
                "SELECT id, name, role, districts FROM registry_users"
                " WHERE token_hash = %s AND revoked_at IS NULL",
                (token_hash,),
            )
        if not rows:
            self._cache.pop(token_hash, None)
            return None
        user = user_from_row(rows[0])
        if self._cache_seconds > 0:
            if len(self._cache) >= MAX_CACHED_TOKENS:
                self._cache.clear()
            self._cache[token_hash] = (user, now + self._cache_seconds)
        return user

    def active(self, name: str) -> User | None:
        """The active user of this name, or None."""
        with self._database.transaction() as tx:
            rows = tx.execute(
                "SELECT id, name, role, districts FROM registry_users"
                " WHERE name = %s AND revoked_at IS NULL",
                (name,),
            )
        return user_from_row(rows[0]) if rows else None

    def users_by_ids(self, ids: Sequence[str]) -> dict[str, User]:
        """The users of `ids` the store knows, revoked ones included: a decision
        stays taken by whoever took it. One statement for all of them."""
        wanted = sorted(set(ids))
        if not wanted:
            return {}
        placeholders = ", ".join(["%s"] * len(wanted))
        with self._database.transaction() as tx:
            rows = tx.execute(
                "SELECT id, name, role, districts FROM registry_users"
                f" WHERE id IN ({placeholders})",
                wanted,
            )
        return {user.id: user for user in map(user_from_row, rows)}

    def list_users(self) -> list[UserListing]:
        with self._database.transaction() as tx:
            rows = tx.execute(
                "SELECT id, name, role, districts, created_at, revoked_at"
                " FROM registry_users ORDER BY name"
            )
        return [UserListing(user_from_row(row[:4]), row[4], row[5]) for row in rows]

    def revoke(self, name: str) -> None:
        with self._database.transaction() as tx:
            revoked = tx.execute(
                "UPDATE registry_users SET revoked_at = %s"
                " WHERE name = %s AND revoked_at IS NULL RETURNING id",
                (datetime.now(UTC).isoformat(), name),
            )
        self._cache.clear()
        if not revoked:
            raise UnknownUser(name)


def user_from_row(row: tuple[object, ...]) -> User:
    """A user from the columns id, name, role, districts of `registry_users`."""
    user_id, name, role, districts = row
    return User(
        id=str(user_id),
        name=str(name),
        role=Role(str(role)),
        districts=frozenset(json.loads(str(districts))),
    )
