"""One validation of every value, wherever it enters: the same bad text gets the same
code through a REST body, a supervisor's correction and an import row, and nothing
is written (`registry.domain.text`)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

import pytest

from registry.database import persistence_env
from registry.importing.batch import BatchedRegistry
from registry.importing.importer import Importer
from registry.importing.rows import ImportRow
from tests.integration.api.support import CHILD, Api, ApiCase, child_body
from tests.support.backends import OnPostgres, OnSQLite

BAD_VALUES: dict[str, tuple[str, str]] = {
    "a NUL byte": ("given_name", "Ana\x00"),
    "an ANSI escape": ("family_name", "\x1b[31mPetrova"),
    "blank": ("given_name", "   "),
    "a zero-width space": ("family_name", "Petro\u200bva"),
    "a bidirectional override": ("given_name", "\u202eanA"),
    "a line break in a name": ("given_name", "Ana\nMaria"),
    "half a million characters": ("given_name", "A" * 500_000),
    "a 5,000-character district": ("district", "n" * 5_000),
}
REGISTRATION_ROW = {key: value for key, value in CHILD.items() if value is not None}


def through_rest(api: Api, field: str, value: str) -> str:
    response = api.post("/children", {**CHILD, field: value})
    assert response.status_code == 422, response.text
    code: str = response.json()["code"]
    return code


def through_a_correction(api: Api, field: str, value: str) -> str:
    child = api.register_child()
    response = api.post(
        f"/children/{child}/corrections",
        {
            "effective_date": "2024-03-01",
            "corrects": 1,
            "changes": {field: value},
            "reason": "typo",
        },
        as_="supervisor_national",
    )
    assert response.status_code == 422, response.text
    code: str = response.json()["code"]
    return code


@pytest.fixture
def importing(database_url: str, today: date) -> Iterator[BatchedRegistry]:
    """The importer's application on the suite's backend, beside the API's."""
    app = BatchedRegistry(persistence_env(database_url), today=lambda: today)
    yield app
    app.close()


class Validation(ApiCase):
    @pytest.mark.parametrize("case", sorted(BAD_VALUES))
    def test_the_same_value_gets_the_same_code_through_every_entry(
        self, api: Api, importing: BatchedRegistry, case: str
    ) -> None:
        field, value = BAD_VALUES[case]
        before = api.max_notification_id()
        assert through_rest(api, field, value) == "validation"
        assert api.max_notification_id() == before

        corrected_before = api.max_notification_id() + 1  # the child registered to correct
        assert through_a_correction(api, field, value) == "validation"
        assert api.max_notification_id() == corrected_before

        row = ImportRow(1, "r1", "c1", "registration", fields={**REGISTRATION_ROW, field: value})
        result = Importer(importing, recorded_by="import").run([row])
        assert [(r.code, r.row.line) for r in result.rejections] == [("validation", 1)]
        assert result.imported == 0
        assert api.max_notification_id() == corrected_before

    def test_a_refusal_names_the_field_never_the_value(self, api: Api) -> None:
        response = api.post("/children", {**CHILD, "family_name": "Əli\u200byeva"})
        assert "family_name" in response.text
        assert "Əli" not in response.text

    def test_visible_names_in_every_script_are_accepted(self, api: Api) -> None:
        # Each another child (`child_body`): Мамедова is Məmmədova in another script,
        # which the duplicate check would find, the read models holding the first.
        for name in ("Məmmədova", "Мамедова", "Şahin qızı", "O'Neil-Smith"):
            assert api.post("/children", child_body(family_name=name)).status_code == 201
            api.client.app.state.read_side.catch_up()  # type: ignore[attr-defined]

    def test_a_child_is_under_18_on_the_effective_date(self, api: Api) -> None:
        for birth_date in ("0001-01-01", "2006-01-10"):
            response = api.post("/children", {**CHILD, "birth_date": birth_date})
            assert response.status_code == 422, response.text
            assert response.json()["code"] == "not_a_child"
        assert api.post("/children", {**CHILD, "birth_date": "2006-01-11"}).status_code == 201


BAD_REFERENCE = "DEC\x1b[2J-7"
"""A legal act's number holding an ANSI escape: refused whatever the decision."""

FREE = {"parental_rights": "terminated", "free_for_adoption": True, "court_ref": "C-1"}
PLAN = {
    "goals": [{"area": "education", "objective": "enrol in school"}],
    "next_review_due": "2024-06-01",
}


@dataclass(frozen=True)
class Entry:
    """One decision as each entry spells it: the REST resource and body, the import
    row's decision type and fields, and what the child must have been through first."""

    resource: str
    body: dict[str, Any]
    decision: str
    row: dict[str, Any]
    before: tuple[str, ...] = ()
    as_: str = "officer_north"


ENTRIES: dict[str, Entry] = {
    "legal status": Entry("legal-status", FREE, "legal_status", FREE),
    "assessment": Entry(
        "assessments",
        {"outcome": "placement_needed", "options_considered": ["kinship care"]},
        "assessment",
        {"outcome": "placement_needed", "options_considered": "kinship care"},
    ),
    "admission": Entry(
        "admissions",
        {
            "removal_date": "2024-02-01",
            "manner": "court_ordered",
            "reasons": ["neglect"],
            "setting": "kinship_care",
            "carer": "grandmother",
        },
        "admission",
        {
            "removal_date": "2024-02-01",
            "manner": "court_ordered",
            "reasons": "neglect",
            "setting": "kinship_care",
            "carer": "grandmother",
        },
    ),
    "move": Entry(
        "moves",
        {"setting": "kinship_care", "carer": "aunt"},
        "move",
        {"setting": "kinship_care", "carer": "aunt"},
        before=("admitted",),
    ),
    "plan": Entry(
        "plans",
        PLAN,
        "plan",
        {"goals": "education: enrol in school", "next_review_due": "2024-06-01"},
        before=("admitted",),
    ),
    "review": Entry(
        "plans/{plan_id}/reviews",
        {"placement_still_necessary": True, "child_heard": True, "outcome": "continued"},
        "review",
        {"placement_still_necessary": "yes", "child_heard": "yes", "outcome": "continued"},
        before=("admitted", "planned"),
    ),
    "adoption": Entry(
        "adoptions",
        {"court_ref": "C-9", "kind": "domestic"},
        "adoption",
        {"court_ref": "C-9", "kind": "domestic"},
        before=("freed", "admitted"),
    ),
    "exit": Entry(
        "exits",
        {"reason": "reunification"},
        "exit",
        {"reason": "reunification"},
        before=("admitted",),
    ),
    "transfer": Entry(
        "transfers",
        {"to_district": "south"},
        "transfer",
        {"to_district": "south"},
        as_="supervisor_national",
    ),
}
"""Every decision about a child, each valid but for the legal act's number."""


TOO_MANY_REASONS = [f"reason {n}" for n in range(21)]


def _prepare(api: Api, steps: tuple[str, ...]) -> tuple[str, dict[str, str]]:
    child = api.register_child()
    ids: dict[str, str] = {}
    for step in steps:
        if step == "freed":
            api.ok(f"/children/{child}/legal-status", {"effective_date": "2024-01-20", **FREE})
        elif step == "admitted":
            api.admit(child)
        elif step == "planned":
            plan = api.ok(f"/children/{child}/plans", {"effective_date": "2024-02-20", **PLAN})
            ids["plan_id"] = str(plan["plan_id"])
    return child, ids


class EveryDecision(ApiCase):
    @pytest.mark.parametrize("name", sorted(ENTRIES))
    def test_each_decision_refuses_the_same_value_through_every_entry(
        self, api: Api, importing: BatchedRegistry, name: str
    ) -> None:
        entry = ENTRIES[name]
        child, ids = _prepare(api, entry.before)
        path = f"/children/{child}/{entry.resource.format(**ids)}"
        header = {"effective_date": "2024-03-01"}
        before = api.max_notification_id()

        rest = api.post(path, {**header, **entry.body, "decision_ref": BAD_REFERENCE}, entry.as_)
        assert (rest.status_code, rest.json()["code"]) == (422, "validation"), rest.text

        row = ImportRow(
            1,
            "r1",
            child,
            entry.decision,
            fields={**header, **entry.row, "decision_ref": BAD_REFERENCE},
        )
        result = Importer(importing, recorded_by="import").run([row])
        assert [r.code for r in result.rejections] == ["validation"], result.rejections
        assert api.max_notification_id() == before

        first_version = api.registry.get_child(UUID(child)).version + 1
        recorded = api.ok(path, {**header, **entry.body}, entry.as_)
        correction = api.post(
            f"/children/{child}/corrections",
            {
                "effective_date": "2024-03-02",
                "corrects": first_version,
                "changes": {"decision_ref": BAD_REFERENCE},
                "reason": "typo",
            },
            as_="supervisor_national",
        )
        assert (correction.status_code, correction.json()["code"]) == (422, "validation")
        assert api.max_notification_id() == recorded["position"]

    @pytest.mark.parametrize("decision", ["correction", "voiding"])
    def test_a_correction_refuses_the_same_value_through_every_entry(
        self, api: Api, importing: BatchedRegistry, decision: str
    ) -> None:
        child, _ = _prepare(api, ("freed",))
        own = (
            {"corrects": 2, "changes": {"court_ref": "C-2"}}
            if decision == "correction"
            else {"voids": 2}
        )
        fields = {"effective_date": "2024-03-01", "reason": "typo", **own}
        before = api.max_notification_id()
        resource = "corrections" if decision == "correction" else "voidings"
        rest = api.post(
            f"/children/{child}/{resource}",
            {**fields, "decision_ref": BAD_REFERENCE},
            as_="supervisor_national",
        )
        assert (rest.status_code, rest.json()["code"]) == (422, "validation"), rest.text
        row_fields = {**fields, "decision_ref": BAD_REFERENCE}
        if decision == "correction":
            row_fields["changes"] = json.dumps(own["changes"])
        row = ImportRow(1, "r1", child, decision, fields=row_fields)
        result = Importer(importing, recorded_by="import").run([row])
        assert [r.code for r in result.rejections] == ["validation"], result.rejections
        assert api.max_notification_id() == before


class TestValidationOnSQLite(OnSQLite, Validation):
    pass


@pytest.mark.postgres
class TestValidationOnPostgres(OnPostgres, Validation):
    pass

    def test_a_list_holds_as_many_items_through_every_entry(
        self, api: Api, importing: BatchedRegistry
    ) -> None:
        entry = ENTRIES["admission"]
        child, _ = _prepare(api, ())
        path = f"/children/{child}/admissions"
        header = {"effective_date": "2024-03-01"}
        before = api.max_notification_id()
        rest = api.post(path, {**header, **entry.body, "reasons": TOO_MANY_REASONS})
        assert (rest.status_code, rest.json()["code"]) == (422, "validation"), rest.text

        reasons = ";".join(TOO_MANY_REASONS)
        row = ImportRow(
            1, "r1", child, "admission", fields={**header, **entry.row, "reasons": reasons}
        )
        result = Importer(importing, recorded_by="import").run([row])
        assert [r.code for r in result.rejections] == ["validation"], result.rejections
        assert api.max_notification_id() == before

        recorded = api.ok(path, {**header, **entry.body})
        correction = api.post(
            f"/children/{child}/corrections",
            {
                "effective_date": "2024-03-02",
                "corrects": 2,
                "changes": {"reasons": TOO_MANY_REASONS},
                "reason": "typo",
            },
            as_="supervisor_national",
        )
        assert (correction.status_code, correction.json()["code"]) == (422, "validation")
        assert api.max_notification_id() == recorded["position"]


class TestEveryDecisionOnSQLite(OnSQLite, EveryDecision):
    pass


@pytest.mark.postgres
class TestEveryDecisionOnPostgres(OnPostgres, EveryDecision):
    pass
