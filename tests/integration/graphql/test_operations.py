"""The named operations in `graphql/operations/` run against the live schema over HTTP.

Each test loads the operation file as clients do, so a schema change that breaks a
monitor's query fails here.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from uuid import UUID

from registry.domain import commands
from registry.domain.values import Goal
from tests.integration.graphql.service import GraphQLService, Service
from tests.support.backends import OnPostgres, OnSQLite
from tests.support.journeys import admit, adopt_plan, on, open_provider, register_child

OPERATIONS = Path(__file__).resolve().parents[3] / "graphql" / "operations"


def operation(name: str) -> str:
    return (OPERATIONS / f"{name}.graphql").read_text()


def child_with_overdue_review(service: Service) -> UUID:
    registry = service.registry
    child = register_child(registry).id
    admit(registry, child, open_provider(registry))
    adopt_plan(
        registry,
        child,
        date(2024, 2, 15),
        goals=[Goal("health", "regular check-ups")],
        next_review_due=date(2024, 5, 15),
    )
    service.caught_up()
    return child


class Operations:
    def test_every_operation_file_is_tested(self) -> None:
        tested = {
            "ChildWithHistory",
            "ChildrenInDistrict",
            "FindChildren",
            "OverdueReviews",
            "ChildAsOf",
            "ChildAsRecorded",
            "AccessLog",
            "IndicatorReport",
            "DuplicateCandidates",
        }
        assert {path.stem for path in OPERATIONS.glob("*.graphql")} == tested

    def test_child_with_history(self, service: Service) -> None:
        child = child_with_overdue_review(service)
        supervisor = service.user_ids["supervisor"]
        service.registry.handle(
            commands.CorrectDecision(
                header=on(date(2024, 2, 20), by=supervisor),
                child_id=child,
                corrects=1,
                changes={"disability": True},
                reason="assessment received",
            )
        )
        service.caught_up()
        found = service.data(operation("ChildWithHistory"), {"id": str(child)})["child"]
        assert found["familyName"] == "Petrova"
        history = found["history"]
        assert [entry["type"] for entry in history][-2:] == [
            "DevelopmentPlanAdopted",
            "DecisionCorrected",
        ]
        assert (history[0]["correctedBy"], history[0]["decider"]) == (5, None)
        assert history[-1]["decider"] == {
            "id": supervisor,
            "name": "supervisor",
            "role": "supervisor",
        }
        assert history[-1]["changes"] == [{"field": "disability", "before": False, "after": True}]

    def test_children_in_district(self, service: Service) -> None:
        child = child_with_overdue_review(service)
        register_child(service.registry, district="south")
        service.caught_up()
        page = service.data(
            operation("ChildrenInDistrict"), {"district": "north", "status": "in_care"}
        )["children"]
        assert page["totalCount"] == 1 and page["edges"][0]["node"]["id"] == str(child)

    def test_find_children(self, service: Service) -> None:
        child = register_child(service.registry, family_name="Hüseynova").id
        register_child(service.registry, family_name="Hüseynova", birth_date=date(2012, 1, 1))
        service.caught_up()
        page = service.data(
            operation("FindChildren"), {"query": "Гусейнова", "birthYear": 2016}, user="supervisor"
        )["children"]
        assert page["totalCount"] == 1 and page["edges"][0]["node"]["id"] == str(child)

    def test_duplicate_candidates(self, service: Service) -> None:
        first = register_child(service.registry, family_name="Məmmədova", patronymic=None).id
        service.caught_up()
        again = register_child(
            service.registry,
            family_name="Мамедова",
            patronymic=None,
            duplicate_override_reason="registered again from papers in Russian",
        ).id
        service.caught_up()
        queue = service.data(
            operation("DuplicateCandidates"), {"district": "north"}, user="supervisor"
        )["duplicateCandidates"]
        (pair,) = queue
        assert {pair["record"]["id"], pair["other"]["id"]} == {str(first), str(again)}
        assert pair["score"] >= 0.85 and pair["otherDistrict"] == "north"

    def test_overdue_reviews(self, service: Service) -> None:
        child = child_with_overdue_review(service)
        alerts = service.data(operation("OverdueReviews"), {"district": "north"})["alerts"]
        assert [(a["childId"], a["since"]) for a in alerts] == [(str(child), "2024-05-15")]
        assert alerts[0]["child"]["nextReviewDue"] == "2024-05-15"

    def test_child_as_of(self, service: Service) -> None:
        child = child_with_overdue_review(service)
        snapshot = service.data(operation("ChildAsOf"), {"id": str(child), "date": "2024-01-31"})
        assert snapshot["childAsOf"]["status"] == "registered"

    def test_child_as_recorded(self, service: Service) -> None:
        child = child_with_overdue_review(service)
        at = "2027-06-01T00:00:00+00:00"
        snapshot = service.data(operation("ChildAsRecorded"), {"id": str(child), "at": at})
        assert snapshot["childAsRecorded"]["version"] == 4

    def test_access_log(self, service: Service) -> None:
        child = child_with_overdue_review(service)
        service.data(operation("ChildWithHistory"), {"id": str(child)}, user="officer-north")
        entries = service.data(operation("AccessLog"), {"childId": str(child)})["accessLog"]
        assert sorted(entry["field"] for entry in entries) == ["child", "history"]

    def test_indicator_report(self, service: Service) -> None:
        child_with_overdue_review(service)
        variables = {"from": "2024-01-01", "to": "2024-12-31", "groupBy": ["DISTRICT"]}
        report = service.data(operation("IndicatorReport"), variables)["indicators"]
        in_care = [
            row
            for row in report["rows"]
            if row["indicator"] == "in_care"
            and row["group"] == [{"dimension": "district", "value": "north"}]
        ]
        assert report["referenceDate"] == "2024-12-31"
        assert in_care[0]["value"] == 1.0 and in_care[0]["suppressed"] is False


class TestOperationsOnSQLite(Operations, GraphQLService, OnSQLite):
    pass


class TestOperationsOnPostgres(Operations, GraphQLService, OnPostgres):
    pass
