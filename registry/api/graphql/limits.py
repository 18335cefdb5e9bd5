"""What one GraphQL request may ask for: length, depth, size, aliases and page length.

The limits refuse a query before any resolver runs, so a deep or alias-multiplied
query cannot turn into thousands of reads of children's records.

The token limit is the lexer's, which counts neither comments nor whitespace nor
the length of a string: a few kilobytes of query could be padded to megabytes
that are all read and lexed before the count is reached. The document's length
in characters is therefore limited too, and checked before parsing starts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial

from graphql import ASTValidationRule
from strawberry.extensions import (
    AddValidationRules,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    SchemaExtension,
    ValidationCache,
)

from registry.api.graphql.errors import BadUserInput, DocumentTooLarge

MAX_DOCUMENT_LENGTH = 20_000
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


class DocumentLengthLimiter(SchemaExtension):
    """Refuses a document longer than MAX_DOCUMENT_LENGTH characters before it is parsed.

    Raised from `on_parse`, the refusal becomes the request's only error (Strawberry
    answers an exception of a parsing hook as a pre-execution error); it must be the
    first parsing hook, ahead of the parser cache, which parses in its own hook."""

    def on_parse(self) -> Iterator[None]:
        query = self.execution_context.query
        if query is not None and len(query) > MAX_DOCUMENT_LENGTH:
            raise DocumentTooLarge(
                f"the document is {len(query)} characters long; "
                f"at most {MAX_DOCUMENT_LENGTH} are accepted"
            )
        yield


def extensions() -> list[Callable[[], SchemaExtension]]:
    """Factories: Strawberry builds fresh extensions for every request."""
    return [
        DocumentLengthLimiter,
        partial(ParserCache, maxsize=CACHED_DOCUMENTS),
        partial(ValidationCache, maxsize=CACHED_DOCUMENTS),
        partial(AddValidationRules, list(LIMIT_RULES)),
        partial(MaxTokensLimiter, max_token_count=MAX_TOKENS),
    ]


def page_length(first: int | None) -> int:
    """`first` capped at MAX_PAGE; a non-positive length is refused."""
    if first is None:
        return DEFAULT_PAGE
    if first < 1:
        raise BadUserInput("first must be at least 1")
    return min(first, MAX_PAGE)
