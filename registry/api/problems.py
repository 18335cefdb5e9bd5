"""Errors as `application/problem+json` (RFC 9457) with a stable `code`.

Every failure a client can see goes through here: the body says what kind of
failure it was and never carries a stack trace or a child's personal data.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any
from uuid import UUID

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from registry.database import is_database_unavailable
from registry.domain.errors import DomainError, PossibleDuplicate
from registry.observability.error_log import log_outage, log_unexpected
from registry.observability.middleware import request_id_of
from registry.outages import DATABASE_UNAVAILABLE, RETRY_AFTER_SECONDS
from registry.permissions import User

PROBLEM_MEDIA_TYPE = "application/problem+json"
PAYLOAD_TOO_LARGE = "payload_too_large"
UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type"
REFUSAL_STATUSES: dict[str, int] = {
    "validation": 422,
    "not_found": 404,
    "not_a_child": 422,
    "unknown_district": 422,
    "idempotency_key_reused": 422,
    "integrity_failure": 500,
}
"""The HTTP status of each domain refusal code that is not a conflict (409)."""

HTTP_ERROR_CODES = {404: "not_found", 405: "method_not_allowed", 413: PAYLOAD_TOO_LARGE}


class DuplicateCandidateBody(BaseModel):
    """A record a refused registration may duplicate (409 `possible_duplicate`). Its id
    only where the caller may read the record, which they then open by id (a logged
    read); a record outside the caller's districts is only "a record in district X".
    Names are never part of an error answer."""

    child_id: UUID | None
    district: str
    score: float
    matched: list[str]
    """given_name, family_name, birth_date (or birth_date_swapped, birth_date_near),
    sex, district, patronymic, personal_id: the fields that agree."""


class ProblemBody(BaseModel):
    """The shape of every error answer."""

    type: str = "about:blank"
    status: int
    title: str
    detail: str
    code: str
    errors: list[dict[str, Any]] | None = None
    candidates: list[DuplicateCandidateBody] | None = None


class Problem(Exception):
    """Raised anywhere in a request to answer with a problem document."""

    def __init__(self, status: int, code: str, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.code = code
        self.detail = detail


def unauthenticated(detail: str = "a valid bearer token is required") -> Problem:
    return Problem(401, "unauthenticated", detail)


def forbidden(detail: str) -> Problem:
    return Problem(403, "forbidden", detail)


def problem_body(
    status: int,
    code: str,
    detail: str,
    errors: list[dict[str, Any]] | None = None,
    candidates: list[DuplicateCandidateBody] | None = None,
) -> dict[str, Any]:
    body = ProblemBody(
        status=status, title=HTTPStatus(status).phrase, detail=detail, code=code, errors=errors
    ).model_dump(mode="json", exclude_none=True)
    if candidates is not None:  # a candidate's null id is shown, not left out
        body["candidates"] = [candidate.model_dump(mode="json") for candidate in candidates]
    return body


def problem_response(
    status: int,
    code: str,
    detail: str,
    errors: list[dict[str, Any]] | None = None,
) -> JSONResponse:
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(
        problem_body(status, code, detail, errors),
        status_code=status,
        media_type=PROBLEM_MEDIA_TYPE,
        headers=headers,
    )


def _validation_errors(error: RequestValidationError) -> list[dict[str, Any]]:
    """Where and why, never the offending value: it may be a child's name or id."""
    return [
        {
            "loc": [str(part) for part in item.get("loc", ())],
            "msg": item.get("msg", ""),
            "type": item.get("type", ""),
        }
        for item in error.errors()
    ]


async def _on_problem(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, Problem)
    return problem_response(exc.status, exc.code, exc.detail)


def refusal_status(refusal: DomainError) -> int:
    return REFUSAL_STATUSES.get(refusal.code, 409)


def refusal_body(refusal: DomainError, user: User) -> dict[str, Any]:
    """The problem document of a refusal, as this caller may see it."""
    status = refusal_status(refusal)
    candidates = None
    if isinstance(refusal, PossibleDuplicate):
        candidates = [
            DuplicateCandidateBody(
                child_id=c.child_id if user.may_read_child(c.identity.district) else None,
                district=c.identity.district,
                score=c.likeness.score,
                matched=list(c.likeness.matched),
            )
            for c in refusal.candidates
        ]
    return problem_body(status, refusal.code, refusal.detail, candidates=candidates)


async def _on_domain_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DomainError)
    return problem_response(refusal_status(exc), exc.code, exc.detail)


async def _on_validation_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    return problem_response(
        422, "validation", "the request does not match the schema", _validation_errors(exc)
    )


async def _on_http_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 400:
        # FastAPI's answer to a body it cannot decode: a malformed request like any other.
        return problem_response(422, "validation", "the request body is not valid JSON")
    code = HTTP_ERROR_CODES.get(exc.status_code, "http_error")
    detail = exc.detail if isinstance(exc.detail, str) else HTTPStatus(exc.status_code).phrase
    return problem_response(exc.status_code, code, detail)


async def _on_unexpected(request: Request, exc: Exception) -> JSONResponse:
    """An outage is answered as one (503, retry later); anything else is a bug: the client
    learns only that it failed, and the operator gets the error log's line."""
    if is_database_unavailable(exc):
        log_outage(exc, request_id_of(request))
        return database_unavailable()
    log_unexpected(exc, request_id_of(request))
    return problem_response(500, "internal_error", "the registry could not answer this request")


def database_unavailable() -> JSONResponse:
    response = problem_response(
        503, DATABASE_UNAVAILABLE, "the registry's database cannot be reached; retry shortly"
    )
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(Problem, _on_problem)
    app.add_exception_handler(DomainError, _on_domain_error)
    app.add_exception_handler(RequestValidationError, _on_validation_error)
    app.add_exception_handler(StarletteHTTPException, _on_http_error)
    app.add_exception_handler(Exception, _on_unexpected)


def _documented(*answers: tuple[int, str]) -> dict[int | str, dict[str, Any]]:
    return {
        status: {
            "model": ProblemBody,
            "content": {
                PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/ProblemBody"}}
            },
            "description": description,
        }
        for status, description in answers
    }


PROBLEM_RESPONSES = _documented(
    (401, "No valid bearer token (`unauthenticated`)"),
    (403, "The caller's role or districts do not allow this (`forbidden`)"),
    (404, "No such child or provider (`not_found`)"),
    (409, "Refused by a rule, or `version_conflict`; nothing was written"),
    (413, f"The request body is over the size limit (`{PAYLOAD_TOO_LARGE}`)"),
    (422, "The request does not match the schema (`validation`)"),
)
"""The error answers every endpoint documents in OpenAPI."""

JSON_BODY_RESPONSES = _documented(
    (415, f"The body is not sent as JSON (`{UNSUPPORTED_MEDIA_TYPE}`)"),
)
"""The answer of the endpoints that take a JSON body to any other media type."""
