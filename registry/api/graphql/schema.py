"""The Strawberry schema: the root Query with the request limits.

Building it only defines types (no connections, no I/O), so `schema` is a plain
module attribute, and `sdl()` is what `graphql/schema.graphql` must equal.
"""

from __future__ import annotations

import strawberry
from graphql import GraphQLError
from strawberry.types import ExecutionContext

from registry.api.graphql.access_writer import AccessLogWriter
from registry.api.graphql.limits import extensions, is_unexpected
from registry.api.graphql.query import Query


class RegistrySchema(strawberry.Schema):
    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        """Log only what went wrong inside: refusals and invalid queries are the
        client's answer, not the operator's problem."""
        unexpected = [error for error in errors if is_unexpected(error)]
        super().process_errors(unexpected, execution_context)


schema = RegistrySchema(query=Query, extensions=[*extensions(), AccessLogWriter])


def sdl() -> str:
    """The schema in SDL, as committed in `graphql/schema.graphql`."""
    return schema.as_str() + "\n"
