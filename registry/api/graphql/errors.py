"""The GraphQL errors a client may see, each with a stable `extensions.code`.

Messages name what was refused and why, never a child's personal data; any other
exception is masked (see `error_codes`), so no internal detail leaks.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from graphql import ExecutionResult, GraphQLError
from strawberry.types import ExecutionContext

from registry.domain.date_range import DateOutOfRange, require_in_range


class RegistryGraphQLError(GraphQLError):
    """An expected refusal: shown to the client as is."""

    code = "INTERNAL"

    def __init__(self, message: str) -> None:
        super().__init__(message, extensions={"code": self.code})


class Unauthenticated(RegistryGraphQLError):
    code = "UNAUTHENTICATED"


class Forbidden(RegistryGraphQLError):
    code = "FORBIDDEN"


class BadUserInput(RegistryGraphQLError):
    code = "BAD_USER_INPUT"


class DocumentTooLarge(RegistryGraphQLError):
    """A document over the length limit, refused before it is parsed."""

    code = "DOCUMENT_TOO_LARGE"


class AccessNotRecorded(RegistryGraphQLError):
    """The access log could not record the request's reads, so nothing is returned."""

    code = "ACCESS_NOT_RECORDED"


def refuse_execution(context: ExecutionContext, errors: list[GraphQLError]) -> None:
    """Answer with `errors` instead of executing the operation (from an `on_execute`
    hook, before it yields); the first refusal of a request stands."""
    if context.result is None:
        context.result = ExecutionResult(data=None, errors=errors)


def parse_id(value: str) -> UUID:
    """An `ID` argument as the registry's UUID, or a clear input error."""
    try:
        return UUID(value)
    except ValueError:
        raise BadUserInput("the id is not a valid registry id") from None


def date_argument(argument: str, day: date, today: date) -> date:
    """A date argument within the range callers may ask about, or a clear input error
    naming the argument and the range (checked before anything is read or logged)."""
    try:
        return require_in_range(argument, day, today)
    except DateOutOfRange as refusal:
        raise BadUserInput(str(refusal)) from None
