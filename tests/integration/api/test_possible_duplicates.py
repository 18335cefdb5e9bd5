"""The duplicate check at registration over HTTP, on SQLite and PostgreSQL: 409
`possible_duplicate` with scored candidates scoped to the caller, nothing written, and
the override recorded in the event."""

from __future__ import annotations

import uuid
from typing import Any

from registry.domain.child_events import ChildRegistered
from tests.integration.api.support import CHILD, Api, ApiCase
from tests.support.backends import OnPostgres, OnSQLite

AYSEL: dict[str, Any] = {
    **CHILD,
    "given_name": "Aysel",
    "family_name": "Məmmədova",
    "patronymic": "Şahin qızı",
    "birth_date": "2015-03-04",
}


def caught_up(api: Api) -> None:
    api.client.app.state.read_side.catch_up()  # type: ignore[attr-defined]


class PossibleDuplicates(ApiCase):
    def first_record(self, api: Api) -> str:
        child_id = str(api.ok("/children", AYSEL)["id"])
        caught_up(api)
        return child_id

    def refused(self, api: Api, body: dict[str, Any], as_: str = "officer_north") -> Any:
        before = api.max_notification_id()
        response = api.post("/children", body, as_)
        assert response.status_code == 409, response.text
        problem = response.json()
        assert problem["code"] == "possible_duplicate"
        assert api.max_notification_id() == before, "a refused registration writes nothing"
        return problem

    def test_the_same_child_in_another_script_is_refused_with_the_candidate(self, api: Api) -> None:
        first = self.first_record(api)
        again = {**AYSEL, "given_name": "Айсель", "family_name": "Мамедова"}
        again["patronymic"] = "Шахиновна"
        problem = self.refused(api, again)
        (candidate,) = problem["candidates"]
        assert candidate["child_id"] == first and candidate["district"] == "north"
        assert candidate["score"] >= 0.85
        assert set(candidate["matched"]) >= {"given_name", "family_name", "birth_date", "sex"}
        assert "patronymic" in candidate["matched"]
        assert "Aysel" not in str(problem) and "Məmmədova" not in str(problem)

    def test_a_swapped_or_mistyped_birth_date_is_still_a_candidate(self, api: Api) -> None:
        self.first_record(api)
        swapped = self.refused(api, {**AYSEL, "birth_date": "2015-04-03"})
        assert "birth_date_swapped" in swapped["candidates"][0]["matched"]
        mistyped = self.refused(api, {**AYSEL, "birth_date": "2016-03-04"})
        assert "birth_date_near" in mistyped["candidates"][0]["matched"]
        years_apart = {**AYSEL, "birth_date": "2017-03-04"}
        assert api.post("/children", years_apart).status_code == 201

    def test_a_record_outside_the_callers_districts_is_named_by_district_only(
        self, api: Api
    ) -> None:
        self.first_record(api)
        problem = self.refused(api, {**AYSEL, "district": "south"}, as_="officer_south")
        (candidate,) = problem["candidates"]
        assert candidate["child_id"] is None and candidate["district"] == "north"
        assert "district" not in candidate["matched"]

    def test_an_override_goes_through_and_is_recorded(self, api: Api) -> None:
        self.first_record(api)
        reason = "twin sister: same name given by two registry offices"
        created = api.ok("/children", {**AYSEL, "duplicate_override_reason": reason})
        registered = api.registry.get_child(uuid.UUID(str(created["id"]))).history[0]
        assert isinstance(registered, ChildRegistered)
        assert registered.duplicate_override_reason == reason
        blank = api.post("/children", {**AYSEL, "duplicate_override_reason": "  "})
        assert (blank.status_code, blank.json()["code"]) == (422, "validation")

    def test_look_alikes_that_are_other_children_go_through(self, api: Api) -> None:
        self.first_record(api)
        twin = {**AYSEL, "given_name": "Nigar"}
        sibling = {**AYSEL, "given_name": "Aysu", "birth_date": "2017-08-01"}
        other_father = {**AYSEL, "patronymic": "Elçin qızı"}
        other_id = {**AYSEL, "personal_id": "9ZX4K2P"}
        for body in (twin, sibling, other_father):
            assert api.post("/children", body).status_code == 201, body
        caught_up(api)
        # The first record has no personal id: a new one with an id is still alike.
        assert api.post("/children", other_id).status_code == 409


class TestPossibleDuplicatesOnSQLite(PossibleDuplicates, OnSQLite):
    pass


class TestPossibleDuplicatesOnPostgres(PossibleDuplicates, OnPostgres):
    pass
