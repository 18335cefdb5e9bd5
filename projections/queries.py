"""The read side's questions, answered from the projection tables.

Every method is one SQL statement (two for a page: the rows and the total), so a
GraphQL DataLoader batching by ids issues a constant number of queries however
many children a page shows. Calls are synchronous: async callers run them in a
thread.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, TypeVar
from uuid import UUID

from projections.rows import (
    AlertRow,
    ChildPage,
    ChildRow,
    HistoryRow,
    LinkRow,
    PlacementRow,
    PlanEventRow,
    ProviderRow,
)
from registry.database import Database
from registry.domain import duplicates, names
from registry.domain.calendar import add_months, add_years
from registry.domain.collation import DEFAULT_LANGUAGE, Language
from registry.domain.date_range import require_in_range, require_year_in_range
from registry.domain.values import RESIDENTIAL_SETTINGS

ChildRowT = TypeVar("ChildRowT", HistoryRow, PlanEventRow, PlacementRow)

ALERT_KINDS = (
    "no_plan_30_days",
    "review_overdue",
    "under3_residential",
    "residential_over_12_months",
)
PLAN_DEADLINE_DAYS = 30
REVIEW_CADENCE_MONTHS = 3
RESIDENTIAL_LIMIT_MONTHS = 12
_RESIDENTIAL = frozenset(setting.value for setting in RESIDENTIAL_SETTINGS)


MAX_QUERY_WORDS = 6
"""Given names, family name and patronymic with room to spare; each word is a range
of the index to look up."""


class InvalidCursor(ValueError):
    """The `after` cursor was not produced by `children`, or for another kind of list."""


class InvalidSearch(ValueError):
    """A name query without a letter to search by, or with more words than a name has."""


_NOT_LINKED = "c.child_id NOT IN (SELECT child_id FROM {child_links})"
"""Lists, searches and the duplicate check show a child once: a record linked to
another as its duplicate is reached through the survivor (or by its id)."""


def _in_recorded_order(child_id: UUID, rows: list[HistoryRow]) -> list[HistoryRow]:
    """A child's history in its versions' order; with linked records, their decisions
    placed among the child's by when they were recorded."""
    if all(row.child_id == child_id for row in rows):
        return sorted(rows, key=lambda row: row.version)
    return sorted(rows, key=lambda row: (row.recorded_at, row.version))


def _in(values: Sequence[Any]) -> str:
    return f"IN ({', '.join(['%s'] * len(values))})"


def encode_cursor(record: dict[str, Any], language: Language, *, ranked: bool) -> str:
    """The row's place in the order of its page: the list's language, the quality of a
    search's match, the name's sort key and the id."""
    place: list[str | int] = [bytes(record["sort_key"]).hex(), str(record["child_id"])]
    if ranked:
        place.insert(0, int(record["quality"]))
    raw = json.dumps([language, *place]).encode()
    return base64.urlsafe_b64encode(raw).decode()


def decode_cursor(cursor: str) -> tuple[str, list[Any]]:
    """The language and the place a cursor holds (`encode_cursor`)."""
    try:
        language, *quality, sort_key, child_id = json.loads(base64.urlsafe_b64decode(cursor))
        if len(quality) > 1 or not all(type(value) is int for value in quality):
            raise ValueError("not a place in the order of children")
        return str(language), [*quality, bytes.fromhex(sort_key), str(UUID(str(child_id)))]
    except (ValueError, TypeError, binascii.Error):
        raise InvalidCursor("the cursor is not one this service issued") from None


def _after(cursor: str, language: Language, order: str, *, ranked: bool) -> tuple[str, list[Any]]:
    """The condition selecting the rows after the cursor's place, in the page's order
    (`order`, the sort key's column)."""
    cursor_language, place = decode_cursor(cursor)
    if cursor_language != language or ranked != (len(place) == 3):
        raise InvalidCursor("the cursor belongs to another kind of list")
    if not ranked:
        return f"({order}, c.child_id) > (%s, %s)", place
    quality, sort_key, child_id = place
    return (
        "(quality < %s OR (quality = %s AND (sort_key, child_id) > (%s, %s)))",
        [quality, quality, sort_key, child_id],
    )


def _matching(words: list[names.SearchWord]) -> tuple[str, list[Any], str]:
    """The children whose name words match the search's, as a join onto child status
    (`c`): per search word the best match's points (`q0`, `q1`, ...), and their sum.

    One pass over the name words whose keys fall in a searched prefix range: every
    condition is a range of an index (`registry.database.Key`)."""
    points: list[str] = []
    points_params: list[Any] = []
    ranges: list[str] = []
    ranges_params: list[Any] = []
    for number, word in enumerate(words):
        folded = "(folded >= %s AND folded < %s)"
        sounds = " OR ".join(["(sounds >= %s AND sounds < %s)"] * len(word.sounds))
        sound_params = [bound for key in word.sounds for bound in _prefix_range(key)]
        points.append(
            f"MAX(CASE WHEN folded = %s THEN 3 WHEN {folded} THEN 2 "
            f"WHEN {sounds} THEN 1 ELSE 0 END) AS q{number}"
        )
        points_params.extend([word.folded, *_prefix_range(word.folded), *sound_params])
        ranges.extend([folded, sounds])
        ranges_params.extend([*_prefix_range(word.folded), *sound_params])
    join = (
        f" JOIN (SELECT child_id, {', '.join(points)} "
        f"FROM {{child_name_words}} WHERE {' OR '.join(ranges)} GROUP BY child_id) m "
        "ON m.child_id = c.child_id"
    )
    quality = " + ".join(f"m.q{number}" for number in range(len(words)))
    return join, [*points_params, *ranges_params], quality


def _prefix_range(prefix: str) -> tuple[str, str]:
    """The keys starting with `prefix` are those from it up to, not including, this."""
    return prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)


def _year_range(year: int) -> tuple[date, date]:
    """The birth dates of a year (callers hold years to `registry.domain.date_range`)."""
    return date(year, 1, 1), date(year + 1, 1, 1)


@dataclass(frozen=True)
class ChildCriteria:
    """What a list of children is narrowed to: groups (district, status, setting), and
    what names or identifies someone (`identifying`), which only roles that see
    personal data may ask by."""

    district: str | None = None
    status: str | None = None
    setting: str | None = None
    query: str | None = None
    birth_date: date | None = None
    birth_year: int | None = None
    personal_id: str | None = None
    child_ids: frozenset[UUID] | None = None
    """Only these records: the children an alert flags, for the caseload's filter."""

    @property
    def identifying(self) -> dict[str, str | date | int]:
        """The criteria given that name or identify a child."""
        given = {
            "query": self.query,
            "birth_date": self.birth_date,
            "birth_year": self.birth_year,
            "personal_id": self.personal_id,
        }
        return {name: value for name, value in given.items() if value is not None}

    def check_dates(self, today: date) -> None:
        """DateOutOfRange (naming the criterion) for a birth date or year no record can
        hold (`registry.domain.date_range`)."""
        if self.birth_date is not None:
            require_in_range("birth_date", self.birth_date, today)
        if self.birth_year is not None:
            require_year_in_range("birth_year", self.birth_year, today)


class ReadQueries:
    def __init__(self, database: Database) -> None:
        self.database = database

    def connection(self) -> AbstractContextManager[Any]:
        """A DB-API connection to the read models (`Database.reading`)."""
        return self.database.reading()

    def _records(self, statement: str, params: Sequence[Any] = ()) -> Iterator[dict[str, Any]]:
        with self.database.reading() as connection:
            cursor = connection.execute(
                self.database.render(statement), self.database.adapt(params)
            )
            columns = [description[0] for description in cursor.description]
            rows = cursor.fetchall()
        for row in rows:
            yield dict(zip(columns, row, strict=True))

    # -- children ------------------------------------------------------------

    def status_counts(self) -> list[tuple[str, str, str | None, int]]:
        """Children per (district, status, current setting): the counts behind the
        totals evaluators may see (`indicators.status_counts`)."""
        return [
            (record["district"], record["status"], record["setting"], int(record["n"]))
            for record in self._records(
                "SELECT district, status, setting, COUNT(*) AS n FROM {child_status} c "
                f"WHERE {_NOT_LINKED} GROUP BY district, status, setting"
            )
        ]

    def child(self, child_id: UUID) -> ChildRow | None:
        found = self.children_by_ids([child_id])
        return found.get(child_id)

    def children_by_ids(self, ids: Sequence[UUID]) -> dict[UUID, ChildRow]:
        if not ids:
            return {}
        rows = self._records(f"SELECT * FROM {{child_status}} WHERE child_id {_in(ids)}", ids)
        return {row.child_id: row for row in map(ChildRow.from_record, rows)}

    def children(
        self,
        criteria: ChildCriteria | None = None,
        *,
        districts_allowed: frozenset[str] | None = None,
        language: Language = DEFAULT_LANGUAGE,
        first: int = 50,
        after: str | None = None,
    ) -> ChildPage:
        """A page of the children matching every criterion given, with their total.

        Without a name query, in the order of names in `language` (family name, then
        given name: `registry.domain.collation`), then by id. With one, every word
        of the query must start a word of the child's names, or sound like one
        (`registry.domain.names.search_words`), and the best matches come first: a word
        typed whole (3 points) before a word's start (2) before a sound-alike (1),
        summed over the query's words, then in the order of names. Keyset-paginated
        either way: a cursor holds the last row's place in the order."""
        wanted = criteria or ChildCriteria()
        district, status, setting = wanted.district, wanted.status, wanted.setting
        query, birth_date, birth_year = wanted.query, wanted.birth_date, wanted.birth_year
        personal_id = wanted.personal_id
        words = names.search_words(query) if query is not None else None
        if words == []:
            raise InvalidSearch("the query has no letters to search names by")
        if words is not None and len(words) > MAX_QUERY_WORDS:
            raise InvalidSearch(f"a query has at most {MAX_QUERY_WORDS} words")
        if (
            districts_allowed is not None and not districts_allowed
        ) or wanted.child_ids == frozenset():
            return ChildPage(rows=[], cursors=[], has_next=False, total_count=0)
        conditions = [_NOT_LINKED]
        params: list[Any] = []
        if wanted.child_ids is not None:
            ids = sorted(wanted.child_ids, key=str)
            conditions.append(f"c.child_id {_in(ids)}")
            params.extend(ids)
        for column, value in (("district", district), ("status", status), ("setting", setting)):
            if value is not None:
                conditions.append(f"c.{column} = %s")
                params.append(value)
        if birth_date is not None:
            conditions.append("c.birth_date = %s")
            params.append(birth_date)
        if birth_year is not None:
            conditions.append("c.birth_date >= %s AND c.birth_date < %s")
            params.extend(_year_range(birth_year))
        if personal_id is not None:
            conditions.append(
                "c.child_id IN (SELECT child_id FROM {child_identity} WHERE personal_id = %s)"
            )
            params.append(personal_id.strip())
        if districts_allowed is not None:
            allowed = sorted(districts_allowed)
            conditions.append(f"c.district {_in(allowed)}")
            params.extend(allowed)
        order = f"i.order_{language}"
        source = "{child_status} c JOIN {child_identity} i ON i.child_id = c.child_id"
        quality = "0"
        source_params: list[Any] = []
        if words:
            join, source_params, quality = _matching(words)
            source += join
            conditions.extend(f"m.q{number} > 0" for number in range(len(words)))
        where = f" WHERE {' AND '.join(conditions)}" if conditions else ""
        place, place_params = "", list[Any]()
        if after is not None:
            place, place_params = _after(after, language, order, ranked=bool(words))
        limit = max(first, 0)
        selected = f"c.*, {order} AS sort_key, {quality} AS quality"
        if words:
            # The matches are counted by the query that ranks them, not found twice.
            statement = (
                f"SELECT * FROM (SELECT {selected}, COUNT(*) OVER () AS matched "
                f"FROM {source}{where}) r{' WHERE ' + place if place else ''} "
                "ORDER BY quality DESC, sort_key, child_id LIMIT %s"
            )
        else:
            paged = " AND ".join(filter(None, (where.removeprefix(" WHERE "), place)))
            statement = (
                f"SELECT {selected} FROM {source}{' WHERE ' + paged if paged else ''} "
                f"ORDER BY {order}, c.child_id LIMIT %s"
            )
        records = list(
            self._records(statement, [*source_params, *params, *place_params, limit + 1])
        )
        if words and records:
            total = int(records[0]["matched"])
        else:
            counted = f"SELECT COUNT(*) AS n FROM {source}{where}"
            total = int(next(self._records(counted, [*source_params, *params]))["n"])
        has_next = len(records) > limit
        records = records[:limit]
        return ChildPage(
            rows=[ChildRow.from_record(record) for record in records],
            cursors=[encode_cursor(record, language, ranked=bool(words)) for record in records],
            has_next=has_next,
            total_count=total,
        )

    def identity_candidates(
        self, birth_dates: Sequence[tuple[date, date]], blocks: Sequence[str]
    ) -> list[tuple[ChildRow, str | None]]:
        """The children with one of the blocking keys `blocks`, born in one of the ranges
        `birth_dates` (first and last day): the records a registration is compared with,
        and their personal ids. Each pair of key and range is one range of an index."""
        if not birth_dates or not blocks:
            return []
        found = " OR ".join(
            ["(b.block = %s AND b.birth_date >= %s AND b.birth_date <= %s)"]
            * (len(blocks) * len(birth_dates))
        )
        params = [value for block in blocks for days in birth_dates for value in (block, *days)]
        records = self._records(
            "SELECT c.*, i.personal_id AS known_personal_id FROM {child_status} c "
            "LEFT JOIN {child_identity} i ON i.child_id = c.child_id "
            f"WHERE c.child_id IN (SELECT b.child_id FROM {{child_blocks}} b WHERE {found}) "
            f"AND {_NOT_LINKED}",
            params,
        )
        return [(ChildRow.from_record(record), record["known_personal_id"]) for record in records]

    def alike_pairs(self, district: str) -> list[tuple[UUID, UUID]]:
        """Pairs of records, one of them held by `district`, that share a blocking key
        and were born at most a year apart: what the supervisors' review scores. Linked
        duplicates are left out, and pairs found to be two children (`NotDuplicates`).
        One statement: the district's keys, each looked up in the index of keys."""
        near = self.database.dialect.days("b.birth_date", "a.birth_date")
        reach = duplicates.NEAR_BIRTH.days
        records = self._records(
            "SELECT DISTINCT a.child_id AS child_id, b.child_id AS other_id "
            "FROM {child_status} c JOIN {child_blocks} a ON a.child_id = c.child_id "
            "JOIN {child_blocks} b ON b.block = a.block AND b.child_id <> a.child_id "
            f"WHERE c.district = %s AND {near} BETWEEN %s AND %s AND {_NOT_LINKED} "
            "AND b.child_id NOT IN (SELECT child_id FROM {child_links}) "
            "AND NOT EXISTS (SELECT 1 FROM {distinct_pairs} d WHERE "
            "(d.child_id = a.child_id AND d.other_id = b.child_id) OR "
            "(d.child_id = b.child_id AND d.other_id = a.child_id))",
            [district, -reach, reach],
        )
        pairs: set[tuple[UUID, UUID]] = set()
        for record in records:
            one, other = UUID(str(record["child_id"])), UUID(str(record["other_id"]))
            pairs.add((one, other) if str(one) < str(other) else (other, one))
        return sorted(pairs, key=str)

    def identities(self, child_ids: Sequence[UUID]) -> dict[UUID, tuple[ChildRow, str | None]]:
        """Each child's row with the personal id child_identity keeps."""
        if not child_ids:
            return {}
        records = self._records(
            "SELECT c.*, i.personal_id AS known_personal_id FROM {child_status} c "
            "LEFT JOIN {child_identity} i ON i.child_id = c.child_id "
            f"WHERE c.child_id {_in(child_ids)}",
            child_ids,
        )
        return {
            row.child_id: (row, record["known_personal_id"])
            for record in records
            for row in (ChildRow.from_record(record),)
        }

    def histories(self, child_ids: Sequence[UUID]) -> dict[UUID, list[HistoryRow]]:
        """Each child's decisions with those of the records linked to it as duplicates
        (one child, registered twice), in recorded order; each row names its record.
        One statement for every child asked for."""
        found: dict[UUID, list[HistoryRow]] = {child_id: [] for child_id in child_ids}
        if not child_ids:
            return found
        listed = _in(child_ids)
        records = self._records(
            f"SELECT h.*, h.child_id AS shown_with FROM {{child_history}} h "
            f"WHERE h.child_id {listed} UNION ALL "
            f"SELECT h.*, l.survivor_id AS shown_with FROM {{child_links}} l "
            f"JOIN {{child_history}} h ON h.child_id = l.child_id WHERE l.survivor_id {listed}",
            [*child_ids, *child_ids],
        )
        for record in records:
            found[UUID(str(record["shown_with"]))].append(HistoryRow.from_record(record))
        return {child_id: _in_recorded_order(child_id, rows) for child_id, rows in found.items()}

    def linked_records(self, child_ids: Sequence[UUID]) -> dict[UUID, list[UUID]]:
        """The duplicates linked to each of `child_ids` (`RecordsLinked`)."""
        found: dict[UUID, list[UUID]] = {child_id: [] for child_id in child_ids}
        if child_ids:
            for link in self._links(f"survivor_id {_in(child_ids)}", child_ids):
                found[link.survivor_id].append(link.child_id)
        return found

    def survivors(self, child_ids: Sequence[UUID]) -> dict[UUID, UUID]:
        """The surviving record of each of `child_ids` linked to one as its duplicate."""
        if not child_ids:
            return {}
        return {
            link.child_id: link.survivor_id
            for link in self._links(f"child_id {_in(child_ids)}", child_ids)
        }

    def _links(self, condition: str, params: Sequence[Any]) -> Iterator[LinkRow]:
        statement = f"SELECT * FROM {{child_links}} WHERE {condition} ORDER BY child_id"
        return map(LinkRow.from_record, self._records(statement, params))

    def plans(self, child_ids: Sequence[UUID]) -> dict[UUID, list[PlanEventRow]]:
        return self._by_child(PlanEventRow, "plan_events", "version", child_ids)

    def placements(self, child_ids: Sequence[UUID]) -> dict[UUID, list[PlacementRow]]:
        """Each child's placements, oldest first."""
        return self._by_child(PlacementRow, "placements", "start_date, placement_id", child_ids)

    def _by_child(
        self, row_type: type[ChildRowT], table: str, order: str, child_ids: Sequence[UUID]
    ) -> dict[UUID, list[ChildRowT]]:
        """The rows of `table` for each child (one statement for all), ordered by `order`."""
        found: dict[UUID, list[ChildRowT]] = {child_id: [] for child_id in child_ids}
        if child_ids:
            for record in self._records(
                f"SELECT * FROM {{{table}}} WHERE child_id {_in(child_ids)} "
                f"ORDER BY child_id, {order}",
                child_ids,
            ):
                row = row_type.from_record(record)
                found[row.child_id].append(row)
        return found

    # -- providers -------------------------------------------------------------

    def providers(
        self, *, district: str | None = None, kind: str | None = None
    ) -> list[ProviderRow]:
        conditions = [
            f"{column} = %s"
            for column, value in (("district", district), ("kind", kind))
            if value is not None
        ]
        params = [value for value in (district, kind) if value is not None]
        where = f" WHERE {' AND '.join(conditions)}" if conditions else ""
        return [
            ProviderRow.from_record(record)
            for record in self._records(
                f"SELECT * FROM {{provider_occupancy}}{where} ORDER BY name, provider_id", params
            )
        ]

    def providers_by_ids(self, ids: Sequence[UUID]) -> dict[UUID, ProviderRow]:
        if not ids:
            return {}
        rows = self._records(
            f"SELECT * FROM {{provider_occupancy}} WHERE provider_id {_in(ids)}", ids
        )
        return {row.provider_id: row for row in map(ProviderRow.from_record, rows)}

    # -- alerts ----------------------------------------------------------------

    def alerts(
        self, *, today: date, district: str | None = None, kind: str | None = None
    ) -> list[AlertRow]:
        """The monitoring rules of children in care on `today` (docs/design.md section 4)."""
        kinds = ALERT_KINDS if kind is None else (kind,) if kind in ALERT_KINDS else ()
        if not kinds:
            return []
        condition, params = "status = 'in_care'", []
        if district is not None:
            condition += " AND district = %s"
            params.append(district)
        children = [
            ChildRow.from_record(record)
            for record in self._records(f"SELECT * FROM {{child_status}} WHERE {condition}", params)
        ]
        residential_since = self._residential_since(
            [child for child in children if child.setting in _RESIDENTIAL]
        )
        alerts = [
            alert
            for child in children
            for alert in _alerts_of(child, today, residential_since.get(child.child_id))
            if alert.kind in kinds
        ]
        return sorted(alerts, key=lambda a: (ALERT_KINDS.index(a.kind), a.since, str(a.child_id)))

    def alerts_of(self, children: Sequence[ChildRow], *, today: date) -> dict[UUID, list[AlertRow]]:
        """The monitoring rules that flag each of `children` (a page of a list) today."""
        in_care = [child for child in children if child.status == "in_care"]
        residential_since = self._residential_since(
            [child for child in in_care if child.setting in _RESIDENTIAL]
        )
        found: dict[UUID, list[AlertRow]] = {child.child_id: [] for child in children}
        for child in in_care:
            found[child.child_id].extend(
                _alerts_of(child, today, residential_since.get(child.child_id))
            )
        return found

    def _residential_since(self, children: list[ChildRow]) -> dict[UUID, date]:
        """When each child's current unbroken run of residential placements began."""
        episodes = [child.episode_id for child in children if child.episode_id is not None]
        if not episodes:
            return {}
        by_child: dict[UUID, list[PlacementRow]] = defaultdict(list)
        for record in self._records(
            f"SELECT * FROM {{placements}} WHERE episode_id {_in(episodes)} "
            "ORDER BY child_id, start_date, placement_id",
            episodes,
        ):
            row = PlacementRow.from_record(record)
            by_child[row.child_id].append(row)
        since: dict[UUID, date] = {}
        for child_id, placements in by_child.items():
            for placement in reversed(placements):
                if placement.setting not in _RESIDENTIAL:
                    break
                since[child_id] = placement.start_date
        return since


def _alerts_of(child: ChildRow, today: date, residential_since: date | None) -> Iterator[AlertRow]:
    def alert(kind: str, since: date, detail: str) -> AlertRow:
        return AlertRow(child.child_id, child.district, kind, since, detail)

    if child.entered_care_on is not None and child.plan_id is None:
        deadline = child.entered_care_on + timedelta(days=PLAN_DEADLINE_DAYS)
        if deadline < today:
            yield alert(
                "no_plan_30_days",
                deadline,
                f"no development plan since entering care on {child.entered_care_on.isoformat()}",
            )
    if child.plan_adopted_on is not None:
        last_touched = child.last_reviewed_on or child.plan_adopted_on
        due = child.next_review_due or add_months(last_touched, REVIEW_CADENCE_MONTHS)
        if due < today:
            yield alert("review_overdue", due, f"plan review was due on {due.isoformat()}")
    if residential_since is not None:
        if today < add_years(child.birth_date, 3):
            yield alert(
                "under3_residential",
                residential_since,
                f"under 3 in {child.setting} since {residential_since.isoformat()}",
            )
        limit = add_months(residential_since, RESIDENTIAL_LIMIT_MONTHS)
        if limit <= today:
            yield alert(
                "residential_over_12_months",
                limit,
                f"in residential care since {residential_since.isoformat()}",
            )
