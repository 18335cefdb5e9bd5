"""An exception as log fields: its type, where it was raised, and its frames, never its text.

An exception's message may quote what the failing code was handling: a database
error repeats the row it refused, a parser the value it could not read, so a
message can carry a child's name or personal id. The frames are kept because
they are what an operator needs to find the failing code, and they hold code
positions only (file, line, function), never a value or a line of source. The
exceptions it was raised from are named by type, for the same reason.
"""

from __future__ import annotations

import os
import re
import sys
import traceback
from typing import Any

TRACEBACK_HEADER = "Traceback (most recent call last):"
PRINTED_FRAME = re.compile(
    r'^\s*File "(?P<file>[^"]+)", line (?P<line>\d+), in (?P<function>.+)$', re.M
)


def error_fields(error: BaseException) -> dict[str, Any]:
    """`error_type`, `location` (the innermost frame), `frames` (outermost first) and
    `caused_by` (the types of the exceptions it was raised from, nearest first)."""
    frames = [_frame(frame) for frame in traceback.extract_tb(error.__traceback__)]
    return {
        "error_type": _type_name(error),
        "location": frames[-1] if frames else None,
        "frames": frames,
        "caused_by": [_type_name(cause) for cause in _causes(error)],
    }


def printed_error_fields(printed: str) -> dict[str, Any]:
    """The same fields read from a traceback as Python prints it, for a library that
    hands over only the text (Starlette reports a failed startup so): the last
    exception's frames and its type, without the message that follows the type."""
    last = printed.rsplit(TRACEBACK_HEADER, 1)[-1]
    frames = [
        f"{_module_path(match['file'])}:{match['line']}:{match['function']}"
        for match in PRINTED_FRAME.finditer(last)
    ]
    raised = [line for line in last.splitlines() if line and not line[0].isspace()]
    return {
        "error_type": raised[0].split(":", 1)[0] if raised else None,
        "location": frames[-1] if frames else None,
        "frames": frames,
    }


def _frame(frame: traceback.FrameSummary) -> str:
    return f"{_module_path(frame.filename)}:{frame.lineno}:{frame.name}"


def _module_path(filename: str) -> str:
    """The file as its package names it (`registry/api/app.py`), not where it lies."""
    roots = sorted((entry for entry in sys.path if entry), key=len, reverse=True)
    for root in roots:
        prefix = root.rstrip(os.sep) + os.sep
        if filename.startswith(prefix):
            return filename[len(prefix) :]
    return filename


def _type_name(error: BaseException) -> str:
    kind = type(error)
    return (
        kind.__qualname__
        if kind.__module__ == "builtins"
        else f"{kind.__module__}.{kind.__qualname__}"
    )


def _causes(error: BaseException) -> list[BaseException]:
    """The chain below `error`, as Python prints it (`from` causes, else the context)."""
    chain: list[BaseException] = []
    current: BaseException | None = error
    while current is not None:
        below = current.__cause__ or (None if current.__suppress_context__ else current.__context__)
        if below is None or below in chain or below is error:
            break
        chain.append(below)
        current = below
    return chain
