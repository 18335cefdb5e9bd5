"""The child population by district, sex and age band, for rates per 100,000.

Not a projection of events: figures come from statistics offices and are loaded
from CSV (`registry population import FILE`), replacing the previous table whole.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from registry.database import Database, Transaction, table_exists
from registry.domain.values import Sex

COLUMNS = ("district", "sex", "age_band", "population")
SEXES = frozenset(sex.value for sex in Sex)
CHILD_AGE_BANDS: tuple[str, ...] = ("0-2", "3-5", "6-11", "12-17")


class PopulationFileError(ValueError):
    """The file does not hold a valid population table; nothing was loaded."""


@dataclass(frozen=True)
class PopulationRow:
    district: str
    sex: str
    age_band: str
    population: int


def read_csv(path: Path) -> list[PopulationRow]:
    """Rows of a `district,sex,age_band,population` file, each checked."""
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        if tuple(reader.fieldnames or ()) != COLUMNS:
            raise PopulationFileError(f"the header must be {','.join(COLUMNS)}")
        return [_row(line, number) for number, line in enumerate(reader, start=2)]


def _row(line: dict[str, str], number: int) -> PopulationRow:
    district, sex, band = line["district"].strip(), line["sex"].strip(), line["age_band"].strip()
    if not district:
        raise PopulationFileError(f"line {number}: the district is empty")
    if sex not in SEXES:
        raise PopulationFileError(f"line {number}: sex must be female or male")
    if band not in CHILD_AGE_BANDS:
        raise PopulationFileError(f"line {number}: age_band must be one of 0-2, 3-5, 6-11, 12-17")
    try:
        population = int(line["population"])
    except ValueError:
        raise PopulationFileError(f"line {number}: population must be a whole number") from None
    if population < 0:
        raise PopulationFileError(f"line {number}: population cannot be negative")
    return PopulationRow(district, sex, band, population)


def _create(tx: Transaction) -> None:
    tx.execute(
        "CREATE TABLE IF NOT EXISTS population (district TEXT NOT NULL, sex TEXT NOT NULL, "
        "age_band TEXT NOT NULL, population INTEGER NOT NULL, "
        "PRIMARY KEY (district, sex, age_band))"
    )


def replace_population(database: Database, rows: Sequence[PopulationRow]) -> int:
    """Replace the whole table in one transaction; returns the number of rows loaded."""
    keys = [(row.district, row.sex, row.age_band) for row in rows]
    if len(set(keys)) != len(keys):
        raise PopulationFileError("a district, sex and age band appears twice")
    with database.transaction() as tx:
        _create(tx)
        tx.execute("DELETE FROM population")
        tx.execute_many(
            "INSERT INTO population (district, sex, age_band, population) VALUES (%s, %s, %s, %s)",
            [(row.district, row.sex, row.age_band, row.population) for row in rows],
        )
    return len(rows)


def population_rows(connection: Any) -> list[PopulationRow] | None:
    """The loaded table, or None when no population was ever loaded."""
    if not table_exists(connection, "population"):
        return None
    return _rows(connection.execute(f"SELECT {', '.join(COLUMNS)} FROM population").fetchall())


def _rows(records: Iterable[Sequence[Any]]) -> list[PopulationRow]:
    return [PopulationRow(str(d), str(s), str(b), int(p)) for d, s, b, p in records]
