"""The Strawberry schema: the root Query with the request limits.

Building it only defines types (no connections, no I/O), so `schema` is a plain
module attribute, and `sdl()` is what `graphql/schema.graphql` must equal.
"""

from __future__ import annotations

import strawberry
from graphql import GraphQLError
from strawberry.fastapi import BaseContext
from strawberry.types import ExecutionContext

from registry.api.graphql.access_writer import AccessLogWriter
from registry.api.graphql.error_codes import is_outage, is_unexpected
from registry.api.graphql.limits import extensions
from registry.api.graphql.query import Query
from registry.api.graphql.stated_reason import StatedReason
from registry.api.graphql.variables import VariableErrors
from registry.observability.error_log import log_outage, log_unexpected
from registry.observability.middleware import request_id_of


class RegistrySchema(strawberry.Schema):
    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        """Log only what went wrong inside, each as the error log's one line (never
        Strawberry's, which prints the message and its traceback): refusals and invalid
        queries are the client's answer, not the operator's problem."""
        context = execution_context.context if execution_context is not None else None
        request_id = request_id_of(context.request if isinstance(context, BaseContext) else None)
        for error in errors:
            if error.original_error is None:
                continue
            if is_outage(error):
                log_outage(error.original_error, request_id)
            elif is_unexpected(error):
                log_unexpected(error.original_error, request_id)


schema = RegistrySchema(
    query=Query,
    extensions=[*extensions(), VariableErrors, StatedReason, AccessLogWriter],
)


def sdl() -> str:
    """The schema in SDL, as committed in `graphql/schema.graphql`."""
    return schema.as_str() + "\n"
