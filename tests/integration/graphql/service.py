"""The registry served over HTTP for GraphQL tests: `create_app` in a TestClient,
users of every role with real bearer tokens, and a helper to post queries."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient

from projections.read_side import ReadSide
from registry.api.app import create_app
from registry.api.users import UserStore
from registry.application import RegistryApplication
from registry.database import open_database
from registry.permissions import Role
from registry.settings import Settings
from tests.conftest import TODAY

USERS: dict[str, tuple[Role, frozenset[str]]] = {
    "officer-north": (Role.OFFICER, frozenset({"north"})),
    "officer-south": (Role.OFFICER, frozenset({"south"})),
    "supervisor": (Role.SUPERVISOR, frozenset()),
    "monitor": (Role.MONITOR, frozenset()),
    "evaluator": (Role.EVALUATOR, frozenset()),
    "admin": (Role.ADMIN, frozenset()),
}


class FixedDaySettings(Settings):
    """The service's today is the suite's today, so alerts and days in care are stable."""

    def today(self) -> date:
        return TODAY


@dataclass
class Service:
    client: TestClient
    registry: RegistryApplication
    read_side: ReadSide
    tokens: dict[str, str]
    user_ids: dict[str, str]

    def post(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        *,
        user: str | None = "monitor",
        headers: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        sent = dict(headers or {})
        if user is not None:
            sent["Authorization"] = f"Bearer {self.tokens[user]}"
        response = self.client.post(
            "/graphql", json={"query": query, "variables": variables or {}}, headers=sent
        )
        assert response.status_code == 200, response.text
        answer: dict[str, Any] = response.json()
        return answer

    def data(self, query: str, variables: dict[str, Any] | None = None, **kw: Any) -> Any:
        """The data of a query that must succeed."""
        answer = self.post(query, variables, **kw)
        assert "errors" not in answer, answer["errors"]
        return answer["data"]

    def caught_up(self) -> None:
        self.read_side.catch_up()


def error_codes(answer: dict[str, Any]) -> list[str]:
    return [error.get("extensions", {}).get("code", "") for error in answer.get("errors", [])]


class GraphQLService:
    """Mixed into a backend class (OnSQLite, OnPostgres) that gives `database_url`."""

    @pytest.fixture
    def service(self, database_url: str) -> Iterator[Service]:
        settings = FixedDaySettings(database_url=database_url)
        app = create_app(settings)
        database = open_database(database_url)
        try:
            users = UserStore(database, settings.secret_key)
            with TestClient(app) as client:
                tokens = {
                    name: users.add(name, role, districts)
                    for name, (role, districts) in USERS.items()
                }
                user_ids = {}
                for name, token in tokens.items():
                    user = users.authenticate(token)
                    assert user is not None
                    user_ids[name] = user.id
                yield Service(client, app.state.registry, app.state.read_side, tokens, user_ids)
        finally:
            database.close()
