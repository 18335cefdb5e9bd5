"""What an account chose for itself: the language of its pages."""

from __future__ import annotations

from registry.database import Database

SCHEMA = """
CREATE TABLE IF NOT EXISTS registry_user_locales (
    user_id TEXT PRIMARY KEY,
    locale TEXT NOT NULL
)
"""


class LocaleChoices:
    def __init__(self, database: Database) -> None:
        self._database = database
        with database.transaction() as tx:
            tx.execute(SCHEMA)

    def of(self, user_id: str) -> str | None:
        with self._database.transaction() as tx:
            rows = tx.execute(
                "SELECT locale FROM registry_user_locales WHERE user_id = %s", (user_id,)
            )
        return str(rows[0][0]) if rows else None

    def choose(self, user_id: str, locale: str) -> None:
        with self._database.transaction() as tx:
            tx.execute(
                "INSERT INTO registry_user_locales (user_id, locale) VALUES (%s, %s)"
                " ON CONFLICT (user_id) DO UPDATE SET locale = excluded.locale",
                (user_id, locale),
            )
