"""`registry users add --password-stdin`, `set-password` and `sessions`, run as the
real command on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from registry.accounts.passwords import PasswordStore
from registry.accounts.sessions import SessionStore
from registry.api.users import UserStore
from registry.database import Database, open_database
from registry.settings import Settings
from tests.cli.runner import registry
from tests.support.backends import OnPostgres, OnSQLite

PASSWORD = "a long enough password"


class UsersCommand:
    @pytest.fixture
    def database(self, database_url: str) -> Iterator[Database]:
        database = open_database(database_url)
        yield database
        database.close()

    def add(self, database_url: str, name: str, password: str) -> str:
        added = registry(
            "users",
            "add",
            name,
            "--role",
            "officer",
            "--password-stdin",
            database_url=database_url,
            stdin=f"{password}\n",
        )
        assert added.returncode == 0, added.stderr
        return added.stdout.strip()

    def test_a_user_added_with_a_password_signs_in_with_it(
        self, database_url: str, database: Database
    ) -> None:
        token = self.add(database_url, "olga", PASSWORD)
        users = UserStore(database, Settings().secret_key)
        user = users.authenticate(token)
        assert user is not None and user.name == "olga"
        passwords = PasswordStore(database)
        assert passwords.matches(user.id, PASSWORD)
        assert not passwords.matches(user.id, PASSWORD.upper())

        changed = registry(
            "users",
            "set-password",
            "olga",
            "--password-stdin",
            database_url=database_url,
            stdin="another long password\n",
        )
        assert changed.returncode == 0, changed.stderr
        assert passwords.matches(user.id, "another long password")
        assert not passwords.matches(user.id, PASSWORD)

    def test_a_short_password_is_refused_and_nothing_else_changes(
        self, database_url: str, database: Database
    ) -> None:
        self.add(database_url, "olga", PASSWORD)
        short = registry(
            "users",
            "set-password",
            "olga",
            "--password-stdin",
            database_url=database_url,
            stdin="short\n",
        )
        assert short.returncode == 1 and "12 to 256 characters" in short.stderr
        user = UserStore(database, Settings().secret_key).active("olga")
        assert user is not None and PasswordStore(database).matches(user.id, PASSWORD)
        unknown = registry(
            "users",
            "set-password",
            "nobody",
            "--password-stdin",
            database_url=database_url,
            stdin=f"{PASSWORD}\n",
        )
        assert unknown.returncode == 1 and "no active user" in unknown.stderr

    def test_sessions_are_listed_and_revoked(self, database_url: str, database: Database) -> None:
        self.add(database_url, "olga", PASSWORD)
        user = UserStore(database, Settings().secret_key).active("olga")
        assert user is not None
        sessions = SessionStore(database, Settings().secret_key, idle=timedelta(minutes=30))
        first, second = sessions.open(user), sessions.open(user)

        listed = registry("users", "sessions", "olga", database_url=database_url)
        assert listed.returncode == 0 and listed.stdout.count("\tlive") == 2
        reference = listed.stdout.split("\t")[0]
        one = registry(
            "users", "sessions", "olga", "--revoke", reference, database_url=database_url
        )
        assert one.returncode == 0 and "1 session(s) ended" in one.stdout
        assert [sessions.user(first), sessions.user(second)].count(None) == 1
        every = registry("users", "sessions", "olga", "--revoke-all", database_url=database_url)
        assert every.returncode == 0
        assert sessions.user(first) is None and sessions.user(second) is None

    def test_a_session_left_idle_is_listed_as_ended(
        self, database_url: str, database: Database
    ) -> None:
        self.add(database_url, "olga", PASSWORD)
        user = UserStore(database, Settings().secret_key).active("olga")
        assert user is not None
        SessionStore(database, Settings().secret_key, idle=timedelta(minutes=30)).open(user)
        long_ago = (datetime.now(UTC) - timedelta(hours=2)).isoformat()
        with database.transaction() as tx:
            tx.execute("UPDATE registry_sessions SET last_used_at = %s", (long_ago,))
        listed = registry("users", "sessions", "olga", database_url=database_url)
        assert listed.returncode == 0 and "\tended " in listed.stdout
        assert "\tlive" not in listed.stdout


class TestUsersCommandOnSQLite(UsersCommand, OnSQLite):
    pass


class TestUsersCommandOnPostgres(UsersCommand, OnPostgres):
    pass
