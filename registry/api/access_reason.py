"""The reason a caller states for reading a named child's record, as the access log keeps it.

Monitors read the reasons back (`accessLog`), so a reason is stored exactly as
stated: at most MAX_LENGTH characters, no control characters (they would let a
reason fake a line break or hide text in what a monitor reads).

It reaches the API in one of two ways. The `X-Access-Reason` header: HTTP headers
are Latin-1, so Azerbaijani or Russian text arrives as UTF-8 percent-encoded
(`encodeURIComponent`), and a header that is not plain ASCII or does not decode
as UTF-8 is refused rather than stored garbled. Or the GraphQL request's
`extensions.accessReason`, a JSON string taken as is.
"""

from __future__ import annotations

import unicodedata
from urllib.parse import unquote

MAX_LENGTH = 500
REFUSED_CATEGORIES = frozenset({"Cc", "Cs"})
"""Control characters, and lone surrogates (which no database stores as text)."""


class InvalidAccessReason(ValueError):
    """The message says what is wrong, never the reason itself."""


def access_reason(text: str) -> str:
    """`text` if it may be stored as a reason, else `InvalidAccessReason`."""
    if len(text) > MAX_LENGTH:
        raise InvalidAccessReason(
            f"the access reason is {len(text)} characters long; at most {MAX_LENGTH} are accepted"
        )
    if any(unicodedata.category(character) in REFUSED_CATEGORIES for character in text):
        raise InvalidAccessReason("the access reason may not contain control characters")
    return text


def access_reason_from_header(raw: str) -> str:
    """The reason a header carries: UTF-8, percent-encoded where it is not ASCII."""
    if not raw.isascii():
        raise InvalidAccessReason("the access reason header must be UTF-8, percent-encoded")
    try:
        decoded = unquote(raw, encoding="utf-8", errors="strict")
    except UnicodeDecodeError:
        raise InvalidAccessReason(
            "the access reason header is not valid percent-encoded UTF-8"
        ) from None
    return access_reason(decoded)
