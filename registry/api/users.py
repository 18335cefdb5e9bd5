"""Local users and their bearer tokens.

A token is shown once, when the user is made; only its HMAC-SHA256 under the
deployment's secret key is stored, so a copy of the database does not let
anyone call the API.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from registry.api.auth import Role, User
from registry.api.database import Database

TOKEN_BYTES = 32
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
    def __init__(self, database: Database, secret_key: str) -> None:
        self._database = database
        self._key = secret_key.encode()
        with database.transaction() as session:
            session.execute(SCHEMA)

    def _hash(self, token: str) -> str:
        return hmac.new(self._key, token.encode(), hashlib.sha256).hexdigest()

    def add(self, name: str, role: Role, districts: frozenset[str] = frozenset()) -> str:
        """Register a user; the returned token is never stored and cannot be shown again."""
        token = secrets.token_urlsafe(TOKEN_BYTES)
        with self._database.transaction() as session:
            if session.execute("SELECT 1 FROM registry_users WHERE name = %s", (name,)):
                raise UserExists(name)
            session.execute(
                "INSERT INTO registry_users (id, name, role, districts, token_hash, created_at)"
                " VALUES (%s, %s, %s, %s, %s, %s)",
                (
                    str(uuid.uuid4()),
                    name,
                    role.value,
                    json.dumps(sorted(districts)),
                    self._hash(token),
                    datetime.now(UTC).isoformat(),
                ),
            )
        return token

    def authenticate(self, token: str) -> User | None:
        with self._database.transaction() as session:
            rows = session.execute(
                "SELECT id, name, role, districts FROM registry_users"
                " WHERE token_hash = %s AND revoked_at IS NULL",
                (self._hash(token),),
            )
        return _user(rows[0]) if rows else None

    def list_users(self) -> list[UserListing]:
        with self._database.transaction() as session:
            rows = session.execute(
                "SELECT id, name, role, districts, created_at, revoked_at"
                " FROM registry_users ORDER BY name"
            )
        return [UserListing(_user(row[:4]), row[4], row[5]) for row in rows]

    def revoke(self, name: str) -> None:
        with self._database.transaction() as session:
            revoked = session.execute(
                "UPDATE registry_users SET revoked_at = %s"
                " WHERE name = %s AND revoked_at IS NULL RETURNING id",
                (datetime.now(UTC).isoformat(), name),
            )
        if not revoked:
            raise UnknownUser(name)


def _user(row: tuple[object, ...]) -> User:
    user_id, name, role, districts = row
    return User(
        id=str(user_id),
        name=str(name),
        role=Role(str(role)),
        districts=frozenset(json.loads(str(districts))),
    )
