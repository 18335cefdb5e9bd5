"""From a bearer token to a User: local tokens first, then OIDC JWTs when configured."""

from __future__ import annotations

from registry.api.oidc import OidcVerifier
from registry.api.users import UserStore
from registry.permissions import User


class Authenticator:
    def __init__(self, users: UserStore, oidc: OidcVerifier | None = None) -> None:
        self._users = users
        self._oidc = oidc

    def authenticate(self, token: str) -> User | None:
        # Local tokens are URL-safe base64 and never contain a dot; a JWT always does.
        if "." in token:
            return self._oidc.verify(token) if self._oidc is not None else None
        return self._users.authenticate(token)

    def remembered(self, token: str) -> User | None:
        """The user of a local token this process checked within its cache window,
        without any I/O (so it may run on the event loop); None when it must be checked."""
        if "." in token:
            return None
        return self._users.remembered(token)
