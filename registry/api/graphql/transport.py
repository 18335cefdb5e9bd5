"""`/graphql` over HTTP, where every error of every answer gets its `extensions.code`.

A result's errors are coded, and unexpected ones masked, as the answer is made
(see `error_codes`): this is the one place every error of every request passes.

Strawberry refuses a POST whose JSON it cannot use (not JSON, no query, variables
that are no object, an unknown operation name, a mutation over GET) with a
plain-text 400 that carries no code. Here the same refusal is a GraphQL response,
`{"errors": [{"message": ..., "extensions": {"code": "BAD_REQUEST"}}]}`, with the
same status. Refusals of the HTTP request itself (a token, the body's size or
media type, a header) are problem documents, as on every other path.
"""

from __future__ import annotations

from typing import overload

from cross_web import HTTPException
from fastapi import Request, Response, WebSocket
from fastapi.responses import JSONResponse
from strawberry.http import GraphQLHTTPResponse
from strawberry.types import ExecutionResult
from strawberry.types.unset import UNSET

from registry.api.graphql.context import GraphQLContext
from registry.api.graphql.error_codes import DATABASE_UNAVAILABLE, with_code
from registry.api.graphql.error_language import translated, translated_error
from registry.api.graphql.ide import LocalGraphiQLRouter
from registry.outages import RETRY_AFTER_SECONDS
from registry.pages.i18n import translation_asked

BAD_REQUEST = "BAD_REQUEST"


class RegistryGraphQLRouter(LocalGraphiQLRouter):
    async def process_result(
        self, request: Request, result: ExecutionResult
    ) -> GraphQLHTTPResponse:
        if result.errors:
            locale = translation_asked(request.headers.get("accept-language"))
            result.errors = [translated_error(with_code(error), locale) for error in result.errors]
            if any(
                (error.extensions or {}).get("code") == DATABASE_UNAVAILABLE
                for error in result.errors
            ):
                request.state.database_unavailable = True
        return await super().process_result(request, result)

    @overload
    async def run(
        self, request: Request, context: GraphQLContext = UNSET, root_value: None = UNSET
    ) -> Response: ...

    @overload
    async def run(
        self, request: WebSocket, context: GraphQLContext = UNSET, root_value: None = UNSET
    ) -> WebSocket: ...

    async def run(
        self,
        request: Request | WebSocket,
        context: GraphQLContext = UNSET,
        root_value: None = UNSET,
    ) -> Response | WebSocket:
        try:
            response = await super().run(request, context, root_value)
        except HTTPException as refusal:
            locale = translation_asked(request.headers.get("accept-language"))
            message = translated(BAD_REQUEST, refusal.reason, locale)
            error = {"message": message, "extensions": {"code": BAD_REQUEST}}
            return JSONResponse({"errors": [error]}, status_code=refusal.status_code)
        if isinstance(response, Response) and getattr(request.state, "database_unavailable", False):
            # An outage is answered as one over HTTP too: a client may retry shortly.
            response.status_code = 503
            response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
