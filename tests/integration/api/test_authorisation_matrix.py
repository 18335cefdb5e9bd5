"""Every caller against every command endpoint, with the exact status expected.

Each cell gets its own freshly prepared child or provider, so a cell's outcome
never depends on another cell's write. The whole table is compared at once: a
failure shows every cell that differs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.integration.api.support import CALLERS, Api, ApiCase, admission, child_body
from tests.support.backends import OnPostgres, OnSQLite

Prepared = tuple[str, dict[str, Any]]


def _register(api: Api) -> Prepared:
    return "/children", child_body()


def _legal_status(api: Api) -> Prepared:
    body = {
        "effective_date": "2024-03-01",
        "parental_rights": "terminated",
        "free_for_adoption": True,
        "court_ref": "COURT-1",
    }
    return f"/children/{api.register_child()}/legal-status", body


def _assessment(api: Api) -> Prepared:
    body = {"effective_date": "2024-01-20", "outcome": "placement_needed"}
    return f"/children/{api.register_child()}/assessments", body


def _admission(api: Api) -> Prepared:
    return f"/children/{api.register_child()}/admissions", admission(api.provider())


def _move(api: Api) -> Prepared:
    body = {"effective_date": "2024-03-01", "setting": "kinship_care", "carer": "grandmother"}
    return f"/children/{api.child_in_care()}/moves", body


def _plan(api: Api) -> Prepared:
    body = {
        "effective_date": "2024-02-10",
        "goals": [{"area": "health", "objective": "vaccinations"}],
        "next_review_due": "2024-05-10",
    }
    return f"/children/{api.child_in_care()}/plans", body


def _review(api: Api) -> Prepared:
    child_id = api.child_in_care()
    plan_id = api.ok(f"/children/{child_id}/plans", _plan(api)[1])["plan_id"]
    body = {
        "effective_date": "2024-04-10",
        "placement_still_necessary": True,
        "child_heard": True,
        "outcome": "continued",
        "next_review_due": "2024-07-10",
    }
    return f"/children/{child_id}/plans/{plan_id}/reviews", body


def _adoption(api: Api) -> Prepared:
    child_id = api.child_in_care()
    api.ok(f"/children/{child_id}/legal-status", _legal_status(api)[1])
    body = {"effective_date": "2024-06-01", "court_ref": "COURT-2", "kind": "domestic"}
    return f"/children/{child_id}/adoptions", body


def _exit(api: Api) -> Prepared:
    body = {"effective_date": "2024-06-01", "reason": "reunification"}
    return f"/children/{api.child_in_care()}/exits", body


def _transfer(api: Api) -> Prepared:
    body = {"effective_date": "2024-03-01", "to_district": "south"}
    return f"/children/{api.register_child()}/transfers", body


def _correction(api: Api) -> Prepared:
    body = {
        "effective_date": "2024-03-01",
        "corrects": 1,
        "changes": {"decision_ref": "DEC-1a"},
        "reason": "reference mistyped",
    }
    return f"/children/{api.register_child()}/corrections", body


def _voiding(api: Api) -> Prepared:
    child_id = api.register_child()
    api.ok(f"/children/{child_id}/legal-status", _legal_status(api)[1])
    body = {"effective_date": "2024-03-02", "voids": 2, "reason": "wrong child"}
    return f"/children/{child_id}/voidings", body


def _provider(api: Api) -> Prepared:
    body = {
        "effective_date": "2020-01-01",
        "kind": "institution",
        "name": "Home",
        "district": "north",
        "capacity": 10,
    }
    return "/providers", body


def _approval(api: Api) -> Prepared:
    return f"/providers/{api.provider(approved=False)}/approval", {"effective_date": "2020-01-02"}


def _suspension(api: Api) -> Prepared:
    return f"/providers/{api.provider()}/suspension", {"effective_date": "2020-02-01"}


def _closure(api: Api) -> Prepared:
    return f"/providers/{api.provider()}/closure", {"effective_date": "2020-02-01"}


def _capacity(api: Api) -> Prepared:
    return f"/providers/{api.provider()}/capacity", {"effective_date": "2020-02-01", "capacity": 5}


# Expected status per caller, in the order of CALLERS:
# no token, officer_north, officer_south, officer_north_south, supervisor_north,
# supervisor_national, monitor, evaluator, admin.
CHILD_DECISION = (401, 200, 403, 200, 200, 200, 403, 403, 403)
SCENARIOS: dict[str, tuple[Callable[[Api], Prepared], tuple[int, ...]]] = {
    "register child": (_register, (401, 201, 403, 201, 201, 201, 403, 403, 403)),
    "legal status": (_legal_status, CHILD_DECISION),
    "assessment": (_assessment, CHILD_DECISION),
    "admission": (_admission, CHILD_DECISION),
    "move": (_move, CHILD_DECISION),
    "plan": (_plan, CHILD_DECISION),
    "plan review": (_review, CHILD_DECISION),
    "adoption": (_adoption, CHILD_DECISION),
    "exit": (_exit, CHILD_DECISION),
    # An officer hands a case only to a district they also hold.
    "transfer": (_transfer, (401, 403, 403, 200, 200, 200, 403, 403, 403)),
    # Corrections and voidings are approved by supervisors.
    "correction": (_correction, (401, 403, 403, 403, 200, 200, 403, 403, 403)),
    "voiding": (_voiding, (401, 403, 403, 403, 200, 200, 403, 403, 403)),
    "register provider": (_provider, (401, 403, 403, 403, 403, 403, 403, 403, 201)),
    "approve provider": (_approval, (401, 403, 403, 403, 403, 403, 403, 403, 200)),
    "suspend provider": (_suspension, (401, 403, 403, 403, 403, 403, 403, 403, 200)),
    "close provider": (_closure, (401, 403, 403, 403, 403, 403, 403, 403, 200)),
    "change capacity": (_capacity, (401, 403, 403, 403, 403, 403, 403, 403, 200)),
}


class AuthorisationMatrix(ApiCase):
    def test_every_caller_against_every_command(self, api: Api) -> None:
        expected: dict[tuple[str, str | None], int] = {}
        actual: dict[tuple[str, str | None], int] = {}
        for name, (prepare, statuses) in SCENARIOS.items():
            assert len(statuses) == len(CALLERS)
            for caller, status in zip(CALLERS, statuses, strict=True):
                path, body = prepare(api)
                expected[name, caller] = status
                actual[name, caller] = api.post(path, body, as_=caller).status_code
        differing = {
            cell: (expected[cell], actual[cell])
            for cell in expected
            if expected[cell] != actual[cell]
        }
        assert differing == {}

    def test_a_role_that_may_not_send_a_command_is_refused_whatever_the_body(
        self, api: Api
    ) -> None:
        """403 before the body is read: an empty, a malformed and a valid body alike."""
        refused_roles = {
            "register child": ("monitor", "evaluator", "admin"),
            "legal status": ("monitor", "evaluator", "admin"),
            "correction": ("officer_north", "monitor", "evaluator"),
            "register provider": ("supervisor_national", "monitor", "evaluator"),
            "approve provider": ("officer_north", "monitor", "evaluator"),
        }
        statuses = {}
        for name, callers in refused_roles.items():
            path, valid = SCENARIOS[name][0](api)
            for caller in callers:
                for body in ({}, {"effective_date": "not a date", "unknown": 1}, valid):
                    response = api.post(path, body, as_=caller)
                    statuses[name, caller, len(body)] = (
                        response.status_code,
                        response.json()["code"],
                    )
        assert set(statuses.values()) == {(403, "forbidden")}

    def test_refusals_write_nothing(self, api: Api) -> None:
        path, body = _legal_status(api)
        before = api.max_notification_id()
        for caller in (None, "officer_south", "monitor", "evaluator", "admin"):
            assert api.post(path, body, as_=caller).status_code in (401, 403)
        assert api.max_notification_id() == before


class TestAuthorisationMatrixOnSQLite(AuthorisationMatrix, OnSQLite):
    pass


class TestAuthorisationMatrixOnPostgres(AuthorisationMatrix, OnPostgres):
    pass
