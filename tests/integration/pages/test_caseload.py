"""The caseload page over HTTP, on SQLite and PostgreSQL: the officer's districts
only, searches sent as forms and written to the access log, filters and pages,
and the page in the user's language."""

from __future__ import annotations

from typing import Any

from tests.integration.api.support import child_body
from tests.integration.pages.support import PagesCase, Site, text_of
from tests.support.backends import OnPostgres, OnSQLite


def caught_up(site: Site) -> None:
    site.client.app.state.read_side.catch_up()  # type: ignore[attr-defined]


def register(site: Site, **fields: Any) -> str:
    as_ = "officer_south" if fields.get("district") == "south" else "officer_north"
    return str(site.api.ok("/children", child_body(**fields), as_)["id"])


class Caseload(PagesCase):
    def children(self, site: Site) -> dict[str, str]:
        ids = {
            "Məmmədova": register(site, given_name="Aysel", family_name="Məmmədova"),
            "Əliyev": register(site, given_name="Murad", family_name="Əliyev", sex="male"),
            "Qasımov": register(site, given_name="Elvin", family_name="Qasımov", sex="male"),
            "Hüseynova": register(
                site, given_name="Leyla", family_name="Hüseynova", district="south"
            ),
        }
        caught_up(site)
        return ids

    def test_an_officer_sees_their_districts_in_azerbaijani_order(self, site: Site) -> None:
        self.children(site)
        site.sign_in("officer_north")
        html = site.client.get("/", headers={"Accept-Language": "az"}).text
        assert "3 uşaq" in text_of(html) and "Hüseynova" not in html
        rows = text_of(html.split("<tbody>")[1])
        assert rows.index("Əliyev") < rows.index("Qasımov") < rows.index("Məmmədova"), "Q after K"

    def test_a_search_finds_a_name_in_another_script_and_is_logged(self, site: Site) -> None:
        ids = self.children(site)
        site.sign_in("officer_north")
        found = site.post("/", {"query": "Мамедова"})
        assert found.status_code == 200
        page = text_of(found.text)
        assert "1 child" in page and "Məmmədova" in page and "Qasımov" not in page
        assert "Мамедова" in found.text, "what was typed stays in the field"
        log = site.client.app.state.access_log  # type: ignore[attr-defined]
        (record,) = log.for_child(ids["Məmmədova"])
        assert record.field.startswith("search:") and record.user_id == site.api.user_id(
            "officer_north"
        )
        assert log.for_child(ids["Qasımov"]) == []

    def test_a_list_is_not_logged_and_filters_travel_as_codes(self, site: Site) -> None:
        ids = self.children(site)
        site.sign_in("officer_north")
        listed = site.client.get("/?status=in_care", headers={"Accept-Language": "en"})
        assert "0 children" in text_of(listed.text)
        site.client.get("/")
        log = site.client.app.state.access_log  # type: ignore[attr-defined]
        assert log.for_child(ids["Məmmədova"]) == []

    def test_the_alert_filter_shows_the_children_it_flags(self, site: Site) -> None:
        ids = self.children(site)
        site.api.admit(ids["Qasımov"], site.api.provider())
        caught_up(site)
        site.sign_in("officer_north")
        flagged = text_of(site.client.get("/?alert=no_plan_30_days").text)
        assert "1 child" in flagged and "Qasımov" in flagged and "Əliyev" not in flagged
        assert "No plan 30 days after entry" in flagged
        assert "0 children" in text_of(site.client.get("/?alert=under3_residential").text)
        searched = text_of(site.post("/", {"query": "Əliyev", "alert": "no_plan_30_days"}).text)
        assert "0 children" in searched

    def test_a_refusal_is_shown_at_its_field_with_what_was_typed(self, site: Site) -> None:
        self.children(site)
        site.sign_in("officer_north")
        refused = site.post("/", {"query": "1234", "birth_date": "1850-01-01"})
        assert refused.status_code == 422
        page = text_of(refused.text)
        assert "There is a problem" in page
        assert 'href="#birth_date"' in refused.text and 'id="birth_date-error"' in refused.text
        assert 'value="1850-01-01"' in refused.text

    def test_pages_follow_one_another(self, site: Site) -> None:
        for number in range(27):
            register(site, given_name="Nigar", family_name=f"Abbasova{chr(97 + number % 26)}")
        caught_up(site)
        site.sign_in("officer_north")
        first = site.client.get("/", headers={"Accept-Language": "en"}).text
        assert first.count('<th scope="row">') == 25
        (following,) = [part.split('"')[0] for part in first.split('href="/?after=')[1:]]
        second = site.client.get(f"/?after={following}", headers={"Accept-Language": "en"})
        assert second.text.count('<th scope="row">') == 2

    def test_the_account_keeps_its_language(self, site: Site) -> None:
        site.sign_in("officer_north")
        assert "<h1>Caseload</h1>" in site.client.get("/", headers={"Accept-Language": "en"}).text
        site.post("/language", {"locale": "ru"})
        page = site.client.get("/", headers={"Accept-Language": "en"})
        assert "<h1>Дела</h1>" in page.text and page.headers["content-language"] == "ru"


class TestCaseloadOnSQLite(Caseload, OnSQLite):
    pass


class TestCaseloadOnPostgres(Caseload, OnPostgres):
    pass
