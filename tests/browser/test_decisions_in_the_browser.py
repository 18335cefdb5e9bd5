"""Decisions in a real browser, on each backend: a child's whole care from the pages,
registration to exit, in each language (every form checked by axe), a conflict
with a decision recorded meanwhile, a supervisor's correction from the timeline,
and the refusals of the pages themselves: a forged form (CSRF), an expired
session, a throttled sign-in, another district's child."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from playwright.sync_api import Page, expect

from registry.application import RegistryApplication
from registry.database import open_database, persistence_env
from registry.pages.i18n import PageLocale, load_translations
from registry.pages.labels import REFUSALS
from tests.browser.conftest import Served
from tests.browser.test_sign_in_and_caseload import serious_violations, sign_in
from tests.integration.api.support import child_body
from tests.support.backends import OnPostgres, OnSQLite

SUBMIT = "form.form button[type=submit]"
STATUS_IN_CARE = {"az": "Qayğıda", "ru": "На попечении", "en": "In care"}
EXITED = {"az": "Qayğını tərk edib", "ru": "Выбыл", "en": "Left care"}


def kinship_care(language: PageLocale) -> str:
    return str(load_translations(language).pgettext("setting", "Kinship care"))


def api(served: Served, path: str, body: Mapping[str, object], user: str = "officer_north") -> str:
    headers = {"Authorization": f"Bearer {served.tokens[user]}", "Prefer": "read-your-writes"}
    response = httpx.post(f"{served.url}/api/v1{path}", json=body, headers=headers)
    assert response.status_code in (200, 201), response.text
    return str(response.json().get("id", ""))


def record_provider(served: Served) -> str:
    """An approved foster family of the officer's district, through the API."""
    headers = {"Authorization": f"Bearer {served.tokens['admin']}"}
    body = {
        "effective_date": "2020-01-01",
        "kind": "foster_family",
        "name": "Əliyevlər ailəsi",
        "district": "north",
        "capacity": 2,
    }
    created = httpx.post(f"{served.url}/api/v1/providers", json=body, headers=headers)
    provider: str = created.json()["id"]
    approval = {"effective_date": "2020-01-02"}
    approved = httpx.post(
        f"{served.url}/api/v1/providers/{provider}/approval",
        json=approval,
        headers={**headers, "Prefer": "read-your-writes"},
    )
    assert approved.status_code == 200, approved.text
    return provider


def registered(served: Served, **fields: str) -> str:
    return api(served, "/children", child_body(**fields))


REGISTRATION: dict[str, str | bool] = {
    "family_name": "Qasımova",
    "given_name": "Nərmin",
    "birth_date": "2014-09-01",
    "sex-female": True,
    "effective_date": "2024-01-04",
}
ASSESSMENT: dict[str, str | bool] = {
    "outcome": "placement_needed",
    "recommended_setting": "foster_family",
    "options_considered": "family support",
    "effective_date": "2024-01-20",
}
PLAN: dict[str, str | bool] = {
    "goal_area_1": "education",
    "goal_objective_1": "enrol in the local school",
    "next_review_due": "2024-05-20",
    "effective_date": "2024-02-20",
}
REVIEW: dict[str, str | bool] = {
    "placement_still_necessary": True,
    "child_heard": True,
    "outcome": "plan continued",
    "next_review_due": "2024-08-15",
    "effective_date": "2024-05-15",
}
MOVE: dict[str, str | bool] = {
    "reason": "moved",
    "setting": "kinship_care",
    "carer": "maternal grandmother",
    "effective_date": "2024-06-01",
}


def day(effective: str) -> dict[str, str | bool]:
    return {"effective_date": effective}


def admission_fields(provider: str) -> dict[str, str | bool]:
    return {
        "removal_date": "2024-02-01",
        "reasons": "neglect",
        "setting": "foster_family",
        "provider_id": provider,
    }


def fill(page: Page, fields: Mapping[str, str | bool]) -> None:
    """Type, choose or tick each field by its id, as its kind of input wants."""
    for name, value in fields.items():
        field = page.locator(f"#{name}")
        if value is True:
            field.check()
        elif field.evaluate("element => element.tagName") == "SELECT":
            field.select_option(str(value))
        else:
            field.fill(str(value))


def send(page: Page, href_end: str, fields: Mapping[str, str | bool]) -> None:
    """Open a form from its link (axe checks it), fill it and send it."""
    page.locator(f"a[href$='{href_end}']").first.click()
    expect(page.locator(SUBMIT)).to_be_visible()
    assert serious_violations(page) == [], href_end
    fill(page, fields)
    page.locator(SUBMIT).click()


def max_position(served: Served) -> int:
    """The store's last position, read by another application on the same store."""
    store = RegistryApplication(persistence_env(served.settings.database_url))
    try:
        return store.recorder.max_notification_id() or 0
    finally:
        store.close()


def tab_to(page: Page, selector: str, presses: int = 60) -> None:
    """Press Tab until the element `selector` has the focus, as a keyboard user does."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


class DecisionsInTheBrowser:
    @pytest.mark.parametrize("language", ["az", "ru", "en"])
    def test_a_childs_whole_care_from_the_pages(
        self, served: Served, page: Page, language: PageLocale
    ) -> None:
        foster = record_provider(served)
        sign_in(page, served, "officer_north", language)
        send(page, "/children/new", REGISTRATION)
        expect(page.get_by_role("heading", level=1)).to_have_text("Qasımova Nərmin")
        send(page, "/legal-status", {"parental_rights": "restricted", **day("2024-01-05")})
        send(page, "/assessment", ASSESSMENT)
        send(page, "/admission", {**admission_fields(foster), **day("2024-02-01")})
        expect(page.locator(".summary").nth(1)).to_contain_text(STATUS_IN_CARE[language])
        send(page, "/plan", PLAN)
        send(page, "/review", REVIEW)
        send(page, "/move", MOVE)
        expect(page.locator(".summary").nth(1)).to_contain_text(kinship_care(language))
        send(page, "/exit", {"reason": "reunification", **day("2024-09-01")})
        expect(page.locator(".summary").nth(1)).to_contain_text(EXITED[language])
        expect(page.locator("table.timeline tbody tr")).to_have_count(11)
        assert serious_violations(page) == []

    def test_the_keyboard_alone_records_a_decision(self, served: Served, page: Page) -> None:
        child_id = registered(served)
        sign_in(page, served, "officer_north", "en")
        page.goto(f"{served.url}/children/{child_id}")
        tab_to(page, f"a[href='/children/{child_id}/legal-status']")
        page.keyboard.press("Enter")
        expect(page.get_by_role("heading", level=1)).to_have_text("Legal status")
        tab_to(page, "#parental_rights")
        page.keyboard.press("ArrowDown")
        tab_to(page, "#free_for_adoption")
        page.keyboard.press("Space")
        tab_to(page, "#decision_ref")
        page.keyboard.type("COURT-7")
        page.keyboard.press("Enter")
        timeline = page.locator("table.timeline tbody")
        expect(timeline).to_contain_text("Parental rights: Restricted; free for adoption")
        expect(timeline).to_contain_text("COURT-7")

    def test_a_refusal_of_the_rules_is_shown_at_its_field_with_nothing_written(
        self, served: Served, page: Page
    ) -> None:
        child_id = registered(served)
        sign_in(page, served, "officer_north", "ru")
        page.goto(f"{served.url}/children/{child_id}/admission")
        fill(page, {**admission_fields(""), "provider_id": ""})
        before = max_position(served)
        page.locator(SUBMIT).click()
        expect(page.locator("#provider_id-error")).to_have_text(
            "Выберите поставщика для этой формы устройства."
        )
        expect(page.locator(".error-summary a[href='#provider_id']")).to_be_visible()
        assert page.locator("#reasons").input_value() == "neglect", "nothing typed is lost"
        assert page.locator("#provider_id").get_attribute("aria-invalid") == "true"
        assert max_position(served) == before
        assert serious_violations(page) == []

    def test_a_decision_recorded_meanwhile_is_a_conflict_shown_with_the_record_now(
        self, served: Served, page: Page
    ) -> None:
        foster = record_provider(served)
        child_id = registered(served)
        sign_in(page, served, "officer_north", "az")
        page.goto(f"{served.url}/children/{child_id}/admission")
        admission = {
            "effective_date": "2024-02-01",
            "removal_date": "2024-02-01",
            "manner": "court_ordered",
            "reasons": ["neglect"],
            "setting": "foster_family",
            "provider_id": foster,
        }
        api(served, f"/children/{child_id}/admissions", admission, user="officer_north_south")
        fill(page, {**admission_fields(foster), "reasons": "abandonment"})
        before = max_position(served)
        page.locator(SUBMIT).click()
        conflict = load_translations("az").pgettext(*REFUSALS["version_changed"])
        expect(page.locator("#version")).to_contain_text(str(conflict))
        expect(page.locator("#version")).to_contain_text(STATUS_IN_CARE["az"])
        assert page.locator("#reasons").input_value() == "abandonment"
        assert max_position(served) == before

    def test_a_supervisor_corrects_a_decision_from_its_timeline_entry(
        self, served: Served, page: Page
    ) -> None:
        child_id = registered(served)
        record_provider(served)
        rights = {"effective_date": "2024-01-05", "parental_rights": "restricted"}
        api(served, f"/children/{child_id}/legal-status", {**rights, "free_for_adoption": False})
        sign_in(page, served, "supervisor_north", "en")
        page.goto(f"{served.url}/children/{child_id}")
        page.locator(f"a[href='/children/{child_id}/corrections/2']").click()
        assert serious_violations(page) == []
        page.locator("#new_parental_rights").select_option("terminated")
        page.locator("#reason").fill("the court order says terminated")
        page.locator(SUBMIT).click()
        entry = page.locator("table.timeline tbody tr").last
        expect(entry).to_contain_text("Parental rights: Restricted → Terminated")
        expect(page.locator(f"#entry-{child_id}-2")).to_contain_text("corrected")
        assert serious_violations(page) == []

    def test_a_forged_form_is_refused_and_nothing_written(self, served: Served, page: Page) -> None:
        child_id = registered(served)
        sign_in(page, served, "officer_north", "ru")
        page.goto(f"{served.url}/children/{child_id}/legal-status")
        page.locator("input[name=csrftoken]").last.evaluate("input => input.value = 'forged'")
        before = max_position(served)
        page.locator(SUBMIT).click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Вам недоступно")
        expect(page.locator("main")).to_contain_text("не с этого сайта")
        assert max_position(served) == before

    def test_an_expired_session_sends_the_officer_to_sign_in(
        self, served: Served, page: Page
    ) -> None:
        sign_in(page, served, "officer_north", "en")
        expect(page.get_by_role("heading", level=1)).to_have_text("Caseload")
        long_ago = (datetime.now(UTC) - timedelta(minutes=31)).isoformat()
        database = open_database(served.settings.database_url)
        try:
            with database.transaction() as tx:
                tx.execute("UPDATE registry_sessions SET last_used_at = %s", (long_ago,))
        finally:
            database.close()
        page.goto(f"{served.url}/providers")
        expect(page).to_have_url(f"{served.url}/sign-in")
        sign_in(page, served, "officer_north", "en")
        expect(page.get_by_role("heading", level=1)).to_have_text("Caseload")

    def test_sign_in_is_throttled_after_repeated_failures(self, served: Served, page: Page) -> None:
        page.goto(f"{served.url}/sign-in?lang=en")
        for _ in range(5):
            page.locator("#name").fill("officer_north")
            page.locator("#password").fill("not the password at all")
            page.locator(SUBMIT).click()
            expect(page.locator("#name-error")).to_be_visible()
        sign_in(page, served, "officer_north", "en")
        expect(page.locator("#name-error")).to_contain_text("Too many failed attempts")
        assert page.url.endswith("/sign-in")
        assert serious_violations(page) == []

    def test_another_districts_child_and_its_forms_are_refused(
        self, served: Served, page: Page
    ) -> None:
        south = api(served, "/children", child_body(district="south"), user="officer_south")
        sign_in(page, served, "officer_north", "en")
        for path in ("", "/admission", "/transfer"):
            response = page.goto(f"{served.url}/children/{south}{path}")
            assert response is not None and response.status == 403, path
            expect(page.locator("main")).to_contain_text("not yours")
        assert serious_violations(page) == []


class TestDecisionsInTheBrowserOnSQLite(DecisionsInTheBrowser, OnSQLite):
    pass


class TestDecisionsInTheBrowserOnPostgres(DecisionsInTheBrowser, OnPostgres):
    pass
