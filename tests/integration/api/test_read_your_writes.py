"""With `Prefer: read-your-writes`, a command answers once the read models include its
write, so a client's next read (GraphQL) sees what it just recorded."""

from __future__ import annotations

from collections.abc import Iterator
from uuid import UUID

import pytest
from fastapi.testclient import TestClient

from registry.api.app import create_app
from registry.settings import HttpGroup, Settings
from tests.integration.api.support import Api, child_body, make_users
from tests.support.backends import OnPostgres, OnSQLite


class ReadYourWrites:
    @pytest.fixture
    def api(self, database_url: str) -> Iterator[Api]:
        settings = Settings(
            database_url=database_url, http=HttpGroup(read_your_writes_timeout=10.0)
        )
        tokens = make_users(database_url, settings.secret_key)
        app = create_app(settings)
        with TestClient(app) as client:
            yield Api(client, tokens)

    def test_the_read_side_holds_the_write_when_the_answer_arrives(self, api: Api) -> None:
        for _ in range(3):
            response = api.post("/children", child_body(), headers={"Prefer": "read-your-writes"})
            assert response.status_code == 201, response.text
            answer = response.json()
            read_side = api.client.app.state.read_side  # type: ignore[attr-defined]
            assert read_side.position() >= answer["position"]
            row = read_side.queries.child(UUID(answer["id"]))
            assert row is not None and row.version == answer["version"]


class TestReadYourWritesOnSQLite(ReadYourWrites, OnSQLite):
    pass


class TestReadYourWritesOnPostgres(ReadYourWrites, OnPostgres):
    pass
