"""The duplicate check's look-up: records a registration may duplicate, from the read
models (`child_status`, `child_name_words`, `child_identity`).

The registry asks before it records a registration (`RegistryApplication`); it sees
the read models as they stand, which on PostgreSQL may trail the store by the
worker's last batch: a record registered a moment before may be missed, and is
caught by the supervisors' review instead. Candidates are the children born at most
a year either side, or on the day-and-month swapped date, who share a blocking key
(`registry.domain.duplicates.blocking_keys`: the start of one name's phonetic key
with the other's first letter, so a slip of the keyboard in one name's start is
caught through the other); each is then scored
(`registry.domain.duplicates.likeness`), which wants both names alike anyway.
"""

from __future__ import annotations

from datetime import date

from projections.queries import ReadQueries
from projections.rows import ChildRow
from projections.schema import BLOCKS, IDENTITY, LINKS, NAME_WORDS
from registry.database import Database, table_exists
from registry.domain import duplicates
from registry.domain.duplicates import Candidate, Identity

MOST_CANDIDATES = 10


class ReadModelScreen:
    def __init__(self, database: Database) -> None:
        self._database = database
        self._queries = ReadQueries(database)
        self._tables_found = False

    def candidates(self, identity: Identity) -> list[Candidate]:
        if not self._tables_exist():
            return []
        blocks = duplicates.blocking_keys(identity.given_name, identity.family_name)
        rows = self._queries.identity_candidates(_birth_ranges(identity), blocks)
        known = [(row.child_id, identity_of_row(row, personal_id)) for row, personal_id in rows]
        return duplicates.candidates_among(identity, known)[:MOST_CANDIDATES]

    def close(self) -> None:
        self._database.close()

    def _tables_exist(self) -> bool:
        """A store whose read side never ran (an import into a new deployment) has no
        records to compare with yet."""
        if not self._tables_found:
            with self._database.reading() as connection:
                self._tables_found = all(
                    table_exists(connection, table.name)
                    for table in (NAME_WORDS, IDENTITY, BLOCKS, LINKS)
                )
        return self._tables_found


def _birth_ranges(identity: Identity) -> list[tuple[date, date]]:
    born = identity.birth_date
    ranges = [(born - duplicates.NEAR_BIRTH, born + duplicates.NEAR_BIRTH)]
    swapped = duplicates.swapped_birth_date(born)
    if swapped is not None:
        ranges.append((swapped, swapped))
    return ranges


def identity_of_row(row: ChildRow, personal_id: str | None) -> Identity:
    """A child_status row's identity, with the personal id of child_identity."""
    return Identity(
        given_name=row.given_name,
        family_name=row.family_name,
        patronymic=row.patronymic,
        birth_date=row.birth_date,
        sex=row.sex,
        district=row.district,
        personal_id=personal_id,
    )
