"""Malformed requests are refused before any rule runs (422 problem documents),
and the answer never repeats what was sent: it may be a child's personal data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from registry.api.app import create_app
from registry.settings import Settings
from tests.integration.api.support import CHILD, Api, ApiCase, make_users
from tests.support.backends import OnPostgres, OnSQLite

MALFORMED: dict[str, dict[str, Any]] = {
    "unknown field": {**CHILD, "nickname": "Annie"},
    "wrong enum": {**CHILD, "sex": "unknown"},
    "wrong parental status": {**CHILD, "parental_status": "Orphan"},
    "malformed date": {**CHILD, "birth_date": "2016-02-30"},
    "date in another format": {**CHILD, "birth_date": "02.04.2016"},
    "missing field": {k: v for k, v in CHILD.items() if k != "family_name"},
    "empty name": {**CHILD, "given_name": ""},
    "control character": {**CHILD, "given_name": "Ana\x00"},
}


class Validation(ApiCase):
    @pytest.mark.parametrize("case", sorted(MALFORMED))
    def test_malformed_registration_is_refused(self, api: Api, case: str) -> None:
        before = api.max_notification_id()
        response = api.post("/children", MALFORMED[case])
        assert response.status_code == 422
        assert response.headers["content-type"] == "application/problem+json"
        problem = response.json()
        assert problem["code"] == "validation" and problem["errors"]
        assert "Petrova" not in response.text and "2016-02-30" not in response.text
        assert api.max_notification_id() == before

    def test_malformed_child_id_is_a_validation_error(self, api: Api) -> None:
        response = api.post("/children/not-a-uuid/exits", {"effective_date": "2024-01-01"})
        assert (response.status_code, response.json()["code"]) == (422, "validation")

    def test_unknown_path_is_a_not_found_problem(self, api: Api) -> None:
        response = api.client.get("/api/v1/nowhere")
        assert response.status_code == 404
        assert response.headers["content-type"] == "application/problem+json"

    def test_malformed_json_is_a_validation_error(self, api: Api) -> None:
        response = api.client.post(
            "/api/v1/children",
            content=b"{not json",
            headers={
                "Authorization": f"Bearer {api.tokens['officer_north']}",
                "Content-Type": "application/json",
            },
        )
        assert (response.status_code, response.json()["code"]) == (422, "validation")

    def test_openapi_documents_examples_and_problems(self, api: Api) -> None:
        schema = api.client.get("/openapi.json").json()
        register = schema["paths"]["/api/v1/children"]["post"]
        assert {"201", "401", "403", "409", "422"} <= set(register["responses"])
        body = register["requestBody"]["content"]["application/json"]["schema"]["$ref"]
        assert schema["components"]["schemas"][body.rsplit("/", 1)[-1]]["examples"]
        move = schema["paths"]["/api/v1/children/{child_id}/moves"]["post"]
        headers = {p["name"] for p in move["parameters"] if p["in"] == "header"}
        assert headers == {"If-Match", "Idempotency-Key"}
        assert move["security"] == [{"HTTPBearer": []}]
        assert api.client.get("/docs").status_code == 200


class TestValidationOnSQLite(Validation, OnSQLite):
    pass


class TestValidationOnPostgres(Validation, OnPostgres):
    pass


def test_an_unexpected_failure_is_a_problem_without_internals(tmp_path: Path) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'registry.sqlite3'}")
    token = make_users(settings.database_url, settings.secret_key)["officer_north"]
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        client.app.state.database.close()  # type: ignore[attr-defined]
        response = client.post(
            "/api/v1/children", json=CHILD, headers={"Authorization": f"Bearer {token}"}
        )
    assert response.status_code == 500
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "internal_error"
    assert "Traceback" not in response.text and "sqlite" not in response.text.lower()
