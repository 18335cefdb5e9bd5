"""One mixin per storage backend; a behavioural suite is written once as a base
class and subclassed with each mixin, so every backend runs the same tests."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from registry.application import RegistryApplication
from registry.database import MEMORY_URL, persistence_env


class Backend:
    """Base of the backend mixins: gives `app` from the subclass's `database_url`."""

    @pytest.fixture
    def database_url(self) -> str:
        raise NotImplementedError

    @pytest.fixture
    def app(self, database_url: str, today: date) -> Iterator[RegistryApplication]:
        application = RegistryApplication(persistence_env(database_url), today=lambda: today)
        yield application
        application.close()


class InMemory(Backend):
    @pytest.fixture
    def database_url(self) -> str:
        return MEMORY_URL


class OnSQLite(Backend):
    @pytest.fixture
    def database_url(self, tmp_path: Path) -> str:
        return f"sqlite:///{tmp_path / 'registry.sqlite3'}"


@pytest.mark.postgres
class OnPostgres(Backend):
    @pytest.fixture
    def database_url(self, postgres_url: str) -> str:
        return postgres_url
