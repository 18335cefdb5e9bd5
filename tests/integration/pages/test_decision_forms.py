"""Admission and exit from the pages, on SQLite and PostgreSQL: the decision
recorded, only placeable providers offered, a refusal at its field, and a decision
recorded meanwhile refused as a conflict with the record shown as it is now."""

from __future__ import annotations

import re
from typing import Any

from tests.integration.pages.support import PagesCase, Site, text_of
from tests.integration.pages.test_caseload import caught_up, register
from tests.support.backends import OnPostgres, OnSQLite


def admission(provider: str, **fields: Any) -> dict[str, Any]:
    return {
        "removal_date": "2024-02-01",
        "manner": "court_ordered",
        "reasons": "neglect, abandonment",
        "setting": "foster_family",
        "provider_id": provider,
        "effective_date": "2024-02-01",
        "decision_ref": "COURT-1",
        **fields,
    }


def version_on(html: str) -> str:
    found = re.search(r'name="version" value="(\d+)"', html)
    assert found is not None
    return found.group(1)


class DecisionForms(PagesCase):
    def test_an_officer_admits_a_child_then_records_the_exit(self, site: Site) -> None:
        child_id = register(site)
        provider = site.api.provider()
        full = site.api.provider(capacity=1)
        site.api.admit(register(site), full)
        caught_up(site)
        site.sign_in("officer_north")
        opened = site.client.get(f"/children/{child_id}/admission")
        assert provider in opened.text and full not in opened.text, "only free places offered"
        body = {**admission(provider), "version": version_on(opened.text)}
        admitted = site.post(f"/children/{child_id}/admission", body)
        assert admitted.status_code == 303, admitted.text
        page = text_of(site.client.get(admitted.headers["location"]).text)
        assert "In care" in page and "Foster family" in page

        exit_form = site.client.get(f"/children/{child_id}/exit")
        assert "adoption" not in exit_form.text.split('name="reason"')[1].split("</select>")[0]
        leaving = {
            "reason": "reunification",
            "effective_date": "2024-06-01",
            "version": version_on(exit_form.text),
        }
        assert site.post(f"/children/{child_id}/exit", leaving).status_code == 303
        assert "Left care" in text_of(site.client.get(f"/children/{child_id}").text)

    def test_a_refusal_of_the_rules_is_shown_at_its_field(self, site: Site) -> None:
        child_id = register(site)
        caught_up(site)
        site.sign_in("officer_north")
        opened = site.client.get(f"/children/{child_id}/admission")
        before = site.api.max_notification_id()
        body = {**admission(""), "version": version_on(opened.text)}
        refused = site.post(f"/children/{child_id}/admission", body)
        assert refused.status_code == 409 and 'id="provider_id-error"' in refused.text
        assert "Choose a provider for this setting." in text_of(refused.text)
        assert 'value="neglect, abandonment"' in refused.text
        assert site.api.max_notification_id() == before

    def test_a_decision_recorded_meanwhile_is_a_conflict(self, site: Site) -> None:
        child_id = register(site)
        provider = site.api.provider()
        caught_up(site)
        site.sign_in("officer_north")
        opened = site.client.get(
            f"/children/{child_id}/admission", headers={"Accept-Language": "en"}
        )
        site.api.admit(child_id, provider)
        before = site.api.max_notification_id()
        body = {**admission(provider), "version": version_on(opened.text)}
        late = site.post(f"/children/{child_id}/admission", body)
        assert late.status_code == 409
        assert "changed since you opened it" in text_of(late.text)
        assert "In care" in text_of(late.text), "the record as it is now"
        assert site.api.max_notification_id() == before

    def test_another_districts_child_is_refused(self, site: Site) -> None:
        child_id = register(site, district="south")
        caught_up(site)
        site.sign_in("officer_north")
        assert site.client.get(f"/children/{child_id}/admission").status_code == 403
        body = {**admission(site.api.provider()), "version": "1"}
        assert site.post(f"/children/{child_id}/admission", body).status_code == 403


class TestDecisionFormsOnSQLite(DecisionForms, OnSQLite):
    pass


class TestDecisionFormsOnPostgres(DecisionForms, OnPostgres):
    pass
