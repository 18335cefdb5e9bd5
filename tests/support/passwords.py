"""Users of the API suites, each with the one test password, for the pages."""

from __future__ import annotations

from argon2 import PasswordHasher

from registry.accounts.passwords import PasswordStore
from registry.api.users import UserStore
from registry.database import open_database
from tests.integration.api.support import make_users

PASSWORD = "correct horse battery staple"
QUICK_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
"""Weak Argon2 parameters, so that giving every user of a test a password costs
nothing: the service remakes a user's hash under its own at their first sign-in."""


def users_with_passwords(database_url: str, secret_key: str) -> dict[str, str]:
    """`make_users`, then PASSWORD for each of them; returns their tokens by name."""
    tokens = make_users(database_url, secret_key)
    database = open_database(database_url)
    try:
        users = UserStore(database, secret_key)
        passwords = PasswordStore(database, QUICK_HASHER)
        for listing in users.list_users():
            passwords.set(listing.user.id, PASSWORD)
    finally:
        database.close()
    return tokens
