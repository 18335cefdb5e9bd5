"""Who is asking for a page: the user of the session cookie, and their language.

A page without a live session answers by sending the browser to the sign-in page
(`SignInRequired`); evaluators are refused the pages (their figures are the
indicators), as the contract says.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from registry.api.users import UserStore
from registry.pages.accounts import Accounts
from registry.pages.i18n import PageLocale, negotiate, parse_locale
from registry.pages.rendering import Pages
from registry.permissions import Role, User
from registry.settings import Settings

SESSION_COOKIE = "registry_session"


class SignInRequired(Exception):
    """No live session: the browser is sent to the sign-in page."""


class PageRefused(Exception):
    """The signed-in user may not see this page (403, in their language): `reason` is
    their role's (an evaluator's), the record's district, or `supervisors` (a
    supervisor's decision)."""

    def __init__(self, user: User, reason: str | None = None) -> None:
        self.reason = reason or user.role.value
        super().__init__(self.reason)
        self.user = user


def accounts_of(request: Request) -> Accounts:
    accounts: Accounts = request.app.state.accounts
    return accounts


def pages_of(request: Request) -> Pages:
    pages: Pages = request.app.state.pages
    return pages


def users_of(request: Request) -> UserStore:
    users: UserStore = request.app.state.users
    return users


def settings_of(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def session_user(request: Request) -> User | None:
    session_id = request.cookies.get(SESSION_COOKIE)
    if not session_id:
        return None
    return accounts_of(request).sessions.user(session_id)


def signed_in_user(request: Request) -> User:
    user = session_user(request)
    if user is None:
        raise SignInRequired()
    if user.role is Role.EVALUATOR:
        raise PageRefused(user)
    return user


def locale_for(request: Request, user: User | None) -> PageLocale:
    """The account's choice, else `Accept-Language`, else the deployment's default."""
    if user is not None:
        chosen = parse_locale(accounts_of(request).locales.of(user.id))
        if chosen is not None:
            return chosen
    default = settings_of(request).pages.default_locale
    return negotiate(request.headers.get("accept-language"), default)


PageUser = Annotated[User, Depends(signed_in_user)]
