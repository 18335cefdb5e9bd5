"""Importing a file of historic decisions: grouped per child, atomic per child, resumable.

Rows are grouped by child and ordered by effective date (file order breaks ties).
A child's group is applied decision by decision through the application; the
first refused row stops the group and nothing of it is kept. Accepted groups
are written many per transaction together with their ledger rows; if such a
write conflicts (someone changed one of the children meanwhile), its groups are
written again one per transaction, so only the conflicting child is refused.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from eventsourcing.persistence import IntegrityError

from registry.domain.errors import DomainError
from registry.importing.batch import BatchedRegistry
from registry.importing.decisions import InvalidRow, take
from registry.importing.recorders import IMPORTED_ROWS, imported_row_keys
from registry.importing.rows import ImportRow

EVENTS_PER_TRANSACTION = 2000
REPORT_COLUMNS = ("line", "row_key", "child_key", "decision", "code", "detail")
GROUP_REFUSED = "group_refused"


@dataclass(frozen=True)
class Rejection:
    row: ImportRow
    code: str
    detail: str


@dataclass
class ImportResult:
    imported: int = 0
    already_imported: int = 0
    rejections: list[Rejection] = field(default_factory=list)

    @property
    def rejected(self) -> int:
        return len(self.rejections)


Group = list[ImportRow]


class Importer:
    def __init__(
        self,
        app: BatchedRegistry,
        *,
        recorded_by: str,
        progress: Callable[[int], None] | None = None,
    ) -> None:
        self.app = app
        self.recorded_by = recorded_by
        self.progress = progress or (lambda _rows: None)
        self.result = ImportResult()
        self._batch: list[Group] = []

    def run(self, rows: Iterable[ImportRow]) -> ImportResult:
        for group in self._groups(rows):
            if self._stage(group):
                self._batch.append(group)
            if self.app.pending_count >= EVENTS_PER_TRANSACTION:
                self._write_batch()
        self._write_batch()
        self.result.rejections.sort(key=lambda rejection: rejection.row.line)
        return self.result

    def _groups(self, rows: Iterable[ImportRow]) -> list[Group]:
        done = imported_row_keys(self.app.recorder)
        seen: set[str] = set()
        groups: dict[str, Group] = {}
        for row in rows:
            if row.row_key and row.row_key in seen:
                self._reject(row, "duplicate_row_key", "an earlier row of the file has this key")
                continue
            seen.add(row.row_key)
            if row.row_key in done:
                self.result.already_imported += 1
                self.progress(1)
            elif row.problem is not None:
                self._reject(row, "validation", row.problem)
            else:
                groups.setdefault(row.child_key, []).append(row)
        return [sorted(group, key=_chronological) for group in groups.values()]

    def _stage(self, group: Group) -> bool:
        """Apply a child's rows; on the first refusal drop them all and report why."""
        mark = self.app.mark()
        for index, row in enumerate(group):
            try:
                take(self.app, row, self.recorded_by)
            except (DomainError, InvalidRow) as refusal:
                self.app.rollback(mark)
                self._refuse_group(group, index, refusal.code, refusal.detail)
                return False
        return True

    def _write_batch(self) -> None:
        batch, self._batch = self._batch, []
        if not batch:
            return
        try:
            self._flush(batch)
        except IntegrityError:
            self.app.discard()
            for group in batch:
                self._write_alone(group)

    def _write_alone(self, group: Group) -> None:
        if not self._stage(group):
            return
        try:
            self._flush([group])
        except IntegrityError:
            self.app.discard()
            for row in group:
                self._reject(row, "version_conflict", "the child changed during the import")

    def _flush(self, batch: list[Group]) -> None:
        rows = [row for group in batch for row in group]
        self.app.flush(**{IMPORTED_ROWS: [(row.row_key, row.child_key) for row in rows]})
        self.result.imported += len(rows)
        self.progress(len(rows))

    def _refuse_group(self, group: Group, index: int, code: str, detail: str) -> None:
        self._reject(group[index], code, detail)
        for other in group[:index] + group[index + 1 :]:
            self._reject(
                other, GROUP_REFUSED, f"not applied: line {group[index].line} refused ({code})"
            )

    def _reject(self, row: ImportRow, code: str, detail: str) -> None:
        self.result.rejections.append(Rejection(row, code, detail))
        self.progress(1)


def write_report(path: Path, rejections: Iterable[Rejection]) -> None:
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(REPORT_COLUMNS)
        for rejection in rejections:
            row = rejection.row
            writer.writerow(
                (
                    row.line,
                    row.row_key,
                    row.child_key,
                    row.decision,
                    rejection.code,
                    rejection.detail,
                )
            )


def _chronological(row: ImportRow) -> tuple[str, int]:
    """ISO dates sort as text; a malformed date sorts last and is refused when reached."""
    value = str(row.effective_date or "")
    try:
        date.fromisoformat(value)
    except ValueError:
        value = "9999-99-99"
    return (value, row.line)
