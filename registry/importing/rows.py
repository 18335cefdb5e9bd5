"""Reading an import file (CSV or JSON Lines) into rows that know their line number.

A row that cannot even be read (broken JSON, a line that is not an object) is kept
as a row with a `problem`, so it is reported with its line like any refusal.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REQUIRED_COLUMNS = ("row_key", "child_key", "decision", "effective_date")
FORMATS = ("csv", "jsonl")


class UnreadableFile(ValueError):
    """The file as a whole cannot be imported (format, header): a usage error."""


@dataclass(frozen=True)
class ImportRow:
    line: int
    row_key: str
    child_key: str
    decision: str
    fields: dict[str, Any] = field(default_factory=dict)
    problem: str | None = None

    @property
    def effective_date(self) -> Any:
        return self.fields.get("effective_date")


def detect_format(path: Path, requested: str | None) -> str:
    if requested is not None:
        return requested
    suffix = path.suffix.lower().lstrip(".")
    if suffix == "csv":
        return "csv"
    if suffix in {"jsonl", "ndjson"}:
        return "jsonl"
    raise UnreadableFile("cannot tell the format from the file name: use --format csv|jsonl")


def read_rows(path: Path, file_format: str) -> Iterator[ImportRow]:
    if file_format == "csv":
        return _read_csv(path)
    return _read_jsonl(path)


def _read_csv(path: Path) -> Iterator[ImportRow]:
    with path.open(newline="", encoding="utf-8-sig") as stream:
        reader = csv.DictReader(stream)
        missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise UnreadableFile(f"the header lacks the column(s): {', '.join(missing)}")
        line = reader.line_num + 1
        for record in reader:
            values = {k: v for k, v in record.items() if k is not None and v not in (None, "")}
            yield _row(line, values)
            line = reader.line_num + 1


def _read_jsonl(path: Path) -> Iterator[ImportRow]:
    with path.open(encoding="utf-8-sig") as stream:
        for line, text in enumerate(stream, start=1):
            if not text.strip():
                continue
            try:
                record = json.loads(text)
            except json.JSONDecodeError:
                yield ImportRow(line, "", "", "", problem="the line is not valid JSON")
                continue
            if not isinstance(record, dict):
                yield ImportRow(line, "", "", "", problem="the line is not a JSON object")
                continue
            yield _row(line, {k: v for k, v in record.items() if v is not None})


def _row(line: int, values: dict[str, Any]) -> ImportRow:
    keys = {name: str(values.pop(name, "")).strip() for name in REQUIRED_COLUMNS[:3]}
    missing = [name for name, value in keys.items() if not value]
    return ImportRow(
        line,
        keys["row_key"],
        keys["child_key"],
        keys["decision"],
        fields=values,
        problem=f"missing {', '.join(missing)}" if missing else None,
    )
