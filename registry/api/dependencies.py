"""FastAPI dependencies shared by the REST commands and the GraphQL context.

Each is an `Annotated` alias, so an endpoint states what it needs in its
signature (`user: CurrentUser, registry: Registry`) and nothing is global.

They are `async` because none blocks: FastAPI runs a plain `def` dependency in a
worker thread, a thread hop per dependency per request. The one that may wait on
the database (a token not yet seen by this process) hands that to a thread itself.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool

from projections.read_side import ReadSide
from registry.api.access_log import AccessLog
from registry.api.access_reason import InvalidAccessReason, access_reason_from_header
from registry.api.authentication import Authenticator
from registry.api.problems import Problem, unauthenticated
from registry.application import RegistryApplication
from registry.permissions import User
from registry.settings import Settings

bearer = HTTPBearer(auto_error=False, description="A token made by `registry users add`.")


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def get_registry(request: Request) -> RegistryApplication:
    registry: RegistryApplication = request.app.state.registry
    return registry


async def get_read_side(request: Request) -> ReadSide:
    read_side: ReadSide | None = getattr(request.app.state, "read_side", None)
    if read_side is None:
        raise Problem(503, "read_side_unavailable", "the read models are not available")
    return read_side


async def get_current_user(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> User:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise unauthenticated()
    authenticator: Authenticator = request.app.state.authenticator
    token = credentials.credentials
    user = authenticator.remembered(token) or await run_in_threadpool(
        authenticator.authenticate, token
    )
    if user is None:
        raise unauthenticated("the bearer token is not valid")
    request.state.user = user  # for the request log: who asked, never what was sent
    return user


async def get_access_log(request: Request) -> AccessLog:
    """The access log of this app, its table installed when the app started."""
    access_log: AccessLog = request.app.state.access_log
    return access_log


REASON_HEADER = "X-Access-Reason"


async def get_access_reason(request: Request) -> str | None:
    """The reason stated in the header; one that cannot be stored exactly is a 422."""
    raw = request.headers.get(REASON_HEADER)
    if raw is None:
        return None
    try:
        return access_reason_from_header(raw)
    except InvalidAccessReason as refusal:
        raise Problem(422, "validation", f"{REASON_HEADER}: {refusal}") from None


AppSettings = Annotated[Settings, Depends(get_settings)]
Registry = Annotated[RegistryApplication, Depends(get_registry)]
CurrentUser = Annotated[User, Depends(get_current_user)]
Reads = Annotated[ReadSide, Depends(get_read_side)]
AccessLogs = Annotated[AccessLog, Depends(get_access_log)]
AccessReason = Annotated[str | None, Depends(get_access_reason)]
"""The `X-Access-Reason` a caller states for reading named records (`access_reason`)."""
