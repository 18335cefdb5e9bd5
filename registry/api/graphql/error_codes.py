"""Every GraphQL error leaves with an `extensions.code`, and unexpected ones masked.

graphql-core's own errors carry no code, so a client could not tell a query it
must fix from a failure it may retry. `with_code` gives every error one:

- the registry's refusals keep their own (`errors.RegistryGraphQLError`);
- an error raised because the database cannot be reached is `DATABASE_UNAVAILABLE`
  (the transport answers it with HTTP 503 and `Retry-After`, as REST does);
- an error raised unexpectedly (one with an original exception that is no
  refusal) is replaced by "Unexpected error." with `INTERNAL`: its text may carry
  internals or data quoted by a library, and the schema logs it instead;
- a syntax error, the token limit's included, is `GRAPHQL_PARSE_FAILED`;
- anything else is a validation error, `GRAPHQL_VALIDATION_FAILED`: graphql-core
  wraps every error raised while executing around its original exception, so an
  error without one was found before execution began.

It is applied where the result is turned into the HTTP answer (`transport`), not
in a schema extension: Strawberry answers an exception of a parsing hook (a syntax
error found by the parser cache, a document over the length limit) after the
extensions have finished, so only the answer itself sees every error.
"""

from __future__ import annotations

from graphql import GraphQLError, GraphQLSyntaxError

from registry.api.graphql.errors import RegistryGraphQLError
from registry.database import is_database_unavailable

INTERNAL = "INTERNAL"
DATABASE_UNAVAILABLE = "DATABASE_UNAVAILABLE"
PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
UNEXPECTED_MESSAGE = "Unexpected error."


def is_unexpected(error: GraphQLError) -> bool:
    """Raised by something other than the registry's refusals: masked and logged."""
    original = error.original_error
    return original is not None and not isinstance(original, RegistryGraphQLError)


def is_outage(error: GraphQLError) -> bool:
    original = error.original_error
    return original is not None and is_database_unavailable(original)


def with_code(error: GraphQLError) -> GraphQLError:
    """The error as the client sees it, always with a code."""
    if is_outage(error):
        message = "The registry's database cannot be reached; retry shortly."
        return _copy(error, message, {"code": DATABASE_UNAVAILABLE}, original_error=None)
    if is_unexpected(error):
        return _copy(error, UNEXPECTED_MESSAGE, {"code": INTERNAL}, original_error=None)
    if error.extensions and "code" in error.extensions:
        return error
    code = PARSE_FAILED if isinstance(error, GraphQLSyntaxError) else VALIDATION_FAILED
    extensions = {**(error.extensions or {}), "code": code}
    return _copy(error, error.message, extensions, original_error=error.original_error)


def _copy(
    error: GraphQLError,
    message: str,
    extensions: dict[str, object],
    original_error: Exception | None,
) -> GraphQLError:
    return GraphQLError(
        message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        original_error=original_error,
        extensions=extensions,
    )
