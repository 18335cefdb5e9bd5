"""Writing a request's access-log entries once, after the query ran and before it answers.

Resolvers note each read of a named child's record in the context; this extension
appends them in one statement when execution ends. A request reading a child and
its history costs one commit, not one per field. If the write fails, the answer
carries no data at all: a read that left no trace is not returned.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from registry.api.graphql.context import GraphQLContext
from registry.api.graphql.errors import AccessNotRecorded
from registry.database import is_database_unavailable
from registry.observability.error_log import log_unexpected
from registry.observability.middleware import request_id_of


class AccessLogWriter(SchemaExtension):
    async def on_execute(self) -> AsyncIterator[None]:
        yield
        context = self.execution_context.context
        result = self.execution_context.result
        if not isinstance(context, GraphQLContext) or result is None:
            return
        try:
            await context.write_reads()
        except Exception as error:
            result.data = None
            if is_database_unavailable(error):
                # Coded and logged as the outage it is where the answer is made.
                result.errors = [GraphQLError("access log unreachable", original_error=error)]
                return
            log_unexpected(error, request_id_of(context.request))
            result.errors = [AccessNotRecorded("the read could not be recorded; retry later")]
