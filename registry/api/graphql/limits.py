"""What one GraphQL request may ask for: depth, size, aliases and page length.

The limits refuse a query before any resolver runs, so a deep or alias-multiplied
query cannot turn into thousands of reads of children's records.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from graphql import GraphQLError
from strawberry.extensions import (
    MaskErrors,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    SchemaExtension,
    ValidationCache,
)

from registry.api.graphql.errors import BadUserInput, RegistryGraphQLError

MAX_DEPTH = 8
MAX_TOKENS = 2_000
MAX_ALIASES = 15
MAX_PAGE = 100
DEFAULT_PAGE = 50
# Clients send the same named operations again and again: parse and validate each
# document once (the limits are properties of the document, so they stay enforced).
CACHED_DOCUMENTS = 256


def is_unexpected(error: GraphQLError) -> bool:
    """Validation errors (no original error) and the registry's own refusals are
    shown; anything else may carry internals and is replaced by a generic message."""
    original = error.original_error
    return original is not None and not isinstance(original, RegistryGraphQLError)


def extensions() -> list[Callable[[], SchemaExtension]]:
    """Factories: Strawberry builds fresh extensions for every request."""
    return [
        partial(ParserCache, maxsize=CACHED_DOCUMENTS),
        partial(ValidationCache, maxsize=CACHED_DOCUMENTS),
        partial(QueryDepthLimiter, max_depth=MAX_DEPTH),
        partial(MaxTokensLimiter, max_token_count=MAX_TOKENS),
        partial(MaxAliasesLimiter, max_alias_count=MAX_ALIASES),
        partial(MaskErrors, should_mask_error=is_unexpected),
    ]


def page_length(first: int | None) -> int:
    """`first` capped at MAX_PAGE; a non-positive length is refused."""
    if first is None:
        return DEFAULT_PAGE
    if first < 1:
        raise BadUserInput("first must be at least 1")
    return min(first, MAX_PAGE)
