"""The per-request GraphQL context: who asks, the read side, loaders, the access log.

Built by FastAPI dependencies (the same ones the REST commands use), so the
caller's identity comes from the bearer token only. A request without a token
still reaches GraphiQL and introspection; every registry field then refuses it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated
from uuid import UUID

import strawberry
from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials
from strawberry.fastapi import BaseContext

from registry.api.access_log import AccessLog, AccessRecord
from registry.api.cursors import CursorSeal
from registry.api.dependencies import (
    AccessLogs,
    AccessReason,
    AppSettings,
    Reads,
    Registry,
    bearer,
    get_current_user,
)
from registry.api.graphql.errors import Forbidden, Unauthenticated
from registry.api.graphql.loaders import Loaders
from registry.api.problems import Problem
from registry.api.users import UserStore
from registry.application import RegistryApplication
from registry.permissions import User
from registry.settings import Settings

if TYPE_CHECKING:
    from projections.read_side import ReadSide

MIN_POSITION_HEADER = "X-Min-Position"


class GraphQLContext(BaseContext):
    def __init__(
        self,
        *,
        user: User | None,
        reads: ReadSide,
        registry: RegistryApplication,
        settings: Settings,
        access_log: AccessLog,
        users: UserStore,
        reason: str | None,
    ) -> None:
        super().__init__()
        self.user = user
        self.reads = reads
        self.registry = registry
        self.settings = settings
        self.access_log = access_log
        self.reason = reason
        self.cursors = CursorSeal(settings.secret_key)
        self.loaders = Loaders(reads.queries, users, settings.today, self.log_reads)
        self.pending_reads: list[AccessRecord] = []

    def require_user(self) -> User:
        if self.user is None:
            raise Unauthenticated("a valid bearer token is required")
        return self.user

    def require_personal_data(self, what: str) -> User:
        """Evaluators see de-identified figures only (docs/design.md section 2)."""
        user = self.require_user()
        if not user.sees_personal_data:
            raise Forbidden(f"the {user.role} role may not read {what}")
        return user

    def require_child(self, district: str) -> User:
        """A named child's record: personal data allowed and the child's district covered."""
        user = self.require_personal_data("a named child's record")
        if not user.may_read_child(district):
            raise Forbidden("this child's district is not among the caller's districts")
        return user

    def log_reads(self, child_ids: Sequence[UUID], field: str) -> None:
        """Note the reads, stamped now; `write_reads` records them all in one statement
        once the query has run and before any data is returned: no trace, no answer."""
        user = self.require_user()
        now = datetime.now(UTC)
        self.pending_reads.extend(
            AccessRecord(
                read_at=now,
                user_id=user.id,
                role=user.role.value,
                child_id=child_id,
                field=field,
                reason=self.reason,
            )
            for child_id in child_ids
        )

    async def write_reads(self) -> None:
        """Append the request's noted reads to the access log (one write, one commit)."""
        records, self.pending_reads = self.pending_reads, []
        if records:
            await asyncio.to_thread(self.access_log.append, records)


Info = strawberry.Info[GraphQLContext, None]
"""What every resolver receives: the context above, no root value."""


async def get_optional_user(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> User | None:
    """No token: an anonymous context (refused field by field). A bad token: 401."""
    if credentials is None:
        return None
    return await get_current_user(request, credentials)


async def get_users(request: Request) -> UserStore:
    """The user store of this app, which history entries name their deciders from."""
    users: UserStore = request.app.state.users
    return users


async def get_context(
    request: Request,
    user: Annotated[User | None, Depends(get_optional_user)],
    reads: Reads,
    registry: Registry,
    settings: AppSettings,
    access_log: AccessLogs,
    users: Annotated[UserStore, Depends(get_users)],
    reason: AccessReason,
) -> GraphQLContext:
    await _wait_for_min_position(request, reads)
    return GraphQLContext(
        user=user,
        reads=reads,
        registry=registry,
        settings=settings,
        access_log=access_log,
        users=users,
        reason=reason,
    )


async def _wait_for_min_position(request: Request, reads: ReadSide) -> None:
    """Read-your-writes: a client that wrote at position N sends it back and the
    request waits until the read models have applied it."""
    raw = request.headers.get(MIN_POSITION_HEADER)
    if raw is None:
        return
    try:
        position = int(raw)
    except ValueError:
        raise Problem(422, "validation", f"{MIN_POSITION_HEADER} must be an integer") from None
    timeout = request.app.state.settings.http.read_your_writes_timeout
    reached = await asyncio.to_thread(reads.wait_for, position, timeout)
    if not reached:
        raise Problem(
            503, "read_side_behind", f"the read models have not reached position {position} yet"
        )
