"""`extensions.accessReason`: the access reason stated inside the GraphQL request.

A JSON string carries any script as it is, without the percent-encoding the
`X-Access-Reason` header needs (see `access_reason`), and is checked by the same
rules. A request stating a reason both ways is refused: the access log keeps one
reason per read, and which of the two the caller meant cannot be told.
"""

from __future__ import annotations

from collections.abc import Iterator

from strawberry.extensions import SchemaExtension

from registry.api.access_reason import InvalidAccessReason, access_reason
from registry.api.dependencies import REASON_HEADER
from registry.api.graphql.context import GraphQLContext
from registry.api.graphql.errors import BadUserInput, refuse_execution

EXTENSION = "accessReason"


class StatedReason(SchemaExtension):
    def on_execute(self) -> Iterator[None]:
        execution = self.execution_context
        stated = (execution.operation_extensions or {}).get(EXTENSION)
        context = execution.context
        if stated is not None and isinstance(context, GraphQLContext):
            try:
                context.reason = _reason(stated, context.reason)
            except InvalidAccessReason as refusal:
                refuse_execution(execution, [BadUserInput(f"extensions.{EXTENSION}: {refusal}")])
        yield


def _reason(stated: object, from_header: str | None) -> str:
    if not isinstance(stated, str):
        raise InvalidAccessReason("the access reason must be a string")
    if from_header is not None:
        raise InvalidAccessReason(f"state the access reason once, here or in {REASON_HEADER}")
    return access_reason(stated)
