"""What the figures were measured on: they mean little without the machine."""

from __future__ import annotations

import os
import platform
import sqlite3
import subprocess
from importlib import metadata
from pathlib import Path
from typing import Any

import psycopg

LIBRARIES = (
    "eventsourcing",
    "psycopg",
    "psycopg-pool",
    "fastapi",
    "starlette",
    "uvicorn",
    "strawberry-graphql",
    "pydantic",
)


def _cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def _memory_gb() -> float:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            return int(line.split()[1]) / 1024 / 1024
    return 0.0


def _wrk_version() -> str:
    try:
        output = subprocess.run(["wrk", "--version"], capture_output=True, text=True, check=False)
    except FileNotFoundError:
        return "not installed"
    return (output.stdout or output.stderr).splitlines()[0].strip()


def _postgres_version(admin_url: str) -> str:
    with psycopg.connect(admin_url) as conn:
        row = conn.execute("SHOW server_version").fetchone()
    return str(row[0]) if row else "unknown"


def describe(admin_url: str) -> dict[str, Any]:
    return {
        "cores": os.cpu_count(),
        "cpu": _cpu_model(),
        "memory_gb": round(_memory_gb(), 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        "postgresql": _postgres_version(admin_url),
        "sqlite": sqlite3.sqlite_version,
        "wrk": _wrk_version(),
        "libraries": {name: metadata.version(name) for name in LIBRARIES},
    }


def load_average() -> list[float]:
    return [round(value, 2) for value in os.getloadavg()]
