"""Districts within regions: the reference list every decision's district is checked
against, with each district's name in Azerbaijani, Russian and English.

Not events: the list comes from the ministry's territorial classification and is
loaded from CSV (`registry districts import FILE`, header
`region,district,name_az,name_ru,name_en`), replacing the previous list whole. A
district code is what decisions record and users hold; a region groups districts,
and a supervisor may hold a whole region.

A store with no list loaded accepts any district: a new deployment records nothing
before its administrator loads the list, and the demo loads one. Once a list is
loaded, a decision naming another district is refused (`unknown_district`).
"""

from __future__ import annotations

import csv
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from registry.database import Database, Transaction, table_exists
from registry.domain import errors
from registry.domain.text import Kind, problem

COLUMNS = ("region", "district", "name_az", "name_ru", "name_en")
LOCALES = ("az", "ru", "en")
CACHE_SECONDS = 5.0
"""How long a process reuses the list it read: a list loaded by another process
applies within this time."""


class DistrictFileError(ValueError):
    """The file does not hold a valid list of districts; nothing was loaded."""


@dataclass(frozen=True)
class District:
    code: str
    region: str
    name_az: str
    name_ru: str
    name_en: str

    def name(self, locale: str) -> str:
        names = {"az": self.name_az, "ru": self.name_ru, "en": self.name_en}
        return names.get(locale, self.name_az)


def read_csv(path: Path) -> list[District]:
    """The districts of a CSV file, each field checked by the registry's text rules."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        if tuple(reader.fieldnames or ()) != COLUMNS:
            raise DistrictFileError(f"the header must be {','.join(COLUMNS)}")
        rows = [_row(line, number) for number, line in enumerate(reader, start=2)]
    codes = [row.code for row in rows]
    if len(set(codes)) != len(codes):
        raise DistrictFileError("a district code appears twice")
    if not rows:
        raise DistrictFileError("the file lists no district")
    return rows


def _row(line: dict[str, str | None], number: int) -> District:
    values = {column: (line.get(column) or "").strip() for column in COLUMNS}
    for column, value in values.items():
        kind = Kind.REFERENCE if column in ("region", "district") else Kind.NAME
        found = problem(kind, value)
        if found is not None:
            raise DistrictFileError(f"line {number}: {column} {found}")
    return District(
        code=values["district"],
        region=values["region"],
        name_az=values["name_az"],
        name_ru=values["name_ru"],
        name_en=values["name_en"],
    )


def _create(tx: Transaction) -> None:
    tx.execute(
        "CREATE TABLE IF NOT EXISTS districts (code TEXT PRIMARY KEY, region TEXT NOT NULL, "
        "name_az TEXT NOT NULL, name_ru TEXT NOT NULL, name_en TEXT NOT NULL)"
    )


def replace_districts(database: Database, rows: Sequence[District]) -> int:
    """Replace the whole list in one transaction; returns the number of districts."""
    with database.transaction() as tx:
        _create(tx)
        tx.execute("DELETE FROM districts")
        tx.execute_many(
            "INSERT INTO districts (code, region, name_az, name_ru, name_en) "
            "VALUES (%s, %s, %s, %s, %s)",
            [(row.code, row.region, row.name_az, row.name_ru, row.name_en) for row in rows],
        )
    return len(rows)


def load_districts(database: Database) -> list[District]:
    """The loaded list, by region and code; empty when none was ever loaded."""
    with database.reading() as connection:
        if not table_exists(connection, "districts"):
            return []
        records = connection.execute(
            "SELECT code, region, name_az, name_ru, name_en FROM districts ORDER BY region, code"
        ).fetchall()
    return [District(*record) for record in records]


class DistrictDirectory:
    """The list as one process sees it, read again at most every `CACHE_SECONDS`."""

    def __init__(self, database: Database, *, clock: Callable[[], float] = time.monotonic) -> None:
        self._database = database
        self._clock = clock
        self._districts: list[District] = []
        self._read_at: float | None = None

    def districts(self) -> list[District]:
        now = self._clock()
        if self._read_at is None or now - self._read_at >= CACHE_SECONDS:
            self._districts = load_districts(self._database)
            self._read_at = now
        return self._districts

    def close(self) -> None:
        self._database.close()

    def replace(self, rows: Sequence[District]) -> int:
        """Load a new list in place of the old one; this process sees it at once."""
        loaded = replace_districts(self._database, rows)
        self.forget()
        return loaded

    def forget(self) -> None:
        """Read the list again at the next question (after this process loaded it)."""
        self._read_at = None

    def require_known(self, *codes: str) -> None:
        """Refuse a district outside a loaded list; any district while none is loaded."""
        known = {district.code for district in self.districts()}
        if known and any(code not in known for code in codes):
            raise errors.UnknownDistrict("the district is not in the registry's list of districts")

    def of_region(self, region: str) -> frozenset[str]:
        return frozenset(d.code for d in self.districts() if d.region == region)
