"""Every decision form of a child's page, on SQLite and PostgreSQL: legal status,
assessment, admission, plan, review, move, adoption and transfer recorded from the
pages; each form's refusal at its field with nothing written; a supervisor's
correction (before → after in the timeline) and voiding from a timeline entry."""

from __future__ import annotations

import re
from typing import Any

from tests.integration.pages.support import PagesCase, Site, text_of
from tests.integration.pages.test_caseload import caught_up, register
from tests.integration.pages.test_decision_forms import admission, version_on
from tests.support.backends import OnPostgres, OnSQLite


def decide(site: Site, child_id: str, kind: str, fields: dict[str, Any]) -> str:
    """Open the form, send it, follow to the child's page: that page's words."""
    opened = site.client.get(f"/children/{child_id}/{kind}")
    assert opened.status_code == 200, opened.text
    sent = site.post(f"/children/{child_id}/{kind}", {**fields, "version": version_on(opened.text)})
    assert sent.status_code == 303, text_of(sent.text)
    return text_of(site.client.get(f"/children/{child_id}").text)


def refused(site: Site, child_id: str, kind: str, fields: dict[str, Any], field: str) -> str:
    """Send a form the rules refuse: the message at `field`, nothing written."""
    opened = site.client.get(f"/children/{child_id}/{kind}")
    before = site.api.max_notification_id()
    sent = site.post(f"/children/{child_id}/{kind}", {**fields, "version": version_on(opened.text)})
    assert sent.status_code in (409, 422), sent.status_code
    assert f'id="{field}-error"' in sent.text and 'class="error-summary"' in sent.text
    assert site.api.max_notification_id() == before
    return text_of(sent.text.split(f'id="{field}-error"')[1].split("</p>")[0])


class DecisionJourney(PagesCase):
    def test_every_decision_of_a_childs_care_from_the_pages(self, site: Site) -> None:
        child_id = register(site)
        provider = site.api.provider()
        home = site.api.provider(kind="family_type_home")
        caught_up(site)
        site.sign_in("officer_north")
        day = {"effective_date": "2024-01-10"}
        page = decide(
            site,
            child_id,
            "legal-status",
            {
                **day,
                "parental_rights": "terminated",
                "free_for_adoption": "yes",
                "court_ref": "C-9",
            },
        )
        assert "Parental rights: Terminated; free for adoption" in page
        page = decide(
            site,
            child_id,
            "assessment",
            {
                "effective_date": "2024-01-20",
                "outcome": "placement_needed",
                "recommended_setting": "foster_family",
                "options_considered": "family support, kinship care",
            },
        )
        assert "Placement needed; recommended: Foster family" in page
        decide(site, child_id, "admission", admission(provider))
        page = decide(
            site,
            child_id,
            "plan",
            {
                "effective_date": "2024-02-20",
                "goal_area_1": "education",
                "goal_objective_1": "enrol in the local school",
                "goal_area_2": "health",
                "goal_objective_2": "yearly check-up",
                "next_review_due": "2024-05-20",
            },
        )
        assert "2 goals" in page and "Review the plan" in page
        page = decide(
            site,
            child_id,
            "review",
            {
                "effective_date": "2024-05-15",
                "placement_still_necessary": "yes",
                "child_heard": "yes",
                "outcome": "plan continued",
                "next_review_due": "2024-08-15",
            },
        )
        assert "placement still necessary; the child was heard" in page
        page = decide(
            site,
            child_id,
            "move",
            {
                "effective_date": "2024-06-01",
                "reason": "moved",
                "setting": "family_type_home",
                "provider_id": home,
            },
        )
        assert "Moved as planned" in page and "Family-type home" in page
        page = decide(
            site, child_id, "adoption", {"effective_date": "2024-09-01", "kind": "domestic"}
        )
        assert "Adoption granted" in page and "Domestic" in page and "Left care" in page

    def test_a_case_is_transferred_to_a_district_the_officer_also_holds(self, site: Site) -> None:
        child_id = register(site)
        caught_up(site)
        site.sign_in("officer_north_south")
        opened = site.client.get(f"/children/{child_id}/transfer")
        choices = opened.text.split('name="to_district"')[1].split("</select>")[0]
        assert 'value="south"' in choices and 'value="north"' not in choices
        page = decide(
            site, child_id, "transfer", {"effective_date": "2024-03-01", "to_district": "south"}
        )
        assert "From north to south" in page

    def test_each_form_refuses_at_its_field(self, site: Site) -> None:
        child_id = register(site)
        site.api.admit(child_id, site.api.provider())
        caught_up(site)
        site.sign_in("officer_north")
        no_goal = {"effective_date": "2024-02-20", "next_review_due": "2024-05-20"}
        assert "required" in refused(site, child_id, "plan", no_goal, "goals")
        unheard = {"effective_date": "2024-05-15", "outcome": ""}
        assert "required" in refused(site, child_id, "review", unheard, "outcome")
        kinship = {"effective_date": "2024-06-01", "reason": "moved", "setting": "kinship_care"}
        assert "Name the carer" in refused(site, child_id, "move", kinship, "carer")
        adoption = {"effective_date": "2024-09-01", "kind": "domestic"}
        assert "not legally free" in refused(site, child_id, "adoption", adoption, "kind")
        rights = {"effective_date": "2099-01-01", "parental_rights": "restricted"}
        assert "future" in refused(site, child_id, "legal-status", rights, "effective_date")
        assessed = {"effective_date": "2024-01-20", "outcome": "maybe"}
        assert "Choose one" in refused(site, child_id, "assessment", assessed, "outcome")

    def test_a_supervisor_corrects_and_voids_from_the_timeline(self, site: Site) -> None:
        child_id = register(site)
        site.api.admit(child_id, site.api.provider())
        caught_up(site)
        site.sign_in("supervisor_north")
        page = site.client.get(f"/children/{child_id}").text
        links = re.findall(rf"/children/{child_id}/corrections/(\d+)", page)
        entered = links[1]  # registration, then the admission
        form = site.client.get(f"/children/{child_id}/corrections/{entered}")
        assert 'name="new_manner"' in form.text and 'name="new_reasons" ' in form.text
        unchanged = {"reason": "checked", "effective_date": "2024-03-01"}
        sent = site.post(
            f"/children/{child_id}/corrections/{entered}",
            {**_typed_in(form.text), **unchanged, "version": version_on(form.text)},
        )
        assert sent.status_code == 422 and "Change at least one value." in text_of(sent.text)
        change = {**_typed_in(form.text), "new_manner": "voluntary", **unchanged}
        corrected = site.post(
            f"/children/{child_id}/corrections/{entered}",
            {**change, "reason": "manner mistyped", "version": version_on(form.text)},
        )
        assert corrected.status_code == 303, text_of(corrected.text)
        page = text_of(site.client.get(f"/children/{child_id}").text)
        assert "Manner of removal: By court order → Voluntary" in page
        assert "corrected" in page and "manner mistyped" in page

        rights = {"effective_date": "2024-03-01", "parental_rights": "restricted"}
        site.api.ok(f"/children/{child_id}/legal-status", {**rights, "free_for_adoption": False})
        caught_up(site)
        timeline = site.client.get(f"/children/{child_id}").text
        legal_status = re.findall(rf"/children/{child_id}/voidings/(\d+)", timeline)[-1]
        opened = site.client.get(f"/children/{child_id}/voidings/{legal_status}")
        assert "Legal status changed" in text_of(opened.text)
        void = {"reason": "wrong child", "effective_date": "2024-03-02"}
        voided = site.post(
            f"/children/{child_id}/voidings/{legal_status}",
            {**void, "version": version_on(opened.text)},
        )
        assert voided.status_code == 303, text_of(voided.text)
        page = site.client.get(f"/children/{child_id}").text
        assert f'id="entry-{child_id}-{legal_status}" class="voided"' in page
        assert "wrong child" in text_of(page)
        assert f"/voidings/{legal_status}" not in page, "a voided decision is not voided again"

    def test_officers_do_not_correct(self, site: Site) -> None:
        child_id = register(site)
        caught_up(site)
        site.sign_in("officer_north")
        assert "/corrections/" not in site.client.get(f"/children/{child_id}").text
        assert site.client.get(f"/children/{child_id}/corrections/1").status_code == 403
        sent = site.post(f"/children/{child_id}/voidings/1", {"reason": "x", "version": "1"})
        assert sent.status_code == 403


def _typed_in(html: str) -> dict[str, str]:
    """The corrected decision's fields as the form shows them (inputs and selected choices)."""
    typed = dict(re.findall(r'name="(new_\w+)" type="\w+" value="([^"]*)"', html))
    for name, options in re.findall(
        r'<select id="\w+" name="(new_\w+)"[^>]*>(.*?)</select>', html, re.S
    ):
        chosen = re.search(r'<option value="([^"]*)" selected>', options)
        typed[name] = chosen.group(1) if chosen else ""
    return typed


class TestDecisionJourneyOnSQLite(DecisionJourney, OnSQLite):
    pass


class TestDecisionJourneyOnPostgres(DecisionJourney, OnPostgres):
    pass
