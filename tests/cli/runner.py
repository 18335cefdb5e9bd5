"""Running the real `registry` command in a subprocess against a given store."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path


def registry(
    *arguments: str | int | Path,
    database_url: str,
    env: Mapping[str, str] | None = None,
    stdin: str | None = None,
) -> subprocess.CompletedProcess[str]:
    """`python -m registry ARGUMENTS` with the store given by REGISTRY_DATABASE_URL
    (and `env` over the test's own environment, e.g. a PATH without a tool), given
    `stdin` as its standard input."""
    environment = {
        **os.environ,
        **(env or {}),
        "REGISTRY_DATABASE_URL": database_url,
        "COLUMNS": "120",
    }
    return subprocess.run(
        [sys.executable, "-m", "registry", *map(str, arguments)],
        env=environment,
        capture_output=True,
        input=stdin,
        text=True,
        timeout=300,
        check=False,
    )
