"""The stores the pages sign people in with, opened with the service (`install_pages`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from registry.accounts.passwords import PasswordStore
from registry.accounts.preferences import LocaleChoices
from registry.accounts.sessions import SessionStore
from registry.accounts.throttle import SignInThrottle
from registry.database import Database
from registry.settings import Settings


@dataclass(frozen=True)
class Accounts:
    passwords: PasswordStore
    sessions: SessionStore
    throttle: SignInThrottle
    locales: LocaleChoices


def open_accounts(database: Database, settings: Settings) -> Accounts:
    pages = settings.pages
    return Accounts(
        passwords=PasswordStore(database),
        sessions=SessionStore(
            database, settings.secret_key, idle=timedelta(minutes=pages.session_idle_minutes)
        ),
        throttle=SignInThrottle(
            database,
            failures=pages.sign_in_failures,
            window=timedelta(minutes=pages.sign_in_window_minutes),
        ),
        locales=LocaleChoices(database),
    )
