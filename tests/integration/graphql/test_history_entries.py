"""History entries over HTTP: decisions as recorded, corrections with their changes,
and who decided each one, on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from registry.api.users import UserStore
from tests.integration.api.support import CHILD
from tests.integration.graphql.service import GraphQLService, Service
from tests.support.backends import OnPostgres, OnSQLite
from tests.support.journeys import OFFICER, register_child

HISTORY = """
query History($id: ID!) {
  child(id: $id) {
    district
    history {
      version type summary payload corrected correctedBy recordedBy
      changes { field before after }
      decider { id name role }
    }
  }
}
"""


def record(service: Service, path: str, body: dict[str, Any], user: str) -> Any:
    """A decision sent over REST as `user`, as clients send it."""
    response = service.client.post(
        f"/api/v1{path}", json=body, headers={"Authorization": f"Bearer {service.tokens[user]}"}
    )
    assert response.status_code in (200, 201), response.text
    return response.json()["id"]


def registered_in_north_corrected_to_central(service: Service) -> str:
    child = str(record(service, "/children", {**CHILD, "district": "north"}, "officer-north"))
    correction = {
        "effective_date": "2024-02-01",
        "corrects": 1,
        "changes": {"district": "central"},
        "reason": "district mistyped",
    }
    record(service, f"/children/{child}/corrections", correction, "supervisor")
    service.caught_up()
    return child


class HistoryEntries:
    def history(self, service: Service, child: str) -> dict[str, Any]:
        found: dict[str, Any] = service.data(HISTORY, {"id": child})["child"]
        return found

    def test_a_corrected_entry_shows_what_was_recorded_and_is_marked(
        self, service: Service
    ) -> None:
        child = self.history(service, registered_in_north_corrected_to_central(service))
        registered, correction = child["history"]
        assert child["district"] == "central"
        assert registered["summary"] == "Registered in district north (deprived_of_parental_care)"
        assert registered["payload"]["district"] == "north"
        assert (registered["corrected"], registered["correctedBy"]) == (True, 2)
        assert registered["changes"] == []
        assert correction["type"] == "DecisionCorrected"
        assert correction["summary"] == "Corrected version 1: district north → central"
        assert correction["changes"] == [
            {"field": "district", "before": "north", "after": "central"}
        ]

    def test_each_entry_names_its_decider_beside_the_recorded_id(self, service: Service) -> None:
        child = self.history(service, registered_in_north_corrected_to_central(service))
        registered, correction = child["history"]
        assert registered["recordedBy"] == service.user_ids["officer-north"]
        assert registered["decider"] == {
            "id": service.user_ids["officer-north"],
            "name": "officer-north",
            "role": "officer",
        }
        assert correction["decider"] == {
            "id": service.user_ids["supervisor"],
            "name": "supervisor",
            "role": "supervisor",
        }

    def test_a_revoked_user_still_shows_as_the_decider(self, service: Service) -> None:
        child = registered_in_north_corrected_to_central(service)
        users: UserStore = service.client.app.state.users  # type: ignore[attr-defined]
        users.revoke("officer-north")
        registered = self.history(service, child)["history"][0]
        assert registered["decider"]["name"] == "officer-north"

    def test_an_id_the_user_store_does_not_hold_has_no_decider(self, service: Service) -> None:
        child = register_child(service.registry).id
        service.caught_up()
        (registered,) = self.history(service, str(child))["history"]
        assert (registered["recordedBy"], registered["decider"]) == (OFFICER, None)


class TestHistoryEntriesOnSQLite(HistoryEntries, GraphQLService, OnSQLite):
    pass


class TestHistoryEntriesOnPostgres(HistoryEntries, GraphQLService, OnPostgres):
    pass
