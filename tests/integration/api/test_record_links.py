"""Resolving duplicates over HTTP, on SQLite and PostgreSQL: `RecordsLinked` (both
records, closed duplicate, one history, one child in lists and indicators, voidable
in both) and `NotDuplicates`, with the supervisors' review queue in GraphQL."""

from __future__ import annotations

from typing import Any

import httpx

from tests.integration.api.support import CHILD, Api, ApiCase, admission
from tests.support.backends import OnPostgres, OnSQLite

AYSEL: dict[str, Any] = {
    **CHILD,
    "given_name": "Aysel",
    "family_name": "Məmmədova",
    "patronymic": "Şahin qızı",
    "birth_date": "2015-03-04",
}
AYSEL_AGAIN: dict[str, Any] = {
    **AYSEL,
    "given_name": "Айсель",
    "family_name": "Мамедова",
    "patronymic": "Шахиновна",
    "duplicate_override_reason": "papers in Russian; the other record not found by phone",
}
CHILD_PAGE = """
query ($id: ID!) {
  child(id: $id) {
    id linkedTo linkedRecords
    history { recordId version type summary }
  }
}"""
QUEUE = """
query ($district: String!) {
  duplicateCandidates(district: $district) {
    record { id } other { id } otherDistrict score matched
  }
}"""
ENTRIES = """
query {
  indicators(from: "2024-01-01", to: "2024-12-31") {
    rows { indicator group { dimension } value }
  }
}"""


def caught_up(api: Api) -> None:
    api.client.app.state.read_side.catch_up()  # type: ignore[attr-defined]


def graphql(api: Api, query: str, as_: str, **variables: Any) -> dict[str, Any]:
    response: httpx.Response = api.client.post(
        "/graphql",
        json={"query": query, "variables": variables},
        headers={"Authorization": f"Bearer {api.tokens[as_]}"},
    )
    answer: dict[str, Any] = response.json()
    return answer


def data(api: Api, query: str, as_: str = "supervisor_north", **variables: Any) -> Any:
    answer = graphql(api, query, as_, **variables)
    assert "errors" not in answer, answer
    return answer["data"]


def link(survivor: str, day: str = "2024-09-01") -> dict[str, Any]:
    return {"effective_date": day, "survivor_id": survivor, "reason": "one birth certificate"}


def admit(api: Api, child_id: str, day: str) -> dict[str, Any]:
    return api.ok(f"/children/{child_id}/admissions", admission(api.provider(), day))


def exit_body(day: str) -> dict[str, Any]:
    return {"effective_date": day, "reason": "reunification"}


class RecordLinks(ApiCase):
    def pair(self, api: Api, duplicate_district: str = "north") -> tuple[str, str]:
        """The same child registered twice (the second by override), survivor first."""
        survivor = str(api.ok("/children", AYSEL)["id"])
        caught_up(api)
        body = {**AYSEL_AGAIN, "district": duplicate_district}
        registrar = "officer_north" if duplicate_district == "north" else "officer_south"
        duplicate = str(api.ok("/children", body, registrar)["id"])
        caught_up(api)
        return survivor, duplicate

    def refused(self, api: Api, path: str, body: dict[str, Any], as_: str, status: int) -> str:
        before = api.max_notification_id()
        response = api.post(path, body, as_)
        assert response.status_code == status, response.text
        assert api.max_notification_id() == before, "a refusal writes nothing"
        code: str = response.json()["code"]
        return code

    def test_a_link_closes_the_duplicate_and_joins_the_histories(self, api: Api) -> None:
        survivor, duplicate = self.pair(api)
        admit(api, duplicate, "2024-02-01")
        api.ok(f"/children/{duplicate}/exits", exit_body("2024-05-01"))
        before = api.max_notification_id()

        api.ok(f"/children/{duplicate}/links", link(survivor), "supervisor_north")

        assert api.stored_topics(before) == ["registry.child:RecordsLinked"] * 2
        admit(api, survivor, "2024-09-02")
        caught_up(api)
        page = data(api, CHILD_PAGE, id=survivor)["child"]
        assert page["linkedTo"] is None and page["linkedRecords"] == [duplicate]
        records = {entry["recordId"] for entry in page["history"]}
        assert records == {survivor, duplicate}
        types = [entry["type"] for entry in page["history"] if entry["recordId"] == duplicate]
        assert types[:2] == ["ChildRegistered", "EnteredCare"] and "CareExited" in types
        assert data(api, CHILD_PAGE, id=duplicate)["child"]["linkedTo"] == survivor
        log = api.client.app.state.access_log  # type: ignore[attr-defined]
        assert any(record.field == "history" for record in log.for_child(duplicate))
        listed = api.client.get(
            "/api/v1/children",
            params={"query": "Aysel"},
            headers={"Authorization": f"Bearer {api.tokens['officer_north']}"},
        ).json()
        assert (listed["total_count"], listed["items"][0]["id"]) == (1, survivor)

    def test_only_a_supervisor_holding_both_records_links_them(self, api: Api) -> None:
        survivor, duplicate = self.pair(api, duplicate_district="south")
        path = f"/children/{duplicate}/links"
        assert self.refused(api, path, link(survivor), "officer_north_south", 403) == "forbidden"
        assert self.refused(api, path, link(survivor), "supervisor_north", 403) == "forbidden"
        api.ok(path, link(survivor), "supervisor_national")

    def test_the_child_is_never_in_care_twice_across_the_link(self, api: Api) -> None:
        survivor, duplicate = self.pair(api)
        admit(api, duplicate, "2024-02-01")
        path = f"/children/{duplicate}/links"
        assert self.refused(api, path, link(survivor), "supervisor_north", 409) == "invalid_link"
        api.ok(f"/children/{duplicate}/exits", exit_body("2024-05-01"))
        admit(api, survivor, "2024-04-01")
        assert self.refused(api, path, link(survivor), "supervisor_north", 409) == "invalid_link"
        api.ok(f"/children/{survivor}/exits", exit_body("2024-06-01"))
        # Still overlapping (April to May); a correction of the survivor's dates mends it.
        assert self.refused(api, path, link(survivor), "supervisor_north", 409) == "invalid_link"

    def test_after_a_link_the_survivor_cannot_go_back_into_the_duplicates_care(
        self, api: Api
    ) -> None:
        survivor, duplicate = self.pair(api)
        admit(api, duplicate, "2024-02-01")
        api.ok(f"/children/{duplicate}/exits", exit_body("2024-05-01"))
        api.ok(f"/children/{duplicate}/links", link(survivor), "supervisor_north")
        early = admission(api.provider(), "2024-06-01") | {"removal_date": "2024-04-01"}
        path = f"/children/{survivor}/admissions"
        assert self.refused(api, path, early, "officer_north", 409) == "date_out_of_order"
        assert self.refused(
            api, f"/children/{survivor}/links", link(duplicate), "supervisor_north", 409
        ) == ("invalid_link")
        admitted = admit(api, survivor, "2024-06-01")
        earlier = {
            "effective_date": "2024-06-02",
            "corrects": admitted["version"] - 1,
            "changes": {"removal_date": "2024-04-01"},
            "reason": "date from the court order",
        }
        path = f"/children/{survivor}/corrections"
        assert self.refused(api, path, earlier, "supervisor_north", 409) == "invalid_correction"

    def test_voiding_the_link_voids_it_in_both_records(self, api: Api) -> None:
        survivor, duplicate = self.pair(api)
        linked = api.ok(f"/children/{duplicate}/links", link(survivor), "supervisor_north")
        correction = {"effective_date": "2024-09-02", "corrects": 1, "changes": {"sex": "male"}}
        path = f"/children/{duplicate}/corrections"
        assert (
            self.refused(api, path, {**correction, "reason": "typo"}, "supervisor_north", 409)
            == "record_linked"
        )
        before = api.max_notification_id()
        void = {"effective_date": "2024-09-03", "voids": linked["version"], "reason": "twins"}
        api.ok(f"/children/{duplicate}/voidings", void, "supervisor_north")

        assert api.stored_topics(before) == ["registry.child:DecisionVoided"] * 2
        api.ok(
            f"/children/{duplicate}/assessments",
            {"effective_date": "2024-09-04", "outcome": "diverted"},
        )
        caught_up(api)
        assert data(api, CHILD_PAGE, id=survivor)["child"]["linkedRecords"] == []
        assert data(api, CHILD_PAGE, id=duplicate)["child"]["linkedTo"] is None

    def test_the_review_queue_suggests_a_pair_until_it_is_resolved(self, api: Api) -> None:
        survivor, duplicate = self.pair(api)
        (pair,) = data(api, QUEUE, district="north")["duplicateCandidates"]
        assert {pair["record"]["id"], pair["other"]["id"]} == {survivor, duplicate}
        assert pair["score"] >= 0.85 and "birth_date" in pair["matched"]
        refused = graphql(api, QUEUE, "officer_north", district="north")
        assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"

        finding = {"effective_date": "2024-09-01", "other_id": survivor, "reason": "twins"}
        api.ok(f"/children/{duplicate}/not-duplicates", finding, "supervisor_north")
        caught_up(api)
        assert data(api, QUEUE, district="north")["duplicateCandidates"] == []

    def test_a_pair_across_districts_names_the_other_by_district_only(self, api: Api) -> None:
        survivor, duplicate = self.pair(api, duplicate_district="south")
        (pair,) = data(api, QUEUE, district="north")["duplicateCandidates"]
        assert pair["record"]["id"] == survivor
        assert (pair["other"], pair["otherDistrict"]) == (None, "south")
        api.ok(f"/children/{duplicate}/links", link(survivor), "supervisor_national")
        caught_up(api)
        assert data(api, QUEUE, district="north")["duplicateCandidates"] == []

    def test_indicators_count_a_linked_child_once(self, api: Api) -> None:
        survivor, duplicate = self.pair(api)
        admit(api, duplicate, "2024-02-01")
        api.ok(f"/children/{duplicate}/exits", exit_body("2024-05-01"))
        admit(api, survivor, "2024-07-01")
        caught_up(api)

        def figures() -> tuple[float, float]:
            rows = data(api, ENTRIES, "monitor")["indicators"]["rows"]
            total = {row["indicator"]: row["value"] for row in rows if row["group"] == []}
            return total["entries"], total["re_entries"]

        assert figures() == (2.0, 0.0)
        api.ok(f"/children/{duplicate}/links", link(survivor), "supervisor_north")
        caught_up(api)
        assert figures() == (1.0, 1.0)


class TestRecordLinksOnSQLite(RecordLinks, OnSQLite):
    pass


class TestRecordLinksOnPostgres(RecordLinks, OnPostgres):
    pass
