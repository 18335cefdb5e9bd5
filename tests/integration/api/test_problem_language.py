"""Errors in the client's language, on SQLite and PostgreSQL: a problem document's
`title` and `detail`, and a GraphQL error's `message`, follow `Accept-Language`;
`code` never changes, and without the header (or asking for English) everything
stays as written."""

from __future__ import annotations

from tests.integration.api.support import Api, ApiCase, admission, child_body
from tests.support.backends import OnPostgres, OnSQLite


class ProblemLanguage(ApiCase):
    def test_a_refusal_is_told_in_russian_and_azerbaijani(self, api: Api) -> None:
        child_id = api.register_child()
        english = api.post(f"/children/{child_id}/admissions", admission(None))
        russian = api.post(
            f"/children/{child_id}/admissions", admission(None), headers={"Accept-Language": "ru"}
        )
        azerbaijani = api.post(
            f"/children/{child_id}/admissions",
            admission(None),
            headers={"Accept-Language": "az-AZ, ru;q=0.5"},
        )
        assert {english.status_code, russian.status_code, azerbaijani.status_code} == {409}
        assert {r.json()["code"] for r in (english, russian, azerbaijani)} == {"provider_required"}
        assert english.json()["title"] == "Conflict" and "provider" in english.json()["detail"]
        assert "content-language" not in english.headers
        assert russian.json()["title"] == "Отказано"
        assert russian.json()["detail"] == "Выберите поставщика для этой формы устройства."
        assert russian.headers["content-language"] == "ru"
        assert russian.headers["content-type"].startswith("application/problem+json")
        assert azerbaijani.json()["title"] == "Rədd edildi"
        assert azerbaijani.headers["content-language"] == "az"

    def test_english_asked_for_is_english_as_written(self, api: Api) -> None:
        refused = api.post("/children", {}, headers={"Accept-Language": "en-GB, ru;q=0.9"})
        assert refused.status_code == 422 and refused.json()["code"] == "validation"
        assert refused.json()["detail"] == "the request does not match the schema"

    def test_every_path_of_problems_is_translated(self, api: Api) -> None:
        unauthenticated = api.post("/children", child_body(), as_=None, headers=_ru())
        assert unauthenticated.status_code == 401
        assert unauthenticated.json()["detail"] == "Войдите или отправьте действительный токен."
        too_large = api.client.post(
            "/api/v1/children",
            content=b"x" * (2 * 1024 * 1024),
            headers={**_ru(), "Authorization": f"Bearer {api.tokens['officer_north']}"},
        )
        assert too_large.status_code == 413 and too_large.json()["code"] == "payload_too_large"
        assert too_large.json()["title"] == "Слишком большой запрос"
        assert int(too_large.headers["content-length"]) == len(too_large.content)

    def test_a_stored_answer_is_told_in_the_language_of_each_retry(self, api: Api) -> None:
        child_id = api.register_child()
        key = {"Idempotency-Key": "admit-without-provider"}
        first = api.post(f"/children/{child_id}/admissions", admission(None), headers=key)
        again = api.post(
            f"/children/{child_id}/admissions", admission(None), headers={**key, **_ru()}
        )
        assert first.status_code == again.status_code == 409
        assert "provider" in first.json()["detail"]
        assert again.json()["detail"] == "Выберите поставщика для этой формы устройства."

    def test_graphql_errors_keep_their_code_in_any_language(self, api: Api) -> None:
        query = {"query": '{ child(id: "not-an-id") { id } }'}
        token = {"Authorization": f"Bearer {api.tokens['officer_north']}"}
        english = api.client.post("/graphql", json=query, headers=token).json()["errors"][0]
        russian = api.client.post("/graphql", json=query, headers={**token, **_ru()}).json()
        (error,) = russian["errors"]
        assert english["extensions"]["code"] == error["extensions"]["code"] == "BAD_USER_INPUT"
        assert english["message"] == "the id is not a valid registry id"
        assert error["message"] == "Некоторые поля не заполнены или неверны."
        anonymous = api.client.post(
            "/graphql",
            json={"query": "{ children { totalCount } }"},
            headers={"Accept-Language": "az"},
        ).json()
        assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
        assert anonymous["errors"][0]["message"] == "Daxil olun və ya etibarlı token göndərin."


def _ru() -> dict[str, str]:
    return {"Accept-Language": "ru-RU"}


class TestProblemLanguageOnSQLite(ProblemLanguage, OnSQLite):
    pass


class TestProblemLanguageOnPostgres(ProblemLanguage, OnPostgres):
    pass
