"""Bearer tokens for tests, made the way `registry users add` makes them."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from registry.api.users import UserStore
from registry.database import open_database
from registry.permissions import Role, User
from registry.settings import Settings


def make_token(settings: Settings, role: str, districts: Iterable[str] = ()) -> str:
    database = open_database(settings.database_url)
    try:
        users = UserStore(database, settings.secret_key)
        return users.add(f"{role}-{uuid.uuid4().hex[:8]}", Role(role), frozenset(districts))
    finally:
        database.close()


def user_of(token: str, settings: Settings | None = None) -> User | None:
    """The user a token stands for in the deployment's store (settings from the
    environment unless given)."""
    settings = settings or Settings()
    database = open_database(settings.database_url)
    try:
        return UserStore(database, settings.secret_key).authenticate(token)
    finally:
        database.close()
