"""Decisions about care providers: `POST /api/v1/providers...` (administrators only)."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from registry.api.commands import CommandResult, NewStreamRunner, StreamRunner
from registry.api.dependencies import Registry
from registry.api.media_types import COMMAND_BODY
from registry.api.models import ChangeCapacity, ProviderDecision, RegisterProvider
from registry.api.problems import JSON_BODY_RESPONSES, PROBLEM_RESPONSES
from registry.api.role_gates import MANAGES_PROVIDERS
from registry.api.routes import API_PREFIX

router = APIRouter(
    prefix=f"{API_PREFIX}/providers",
    tags=["providers"],
    responses={**PROBLEM_RESPONSES, **JSON_BODY_RESPONSES},
    dependencies=[MANAGES_PROVIDERS, COMMAND_BODY],
)


@router.post("", status_code=201, response_model=CommandResult, summary="Register a provider")
def register_provider(
    body: RegisterProvider, command: NewStreamRunner, registry: Registry
) -> JSONResponse:
    """Records ProviderRegistered; a provider takes children only once approved."""
    return command.run(
        body,
        lambda: registry.register_provider(command.decision(body), **body.decision_fields()),
        status=201,
    )


@router.post("/{provider_id}/approval", response_model=CommandResult, summary="Approve")
def approve(
    provider_id: UUID, body: ProviderDecision, command: StreamRunner, registry: Registry
) -> JSONResponse:
    """Records ProviderApproved."""
    return command.decide(provider_id, body, registry.approve_provider, command.if_match)


@router.post("/{provider_id}/suspension", response_model=CommandResult, summary="Suspend")
def suspend(
    provider_id: UUID, body: ProviderDecision, command: StreamRunner, registry: Registry
) -> JSONResponse:
    """Records ProviderSuspended: no new children until approved again."""
    return command.decide(provider_id, body, registry.suspend_provider, command.if_match)


@router.post("/{provider_id}/closure", response_model=CommandResult, summary="Close")
def close(
    provider_id: UUID, body: ProviderDecision, command: StreamRunner, registry: Registry
) -> JSONResponse:
    """Records ProviderClosed (refused while children are placed there)."""
    return command.decide(provider_id, body, registry.close_provider, command.if_match)


@router.post("/{provider_id}/capacity", response_model=CommandResult, summary="Change capacity")
def change_capacity(
    provider_id: UUID, body: ChangeCapacity, command: StreamRunner, registry: Registry
) -> JSONResponse:
    """Records CapacityChanged (never below the places taken)."""
    return command.decide(provider_id, body, registry.change_capacity, command.if_match)
