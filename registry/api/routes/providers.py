"""Decisions about care providers: `POST /api/v1/providers...` (administrators only)."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from registry.api.commands import CommandResult, NewStreamRunner, StreamRunner
from registry.api.media_types import COMMAND_BODY
from registry.api.models import ChangeCapacityBody, ProviderDecisionBody, RegisterProviderBody
from registry.api.problems import JSON_BODY_RESPONSES, PROBLEM_RESPONSES
from registry.api.role_gates import MANAGES_PROVIDERS
from registry.api.routes import API_PREFIX
from registry.domain.commands import ApproveProvider, CloseProvider, SuspendProvider

router = APIRouter(
    prefix=f"{API_PREFIX}/providers",
    tags=["providers"],
    responses={**PROBLEM_RESPONSES, **JSON_BODY_RESPONSES},
    dependencies=[MANAGES_PROVIDERS, COMMAND_BODY],
)


@router.post("", status_code=201, response_model=CommandResult, summary="Register a provider")
def register_provider(body: RegisterProviderBody, command: NewStreamRunner) -> JSONResponse:
    """Records ProviderRegistered; a provider takes children only once approved."""
    return command.submit(body, body.to_command(command.header(body)), status=201)


@router.post("/{provider_id}/approval", response_model=CommandResult, summary="Approve")
def approve(provider_id: UUID, body: ProviderDecisionBody, command: StreamRunner) -> JSONResponse:
    """Records ProviderApproved."""
    return command.submit(
        body, ApproveProvider(header=command.header(body), provider_id=provider_id)
    )


@router.post("/{provider_id}/suspension", response_model=CommandResult, summary="Suspend")
def suspend(provider_id: UUID, body: ProviderDecisionBody, command: StreamRunner) -> JSONResponse:
    """Records ProviderSuspended: no new children until approved again."""
    return command.submit(
        body, SuspendProvider(header=command.header(body), provider_id=provider_id)
    )


@router.post("/{provider_id}/closure", response_model=CommandResult, summary="Close")
def close(provider_id: UUID, body: ProviderDecisionBody, command: StreamRunner) -> JSONResponse:
    """Records ProviderClosed (refused while children are placed there)."""
    return command.submit(body, CloseProvider(header=command.header(body), provider_id=provider_id))


@router.post("/{provider_id}/capacity", response_model=CommandResult, summary="Change capacity")
def change_capacity(
    provider_id: UUID, body: ChangeCapacityBody, command: StreamRunner
) -> JSONResponse:
    """Records CapacityChanged (never below the places taken)."""
    return command.submit(body, body.to_command(command.header(body), provider_id))
