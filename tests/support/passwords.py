"""Users of the API suites, each with the one test password, for the pages."""

from __future__ import annotations

from registry.accounts.passwords import PasswordStore
from registry.api.users import UserStore
from registry.database import open_database
from tests.integration.api.support import make_users

PASSWORD = "correct horse battery staple"


def users_with_passwords(database_url: str, secret_key: str) -> dict[str, str]:
    """`make_users`, then PASSWORD for each of them; returns their tokens by name."""
    tokens = make_users(database_url, secret_key)
    database = open_database(database_url)
    try:
        users, passwords = UserStore(database, secret_key), PasswordStore(database)
        for listing in users.list_users():
            passwords.set(listing.user.id, PASSWORD)
    finally:
        database.close()
    return tokens
