"""Every refusal code a command can meet over HTTP: status, code, problem document,
and nothing written."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest

from registry.districts import District
from registry.domain.errors import DomainError
from tests.integration.api.support import CHILD, Api, ApiCase, admission, child_body
from tests.support.backends import OnPostgres, OnSQLite

Attempt = tuple[str, dict[str, Any], dict[str, str]]
TOMORROW = (date.today() + timedelta(days=1)).isoformat()
PLAN = {
    "effective_date": "2024-02-10",
    "goals": [{"area": "health", "objective": "vaccinations"}],
    "next_review_due": "2024-05-10",
}


def _episode_already_open(api: Api) -> Attempt:
    child_id = api.child_in_care()
    return f"/children/{child_id}/admissions", admission(api.provider(), "2024-03-01"), {}


def _no_open_episode(api: Api) -> Attempt:
    body = {"effective_date": "2024-06-01", "reason": "reunification"}
    return f"/children/{api.register_child()}/exits", body, {}


def _provider_full(api: Api) -> Attempt:
    provider_id = api.provider(capacity=1)
    api.admit(api.register_child(), provider_id)
    return f"/children/{api.register_child()}/admissions", admission(provider_id), {}


def _provider_not_approved(api: Api) -> Attempt:
    provider_id = api.provider(approved=False)
    return f"/children/{api.register_child()}/admissions", admission(provider_id), {}


def _setting_not_offered(api: Api) -> Attempt:
    body = {**admission(api.provider()), "setting": "residential_institution", "justification": "x"}
    return f"/children/{api.register_child()}/admissions", body, {}


def _provider_required(api: Api) -> Attempt:
    return f"/children/{api.register_child()}/admissions", admission(None), {}


def _carer_required(api: Api) -> Attempt:
    body = {**admission(None), "setting": "kinship_care"}
    return f"/children/{api.register_child()}/admissions", body, {}


def _justification_required(api: Api) -> Attempt:
    child_id = api.register_child(birth_date="2023-06-01")
    body = {**admission(api.provider(kind="institution")), "setting": "residential_institution"}
    return f"/children/{child_id}/admissions", body, {}


def _not_free_for_adoption(api: Api) -> Attempt:
    body = {"effective_date": "2024-06-01", "court_ref": "COURT-2", "kind": "domestic"}
    return f"/children/{api.child_in_care()}/adoptions", body, {}


def _future_date(api: Api) -> Attempt:
    body = {"effective_date": TOMORROW, "outcome": "diverted"}
    return f"/children/{api.register_child()}/assessments", body, {}


def _date_before_birth(api: Api) -> Attempt:
    body = {"effective_date": "2015-01-01", "outcome": "diverted"}
    return f"/children/{api.register_child()}/assessments", body, {}


def _date_out_of_order(api: Api) -> Attempt:
    body = {**PLAN, "next_review_due": "2024-01-01"}
    return f"/children/{api.child_in_care()}/plans", body, {}


def _personal_id_taken(api: Api) -> Attempt:
    api.register_child(personal_id="PID-42")
    return "/children", {**CHILD, "personal_id": "PID-42"}, {}


def _possible_duplicate(api: Api) -> Attempt:
    body = child_body()
    api.ok("/children", body)
    api.client.app.state.read_side.catch_up()  # type: ignore[attr-defined]
    return "/children", body, {}


def _version_conflict(api: Api) -> Attempt:
    body = {"effective_date": "2024-01-20", "outcome": "diverted"}
    return f"/children/{api.register_child()}/assessments", body, {"If-Match": "7"}


def _child_deceased(api: Api) -> Attempt:
    child_id = api.child_in_care()
    api.ok(f"/children/{child_id}/exits", {"effective_date": "2024-06-01", "reason": "death"})
    body = {"effective_date": "2024-06-02", "outcome": "diverted"}
    return f"/children/{child_id}/assessments", body, {}


def _invalid_correction(api: Api) -> Attempt:
    body = {"effective_date": "2024-03-01", "corrects": 99, "changes": {"x": 1}, "reason": "typo"}
    return f"/children/{api.register_child()}/corrections", body, {}


def _unknown_plan(api: Api) -> Attempt:
    body = {
        "effective_date": "2024-04-10",
        "placement_still_necessary": True,
        "child_heard": True,
        "outcome": "continued",
    }
    return f"/children/{api.child_in_care()}/plans/{uuid.uuid4()}/reviews", body, {}


def _id_taken(api: Api) -> Attempt:
    child_id = api.register_child()
    body = {
        "effective_date": "2024-01-20",
        "outcome": "diverted",
        "assessment_id": str(uuid.uuid4()),
    }
    assert api.post(f"/children/{child_id}/assessments", body).status_code == 200
    return f"/children/{child_id}/assessments", {**body, "effective_date": "2024-01-21"}, {}


def _provider_closed(api: Api) -> Attempt:
    provider_id = api.provider()
    api.ok(f"/providers/{provider_id}/closure", {"effective_date": "2020-02-01"}, "admin")
    return f"/providers/{provider_id}/capacity", {"effective_date": "2020-03-01", "capacity": 3}, {}


def _capacity_below_occupancy(api: Api) -> Attempt:
    provider_id = api.provider()
    api.admit(api.register_child(), provider_id)
    return f"/providers/{provider_id}/capacity", {"effective_date": "2024-03-01", "capacity": 0}, {}


def _provider_occupied(api: Api) -> Attempt:
    provider_id = api.provider()
    api.admit(api.register_child(), provider_id)
    return f"/providers/{provider_id}/closure", {"effective_date": "2024-03-01"}, {}


def _invalid_transition(api: Api) -> Attempt:
    body = {"effective_date": "2024-06-01", "reason": "adoption"}
    return f"/children/{api.child_in_care()}/exits", body, {}


def _not_found(api: Api) -> Attempt:
    body = {"effective_date": "2024-01-20", "outcome": "diverted"}
    return f"/children/{uuid.uuid4()}/assessments", body, {}


def _validation(api: Api) -> Attempt:
    body = {
        "effective_date": "2024-03-01",
        "corrects": 1,
        "changes": {"given_name": "\u200b"},
        "reason": "typo",
    }
    return f"/children/{api.register_child()}/corrections", body, {}


def _not_a_child(api: Api) -> Attempt:
    return "/children", {**CHILD, "birth_date": "2000-01-01"}, {}


def _unknown_district(api: Api) -> Attempt:
    directory = api.registry.districts
    assert directory is not None
    directory.replace([District("north", "northern", "Şimal", "Северный", "North")])
    body = {
        "effective_date": "2024-01-01",
        "kind": "institution",
        "name": "Home",
        "district": "atlantis",
        "capacity": 5,
    }
    return "/providers", body, {}


def _idempotency_key_reused(api: Api) -> Attempt:
    key = {"Idempotency-Key": "used-once"}
    assert api.post("/children", CHILD, headers=key).status_code == 201
    return "/children", {**CHILD, "given_name": "Maria"}, key


def _record_linked(api: Api) -> Attempt:
    duplicate, survivor = api.register_child(), api.register_child()
    link = {"effective_date": "2024-02-01", "survivor_id": survivor, "reason": "one child"}
    api.ok(f"/children/{duplicate}/links", link, "supervisor_north")
    body = {"effective_date": "2024-03-01", "outcome": "diverted"}
    return f"/children/{duplicate}/assessments", body, {}


def _invalid_link(api: Api) -> Attempt:
    child_id = api.register_child()
    body = {"effective_date": "2024-02-01", "survivor_id": child_id, "reason": "one child"}
    return f"/children/{child_id}/links", body, {}


ATTEMPTS: dict[str, Callable[[Api], Attempt]] = {
    "episode_already_open": _episode_already_open,
    "no_open_episode": _no_open_episode,
    "provider_full": _provider_full,
    "provider_not_approved": _provider_not_approved,
    "setting_not_offered": _setting_not_offered,
    "provider_required": _provider_required,
    "carer_required": _carer_required,
    "justification_required": _justification_required,
    "not_free_for_adoption": _not_free_for_adoption,
    "future_date": _future_date,
    "date_before_birth": _date_before_birth,
    "date_out_of_order": _date_out_of_order,
    "personal_id_taken": _personal_id_taken,
    "possible_duplicate": _possible_duplicate,
    "version_conflict": _version_conflict,
    "child_deceased": _child_deceased,
    "invalid_correction": _invalid_correction,
    "unknown_plan": _unknown_plan,
    "provider_closed": _provider_closed,
    "capacity_below_occupancy": _capacity_below_occupancy,
    "provider_occupied": _provider_occupied,
    "invalid_transition": _invalid_transition,
    "not_found": _not_found,
    "validation": _validation,
    "not_a_child": _not_a_child,
    "unknown_district": _unknown_district,
    "idempotency_key_reused": _idempotency_key_reused,
    "id_taken": _id_taken,
    "record_linked": _record_linked,
    "invalid_link": _invalid_link,
}
STATUSES = {
    "not_found": 404,
    "validation": 422,
    "not_a_child": 422,
    "unknown_district": 422,
    "idempotency_key_reused": 422,
}
GUARDED_BY_COMPOUND_COMMANDS = {"placement_already_open", "no_open_placement"}
"""Codes no single HTTP command can meet: admissions, moves and exits open and end
placements together, and a correction that would break them answers
`invalid_correction`."""


MET_ONLY_ON_A_DAMAGED_LOG = {"integrity_failure"}
"""Refused when a stream's stored rows were forged or removed behind the application:
tests/faults/test_tampering.py damages the log to meet it."""


def test_every_domain_code_is_accounted_for() -> None:
    codes = {refusal.code for refusal in DomainError.__subclasses__()}
    assert codes == set(ATTEMPTS) | GUARDED_BY_COMPOUND_COMMANDS | MET_ONLY_ON_A_DAMAGED_LOG


class Refusals(ApiCase):
    @pytest.mark.parametrize("code", sorted(ATTEMPTS))
    def test_refusal_answers_its_code_and_writes_nothing(self, api: Api, code: str) -> None:
        path, body, headers = ATTEMPTS[code](api)
        caller = "officer_north"
        if path.startswith("/providers"):
            caller = "admin"
        elif path.endswith(("/corrections", "/links", "/not-duplicates")):
            caller = "supervisor_north"
        before = api.max_notification_id()

        response = api.post(path, body, as_=caller, headers=headers)

        assert response.headers["content-type"] == "application/problem+json"
        problem = response.json()
        assert (response.status_code, problem["code"]) == (STATUSES.get(code, 409), code)
        extensions = {"candidates"} if code == "possible_duplicate" else set()
        assert set(problem) == {"type", "status", "title", "detail", "code", *extensions}
        assert problem["status"] == response.status_code
        assert "Petrova" not in response.text and "Traceback" not in response.text
        assert api.max_notification_id() == before


class TestRefusalsOnSQLite(Refusals, OnSQLite):
    pass


class TestRefusalsOnPostgres(Refusals, OnPostgres):
    pass
