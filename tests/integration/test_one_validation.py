"""One validation of every value, wherever it enters: the same bad text gets the same
code through a REST body, a supervisor's correction and an import row, and nothing
is written (`registry.domain.text`)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from registry.importing.batch import BatchedRegistry
from registry.importing.importer import Importer
from registry.importing.rows import ImportRow
from registry.storage import persistence_env
from tests.integration.api.support import CHILD, Api, ApiCase
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


class Validation(ApiCase):
    @pytest.fixture
    def importing(self, database_url: str, today: date) -> Iterator[BatchedRegistry]:
        app = BatchedRegistry(persistence_env(database_url), today=lambda: today)
        yield app
        app.close()

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
        for name in ("Məmmədova", "Мамедова", "Şahin qızı", "O'Neil-Smith"):
            assert api.post("/children", {**CHILD, "family_name": name}).status_code == 201

    def test_a_child_is_under_18_on_the_effective_date(self, api: Api) -> None:
        for birth_date in ("0001-01-01", "2006-01-10"):
            response = api.post("/children", {**CHILD, "birth_date": birth_date})
            assert response.status_code == 422, response.text
            assert response.json()["code"] == "not_a_child"
        assert api.post("/children", {**CHILD, "birth_date": "2006-01-11"}).status_code == 201


class TestValidationOnSQLite(OnSQLite, Validation):
    pass


@pytest.mark.postgres
class TestValidationOnPostgres(OnPostgres, Validation):
    pass
