"""Page cursors and row conversion: what the queries rely on, without a database."""

from __future__ import annotations

from datetime import date, datetime
from uuid import uuid4

import pytest

from projections.queries import InvalidCursor, decode_cursor, encode_cursor
from projections.rows import ChildRow, ProviderRow
from registry.database import adapt, render


def child_record(**overrides: object) -> dict[str, object]:
    record: dict[str, object] = dict.fromkeys(ChildRow.__dataclass_fields__)
    record.update(
        child_id=str(uuid4()),
        given_name="Ana",
        family_name="Petrova",
        birth_date="2016-04-02",
        sex="female",
        district="north",
        disability=0,
        parental_status="orphan",
        free_for_adoption=1,
        status="in_care",
        entered_care_on="2024-02-01",
        version=3,
        position=17,
    )
    record.update(overrides)
    return record


def test_a_cursor_round_trips_and_a_forged_one_is_refused() -> None:
    record = child_record(quality=5, sort_key=b"\x01\xfe")
    plain = encode_cursor(record, "az", ranked=False)
    ranked = encode_cursor(record, "ru", ranked=True)
    assert decode_cursor(plain) == ("az", [b"\x01\xfe", record["child_id"]])
    assert decode_cursor(ranked) == ("ru", [5, b"\x01\xfe", record["child_id"]])
    for forged in ("", "bm90IGpzb24", plain[:-4], ranked[:-4]):
        with pytest.raises(InvalidCursor):
            decode_cursor(forged)


def test_sqlite_and_postgres_records_become_the_same_row() -> None:
    child_id = uuid4()
    from_sqlite = ChildRow.from_record(child_record(child_id=str(child_id)))
    from_postgres = ChildRow.from_record(
        child_record(
            child_id=str(child_id),
            birth_date=date(2016, 4, 2),
            entered_care_on=date(2024, 2, 1),
            disability=False,
            free_for_adoption=True,
        )
    )
    assert from_sqlite == from_postgres
    assert from_sqlite.child_id == child_id and from_sqlite.free_for_adoption is True
    assert from_sqlite.days_in_care(date(2024, 2, 11)) == 10
    provider = ProviderRow.from_record(
        {
            "provider_id": str(child_id),
            "name": "Home",
            "kind": "family_type_home",
            "district": "north",
            "status": "approved",
            "capacity": 4,
            "occupied": 1,
            "version": 2,
        }
    )
    assert provider.provider_id == child_id


def test_statements_are_written_once_for_both_backends() -> None:
    statement = "SELECT * FROM {child_status} WHERE child_id = %s"
    assert render(statement, "sqlite") == "SELECT * FROM child_status WHERE child_id = ?"
    assert render(statement, "postgres", "__rebuild") == (
        "SELECT * FROM child_status__rebuild WHERE child_id = %s"
    )
    moment = datetime(2024, 1, 1, 12, 0)
    identifier = uuid4()
    assert adapt((date(2024, 1, 2), moment, identifier, True), "sqlite") == (
        "2024-01-02",
        moment.isoformat(),
        str(identifier),
        True,
    )
    assert adapt((date(2024, 1, 2), identifier), "postgres") == (date(2024, 1, 2), str(identifier))
