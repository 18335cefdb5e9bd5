"""Decisions about a child: `POST /api/v1/children...` (docs/design.md sections 3 and 7).

The caller's role is checked before anything else (`role_gates`); each endpoint
then checks the caller's districts on the child decided about, and records one decision through
the application, passing the body's fields by their catalogue names.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from registry.api.commands import CommandResult, NewStreamRunner, StreamRunner
from registry.api.dependencies import Registry
from registry.api.media_types import COMMAND_BODY
from registry.api.models import (
    Admit,
    AdoptPlan,
    Assess,
    ChangeLegalStatus,
    Correct,
    ExitCare,
    GrantAdoption,
    Move,
    RegisterChild,
    ReviewPlan,
    Transfer,
    Void,
)
from registry.api.problems import JSON_BODY_RESPONSES, PROBLEM_RESPONSES
from registry.api.role_gates import CORRECTS_DECISIONS, RECORDS_DECISIONS
from registry.api.routes import API_PREFIX
from registry.application import Decision, Receipt

router = APIRouter(
    prefix=f"{API_PREFIX}/children",
    tags=["children"],
    responses={**PROBLEM_RESPONSES, **JSON_BODY_RESPONSES},
    dependencies=[RECORDS_DECISIONS, COMMAND_BODY],
)


@router.post("", status_code=201, response_model=CommandResult, summary="Register a child")
def register_child(
    body: RegisterChild, command: NewStreamRunner, registry: Registry
) -> JSONResponse:
    """Records ChildRegistered in the given district (which the caller must hold)."""
    command.authorise_registration(body.district)
    return command.run(
        body,
        lambda: registry.register_child(command.decision(body), **body.decision_fields()),
        status=201,
    )


@router.post(
    "/{child_id}/legal-status", response_model=CommandResult, summary="Change legal status"
)
def change_legal_status(
    child_id: UUID, body: ChangeLegalStatus, command: StreamRunner, registry: Registry
) -> JSONResponse:
    """Records LegalStatusChanged."""
    expected = command.authorise_child(child_id)
    return command.decide(child_id, body, registry.change_legal_status, expected)


@router.post(
    "/{child_id}/assessments",
    response_model=CommandResult,
    summary="Record a gatekeeping assessment",
)
def assess(child_id: UUID, body: Assess, command: StreamRunner, registry: Registry) -> JSONResponse:
    """Records GatekeepingAssessed; the answer carries the new `assessment_id`."""
    expected = command.authorise_child(child_id)
    return command.decide(child_id, body, registry.assess, expected)


@router.post("/{child_id}/admissions", response_model=CommandResult, summary="Admit to care")
def admit(child_id: UUID, body: Admit, command: StreamRunner, registry: Registry) -> JSONResponse:
    """Records EnteredCare and the first PlacementStarted (and the provider's PlaceTaken)
    in one write; the answer carries `episode_id` and `placement_id`."""
    expected = command.authorise_child(child_id)
    return command.decide(child_id, body, registry.admit, expected)


@router.post("/{child_id}/moves", response_model=CommandResult, summary="Move to a new placement")
def move(child_id: UUID, body: Move, command: StreamRunner, registry: Registry) -> JSONResponse:
    """Records PlacementEnded and PlacementStarted (releasing and taking places) in one
    write; the answer carries the new `placement_id`."""
    expected = command.authorise_child(child_id)
    return command.decide(child_id, body, registry.move, expected)


@router.post("/{child_id}/plans", response_model=CommandResult, summary="Adopt a development plan")
def adopt_plan(
    child_id: UUID, body: AdoptPlan, command: StreamRunner, registry: Registry
) -> JSONResponse:
    """Records DevelopmentPlanAdopted; the answer carries the new `plan_id`."""
    expected = command.authorise_child(child_id)
    return command.decide(child_id, body, registry.adopt_plan, expected)


@router.post(
    "/{child_id}/plans/{plan_id}/reviews",
    response_model=CommandResult,
    summary="Review a development plan",
)
def review_plan(
    child_id: UUID, plan_id: UUID, body: ReviewPlan, command: StreamRunner, registry: Registry
) -> JSONResponse:
    """Records DevelopmentPlanReviewed."""
    expected = command.authorise_child(child_id)

    def review(child: UUID, decision: Decision, **fields: Any) -> Receipt:
        return registry.review_plan(child, plan_id, decision, **fields)

    return command.decide(child_id, body, review, expected)


@router.post("/{child_id}/adoptions", response_model=CommandResult, summary="Grant adoption")
def grant_adoption(
    child_id: UUID, body: GrantAdoption, command: StreamRunner, registry: Registry
) -> JSONResponse:
    """Records AdoptionGranted, PlacementEnded and CareExited in one write."""
    expected = command.authorise_child(child_id)
    return command.decide(child_id, body, registry.grant_adoption, expected)


@router.post("/{child_id}/exits", response_model=CommandResult, summary="Exit from care")
def exit_care(
    child_id: UUID, body: ExitCare, command: StreamRunner, registry: Registry
) -> JSONResponse:
    """Records PlacementEnded and CareExited (any reason but adoption)."""
    expected = command.authorise_child(child_id)
    return command.decide(child_id, body, registry.exit_care, expected)


@router.post("/{child_id}/transfers", response_model=CommandResult, summary="Transfer the case")
def transfer(
    child_id: UUID, body: Transfer, command: StreamRunner, registry: Registry
) -> JSONResponse:
    """Records CaseTransferred. An officer must hold both districts; a supervisor may send
    a case of their region anywhere."""
    expected = command.authorise_child(child_id, to_district=body.to_district)
    return command.decide(child_id, body, registry.transfer, expected)


@router.post(
    "/{child_id}/corrections",
    response_model=CommandResult,
    summary="Correct a decision",
    dependencies=[CORRECTS_DECISIONS],
)
def correct(
    child_id: UUID, body: Correct, command: StreamRunner, registry: Registry
) -> JSONResponse:
    """Records DecisionCorrected (supervisors only); the original stays in the history."""
    expected = command.authorise_child(child_id)
    return command.decide(child_id, body, registry.correct, expected)


@router.post(
    "/{child_id}/voidings",
    response_model=CommandResult,
    summary="Void a decision",
    dependencies=[CORRECTS_DECISIONS],
)
def void(child_id: UUID, body: Void, command: StreamRunner, registry: Registry) -> JSONResponse:
    """Records DecisionVoided (supervisors only); the original stays in the history."""
    expected = command.authorise_child(child_id)
    return command.decide(child_id, body, registry.void, expected)
