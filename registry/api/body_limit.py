"""The request-body limit: a body over `max_body_bytes` is refused, 413 `payload_too_large`.

A pure ASGI middleware that never holds the body: it looks at the declared
`Content-Length` before the app runs, and counts the body as it streams through
`receive`, chunk by chunk, so that a chunked request (which declares no length)
is stopped the moment it passes the limit rather than after it has been read.

A declared length over the limit is answered here, before anything else runs. A
streamed body is stopped by raising `PayloadTooLarge` from `receive`, in the
endpoint that reads it: it is an HTTP exception, which FastAPI lets through its
body parsing unchanged (any other exception there becomes a 400), and the problem
handlers answer it like every other HTTP error.
"""

from __future__ import annotations

from fastapi import FastAPI
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from registry.api.problems import PAYLOAD_TOO_LARGE, problem_response


def _detail(max_bytes: int) -> str:
    return f"the request body is over the limit of {max_bytes} bytes"


class PayloadTooLarge(HTTPException):
    def __init__(self, max_bytes: int) -> None:
        super().__init__(413, _detail(max_bytes))


class BodyLimit:
    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.max_bytes:
            refusal = problem_response(413, PAYLOAD_TOO_LARGE, _detail(self.max_bytes))
            await refusal(scope, receive, send)
            return
        received = 0

        async def counted_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise PayloadTooLarge(self.max_bytes)
            return message

        await self.app(scope, counted_receive, send)


def _content_length(scope: Scope) -> int | None:
    """The declared length; None when absent or not a number (the server refuses those)."""
    for name, value in scope["headers"]:
        if name == b"content-length" and value.isdigit():
            return int(value)
    return None


def install_body_limit(app: FastAPI, max_bytes: int) -> None:
    """Call before `install_observability`: the middleware added first runs inside, so
    a refusal still gets its request id and its line in the request log."""
    app.add_middleware(BodyLimit, max_bytes=max_bytes)
