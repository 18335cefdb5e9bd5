"""What the backends' backup and restore share: the refusals, and how a backup file
comes into being without ever overwriting one or leaving a half-written one."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Literal

Kind = Literal["SQLite", "PostgreSQL"]

SQLITE_HEADER = b"SQLite format 3\x00"
PG_DUMP_HEADER = b"PGDMP"


class BackupProblem(Exception):
    """Why a backup or a restore was not made, in one line for the operator."""


class BadArgument(BackupProblem):
    """The file named on the command line, or the store named by the URL, is not one
    this verb can use (the caller exits with EXIT_USAGE, nothing was changed)."""


@contextmanager
def staged(dest: Path) -> Iterator[Path]:
    """A scratch file beside `dest` to write the backup into; `dest` appears only once
    the block finished without error.

    The copy is published with a hard link, which fails when `dest` exists, where a
    rename would replace it: an existing backup is never overwritten, even one made
    meanwhile, and `dest` never names a copy cut short by a crash or an error.
    """
    if dest.exists():
        raise BadArgument(f"{dest} exists: a backup never overwrites a file")
    if not dest.parent.is_dir():
        raise BadArgument(f"no directory {dest.parent} to write {dest.name} into")
    descriptor, name = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.name}.", suffix=".part")
    os.close(descriptor)
    partial = Path(name)
    try:
        yield partial
        try:
            os.link(partial, dest)
        except FileExistsError:
            raise BadArgument(f"{dest} exists: a backup never overwrites a file") from None
    finally:
        with suppress(FileNotFoundError):
            partial.unlink()


def kind_of(source: Path) -> Kind:
    """Which backend's backup `source` is, from its first bytes; refused when it is
    missing or neither, before anything is changed."""
    if not source.is_file():
        raise BadArgument(f"no such file: {source}")
    with source.open("rb") as stream:
        head = stream.read(len(SQLITE_HEADER))
    if head == SQLITE_HEADER:
        return "SQLite"
    if head.startswith(PG_DUMP_HEADER):
        return "PostgreSQL"
    raise BadArgument(f"{source} is not a registry backup (no SQLite file, no pg_dump archive)")


def human_size(size: int) -> str:
    """`size` bytes as an operator reads it: 812 B, 3.4 KiB, 1.2 GiB."""
    value = float(size)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if value < 1024 or unit == "GiB":
            return f"{size} B" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    raise AssertionError("unreachable")
