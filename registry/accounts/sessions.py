"""Server-side sessions of the pages: revocable, ending when left idle.

The browser holds a random session id in an HttpOnly cookie; the database holds
only its keyed hash, the user, and when the session was opened and last used. A
session ends when it is signed out, revoked (`registry users sessions NAME
--revoke`), left unused for the idle timeout, or when its user is revoked. The
last use is written at most once a minute, so reading pages costs no write each.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from registry.api.users import user_from_row
from registry.database import Database
from registry.permissions import User

SESSION_BYTES = 32
TOUCH_EVERY = timedelta(minutes=1)
SCHEMA = """
CREATE TABLE IF NOT EXISTS registry_sessions (
    id_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    opened_at TEXT NOT NULL,
    last_used_at TEXT NOT NULL,
    ended_at TEXT
)
"""


@dataclass(frozen=True)
class SessionListing:
    """A session as `registry users sessions` shows it (never its id)."""

    reference: str
    """The first characters of the id's hash: enough to revoke it by."""
    opened_at: datetime
    last_used_at: datetime
    ended_at: datetime | None


class SessionStore:
    def __init__(self, database: Database, secret_key: str, *, idle: timedelta) -> None:
        self._database = database
        self._key = hashlib.sha256(b"sessions:" + secret_key.encode()).digest()
        self._idle = idle
        with database.transaction() as tx:
            tx.execute(SCHEMA)

    def _hash(self, session_id: str) -> str:
        return hmac.new(self._key, session_id.encode(), hashlib.sha256).hexdigest()

    def open(self, user: User) -> str:
        """A new session for `user`; the id returned is never stored."""
        session_id = secrets.token_urlsafe(SESSION_BYTES)
        now = datetime.now(UTC).isoformat()
        with self._database.transaction() as tx:
            tx.execute(
                "INSERT INTO registry_sessions (id_hash, user_id, opened_at, last_used_at)"
                " VALUES (%s, %s, %s, %s)",
                (self._hash(session_id), user.id, now, now),
            )
        return session_id

    def user(self, session_id: str) -> User | None:
        """The session's user while it is live (and the user active); None else."""
        id_hash = self._hash(session_id)
        now = datetime.now(UTC)
        with self._database.transaction() as tx:
            rows = tx.execute(
                "SELECT u.id, u.name, u.role, u.districts, s.last_used_at"
                " FROM registry_sessions s JOIN registry_users u ON u.id = s.user_id"
                " WHERE s.id_hash = %s AND s.ended_at IS NULL AND u.revoked_at IS NULL",
                (id_hash,),
            )
            if not rows:
                return None
            last_used = datetime.fromisoformat(str(rows[0][4]))
            if now - last_used > self._idle:
                tx.execute(
                    "UPDATE registry_sessions SET ended_at = %s WHERE id_hash = %s",
                    (now.isoformat(), id_hash),
                )
                return None
            if now - last_used > TOUCH_EVERY:
                tx.execute(
                    "UPDATE registry_sessions SET last_used_at = %s WHERE id_hash = %s",
                    (now.isoformat(), id_hash),
                )
        return user_from_row(rows[0][:4])

    def end(self, session_id: str) -> None:
        """Sign out: the session ends at once."""
        with self._database.transaction() as tx:
            tx.execute(
                "UPDATE registry_sessions SET ended_at = %s"
                " WHERE id_hash = %s AND ended_at IS NULL",
                (datetime.now(UTC).isoformat(), self._hash(session_id)),
            )

    def of_user(self, user_id: str) -> list[SessionListing]:
        """The user's sessions; one left idle beyond the timeout ended when it expired
        (it is marked in the table only when next presented)."""
        now = datetime.now(UTC)
        with self._database.transaction() as tx:
            rows = tx.execute(
                "SELECT id_hash, opened_at, last_used_at, ended_at FROM registry_sessions"
                " WHERE user_id = %s ORDER BY opened_at",
                (user_id,),
            )
        listings = []
        for id_hash, opened, used, ended in rows:
            last_used = datetime.fromisoformat(str(used))
            expired = last_used + self._idle if now - last_used > self._idle else None
            listings.append(
                SessionListing(
                    reference=str(id_hash)[:12],
                    opened_at=datetime.fromisoformat(str(opened)),
                    last_used_at=last_used,
                    ended_at=datetime.fromisoformat(str(ended)) if ended else expired,
                )
            )
        return listings

    def revoke(self, user_id: str, reference: str | None = None) -> int:
        """End the user's live sessions (only the one `reference` names, if given);
        returns how many ended."""
        condition, params = "", [datetime.now(UTC).isoformat(), user_id]
        if reference is not None:
            condition = " AND id_hash LIKE %s"
            params.append(f"{reference}%")
        with self._database.transaction() as tx:
            ended = tx.execute(
                "UPDATE registry_sessions SET ended_at = %s"
                f" WHERE user_id = %s AND ended_at IS NULL{condition} RETURNING id_hash",
                params,
            )
        return len(ended)
