"""A child's page over HTTP, on SQLite and PostgreSQL: identity, where the child is
now, the timeline with who decided, the read logged, another district refused."""

from __future__ import annotations

from tests.integration.api.support import admission
from tests.integration.pages.support import PagesCase, Site, text_of
from tests.integration.pages.test_caseload import caught_up, register
from tests.support.backends import OnPostgres, OnSQLite


class ChildPage(PagesCase):
    def child_in_care(self, site: Site) -> str:
        child_id = register(site, given_name="Aysel", family_name="Məmmədova")
        provider = site.api.provider()
        site.api.ok(f"/children/{child_id}/admissions", admission(provider, "2024-02-01"))
        site.api.ok(
            f"/children/{child_id}/assessments",
            {"effective_date": "2024-02-02", "outcome": "diverted", "decision_ref": "ACT-7"},
        )
        caught_up(site)
        return child_id

    def test_the_page_shows_the_child_now_and_every_decision(self, site: Site) -> None:
        child_id = self.child_in_care(site)
        site.sign_in("officer_north")
        page = site.client.get(f"/children/{child_id}", headers={"Accept-Language": "en"})
        assert page.status_code == 200
        text = text_of(page.text)
        assert "Məmmədova Aysel" in text and "In care" in text and "Foster family" in text
        timeline = text_of(page.text.split("<tbody>")[1])
        for decision in ("Registered", "Entered care", "Placement started", "Gatekeeping"):
            assert decision in timeline
        assert "officer_north · Guardianship officer" in timeline and "ACT-7" in timeline

    def test_opening_the_page_is_a_logged_read(self, site: Site) -> None:
        child_id = self.child_in_care(site)
        site.sign_in("officer_north")
        site.client.get(f"/children/{child_id}")
        log = site.client.app.state.access_log  # type: ignore[attr-defined]
        fields = sorted(record.field for record in log.for_child(child_id))
        assert fields == ["child", "history"]

    def test_another_districts_child_is_refused_and_not_logged(self, site: Site) -> None:
        child_id = self.child_in_care(site)
        site.sign_in("officer_south")
        refused = site.client.get(f"/children/{child_id}", headers={"Accept-Language": "en"})
        assert refused.status_code == 403 and "Məmmədova" not in refused.text
        assert "not yours" in text_of(refused.text)
        log = site.client.app.state.access_log  # type: ignore[attr-defined]
        assert log.for_child(child_id) == []
        missing = site.client.get("/children/00000000-0000-4000-8000-000000000000")
        assert missing.status_code == 404

    def test_a_voided_decision_is_marked(self, site: Site) -> None:
        child_id = self.child_in_care(site)
        site.api.ok(
            f"/children/{child_id}/voidings",
            {"effective_date": "2024-02-03", "voids": 4, "reason": "wrong child"},
            "supervisor_north",
        )
        caught_up(site)
        site.sign_in("supervisor_north")
        page = site.client.get(f"/children/{child_id}", headers={"Accept-Language": "ru"})
        assert 'class="voided"' in page.text and "отменено" in text_of(page.text)


class TestChildPageOnSQLite(ChildPage, OnSQLite):
    pass


class TestChildPageOnPostgres(ChildPage, OnPostgres):
    pass
