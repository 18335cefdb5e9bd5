"""Recording a decision sent from a form: what every decision form of a child does
once its fields are read.

The version of the record the form was opened on travels with it (`If-Match` in
REST), so a decision recorded meanwhile by someone else is refused with "this
child's record changed since you opened it" and the record as it is now, never
overwritten; the user's districts are judged on the very state decided on; a
refusal of the rules is shown at the field it concerns; a decision recorded is
waited for in the read models, then the child's page is shown.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from uuid import UUID

from fastapi import Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData

from projections.queries import ReadQueries
from projections.rows import ChildRow
from registry.application import ChildPermit, RegistryApplication, Submission
from registry.domain import errors
from registry.domain.child import Child
from registry.domain.commands import ChildCommand
from registry.pages.child_page import ChildNotFound
from registry.pages.forms import include_in_read_models, refusal_field
from registry.pages.signed_in import PageRefused
from registry.permissions import User

ShowForm = Callable[[ChildRow, dict[str, str], int, int], Awaitable[Response]]
"""The form shown again: for this child (as it is now), with these refused fields,
carrying this version, with this HTTP status."""
VERSION_CHANGED = {"version": "version_changed"}


async def record(
    request: Request,
    user: User,
    child: ChildRow,
    sent: FormData,
    command: ChildCommand | None,
    invalid: dict[str, str],
    fields: tuple[str, ...],
    show: ShowForm,
) -> Response:
    """Record `command` (None when the form's fields were refused: `invalid`), decided
    on the version the form carries; `fields` are the form's, where refusals go."""
    version = _version(str(sent.get("version", "")))
    if command is None or invalid or version is None:
        return await show(child, invalid or VERSION_CHANGED, child.version, 422)
    registry: RegistryApplication = request.app.state.registry
    submission = Submission(expected_version=version, permit=_permit(user, command))
    try:
        receipt = await asyncio.to_thread(registry.handle, command, submission)
    except errors.VersionConflict:
        fresh = await readable_child(request, user, child.child_id, fresh=True)
        return await show(fresh, VERSION_CHANGED, fresh.version, 409)
    except errors.DomainError as refusal:
        return await show(child, refusal_field(refusal.code, fields), version, 409)
    await include_in_read_models(request, receipt.position)
    return RedirectResponse(f"/children/{child.child_id}", status_code=303)


async def readable_child(
    request: Request, user: User, child_id: UUID, *, fresh: bool = False
) -> ChildRow:
    """The child's row as the read models hold it (after the latest write when `fresh`),
    if the user may decide about the child."""
    if fresh:
        await include_in_read_models(
            request, request.app.state.registry.recorder.max_notification_id()
        )
    queries: ReadQueries = request.app.state.read_side.queries
    row = await asyncio.to_thread(queries.child, child_id)
    if row is None:
        raise ChildNotFound()
    if not user.may_write_child(row.district):
        raise PageRefused(user, "district")
    return row


def _version(text: str) -> int | None:
    return int(text) if text.isdigit() else None


def _permit(user: User, command: ChildCommand) -> ChildPermit:
    def check(child: Child) -> None:
        if not user.may_decide(command, child.state.district):
            raise PageRefused(user, "district")

    return check
