"""`GET /api/v1/children` over HTTP on SQLite and PostgreSQL: lists and searches by
name in any script, birth date and personal id; scope, refusals and the access log."""

from __future__ import annotations

from typing import Any

import httpx

from tests.integration.api.support import CHILD, Api, ApiCase
from tests.support.backends import OnPostgres, OnSQLite


def get(api: Api, as_: str | None = "officer_north", **params: Any) -> httpx.Response:
    headers = {"Authorization": f"Bearer {api.tokens[as_]}"} if as_ is not None else {}
    response: httpx.Response = api.client.get("/api/v1/children", params=params, headers=headers)
    return response


def names(api: Api, as_: str = "officer_north", **params: Any) -> list[str]:
    response = get(api, as_, **params)
    assert response.status_code == 200, response.text
    return [item["family_name"] for item in response.json()["items"]]


def caught_up(api: Api) -> None:
    api.client.app.state.read_side.catch_up()  # type: ignore[attr-defined]


class ChildSearch(ApiCase):
    def registered(self, api: Api) -> dict[str, str]:
        ids = {
            "Hüseynova": api.register_child(
                given_name="Günay", family_name="Hüseynova", personal_id="7QX2K5M"
            ),
            "Гусейнова": api.register_child(given_name="Гюнай", family_name="Гусейнова"),
            "Qasımov": api.register_child(
                given_name="Orxan",
                family_name="Qasımov",
                patronymic="Elçin oğlu",
                sex="male",
                birth_date="2014-07-09",
            ),
            "Quliyeva": str(
                api.ok(
                    "/children",
                    {**CHILD, "family_name": "Quliyeva", "district": "south"},
                    as_="officer_south",
                )["id"]
            ),
        }
        caught_up(api)
        return ids

    def test_a_name_is_found_in_any_script_best_matches_first(self, api: Api) -> None:
        self.registered(api)
        assert names(api, query="Guseynova Gunay") == ["Hüseynova", "Гусейнова"]
        assert names(api, query="Касумов") == ["Qasımov"]
        assert names(api, query="Hüseyn") == ["Hüseynova", "Гусейнова"]
        assert names(api, query="Orxan", birth_year=2014) == ["Qasımov"]
        assert names(api, birth_date="2014-07-09") == ["Qasımov"]
        assert names(api, personal_id="7QX2K5M") == ["Hüseynova"]

    def test_the_answer_carries_the_list_fields_and_is_not_cached(self, api: Api) -> None:
        ids = self.registered(api)
        response = get(api, query="Qasımov")
        assert response.headers["cache-control"] == "no-store"
        (item,) = response.json()["items"]
        assert item == {
            "id": ids["Qasımov"],
            "given_name": "Orxan",
            "family_name": "Qasımov",
            "patronymic": "Elçin oğlu",
            "birth_date": "2014-07-09",
            "sex": "male",
            "district": "north",
            "status": "registered",
            "setting": None,
            "version": 1,
        }

    def test_pages_follow_the_cursor(self, api: Api) -> None:
        self.registered(api)
        first = get(api, "monitor", first=2).json()
        assert first["total_count"] == 4 and len(first["items"]) == 2
        rest = get(api, "monitor", first=2, after=first["next_cursor"]).json()
        assert rest["next_cursor"] is None
        seen = [item["family_name"] for item in first["items"] + rest["items"]]
        assert seen == ["Hüseynova", "Qasımov", "Quliyeva", "Гусейнова"]

    def test_lists_follow_the_order_of_names_in_the_language_asked_for(self, api: Api) -> None:
        self.registered(api)
        for family_name in ("Əliyeva", "Zeynalova", "Xəlilova", "Абасова"):
            api.register_child(family_name=family_name)
        caught_up(api)
        assert names(api) == [
            "Əliyeva",
            "Hüseynova",
            "Xəlilova",
            "Qasımov",
            "Zeynalova",
            "Абасова",
            "Гусейнова",
        ]
        assert names(api, language="ru")[:2] == ["Абасова", "Гусейнова"]
        assert names(api, language="en")[:3] == ["Əliyeva", "Hüseynova", "Qasımov"]
        cursor = get(api, first=1).json()["next_cursor"]
        refused = get(api, language="ru", after=cursor)
        assert (refused.status_code, refused.json()["code"]) == (422, "validation")
        refused = get(api, language="tr")
        assert (refused.status_code, refused.json()["code"]) == (422, "validation")

    def test_a_caller_sees_only_their_districts(self, api: Api) -> None:
        self.registered(api)
        assert names(api, "officer_south", query="Hüseynova") == []
        assert names(api, "officer_south") == ["Quliyeva"]
        assert names(api, "supervisor_national", query="Quliyeva") == ["Quliyeva"]

    def test_refusals(self, api: Api) -> None:
        self.registered(api)
        assert get(api, None).status_code == 401
        for refused in (get(api, "evaluator"), get(api, "evaluator", query="Qasımov")):
            assert (refused.status_code, refused.json()["code"]) == (403, "forbidden")
        for params, code in (
            ({"query": "123"}, "validation"),
            ({"query": "a b c d e f g"}, "validation"),
            ({"query": "x" * 201}, "validation"),
            ({"first": 0}, "validation"),
            ({"first": 101}, "validation"),
            ({"after": "not-a-cursor"}, "validation"),
            ({"unknown": "1"}, "validation"),
            ({"birth_year": 1850}, "date_out_of_range"),
            ({"birth_date": "3000-01-01"}, "date_out_of_range"),
        ):
            refused = get(api, **params)
            assert (refused.status_code, refused.json()["code"]) == (422, code), params
            assert refused.headers["content-type"] == "application/problem+json"
        plain = get(api, first=1).json()["next_cursor"]
        refused = get(api, query="Qasımov", after=plain)
        assert (refused.status_code, refused.json()["code"]) == (422, "validation")

    def test_a_search_is_logged_hashed_and_a_plain_list_is_not(self, api: Api) -> None:
        ids = self.registered(api)
        names(api)
        log = api.client.app.state.access_log  # type: ignore[attr-defined]
        assert log.for_child(ids["Qasımov"]) == []
        reason = "case%20review"
        headers = {"Authorization": f"Bearer {api.tokens['officer_north']}"}
        headers["X-Access-Reason"] = reason
        response = api.client.get("/api/v1/children", params={"query": "Qasımov"}, headers=headers)
        assert response.status_code == 200
        (record,) = log.for_child(ids["Qasımov"])
        assert record.field.startswith("search:") and "qas" not in record.field.casefold()
        assert (record.user_id, record.reason) == (api.user_id("officer_north"), "case review")
        assert log.for_child(ids["Hüseynova"]) == []


class TestChildSearchOnSQLite(ChildSearch, OnSQLite):
    pass


class TestChildSearchOnPostgres(ChildSearch, OnPostgres):
    pass
