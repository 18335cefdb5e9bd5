"""What one GraphQL request may ask for: depth, size, aliases and page length.

The limits refuse a query before any resolver runs, so a deep or alias-multiplied
query cannot turn into thousands of reads of children's records.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from graphql import ASTValidationRule, GraphQLError
from strawberry.extensions import (
    AddValidationRules,
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

# The depth and alias limiters define a new validation rule class each time they are
# built, and the validation cache is keyed by the rule classes too: built per request,
# they made every validation a cache miss. Built once here, every request carries the
# same rule classes and a repeated document is validated once.
LIMIT_RULES: tuple[type[ASTValidationRule], ...] = (
    *QueryDepthLimiter(max_depth=MAX_DEPTH).validation_rules,
    *MaxAliasesLimiter(max_alias_count=MAX_ALIASES).validation_rules,
)


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
        partial(AddValidationRules, list(LIMIT_RULES)),
        partial(MaxTokensLimiter, max_token_count=MAX_TOKENS),
        partial(MaskErrors, should_mask_error=is_unexpected),
    ]


def page_length(first: int | None) -> int:
    """`first` capped at MAX_PAGE; a non-positive length is refused."""
    if first is None:
        return DEFAULT_PAGE
    if first < 1:
        raise BadUserInput("first must be at least 1")
    return min(first, MAX_PAGE)
