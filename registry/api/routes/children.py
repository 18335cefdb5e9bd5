"""Decisions about a child: `POST /api/v1/children...` (docs/design.md sections 3 and 7).

The caller's role is checked before anything else (`role_gates`); each endpoint
then turns its body into the decision's command and submits it, which checks the
caller's districts on the child decided about (`CommandRunner.submit`).
"""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from registry.api.commands import CommandResult, NewStreamRunner, StreamRunner
from registry.api.media_types import COMMAND_BODY
from registry.api.models import (
    AdmitBody,
    AdoptPlanBody,
    AssessBody,
    ChangeLegalStatusBody,
    CorrectBody,
    ExitCareBody,
    GrantAdoptionBody,
    LinkRecordsBody,
    MoveBody,
    NotDuplicatesBody,
    RegisterChildBody,
    ReviewPlanBody,
    TransferBody,
    VoidBody,
)
from registry.api.problems import JSON_BODY_RESPONSES, PROBLEM_RESPONSES
from registry.api.role_gates import CORRECTS_DECISIONS, RECORDS_DECISIONS, RESOLVES_DUPLICATES
from registry.api.routes import API_PREFIX

router = APIRouter(
    prefix=f"{API_PREFIX}/children",
    tags=["children"],
    responses={**PROBLEM_RESPONSES, **JSON_BODY_RESPONSES},
    dependencies=[RECORDS_DECISIONS, COMMAND_BODY],
)


@router.post("", status_code=201, response_model=CommandResult, summary="Register a child")
def register_child(body: RegisterChildBody, command: NewStreamRunner) -> JSONResponse:
    """Records ChildRegistered in the given district (which the caller must hold)."""
    return command.submit(body, body.to_command(command.header(body)), status=201)


@router.post(
    "/{child_id}/legal-status", response_model=CommandResult, summary="Change legal status"
)
def change_legal_status(
    child_id: UUID, body: ChangeLegalStatusBody, command: StreamRunner
) -> JSONResponse:
    """Records LegalStatusChanged."""
    return command.submit(body, body.to_command(command.header(body), child_id))


@router.post(
    "/{child_id}/assessments",
    response_model=CommandResult,
    summary="Record a gatekeeping assessment",
)
def assess(child_id: UUID, body: AssessBody, command: StreamRunner) -> JSONResponse:
    """Records GatekeepingAssessed; the answer carries the new `assessment_id`."""
    return command.submit(body, body.to_command(command.header(body), child_id))


@router.post("/{child_id}/admissions", response_model=CommandResult, summary="Admit to care")
def admit(child_id: UUID, body: AdmitBody, command: StreamRunner) -> JSONResponse:
    """Records EnteredCare and the first PlacementStarted (and the provider's PlaceTaken)
    in one write; the answer carries `episode_id` and `placement_id`."""
    return command.submit(body, body.to_command(command.header(body), child_id))


@router.post("/{child_id}/moves", response_model=CommandResult, summary="Move to a new placement")
def move(child_id: UUID, body: MoveBody, command: StreamRunner) -> JSONResponse:
    """Records PlacementEnded and PlacementStarted (releasing and taking places) in one
    write; the answer carries the new `placement_id`."""
    return command.submit(body, body.to_command(command.header(body), child_id))


@router.post("/{child_id}/plans", response_model=CommandResult, summary="Adopt a development plan")
def adopt_plan(child_id: UUID, body: AdoptPlanBody, command: StreamRunner) -> JSONResponse:
    """Records DevelopmentPlanAdopted; the answer carries the new `plan_id`."""
    return command.submit(body, body.to_command(command.header(body), child_id))


@router.post(
    "/{child_id}/plans/{plan_id}/reviews",
    response_model=CommandResult,
    summary="Review a development plan",
)
def review_plan(
    child_id: UUID, plan_id: UUID, body: ReviewPlanBody, command: StreamRunner
) -> JSONResponse:
    """Records DevelopmentPlanReviewed."""
    return command.submit(body, body.to_command(command.header(body), child_id, plan_id))


@router.post("/{child_id}/adoptions", response_model=CommandResult, summary="Grant adoption")
def grant_adoption(child_id: UUID, body: GrantAdoptionBody, command: StreamRunner) -> JSONResponse:
    """Records AdoptionGranted, PlacementEnded and CareExited in one write."""
    return command.submit(body, body.to_command(command.header(body), child_id))


@router.post("/{child_id}/exits", response_model=CommandResult, summary="Exit from care")
def exit_care(child_id: UUID, body: ExitCareBody, command: StreamRunner) -> JSONResponse:
    """Records PlacementEnded and CareExited (any reason but adoption)."""
    return command.submit(body, body.to_command(command.header(body), child_id))


@router.post("/{child_id}/transfers", response_model=CommandResult, summary="Transfer the case")
def transfer(child_id: UUID, body: TransferBody, command: StreamRunner) -> JSONResponse:
    """Records CaseTransferred. An officer must hold both districts; a supervisor may send
    a case of their region anywhere."""
    return command.submit(body, body.to_command(command.header(body), child_id))


@router.post(
    "/{child_id}/corrections",
    response_model=CommandResult,
    summary="Correct a decision",
    dependencies=[CORRECTS_DECISIONS],
)
def correct(child_id: UUID, body: CorrectBody, command: StreamRunner) -> JSONResponse:
    """Records DecisionCorrected (supervisors only); the original stays in the history."""
    return command.submit(body, body.to_command(command.header(body), child_id))


@router.post(
    "/{child_id}/voidings",
    response_model=CommandResult,
    summary="Void a decision",
    dependencies=[CORRECTS_DECISIONS],
)
def void(child_id: UUID, body: VoidBody, command: StreamRunner) -> JSONResponse:
    """Records DecisionVoided (supervisors only); the original stays in the history."""
    return command.submit(body, body.to_command(command.header(body), child_id))


@router.post(
    "/{child_id}/links",
    response_model=CommandResult,
    summary="Link a duplicate record to the surviving one",
    dependencies=[RESOLVES_DUPLICATES],
)
def link_records(child_id: UUID, body: LinkRecordsBody, command: StreamRunner) -> JSONResponse:
    """Records RecordsLinked in both records (supervisors only, holding both): this one,
    the duplicate, is closed; its history shows with the survivor's."""
    return command.submit(body, body.to_command(command.header(body), child_id))


@router.post(
    "/{child_id}/not-duplicates",
    response_model=CommandResult,
    summary="Record that two alike records are two children",
    dependencies=[RESOLVES_DUPLICATES],
)
def not_duplicates(child_id: UUID, body: NotDuplicatesBody, command: StreamRunner) -> JSONResponse:
    """Records NotDuplicates (supervisors only): the pair is never suggested again."""
    return command.submit(body, body.to_command(command.header(body), child_id))
