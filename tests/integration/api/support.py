"""An API client for tests: a real app on a real database, users for every role,
and builders that record realistic decisions over HTTP."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from registry.api.app import create_app
from registry.api.users import UserStore
from registry.application import RegistryApplication
from registry.database import open_database
from registry.permissions import Role
from registry.settings import HttpGroup, Settings
from tests.support.identities import distinct_patronymic

USERS: dict[str, tuple[Role, frozenset[str]]] = {
    "officer_north": (Role.OFFICER, frozenset({"north"})),
    "officer_south": (Role.OFFICER, frozenset({"south"})),
    "officer_north_south": (Role.OFFICER, frozenset({"north", "south"})),
    "supervisor_north": (Role.SUPERVISOR, frozenset({"north"})),
    "supervisor_national": (Role.SUPERVISOR, frozenset()),
    "monitor": (Role.MONITOR, frozenset()),
    "evaluator": (Role.EVALUATOR, frozenset()),
    "admin": (Role.ADMIN, frozenset()),
}
CALLERS: tuple[str | None, ...] = (None, *USERS)
"""Every caller of the matrix: no token, then each user."""

CHILD: dict[str, Any] = {
    "effective_date": "2024-01-10",
    "decision_ref": "DEC-1",
    "given_name": "Ana",
    "family_name": "Petrova",
    "patronymic": None,
    "birth_date": "2016-04-02",
    "sex": "female",
    "district": "north",
    "personal_id": None,
    "disability": False,
    "parental_status": "deprived_of_parental_care",
}


def child_body(**overrides: Any) -> dict[str, Any]:
    """`CHILD` as another child than every other body made here (`distinct_patronymic`)."""
    return {**CHILD, "patronymic": distinct_patronymic(), **overrides}


def make_users(database_url: str, secret_key: str) -> dict[str, str]:
    database = open_database(database_url)
    try:
        store = UserStore(database, secret_key)
        return {name: store.add(name, role, districts) for name, (role, districts) in USERS.items()}
    finally:
        database.close()


class Api:
    """Calls the API as a named user; builders fail loudly when a setup step is refused."""

    def __init__(self, client: TestClient, tokens: dict[str, str]) -> None:
        self.client = client
        self.tokens = tokens

    @property
    def registry(self) -> RegistryApplication:
        registry: RegistryApplication = self.client.app.state.registry  # type: ignore[attr-defined]
        return registry

    def user_id(self, name: str) -> str:
        """The id decisions record for this user (what their token stands for)."""
        authenticator = self.client.app.state.authenticator  # type: ignore[attr-defined]
        user = authenticator.authenticate(self.tokens[name])
        assert user is not None
        return str(user.id)

    def max_notification_id(self) -> int:
        return self.registry.recorder.max_notification_id() or 0

    def stored_topics(self, after: int) -> list[str]:
        """The topics of the events stored after position `after`, in order."""
        last = self.max_notification_id()
        return [
            notification.topic
            for notification in self.registry.recorder.select_notifications(
                start=after, limit=max(last - after, 1), inclusive_of_start=False
            )
        ]

    def post(
        self,
        path: str,
        body: dict[str, Any],
        as_: str | None = "officer_north",
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        all_headers = dict(headers or {})
        if as_ is not None:
            all_headers["Authorization"] = f"Bearer {self.tokens[as_]}"
        response: httpx.Response = self.client.post(
            f"/api/v1{path}", json=body, headers=all_headers
        )
        return response

    def ok(self, path: str, body: dict[str, Any], as_: str = "officer_north") -> dict[str, Any]:
        response = self.post(path, body, as_)
        assert response.status_code in (200, 201), response.text
        result: dict[str, Any] = response.json()
        return result

    def register_child(self, **overrides: Any) -> str:
        return str(self.ok("/children", child_body(**overrides))["id"])

    def provider(
        self, kind: str = "foster_family", capacity: int = 2, approved: bool = True
    ) -> str:
        provider_id = str(
            self.ok(
                "/providers",
                {
                    "effective_date": "2020-01-01",
                    "kind": kind,
                    "name": f"{kind} provider",
                    "district": "north",
                    "capacity": capacity,
                },
                as_="admin",
            )["id"]
        )
        if approved:
            self.ok(f"/providers/{provider_id}/approval", {"effective_date": "2020-01-02"}, "admin")
        return provider_id

    def admit(
        self, child_id: str, provider_id: str | None = None, **overrides: Any
    ) -> dict[str, Any]:
        body = admission(provider_id or self.provider())
        return self.ok(f"/children/{child_id}/admissions", {**body, **overrides})

    def child_in_care(self) -> str:
        child_id = self.register_child()
        self.admit(child_id)
        return child_id


def admission(provider_id: str | None, day: str = "2024-02-01") -> dict[str, Any]:
    return {
        "effective_date": day,
        "decision_ref": "DEC-2",
        "removal_date": day,
        "manner": "court_ordered",
        "reasons": ["neglect"],
        "setting": "foster_family",
        "provider_id": provider_id,
    }


class ApiCase:
    """Base of the HTTP suites: `api` for the subclass's backend (`database_url`)."""

    @pytest.fixture
    def settings(self, database_url: str) -> Settings:
        return Settings(database_url=database_url)

    @pytest.fixture
    def api(self, settings: Settings) -> Iterator[Api]:
        tokens = make_users(settings.database_url, settings.secret_key)
        app = create_app(
            Settings(database_url=settings.database_url, http=HttpGroup(read_your_writes_timeout=0))
        )
        with TestClient(app) as client:
            yield Api(client, tokens)
