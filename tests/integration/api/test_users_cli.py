"""`registry users add|list|revoke` against the deployment's database."""

from __future__ import annotations

import pytest

from registry.cli import main
from registry.permissions import User
from tests.support.backends import OnPostgres, OnSQLite
from tests.support.tokens import user_of


class UsersCommand:
    @pytest.fixture(autouse=True)
    def deployment(self, database_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("REGISTRY_DATABASE_URL", database_url)

    def _user(self, token: str) -> User | None:
        return user_of(token)

    def _authenticates(self, token: str) -> str | None:
        user = self._user(token)
        return None if user is None else f"{user.name}:{user.role}:{sorted(user.districts)}"

    def _user_id(self, token: str) -> str:
        user = self._user(token)
        assert user is not None
        return user.id

    def test_add_prints_the_token_alone_and_it_authenticates(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        code = main(
            [
                "users",
                "add",
                "ivanova",
                "--role",
                "officer",
                "--district",
                "north",
                "--district",
                "east",
            ]
        )
        out = capsys.readouterr().out
        assert code == 0 and out.count("\n") == 1
        assert self._authenticates(out.strip()) == "ivanova:officer:['east', 'north']"

    def test_list_shows_users_with_their_ids_but_never_tokens(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        main(["users", "add", "ivanova", "--role", "supervisor"])
        token = capsys.readouterr().out.strip()
        main(["users", "add", "petrov", "--role", "officer", "--district", "north"])
        other = capsys.readouterr().out.strip()
        assert main(["users", "list"]) == 0
        listing = capsys.readouterr().out
        assert listing.splitlines() == [
            f"{self._user_id(token)}\tivanova\tsupervisor\t-\tactive",
            f"{self._user_id(other)}\tpetrov\tofficer\tnorth\tactive",
        ]
        assert token not in listing and other not in listing

    def test_revoke_ends_the_token(self, capsys: pytest.CaptureFixture[str]) -> None:
        main(["users", "add", "ivanova", "--role", "monitor"])
        token = capsys.readouterr().out.strip()
        assert main(["users", "revoke", "ivanova"]) == 0
        assert self._authenticates(token) is None
        main(["users", "list"])
        assert "revoked" in capsys.readouterr().out

    def test_a_taken_name_or_an_unknown_user_fails(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        main(["users", "add", "ivanova", "--role", "admin"])
        assert main(["users", "add", "ivanova", "--role", "admin"]) == 1
        assert main(["users", "revoke", "nobody"]) == 1
        assert capsys.readouterr().out.count("\n") == 1

    def test_an_unknown_role_is_a_usage_error(self) -> None:
        with pytest.raises(SystemExit) as exit_:
            main(["users", "add", "ivanova", "--role", "root"])
        assert exit_.value.code == 2


class TestUsersCommandOnSQLite(UsersCommand, OnSQLite):
    pass


class TestUsersCommandOnPostgres(UsersCommand, OnPostgres):
    pass
