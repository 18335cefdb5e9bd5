"""`registry serve --demo` prints a working token and password for each role; a
restart re-mints them for the same users, and the previous start's stop working."""

from __future__ import annotations

from pathlib import Path

import pytest

from registry.accounts.passwords import PasswordStore
from registry.api.users import UserStore
from registry.cli.serve import print_demo_tokens
from registry.database import open_database
from registry.permissions import Role
from registry.settings import Settings
from tests.support.backends import OnPostgres, OnSQLite


def test_a_token_per_role_authenticates_as_that_role(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'registry.sqlite3'}")
    print_demo_tokens(settings)
    stderr = capsys.readouterr().err
    tokens = _printed_tokens(stderr)
    assert set(tokens) == {role.value for role in Role}
    database = open_database(settings.database_url)
    try:
        users = UserStore(database, settings.secret_key)
        for role, token in tokens.items():
            user = users.authenticate(token)
            assert user is not None and user.role is Role(role)
        officer = users.authenticate(tokens["officer"])
        assert officer is not None and officer.districts == frozenset({"north"})
        passwords = PasswordStore(database)
        for role, password in _printed_passwords(stderr).items():
            user = users.active(f"demo-{role}")
            assert user is not None and passwords.matches(user.id, password)
            assert not passwords.matches(user.id, password + "x")
    finally:
        database.close()


class DemoRestarts:
    """Each `serve --demo` start shows tokens for the same five users."""

    def test_a_restart_re_mints_the_tokens_of_the_same_users(
        self, database_url: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        settings = Settings(database_url=database_url)
        print_demo_tokens(settings)
        first = _printed_tokens(capsys.readouterr().err)
        print_demo_tokens(settings)
        second = _printed_tokens(capsys.readouterr().err)

        database = open_database(database_url)
        try:
            users = UserStore(database, settings.secret_key)
            names = [listing.user.name for listing in users.list_users()]
            assert sorted(names) == sorted(f"demo-{role.value}" for role in Role)
            for role in Role:
                assert users.authenticate(first[role.value]) is None
                user = users.authenticate(second[role.value])
                assert user is not None and user.role is role
        finally:
            database.close()


def _printed_tokens(stderr: str) -> dict[str, str]:
    """Role -> token, from the lines `print_demo_tokens` writes after its heading."""
    return {line.split()[0]: line.split()[-1] for line in stderr.splitlines()[1:]}


def _printed_passwords(stderr: str) -> dict[str, str]:
    """Role -> password: the field before the token."""
    return {line.split()[0]: line.split()[-2] for line in stderr.splitlines()[1:]}


class TestDemoRestartsOnSQLite(OnSQLite, DemoRestarts):
    pass


class TestDemoRestartsOnPostgres(OnPostgres, DemoRestarts):
    pass
