"""Registering a child from the page, on SQLite and PostgreSQL: the child's page
after it, each refusal at its field with what was typed kept and nothing written,
and a possible duplicate shown and overridden with a reason."""

from __future__ import annotations

import uuid
from typing import Any

from registry.domain.child_events import ChildRegistered
from tests.integration.pages.support import PagesCase, Site, text_of
from tests.integration.pages.test_caseload import caught_up
from tests.support.backends import OnPostgres, OnSQLite
from tests.support.identities import distinct_patronymic


def form(**fields: Any) -> dict[str, Any]:
    return {
        "family_name": "Məmmədova",
        "given_name": "Aysel",
        "patronymic": distinct_patronymic(),
        "birth_date": "2015-03-04",
        "sex": "female",
        "district": "north",
        "personal_id": "",
        "parental_status": "orphan",
        "effective_date": "2024-01-10",
        "decision_ref": "DEC-9",
        **fields,
    }


class Registration(PagesCase):
    def test_a_registered_child_opens_on_their_page(self, site: Site) -> None:
        site.sign_in("officer_north")
        registered = site.post("/children/new", form())
        assert registered.status_code == 303, registered.text
        page = site.client.get(registered.headers["location"])
        assert page.status_code == 200 and "Məmmədova Aysel" in text_of(page.text)

    def test_a_missing_field_is_refused_at_it_and_nothing_is_written(self, site: Site) -> None:
        site.sign_in("officer_north")
        before = site.api.max_notification_id()
        refused = site.post("/children/new", form(given_name="", birth_date="2015-02-30"))
        assert refused.status_code == 422
        assert 'id="given_name-error"' in refused.text and 'id="birth_date-error"' in refused.text
        assert "Enter this; it is required." in text_of(refused.text)
        assert 'value="Məmmədova"' in refused.text and 'value="2015-02-30"' in refused.text
        assert site.api.max_notification_id() == before

    def test_the_rules_refusals_are_shown_at_their_fields(self, site: Site) -> None:
        site.sign_in("officer_north")
        before = site.api.max_notification_id()
        adult = site.post("/children/new", form(birth_date="2000-01-01"), language="ru")
        assert adult.status_code == 409 and 'id="birth_date-error"' in adult.text
        assert "18 лет или больше" in text_of(adult.text)
        south = site.post("/children/new", form(district="south"))
        assert south.status_code == 403 and 'id="district-error"' in south.text
        assert site.api.max_notification_id() == before

    def test_a_possible_duplicate_is_shown_then_registered_with_a_reason(self, site: Site) -> None:
        site.sign_in("officer_north")
        assert site.post("/children/new", form(patronymic="Şahin qızı")).status_code == 303
        caught_up(site)
        again = form(family_name="Мамедова", given_name="Айсель", patronymic="Шахиновна")
        before = site.api.max_notification_id()
        alike = site.post("/children/new", again)
        assert alike.status_code == 409 and "Records alike" in text_of(alike.text)
        assert 'id="duplicate_override_reason-error"' in alike.text
        assert site.api.max_notification_id() == before
        reason = "twin sister, two birth certificates"
        registered = site.post("/children/new", {**again, "duplicate_override_reason": reason})
        assert registered.status_code == 303
        child_id = uuid.UUID(registered.headers["location"].rsplit("/", 1)[1])
        event = site.api.registry.get_child(child_id).history[0]
        assert isinstance(event, ChildRegistered) and event.duplicate_override_reason == reason


class TestRegistrationOnSQLite(Registration, OnSQLite):
    pass


class TestRegistrationOnPostgres(Registration, OnPostgres):
    pass
