"""`registry serve --demo` prints a working token for each role."""

from __future__ import annotations

from pathlib import Path

import pytest

from registry.api.auth import Role
from registry.api.database import open_database
from registry.api.users import UserStore
from registry.cli.serve import print_demo_tokens
from registry.settings import Settings


def test_a_token_per_role_authenticates_as_that_role(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'registry.sqlite3'}")
    print_demo_tokens(settings)
    printed = capsys.readouterr().err.splitlines()[1:]
    tokens = {line.split()[0]: line.split()[-1] for line in printed}
    assert set(tokens) == {role.value for role in Role}
    database = open_database(settings.database_url)
    try:
        users = UserStore(database, settings.secret_key)
        for role, token in tokens.items():
            user = users.authenticate(token)
            assert user is not None and user.role is Role(role)
        officer = users.authenticate(tokens["officer"])
        assert officer is not None and officer.districts == frozenset({"north"})
    finally:
        database.close()
