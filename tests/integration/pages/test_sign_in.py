"""Signing in to the pages, on SQLite and PostgreSQL: sessions, their cookie and
their end, wrong passwords, the throttle, CSRF, and the roles refused."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from argon2 import PasswordHasher

from registry.database import open_database
from registry.settings import PagesGroup, Settings
from tests.integration.pages.support import PagesCase, Site, text_of
from tests.support.backends import OnPostgres, OnSQLite


class SigningIn(PagesCase):
    def test_a_page_without_a_session_sends_the_browser_to_sign_in(self, site: Site) -> None:
        response = site.client.get("/", follow_redirects=False)
        assert (response.status_code, response.headers["location"]) == (303, "/sign-in")

    def test_signing_in_opens_the_caseload_and_signing_out_ends_the_session(
        self, site: Site
    ) -> None:
        signed_in = site.sign_in("officer_north")
        assert (signed_in.status_code, signed_in.headers["location"]) == (303, "/")
        cookie = signed_in.headers["set-cookie"]
        assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Secure" not in cookie
        caseload = site.client.get("/", headers={"Accept-Language": "en"})
        assert caseload.status_code == 200 and "<h1>Caseload</h1>" in caseload.text
        assert caseload.headers["cache-control"] == "no-store"
        assert site.post("/sign-out", {}).headers["location"] == "/sign-in"
        assert site.client.get("/", follow_redirects=False).status_code == 303

    def test_a_hash_under_weaker_parameters_is_remade_at_sign_in(
        self, site: Site, settings: Settings
    ) -> None:
        user_id = site.api.user_id("officer_north")

        def stored_hash() -> str:
            database = open_database(settings.database_url)
            try:
                with database.transaction() as tx:
                    rows = tx.execute(
                        "SELECT password_hash FROM registry_passwords WHERE user_id = %s",
                        (user_id,),
                    )
            finally:
                database.close()
            return str(rows[0][0])

        weak = stored_hash()
        assert site.sign_in("officer_north").status_code == 303
        remade = stored_hash()
        assert PasswordHasher().check_needs_rehash(weak) and remade != weak
        assert not PasswordHasher().check_needs_rehash(remade)
        site.sign_in("officer_north")
        assert stored_hash() == remade, "a hash under today's parameters stays"

    def test_a_wrong_password_or_name_is_refused_alike(self, site: Site) -> None:
        wrong_password = site.sign_in("officer_north", "not the password at all")
        unknown_name = site.sign_in("nobody_at_all", "not the password at all", language="az")
        assert wrong_password.status_code == unknown_name.status_code == 401
        assert "The name or the password is not right." in text_of(wrong_password.text)
        assert "Ad və ya parol düzgün deyil." in text_of(unknown_name.text)
        assert 'value="officer_north"' in wrong_password.text, "the name typed is kept"
        assert "registry_session" not in site.client.cookies

    def test_sign_in_failures_are_throttled_per_account(self, site: Site) -> None:
        for _ in range(PagesGroup().sign_in_failures):
            assert site.sign_in("officer_north", "a wrong password here").status_code == 401
        throttled = site.sign_in("officer_north", "a wrong password again")
        assert throttled.status_code == 429
        assert "Too many failed attempts" in text_of(throttled.text)
        assert site.sign_in("officer_north").status_code == 429, "even the right password waits"
        assert site.sign_in("officer_south").status_code == 303, "other accounts are not held"

    def test_a_form_without_its_token_is_refused(self, site: Site) -> None:
        site.token()
        forged = site.client.post(
            "/sign-in",
            data={"name": "officer_north", "password": "correct horse battery staple"},
            headers={"Accept-Language": "ru"},
        )
        assert forged.status_code == 403 and "Вам недоступно" in forged.text
        site.client.cookies.clear()
        cross_site = site.client.post("/sign-in", data={"name": "x", "password": "y"})
        assert cross_site.status_code == 403, "a sign-in without any cookie is checked too"

    def test_an_idle_session_ends(self, site: Site, settings: Settings) -> None:
        site.sign_in("officer_north")
        idle = timedelta(minutes=settings.pages.session_idle_minutes + 1)
        database = open_database(settings.database_url)
        try:
            with database.transaction() as tx:
                tx.execute(
                    "UPDATE registry_sessions SET last_used_at = %s",
                    ((datetime.now(UTC) - idle).isoformat(),),
                )
        finally:
            database.close()
        assert site.client.get("/", follow_redirects=False).status_code == 303

    def test_evaluators_are_refused_the_pages(self, site: Site) -> None:
        site.sign_in("evaluator")
        refused = site.client.get("/", headers={"Accept-Language": "en"})
        assert refused.status_code == 403 and "Evaluators see the indicators" in refused.text

    def test_a_revoked_user_loses_their_session(self, site: Site) -> None:
        site.sign_in("officer_north")
        site.client.app.state.users.revoke("officer_north")  # type: ignore[attr-defined]
        assert site.client.get("/", follow_redirects=False).status_code == 303


class TestSigningInOnSQLite(SigningIn, OnSQLite):
    pass


class TestSigningInOnPostgres(SigningIn, OnPostgres):
    pass


class TestTheSessionCookieOutsideDevelopment(PagesCase, OnSQLite):
    @pytest.fixture
    def settings(self, database_url: str, pages_settings: PagesGroup) -> Settings:
        return Settings(
            database_url=database_url,
            environment="production",
            secret_key="a-production-secret-for-tests",
            pages=pages_settings,
        )

    def test_it_is_secure(self, site: Site) -> None:
        assert "Secure" in site.sign_in("officer_north").headers["set-cookie"]
