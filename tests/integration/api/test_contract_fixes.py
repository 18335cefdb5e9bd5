"""Names the contract fixed in its second round (docs/design.md section 3): a move's `reason`
(with `end_reason` still accepted), and `plan_id` / `assessment_id` proposed by the
client."""

from __future__ import annotations

import uuid
from typing import Any

from registry.domain.child_events import PlacementEnded
from tests.integration.api.support import Api, ApiCase
from tests.support.backends import OnPostgres, OnSQLite

PLAN = {
    "effective_date": "2024-02-10",
    "goals": [{"area": "health", "objective": "check-up"}],
    "next_review_due": "2024-05-10",
}


def _move(reason_field: str, reason: str) -> dict[str, Any]:
    return {
        "effective_date": "2024-05-01",
        "setting": "kinship_care",
        "carer": "maternal grandmother",
        reason_field: reason,
    }


class ContractFixes(ApiCase):
    def _ended_reason(self, api: Api, child_id: str) -> str:
        history = api.registry.get_child(uuid.UUID(child_id)).history
        ended = [event for event in history if isinstance(event, PlacementEnded)]
        return str(ended[-1].reason.value)

    def test_a_move_takes_reason(self, api: Api) -> None:
        child_id = api.child_in_care()
        assert (
            api.post(f"/children/{child_id}/moves", _move("reason", "disrupted")).status_code == 200
        )
        assert self._ended_reason(api, child_id) == "disrupted"

    def test_a_move_still_takes_end_reason(self, api: Api) -> None:
        child_id = api.child_in_care()
        response = api.post(f"/children/{child_id}/moves", _move("end_reason", "disrupted"))
        assert response.status_code == 200
        assert self._ended_reason(api, child_id) == "disrupted"

    def test_a_move_naming_its_reason_twice_is_refused(self, api: Api) -> None:
        child_id = api.child_in_care()
        before = api.max_notification_id()
        body = {**_move("reason", "moved"), "end_reason": "disrupted"}
        response = api.post(f"/children/{child_id}/moves", body)
        assert (response.status_code, response.json()["code"]) == (422, "validation")
        assert api.max_notification_id() == before

    def test_a_plan_id_proposed_by_the_client_is_the_plans_id(self, api: Api) -> None:
        child_id = api.child_in_care()
        plan_id = str(uuid.uuid4())
        answer = api.ok(f"/children/{child_id}/plans", {**PLAN, "plan_id": plan_id})
        assert answer["plan_id"] == plan_id
        review = {
            "effective_date": "2024-04-10",
            "placement_still_necessary": True,
            "child_heard": True,
            "outcome": "continued",
        }
        assert api.post(f"/children/{child_id}/plans/{plan_id}/reviews", review).status_code == 200

    def test_a_plan_id_the_child_already_has_is_taken(self, api: Api) -> None:
        child_id = api.child_in_care()
        plan_id = str(uuid.uuid4())
        api.ok(f"/children/{child_id}/plans", {**PLAN, "plan_id": plan_id})
        before = api.max_notification_id()
        response = api.post(f"/children/{child_id}/plans", {**PLAN, "plan_id": plan_id})
        assert (response.status_code, response.json()["code"]) == (409, "id_taken")
        assert api.max_notification_id() == before

    def test_an_assessment_id_proposed_by_the_client_is_the_assessments_id(self, api: Api) -> None:
        child_id = api.register_child()
        assessment_id = str(uuid.uuid4())
        body = {
            "effective_date": "2024-01-20",
            "outcome": "diverted",
            "assessment_id": assessment_id,
        }
        assert api.ok(f"/children/{child_id}/assessments", body)["assessment_id"] == assessment_id

    def test_without_a_proposed_id_the_registry_chooses_one(self, api: Api) -> None:
        child_id = api.child_in_care()
        first = api.ok(f"/children/{child_id}/plans", PLAN)["plan_id"]
        second = api.ok(f"/children/{child_id}/plans", PLAN)["plan_id"]
        assert first != second


class TestContractFixesOnSQLite(ContractFixes, OnSQLite):
    pass


class TestContractFixesOnPostgres(ContractFixes, OnPostgres):
    pass
