"""The sign-in throttle: too many failures for an account, or from an address, within
a window make further attempts wait it out.

Failures are rows in the database, so every process of a deployment counts the same
ones. An address is allowed more failures than an account (`ADDRESS_FACTOR`): an
office's officers share one address. A success clears the account's failures, and
failures older than the window are deleted as new ones come.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from registry.database import Database

ADDRESS_FACTOR = 4
SCHEMA = """
CREATE TABLE IF NOT EXISTS registry_sign_in_failures (
    subject TEXT NOT NULL,
    failed_at TEXT NOT NULL
)
"""


class SignInThrottle:
    def __init__(self, database: Database, *, failures: int, window: timedelta) -> None:
        self._database = database
        self._failures = failures
        self._window = window
        with database.transaction() as tx:
            tx.execute(SCHEMA)
            tx.execute(
                "CREATE INDEX IF NOT EXISTS registry_sign_in_failures_subject"
                " ON registry_sign_in_failures (subject, failed_at)"
            )

    def blocked(self, account: str, address: str) -> bool:
        """Whether an attempt for `account` from `address` must wait."""
        since = (datetime.now(UTC) - self._window).isoformat()
        with self._database.transaction() as tx:
            rows = tx.execute(
                "SELECT subject, COUNT(*) FROM registry_sign_in_failures"
                " WHERE subject IN (%s, %s) AND failed_at > %s GROUP BY subject",
                (_account(account), _address(address), since),
            )
        counts = {str(subject): int(count) for subject, count in rows}
        return (
            counts.get(_account(account), 0) >= self._failures
            or counts.get(_address(address), 0) >= self._failures * ADDRESS_FACTOR
        )

    def failed(self, account: str, address: str) -> None:
        now = datetime.now(UTC)
        with self._database.transaction() as tx:
            tx.execute(
                "DELETE FROM registry_sign_in_failures WHERE failed_at <= %s",
                ((now - self._window).isoformat(),),
            )
            for subject in (_account(account), _address(address)):
                tx.execute(
                    "INSERT INTO registry_sign_in_failures (subject, failed_at) VALUES (%s, %s)",
                    (subject, now.isoformat()),
                )

    def succeeded(self, account: str) -> None:
        with self._database.transaction() as tx:
            tx.execute(
                "DELETE FROM registry_sign_in_failures WHERE subject = %s", (_account(account),)
            )


def _account(name: str) -> str:
    return f"account:{name.casefold()}"


def _address(address: str) -> str:
    return f"address:{address}"
