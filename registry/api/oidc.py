"""Bearer JWTs from an OpenID Connect provider, for deployments with single sign-on.

The token must be signed by a key of the configured JWKS, come from the
configured issuer for the configured audience, and name a registry role; the
districts claim scopes officers and supervisors.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jwt

from registry.permissions import Role, User
from registry.settings import OidcGroup

ALGORITHMS = ["RS256", "RS384", "RS512", "ES256", "ES384", "PS256"]


class OidcVerifier:
    def __init__(self, settings: OidcGroup) -> None:
        assert settings.issuer and settings.audience
        self._issuer = settings.issuer
        self._audience = settings.audience
        self._role_claim = settings.role_claim
        self._districts_claim = settings.districts_claim
        self._jwks_client = jwt.PyJWKClient(settings.jwks_url) if settings.jwks_url else None
        self._key_set = (
            jwt.PyJWKSet.from_json(Path(settings.jwks_file).read_text())
            if settings.jwks_file and not settings.jwks_url
            else None
        )

    def _signing_key(self, token: str) -> Any:
        if self._jwks_client is not None:
            return self._jwks_client.get_signing_key_from_jwt(token).key
        assert self._key_set is not None
        key_id = jwt.get_unverified_header(token).get("kid")
        for key in self._key_set.keys:
            if key_id is None or key.key_id == key_id:
                return key.key
        raise jwt.InvalidTokenError("no key of the JWKS signed this token")

    def verify(self, token: str) -> User | None:
        """The user a valid token names, or None for any invalid or unusable token."""
        try:
            claims = jwt.decode(
                token,
                self._signing_key(token),
                algorithms=ALGORITHMS,
                audience=self._audience,
                issuer=self._issuer,
                options={"require": ["exp", "iss", "aud", "sub"]},
            )
            role = Role(claims[self._role_claim])
        except (jwt.PyJWTError, KeyError, ValueError):
            return None
        districts = claims.get(self._districts_claim) or []
        if isinstance(districts, str):
            districts = [districts]
        subject = str(claims["sub"])
        return User(
            id=subject,
            name=str(claims.get("preferred_username") or subject),
            role=role,
            districts=frozenset(str(d) for d in districts),
        )
