"""`child`, `children`, `providers` and `alerts` over HTTP, on SQLite and PostgreSQL."""

from __future__ import annotations

import base64
import json
from datetime import date
from uuid import uuid4

from registry.domain import commands
from registry.domain.values import Goal, ParentalRights, ProviderKind, Setting
from tests.integration.graphql.service import GraphQLService, Service, error_codes
from tests.support import journeys
from tests.support.backends import OnPostgres, OnSQLite

CHILD = """
query Child($id: ID!) {
  child(id: $id) {
    id givenName familyName birthDate sex district status version daysInCare
    currentPlacement { setting since provider { id name } }
    plans { id adoptedOn nextReviewDue reviews }
    alerts { kind since }
    history { version type effectiveDate recordedBy decisionRef summary corrected voided }
  }
}
"""
PAGE = """
query Page($filter: ChildFilter, $first: Int, $after: String) {
  children(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { id familyName district status currentPlacement { setting } } }
  }
}
"""


class ChildQueries:
    def test_child_with_placement_plan_and_history(self, service: Service) -> None:
        registry = service.registry
        provider = journeys.open_provider(registry)
        child = journeys.register_child(registry).id
        journeys.admit(registry, child, provider)
        journeys.adopt_plan(
            registry,
            child,
            date(2024, 2, 20),
            goals=[Goal("education", "school enrolment")],
            next_review_due=date(2024, 5, 20),
        )
        service.caught_up()
        found = service.data(CHILD, {"id": str(child)}, user="officer-north")["child"]
        assert found["givenName"] == "Ana" and found["familyName"] == "Petrova"
        assert (found["birthDate"], found["sex"]) == ("2016-04-02", "female")
        assert (found["status"], found["version"]) == ("in_care", 4)
        assert found["daysInCare"] == (date(2026, 6, 30) - date(2024, 2, 1)).days
        placement = found["currentPlacement"]
        assert (placement["setting"], placement["since"]) == ("foster_family", "2024-02-01")
        assert placement["provider"] == {"id": str(provider), "name": "foster_family provider"}
        assert found["plans"][0]["nextReviewDue"] == "2024-05-20"
        assert [alert["kind"] for alert in found["alerts"]] == ["review_overdue"]
        assert [entry["type"] for entry in found["history"]] == [
            "ChildRegistered",
            "EnteredCare",
            "PlacementStarted",
            "DevelopmentPlanAdopted",
        ]
        assert all(entry["summary"] for entry in found["history"])
        assert found["history"][2]["recordedBy"] == "officer-1"

    def test_history_marks_corrected_and_voided_decisions(self, service: Service) -> None:
        registry = service.registry
        provider = journeys.open_provider(registry)
        child = journeys.register_child(registry).id
        journeys.admit(registry, child, provider)
        journeys.correct(
            registry,
            child,
            date(2024, 3, 1),
            corrects=1,
            changes={"given_name": "Anna"},
            reason="spelling",
        )
        registry.handle(
            commands.ChangeLegalStatus(
                header=journeys.on(date(2024, 3, 2)),
                child_id=child,
                parental_rights=ParentalRights.RESTRICTED,
                free_for_adoption=False,
                court_ref="COURT-1",
            )
        )
        journeys.void(registry, child, date(2024, 3, 3), voids=5, reason="wrong child")
        service.caught_up()
        history = service.data(CHILD, {"id": str(child)})["child"]["history"]
        marks = {entry["version"]: (entry["corrected"], entry["voided"]) for entry in history}
        assert marks[1] == (True, False)
        assert marks[5] == (False, True)
        assert marks[2] == (False, False)
        assert [entry["type"] for entry in history][-1] == "DecisionVoided"

    def test_unknown_child_is_null(self, service: Service) -> None:
        answer = service.data(CHILD, {"id": "00000000-0000-4000-8000-000000000000"})
        assert answer == {"child": None}

    def test_malformed_id_is_a_clear_input_error(self, service: Service) -> None:
        assert error_codes(service.post(CHILD, {"id": "not-an-id"})) == ["BAD_USER_INPUT"]

    def test_children_pages_by_cursor_with_total(self, service: Service) -> None:
        registry = service.registry
        for family_name in ("Ivanova", "Petrova", "Sidorova"):
            journeys.register_child(registry, family_name=family_name)
        service.caught_up()
        first = service.data(PAGE, {"first": 2})["children"]
        assert first["totalCount"] == 3 and first["pageInfo"]["hasNextPage"]
        assert [e["node"]["familyName"] for e in first["edges"]] == ["Ivanova", "Petrova"]
        assert first["pageInfo"]["endCursor"] == first["edges"][-1]["cursor"]
        rest = service.data(PAGE, {"first": 2, "after": first["pageInfo"]["endCursor"]})
        assert [e["node"]["familyName"] for e in rest["children"]["edges"]] == ["Sidorova"]
        assert not rest["children"]["pageInfo"]["hasNextPage"]

    def test_children_filter_by_district_status_and_setting(self, service: Service) -> None:
        registry = service.registry
        provider = journeys.open_provider(registry)
        placed = journeys.register_child(registry, family_name="Placed").id
        journeys.admit(registry, placed, provider)
        journeys.register_child(registry, family_name="Waiting")
        journeys.register_child(registry, family_name="Southern", district="south")
        service.caught_up()

        def names(filter: dict[str, str]) -> list[str]:
            page = service.data(PAGE, {"filter": filter})["children"]
            return [edge["node"]["familyName"] for edge in page["edges"]]

        assert names({"district": "north"}) == ["Placed", "Waiting"]
        assert names({"status": "in_care"}) == ["Placed"]
        assert names({"setting": "foster_family"}) == ["Placed"]
        assert names({"status": "registered", "district": "south"}) == ["Southern"]

    def test_first_is_capped_and_must_be_positive(self, service: Service) -> None:
        assert error_codes(service.post(PAGE, {"first": 0})) == ["BAD_USER_INPUT"]
        journeys.register_child(service.registry)
        service.caught_up()
        assert service.data(PAGE, {"first": 100_000})["children"]["totalCount"] == 1

    def test_a_bad_cursor_is_a_clear_input_error(self, service: Service) -> None:
        assert error_codes(service.post(PAGE, {"after": "nonsense"})) == ["BAD_USER_INPUT"]
        readable = base64.urlsafe_b64encode(json.dumps(["Petrova", str(uuid4())]).encode())
        assert error_codes(service.post(PAGE, {"after": readable.decode()})) == ["BAD_USER_INPUT"]

    def test_cursors_reveal_no_name(self, service: Service) -> None:
        journeys.register_child(service.registry, family_name="Petrova")
        service.caught_up()
        page = service.data(PAGE, {"first": 1})["children"]
        for cursor in (page["edges"][0]["cursor"], page["pageInfo"]["endCursor"]):
            assert b"Petrova" not in base64.urlsafe_b64decode(cursor.encode())

    def test_plans_show_their_reviews(self, service: Service) -> None:
        registry = service.registry
        child = journeys.register_child(registry).id
        journeys.admit(registry, child, journeys.open_provider(registry))
        plan = journeys.adopt_plan(
            registry,
            child,
            date(2024, 2, 20),
            goals=[Goal("education", "school enrolment")],
            next_review_due=date(2024, 5, 20),
        ).related["plan_id"]
        journeys.review_plan(
            registry,
            child,
            date(2024, 5, 10),
            plan_id=plan,
            placement_still_necessary=True,
            child_heard=True,
            outcome="on track",
            next_review_due=date(2024, 8, 10),
        )
        service.caught_up()
        query = """query($id: ID!) {
          child(id: $id) { plans { id adoptedOn lastReviewedOn nextReviewDue reviews } }
        }"""
        plans = service.data(query, {"id": str(child)})["child"]["plans"]
        assert plans == [
            {
                "id": str(plan),
                "adoptedOn": "2024-02-20",
                "lastReviewedOn": "2024-05-10",
                "nextReviewDue": "2024-08-10",
                "reviews": 1,
            }
        ]

    def test_providers_by_district_and_kind(self, service: Service) -> None:
        registry = service.registry
        family = journeys.open_provider(registry)
        journeys.open_provider(registry, ProviderKind.INSTITUTION, capacity=30, district="south")
        journeys.admit(registry, journeys.register_child(registry).id, family)
        service.caught_up()
        query = """query($d: String, $k: String) {
          providers(district: $d, kind: $k) { id name kind district status capacity occupied }
        }"""
        north = service.data(query, {"d": "north"}, user="admin")["providers"]
        assert north == [
            {
                "id": str(family),
                "name": "foster_family provider",
                "kind": "foster_family",
                "district": "north",
                "status": "approved",
                "capacity": 2,
                "occupied": 1,
            }
        ]
        institutions = service.data(query, {"k": "institution"}, user="admin")["providers"]
        assert [p["district"] for p in institutions] == ["south"]

    def test_alerts_by_kind_within_the_callers_districts(self, service: Service) -> None:
        registry = service.registry
        for district in ("north", "south"):
            provider = journeys.open_provider(registry, district=district)
            journeys.admit(
                registry, journeys.register_child(registry, district=district).id, provider
            )
        institution = journeys.open_provider(registry, ProviderKind.INSTITUTION, capacity=5)
        toddler = journeys.register_child(registry, birth_date=date(2024, 1, 1)).id
        journeys.admit(
            registry,
            toddler,
            institution,
            setting=Setting.RESIDENTIAL_INSTITUTION,
            justification="no foster family available",
        )
        service.caught_up()
        query = """query($d: String, $k: String) {
          alerts(district: $d, kind: $k) { childId district kind since detail }
        }"""
        everywhere = service.data(query, {"k": "no_plan_30_days"})["alerts"]
        assert sorted(a["district"] for a in everywhere) == ["north", "north", "south"]
        mine = service.data(query, {"k": "no_plan_30_days"}, user="officer-south")["alerts"]
        assert [a["district"] for a in mine] == ["south"]
        under3 = service.data(query, {"k": "under3_residential"})["alerts"]
        assert [a["childId"] for a in under3] == [str(toddler)]


class TestChildQueriesOnSQLite(ChildQueries, GraphQLService, OnSQLite):
    pass


class TestChildQueriesOnPostgres(ChildQueries, GraphQLService, OnPostgres):
    pass
