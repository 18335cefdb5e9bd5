"""The GraphQL errors a client may see, each with a stable `extensions.code`.

Messages name what was refused and why, never a child's personal data; any other
exception is masked (see `limits.extensions`), so no internal detail leaks.
"""

from __future__ import annotations

from uuid import UUID

from graphql import GraphQLError


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


class AccessNotRecorded(RegistryGraphQLError):
    """The access log could not record the request's reads, so nothing is returned."""

    code = "ACCESS_NOT_RECORDED"


def parse_id(value: str) -> UUID:
    """An `ID` argument as the registry's UUID, or a clear input error."""
    try:
        return UUID(value)
    except ValueError:
        raise BadUserInput("the id is not a valid registry id") from None
