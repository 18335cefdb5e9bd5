"""Writing a request's access-log entries once, after the query ran and before it answers.

Resolvers note each read of a named child's record in the context; this extension
appends them in one statement when execution ends. A request reading a child and
its history costs one commit, not one per field. If the write fails, the answer
carries no data at all: a read that left no trace is not returned.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

from strawberry.extensions import SchemaExtension

from registry.api.graphql.context import GraphQLContext
from registry.api.graphql.errors import AccessNotRecorded

logger = logging.getLogger(__name__)


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
            # The error's text may quote row values: log its kind only.
            logger.error("the access log refused a write (%s)", type(error).__name__)
            result.data = None
            result.errors = [AccessNotRecorded("the read could not be recorded; retry later")]
