"""The providers page, on SQLite and PostgreSQL: the providers of the user's
districts with their places taken and free, in the user's language."""

from __future__ import annotations

from tests.integration.pages.support import PagesCase, Site, text_of
from tests.integration.pages.test_caseload import caught_up, register
from tests.support.backends import OnPostgres, OnSQLite


class ProvidersPage(PagesCase):
    def test_an_officer_sees_the_places_of_their_districts_providers(self, site: Site) -> None:
        home = site.api.provider(kind="family_type_home", capacity=3)
        site.api.provider(kind="shelter", approved=False)
        south = site.api.ok(
            "/providers",
            {
                "effective_date": "2020-01-01",
                "kind": "institution",
                "name": "Southern institution",
                "district": "south",
                "capacity": 40,
            },
            as_="admin",
        )["id"]
        site.api.admit(register(site), home, setting="family_type_home")
        caught_up(site)
        site.sign_in("officer_north")
        page = site.client.get("/providers", headers={"Accept-Language": "ru"})
        assert page.status_code == 200
        rows = text_of(page.text.split("<tbody>")[1])
        assert "Дом семейного типа north 3 1 2 Утверждён" in rows
        assert "Приют north 2 0 2 Ожидает утверждения" in rows
        assert "Southern institution" not in page.text and south not in page.text

    def test_a_monitor_sees_every_district(self, site: Site) -> None:
        site.api.provider()
        caught_up(site)
        site.sign_in("monitor")
        assert "1 provider" in text_of(site.client.get("/providers").text)


class TestProvidersPageOnSQLite(ProvidersPage, OnSQLite):
    pass


class TestProvidersPageOnPostgres(ProvidersPage, OnPostgres):
    pass
