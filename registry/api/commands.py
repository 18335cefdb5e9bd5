"""Running one command over HTTP: who may, on which version, exactly once.

Every command endpoint builds its command from the body (`to_command`) and hands
it to `CommandRunner.submit`: it checks the caller's right to make that decision
about the child (judged on the very version decided on), makes the decision
conditional on `If-Match`, replays a stored answer for a repeated
`Idempotency-Key`, and answers with the receipt and its position in the global
order for read-your-writes. No endpoint can skip the check: it comes with the
command, not with a call the endpoint must remember.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated
from uuid import UUID

from fastapi import Depends, Header, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from registry.api.dependencies import CurrentUser, Registry
from registry.api.idempotency import RefusalStore, StoredAnswer
from registry.api.models import DecisionBody
from registry.api.problems import PROBLEM_MEDIA_TYPE, forbidden, refusal_body, refusal_status
from registry.application import ChildPermit, Receipt, RegistryApplication, Submission
from registry.domain.answered_request import RequestKey
from registry.domain.child import Child
from registry.domain.commands import (
    ChildDecision,
    Command,
    DecisionHeader,
    RegisterChild,
)
from registry.domain.errors import DomainError
from registry.permissions import User
from registry.settings import HttpGroup

IF_MATCH_PATTERN = r'^(W/)?"?[0-9]{1,9}"?$'
READ_YOUR_WRITES = "read-your-writes"


class CommandResult(BaseModel):
    """The stream a command wrote, its new version, and the write's position in the
    global order (wait for it with `X-Min-Position` on the next GraphQL request, or ask
    the command to wait with `Prefer: read-your-writes`), with the ids the command made."""

    id: UUID
    version: int
    position: int | None
    episode_id: UUID | None = None
    placement_id: UUID | None = None
    plan_id: UUID | None = None
    assessment_id: UUID | None = None


async def parse_if_match(
    if_match: Annotated[
        str | None,
        Header(
            alias="If-Match",
            pattern=IF_MATCH_PATTERN,
            description="Decide only if the stream is still at this version (else 409).",
            examples=["3"],
        ),
    ] = None,
) -> int | None:
    if if_match is None:
        return None
    return int(if_match.removeprefix("W/").strip('"'))


IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        min_length=1,
        max_length=200,
        pattern=r"^[\x21-\x7e]+$",
        description="A retry with the same key returns the first answer and writes nothing.",
        examples=["3f1c2a9e-retry-safe"],
    ),
]


@dataclass
class CommandRunner:
    request: Request
    user: User
    registry: RegistryApplication
    if_match: int | None
    idempotency_key: str | None

    def header(self, body: DecisionBody) -> DecisionHeader:
        """The acting user comes from the token only; the body says when and on what basis."""
        return body.header(self.user.id)

    def submit(self, body: DecisionBody, command: Command, status: int = 200) -> JSONResponse:
        """Decide `command`, made from `body`, as the caller, once."""
        submission = Submission(
            expected_version=self.if_match,
            request=self._request_key(body),
            permit=self._permit(command),
        )
        return self.run(body, lambda: self.registry.handle(command, submission), status)

    # -- permissions -----------------------------------------------------------

    def _permit(self, command: Command) -> ChildPermit | None:
        """The district check of a decision about a child, run on the child as loaded
        for the decision itself, so it judges the very version decided on; a
        registration is judged at once on the district it names. (The role was
        checked before the body, `role_gates`; providers need no more than the role.)"""
        if isinstance(command, RegisterChild):
            if not self.user.may_write_child(command.district):
                raise forbidden("the district is outside the caller's districts")
            return None
        if not isinstance(command, ChildDecision):
            return None
        decided = command

        def check(child: Child) -> None:
            if not self.user.may_decide(decided, child.state.district):
                raise forbidden("this child's case is outside the caller's districts")

        return check

    # -- running -----------------------------------------------------------------

    def run(
        self, body: DecisionBody, decide: Callable[[], Receipt], status: int = 200
    ) -> JSONResponse:
        """Decide once: a repeated `Idempotency-Key` replays the first answer instead.

        A decision made is found in the log (it was saved with its answer); a refusal,
        which wrote nothing, in the refusal store. The log is asked first, before and
        after deciding, so a refusal of a retry that lost to its original is never
        kept in place of the original's answer."""
        request = self._request_key(body)
        if request is None:
            return _respond(self._answer(decide, status))
        earlier = self.registry.answered(request)
        if earlier is not None:
            return _respond(self._success(earlier, status))
        refusals: RefusalStore = self.request.app.state.refusals
        refused = refusals.recall(request.user_id, request.key, self._keyed(request))
        if refused is not None:
            return _respond(refused)
        answer = self._answer(decide, status)
        if answer.status >= 400:
            earlier = self.registry.answered(request)
            if earlier is not None:
                return _respond(self._success(earlier, status))
            refusals.keep(request.user_id, request.key, self._keyed(request), answer)
        return _respond(answer)

    def _request_key(self, body: DecisionBody) -> RequestKey | None:
        if self.idempotency_key is None:
            return None
        parts = (
            self.request.method,
            self.request.url.path,
            str(self.if_match),
            body.model_dump_json(),
        )
        fingerprint = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
        return RequestKey(self.user.id, self.idempotency_key, fingerprint)

    def _keyed(self, request: RequestKey) -> str:
        return request.keyed_fingerprint(self.registry.personal_id_key)

    def _answer(self, decide: Callable[[], Receipt], status: int) -> StoredAnswer:
        try:
            receipt = decide()
        except DomainError as refusal:
            return StoredAnswer(refusal_status(refusal), refusal_body(refusal, self.user))
        return self._success(receipt, status)

    def _success(self, receipt: Receipt, status: int) -> StoredAnswer:
        self._wait_for_read_side(receipt.position)
        result = CommandResult(
            id=receipt.id, version=receipt.version, position=receipt.position, **receipt.related
        )
        return StoredAnswer(
            status, result.model_dump(mode="json", exclude_none=True), replayed=receipt.replayed
        )

    def _wait_for_read_side(self, position: int | None) -> None:
        """Read-your-writes, when asked for with `Prefer: read-your-writes`: the answer
        leaves once the read models include the write, or once the configured wait has
        passed (the answer's position tells which). Not by default: a command's
        throughput must not hang on the projections' next batch; the position in the
        answer lets a client wait at its next read instead (`X-Min-Position`)."""
        if READ_YOUR_WRITES not in _preferences(self.request.headers.get("prefer", "")):
            return
        read_side = getattr(self.request.app.state, "read_side", None)
        http: HttpGroup = self.request.app.state.settings.http
        if read_side is not None and position is not None and http.read_your_writes_timeout:
            read_side.wait_for(position, timeout=http.read_your_writes_timeout)


def _preferences(header: str) -> set[str]:
    """The preference tokens of a `Prefer` header (RFC 7240), parameters left aside."""
    return {item.split(";")[0].split("=")[0].strip().lower() for item in header.split(",")}


def _respond(answer: StoredAnswer) -> JSONResponse:
    headers: dict[str, str] = {}
    if answer.replayed:
        headers["Idempotent-Replayed"] = "true"
    if answer.status < 400:
        headers["ETag"] = f'"{answer.body["version"]}"'
        return JSONResponse(answer.body, status_code=answer.status, headers=headers)
    return JSONResponse(
        answer.body, status_code=answer.status, media_type=PROBLEM_MEDIA_TYPE, headers=headers
    )


async def get_command_runner(
    request: Request,
    user: CurrentUser,
    registry: Registry,
    if_match: Annotated[int | None, Depends(parse_if_match)],
    idempotency_key: IdempotencyKey = None,
) -> CommandRunner:
    return CommandRunner(request, user, registry, if_match, idempotency_key)


async def get_creation_runner(
    request: Request,
    user: CurrentUser,
    registry: Registry,
    idempotency_key: IdempotencyKey = None,
) -> CommandRunner:
    return CommandRunner(request, user, registry, None, idempotency_key)


StreamRunner = Annotated[CommandRunner, Depends(get_command_runner)]
"""A command on an existing stream: `If-Match` and `Idempotency-Key` apply."""

NewStreamRunner = Annotated[CommandRunner, Depends(get_creation_runner)]
"""A command that creates a stream: only `Idempotency-Key` applies."""
