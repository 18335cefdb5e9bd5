"""Bearer tokens: local tokens made by the user store, and OIDC JWTs checked
against a JWKS file (issuer, audience, expiry, role and district claims)."""

from __future__ import annotations

import functools
import json
import threading
import time
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from uuid import UUID

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi.testclient import TestClient

from registry.api.app import create_app
from registry.api.users import UserStore
from registry.database import open_database
from registry.permissions import Role
from registry.settings import HttpGroup, OidcGroup, Settings
from tests.integration.api.support import CHILD, Api, ApiCase, make_users
from tests.support.backends import OnPostgres, OnSQLite

ISSUER = "https://login.example.org/realms/registry"
AUDIENCE = "child-registry"


class LocalTokens(ApiCase):
    def test_no_token_wrong_scheme_and_unknown_token_are_unauthenticated(self, api: Api) -> None:
        for headers in ({}, {"Authorization": "Basic YTpi"}, {"Authorization": "Bearer nope"}):
            response = api.client.post("/api/v1/children", json=CHILD, headers=headers)
            assert response.status_code == 401
            assert response.json()["code"] == "unauthenticated"
            assert response.headers["WWW-Authenticate"] == "Bearer"

    def test_a_revoked_token_no_longer_authenticates(self, api: Api, settings: Settings) -> None:
        _revoke(settings, "officer_north")
        assert api.post("/children", CHILD).status_code == 401

    def test_tokens_are_stored_only_as_keyed_hashes(self, settings: Settings) -> None:
        database = open_database(settings.database_url)
        try:
            token = UserStore(database, settings.secret_key).add("clerk", Role.OFFICER)
            with database.transaction() as session:
                stored = session.execute("SELECT * FROM registry_users")
            other_key = UserStore(database, "another-secret")
            assert other_key.authenticate(token) is None
        finally:
            database.close()
        assert token not in json.dumps(stored, default=str)

    def test_a_cached_token_is_refused_once_its_window_ends_after_revocation(
        self, settings: Settings
    ) -> None:
        now = [100.0]
        database = open_database(settings.database_url)
        try:
            users = UserStore(
                database, settings.secret_key, cache_seconds=5.0, clock=lambda: now[0]
            )
            token = users.add("clerk", Role.OFFICER)
            assert users.authenticate(token) is not None
            # Revoked by another process (`registry users revoke`): this one's cache
            # keeps the user for at most its window.
            UserStore(database, settings.secret_key).revoke("clerk")
            now[0] += 4.9
            assert users.authenticate(token) is not None
            now[0] += 0.1
            assert users.authenticate(token) is None
        finally:
            database.close()

    def test_a_revocation_in_the_same_process_is_honoured_at_once(self, settings: Settings) -> None:
        database = open_database(settings.database_url)
        try:
            users = UserStore(database, settings.secret_key, cache_seconds=3600.0)
            token = users.add("clerk", Role.OFFICER)
            assert users.authenticate(token) is not None
            users.revoke("clerk")
            assert users.authenticate(token) is None
        finally:
            database.close()

    def test_without_a_window_every_request_looks_the_token_up(self, settings: Settings) -> None:
        tokens = make_users(settings.database_url, settings.secret_key)
        app = create_app(
            Settings(database_url=settings.database_url, http=HttpGroup(token_cache_seconds=0))
        )
        with TestClient(app) as client:
            api = Api(client, tokens)
            assert api.post("/children", CHILD).status_code == 201
            _revoke(settings, "officer_north")
            assert api.post("/children", CHILD).status_code == 401


class TestLocalTokensOnSQLite(LocalTokens, OnSQLite):
    pass


class TestLocalTokensOnPostgres(LocalTokens, OnPostgres):
    pass


@pytest.fixture
def signing_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture
def jwks_file(tmp_path: Path, signing_key: rsa.RSAPrivateKey) -> Path:
    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(signing_key.public_key()))
    path = tmp_path / "keys" / "jwks.json"
    path.parent.mkdir()
    path.write_text(json.dumps({"keys": [{**jwk, "kid": "k1", "use": "sig"}]}))
    return path


@pytest.fixture
def jwks_url(jwks_file: Path) -> Iterator[str]:
    """The JWKS served over HTTP, as an identity provider publishes it."""
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(jwks_file.parent))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/{jwks_file.name}"
    server.shutdown()
    server.server_close()


@pytest.fixture(params=["file", "url"])
def oidc_client(
    request: pytest.FixtureRequest, tmp_path: Path, jwks_file: Path
) -> Iterator[TestClient]:
    by_file = request.param == "file"
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'registry.sqlite3'}",
        http=HttpGroup(read_your_writes_timeout=0),
        oidc=OidcGroup(
            issuer=ISSUER,
            audience=AUDIENCE,
            jwks_file=str(jwks_file) if by_file else None,
            jwks_url=None if by_file else request.getfixturevalue("jwks_url"),
        ),
    )
    with TestClient(create_app(settings)) as client:
        yield client


def _jwt(key: rsa.RSAPrivateKey, **overrides: Any) -> str:
    claims: dict[str, Any] = {
        "iss": ISSUER,
        "aud": AUDIENCE,
        "sub": "b6c1e0b4-officer",
        "preferred_username": "i.ivanova",
        "exp": int(time.time()) + 300,
        "role": "officer",
        "districts": ["north"],
    }
    claims.update(overrides)
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": "k1"})


def _register(client: TestClient, token: str, district: str = "north") -> int:
    response = client.post(
        "/api/v1/children",
        json={**CHILD, "district": district},
        headers={"Authorization": f"Bearer {token}"},
    )
    status: int = response.status_code
    return status


def test_a_valid_jwt_acts_with_its_role_and_districts(
    oidc_client: TestClient, signing_key: rsa.RSAPrivateKey
) -> None:
    token = _jwt(signing_key)
    assert _register(oidc_client, token) == 201
    assert _register(oidc_client, token, district="south") == 403


def test_the_jwt_subject_is_the_acting_user(
    oidc_client: TestClient, signing_key: rsa.RSAPrivateKey
) -> None:
    response = oidc_client.post(
        "/api/v1/children",
        json=CHILD,
        headers={"Authorization": f"Bearer {_jwt(signing_key)}"},
    )
    child = oidc_client.app.state.registry.get_child(UUID(response.json()["id"]))  # type: ignore[attr-defined]
    assert {event.recorded_by for event in child.history} == {"b6c1e0b4-officer"}


@pytest.mark.parametrize(
    "claims",
    [
        {"iss": "https://elsewhere.example.org"},
        {"aud": "another-service"},
        {"exp": int(time.time()) - 60},
        {"role": "superuser"},
        {"role": None},
    ],
    ids=["issuer", "audience", "expired", "unknown role", "no role"],
)
def test_an_invalid_jwt_is_unauthenticated(
    oidc_client: TestClient, signing_key: rsa.RSAPrivateKey, claims: dict[str, Any]
) -> None:
    assert _register(oidc_client, _jwt(signing_key, **claims)) == 401


def test_a_jwt_signed_by_another_key_is_unauthenticated(oidc_client: TestClient) -> None:
    stranger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    assert _register(oidc_client, _jwt(stranger)) == 401


def _revoke(settings: Settings, user_id: str) -> None:
    """Revoke a user's tokens from outside the API process's own user store."""
    database = open_database(settings.database_url)
    try:
        UserStore(database, settings.secret_key).revoke(user_id)
    finally:
        database.close()
