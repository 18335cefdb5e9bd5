"""An officer signs in and searches the caseload in a real browser, in each language
and on each backend; axe finds no serious or critical violation on the pages; the
keyboard alone gets through; a refusal is shown at its field."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.browser.conftest import Served
from tests.integration.api.support import child_body
from tests.support.backends import OnPostgres, OnSQLite
from tests.support.passwords import PASSWORD

WORDS = {
    "az": {"sign_in": "Daxil ol", "caseload": "İşlər", "search": "Axtar", "one": "1 uşaq"},
    "ru": {"sign_in": "Войти", "caseload": "Дела", "search": "Найти", "one": "1 ребёнок"},
    "en": {"sign_in": "Sign in", "caseload": "Caseload", "search": "Search", "one": "1 child"},
}
SERIOUS = {"serious", "critical"}


def record_children(served: Served) -> None:
    """Two children of the officer's district and one of another, through the API."""
    bodies: list[tuple[dict[str, Any], str]] = [
        (child_body(given_name="Aysel", family_name="Məmmədova"), "officer_north"),
        (child_body(given_name="Murad", family_name="Əliyev", sex="male"), "officer_north"),
        (
            child_body(given_name="Leyla", family_name="Hüseynova", district="south"),
            "officer_south",
        ),
    ]
    for body, user in bodies:
        response = httpx.post(
            f"{served.url}/api/v1/children",
            json=body,
            headers={
                "Authorization": f"Bearer {served.tokens[user]}",
                "Prefer": "read-your-writes",
            },
        )
        assert response.status_code == 201, response.text


def serious_violations(page: Page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{violation['id']}: {violation['help']}"
        for violation in results.response["violations"]
        if violation.get("impact") in SERIOUS
    ]


def sign_in(page: Page, served: Served, name: str, language: str) -> None:
    page.goto(f"{served.url}/sign-in?lang={language}")
    page.get_by_label(
        {"az": "İstifadəçi adı", "ru": "Имя пользователя", "en": "User name"}[language]
    ).fill(name)
    page.locator("#password").fill(PASSWORD)
    page.get_by_role("button", name=WORDS[language]["sign_in"]).click()


class CaseloadInTheBrowser:
    @pytest.mark.parametrize("language", ["az", "ru", "en"])
    def test_an_officer_signs_in_and_finds_a_child_in_another_script(
        self, served: Served, page: Page, language: str
    ) -> None:
        record_children(served)
        page.set_extra_http_headers({"Accept-Language": language})
        page.goto(f"{served.url}/")
        expect(page).to_have_url(f"{served.url}/sign-in")
        assert serious_violations(page) == []
        sign_in(page, served, "officer_north", language)
        expect(page.get_by_role("heading", level=1)).to_have_text(WORDS[language]["caseload"])
        assert page.locator("html").get_attribute("lang") == language
        table = page.locator("tbody")
        expect(table).to_contain_text("Məmmədova")
        expect(table).not_to_contain_text("Hüseynova")
        assert serious_violations(page) == []
        page.locator("#query").fill("Мамедова")
        page.get_by_role("button", name=WORDS[language]["search"]).click()
        expect(page.locator("#results-count")).to_have_text(WORDS[language]["one"])
        expect(page.locator("tbody")).not_to_contain_text("Əliyev")
        assert "Мамедова" not in page.url and "query" not in page.url, "no name in the URL"

    def test_the_keyboard_alone_signs_in_and_searches(self, served: Served, page: Page) -> None:
        record_children(served)
        page.goto(f"{served.url}/sign-in?lang=en")
        page.keyboard.press("Tab")  # the skip link
        page.keyboard.press("Tab")  # the service name
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.id") == "name"
        page.keyboard.type("officer_north")
        page.keyboard.press("Tab")
        page.keyboard.type(PASSWORD)
        page.keyboard.press("Enter")
        expect(page.get_by_role("heading", level=1)).to_have_text("Caseload")
        page.locator("#query").focus()
        page.keyboard.type("Aliyev")
        page.keyboard.press("Enter")
        expect(page.locator("#results-count")).to_have_text("1 child")

    def test_a_refusal_is_shown_at_its_field(self, served: Served, page: Page) -> None:
        sign_in(page, served, "officer_north", "en")
        page.locator("#birth_date").fill("1850-01-01")
        page.get_by_role("button", name="Search").click()
        expect(page.locator("#birth_date-error")).to_contain_text("between 1900 and next year")
        expect(page.locator(".error-summary")).to_be_visible()
        assert page.locator("#birth_date").input_value() == "1850-01-01"
        assert page.locator("#birth_date").get_attribute("aria-describedby") == "birth_date-error"
        assert serious_violations(page) == []

    def test_a_child_opens_from_the_caseload_and_another_district_is_refused(
        self, served: Served, page: Page
    ) -> None:
        record_children(served)
        sign_in(page, served, "officer_north", "ru")
        page.get_by_role("link", name="Məmmədova Aysel").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Məmmədova Aysel")
        expect(page.locator("tbody")).to_contain_text("Зарегистрирован")
        assert serious_violations(page) == []
        south = httpx.get(
            f"{served.url}/api/v1/children",
            params={"district": "south"},
            headers={"Authorization": f"Bearer {served.tokens['officer_south']}"},
        ).json()["items"][0]["id"]
        response = page.goto(f"{served.url}/children/{south}")
        assert response is not None and response.status == 403
        expect(page.get_by_role("heading", level=1)).to_have_text("Вам недоступно")
        assert "Hüseynova" not in page.content()

    def test_an_officer_registers_a_child_after_a_refusal_at_its_field(
        self, served: Served, page: Page
    ) -> None:
        sign_in(page, served, "officer_north", "az")
        page.get_by_role("link", name="Uşağı qeydiyyata al").first.click()
        page.get_by_label("Soyad").fill("Hüseynova")
        page.get_by_label("Ad", exact=True).fill("Leyla")
        page.get_by_label("Doğum tarixi").fill("2000-01-01")
        page.get_by_label("Qadın").check()
        page.get_by_role("button", name="Qeydiyyata al").click()
        expect(page.locator("#birth_date-error")).to_contain_text("18 yaşında")
        assert page.get_by_label("Soyad").input_value() == "Hüseynova"
        assert serious_violations(page) == []
        page.get_by_label("Doğum tarixi").fill("2016-05-06")
        page.get_by_role("button", name="Qeydiyyata al").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Hüseynova Leyla")
        expect(page.locator("tbody")).to_contain_text("Qeydiyyatda")


class TestCaseloadInTheBrowserOnSQLite(CaseloadInTheBrowser, OnSQLite):
    pass


class TestCaseloadInTheBrowserOnPostgres(CaseloadInTheBrowser, OnPostgres):
    pass
