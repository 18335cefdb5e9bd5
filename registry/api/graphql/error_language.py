"""GraphQL errors in the client's language: `message` translated by
`Accept-Language`, `extensions.code` never (as for REST's problem documents,
`registry.api.problem_language`). Without it, or asking for English, messages stay
as written, with their specific English detail."""

from __future__ import annotations

from graphql import GraphQLError

from registry.api.problem_language import translated_message
from registry.pages.i18n import PageLocale, load_translations

MESSAGE_KEYS = {
    "UNAUTHENTICATED": "unauthenticated",
    "FORBIDDEN": "forbidden",
    "BAD_USER_INPUT": "validation",
    "DOCUMENT_TOO_LARGE": "document_too_large",
    "ACCESS_NOT_RECORDED": "access_not_recorded",
    "INTERNAL": "internal_error",
    "DATABASE_UNAVAILABLE": "database_unavailable",
    "GRAPHQL_PARSE_FAILED": "query_not_parsed",
    "GRAPHQL_VALIDATION_FAILED": "query_invalid",
    "BAD_REQUEST": "bad_request",
}
"""The catalog's message of each GraphQL error code."""


def translated(code: str, message: str, locale: PageLocale | None) -> str:
    """The message of an error of `code` in `locale` (as written when None)."""
    key = MESSAGE_KEYS.get(code)
    if locale is None or key is None:
        return message
    return translated_message(load_translations(locale), key) or message


def translated_error(error: GraphQLError, locale: PageLocale | None) -> GraphQLError:
    code = str((error.extensions or {}).get("code", ""))
    message = translated(code, error.message, locale)
    if message == error.message:
        return error
    return GraphQLError(
        message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        original_error=error.original_error,
        extensions=error.extensions,
    )
