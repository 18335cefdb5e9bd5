"""The media type of a request body: JSON or 415 `unsupported_media_type`.

FastAPI decodes a body as JSON only when its `Content-Type` says so, and validates
any other body as raw bytes against the command's model: a command sent as
`text/plain` was refused as 422 `validation`, which tells the client to fix its
fields when the fault is the label. The routers that take JSON bodies therefore
depend on `JsonBody`, which refuses a body sent as anything else before it is
validated or authorised. A charset parameter is allowed when it says UTF-8, the
only encoding JSON has (RFC 8259); the other parameters are ignored.
"""

from __future__ import annotations

from fastapi import Depends
from fastapi.params import Depends as DependsParam
from starlette.requests import HTTPConnection

from registry.api.problems import UNSUPPORTED_MEDIA_TYPE, Problem

JSON = "application/json"
BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


def is_json(content_type: str | None, *, structured_suffix: bool) -> bool:
    """Whether `content_type` names JSON: `application/json` or, with
    `structured_suffix`, any `application/*+json` (RFC 6839)."""
    if content_type is None:
        return False
    media_type, *parameters = (part.strip().lower() for part in content_type.split(";"))
    suffixed = media_type.startswith("application/") and media_type.endswith("+json")
    if media_type != JSON and not (structured_suffix and suffixed):
        return False
    return all(_says_utf8(parameter) for parameter in parameters if parameter)


def _says_utf8(parameter: str) -> bool:
    name, _, value = parameter.partition("=")
    return name.strip() != "charset" or value.strip().strip('"') == "utf-8"


class JsonBody:
    """A router dependency: a POST, PUT or PATCH must label its body JSON; one without
    a `Content-Type` is refused too, since what its body is cannot be told."""

    def __init__(self, *, structured_suffix: bool) -> None:
        self.structured_suffix = structured_suffix
        self.accepted = f"{JSON} or application/*+json" if structured_suffix else JSON

    async def __call__(self, connection: HTTPConnection) -> None:
        if connection.scope.get("method") not in BODY_METHODS:
            return
        if not is_json(
            connection.headers.get("content-type"), structured_suffix=self.structured_suffix
        ):
            raise Problem(415, UNSUPPORTED_MEDIA_TYPE, f"send the body as {self.accepted}")


COMMAND_BODY: DependsParam = Depends(JsonBody(structured_suffix=True))
"""REST commands: `application/json` or a structured `+json` type."""

GRAPHQL_BODY: DependsParam = Depends(JsonBody(structured_suffix=False))
"""GraphQL POSTs: `application/json`, the request media type of GraphQL over HTTP."""
