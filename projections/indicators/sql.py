"""The indicator queries, one text per question, rendered for either backend.

Three "unit" queries count at the finest grouping a report needs (its dimensions
plus the indicators' own ones): children in care on d, exits in P, and entries in
P. Every additive figure of the report is a sum of their cells. Each reads the
placements of its episodes in one pass, never a subquery per episode. The median
is not additive: the exits are also counted per number of days in care, and the
median of every grouping is read from that histogram (`median`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from projections.indicators.cells import NOT_PLACED
from registry.database import Dialect
from registry.domain.values import PERMANENT_EXITS, ExitReason

PERMANENT = ", ".join(f"'{reason.value}'" for reason in sorted(PERMANENT_EXITS, key=str))
RETURNS_HOME = ", ".join(
    f"'{reason.value}'"
    for reason in (ExitReason.REUNIFICATION, ExitReason.KINSHIP, ExitReason.GUARDIANSHIP)
)
ADULT_YEARS = 18
SHORT_STAY_DAYS = 8

STOCK_COLUMNS = ("district", "sex", "age_band", "setting", "disability", "stay")
STOCK_MEASURES = ("in_care", "with_plan", "in_care_3m", "reviewed")
EXIT_COLUMNS = (
    "district",
    "sex",
    "age_band",
    "setting",
    "disability",
    "exit_reason",
    "adoption_kind",
)
EXIT_MEASURES = ("exits",)
ENTRY_COLUMNS = ("district", "sex", "age_band", "setting", "disability")
ENTRY_MEASURES = (
    "entries",
    "re_entries",
    "permanency_cohort",
    "permanent_exits",
    "re_entry_cohort",
    "re_entered",
    "stability_entries",
    "moves",
    "days_in_care",
)
STOCK_READS = ("episode_id", "child_id", "start_date")
ENDED_READS = (*STOCK_READS, "end_date", "exit_reason")
EXIT_READS = (*ENDED_READS, "adoption_kind")
ENTRY_READS = (*ENDED_READS, "person_id", "nth_in_period", "highest_entry")
"""The episode columns each unit query reads (sorted rows carry only these)."""
ENTRY_SUMS = (
    "SUM(first_in_period), SUM(re_entry), "
    "SUM(permanency_cohort), SUM(permanency_cohort * permanent_in_year), "
    "SUM(re_entry_cohort), SUM(re_entered), COUNT(*), SUM(moves), SUM(days_in_care)"
)


def _age_band(dialect: Dialect, birth: str, on: str) -> str:
    def under(years: int) -> str:
        return dialect.under_years(on, birth, years)

    return (
        f"CASE WHEN {under(3)} THEN '0-2' WHEN {under(6)} THEN '3-5' "
        f"WHEN {under(12)} THEN '6-11' WHEN {under(18)} THEN '12-17' ELSE '18+' END"
    )


def _counted(columns: Sequence[str], measures: str) -> str:
    """The unit's measures per combination of `columns`: the report asks only for the
    columns its groups use, as finer rows would only give Python more to add up."""
    if not columns:
        return f"SELECT {measures} FROM unit"
    listed = ", ".join(columns)
    return f"SELECT {listed}, {measures} FROM unit GROUP BY {listed}"


def _disability() -> str:
    return "CASE WHEN c.disability THEN 'yes' ELSE 'no' END"


def _placed(
    dialect: Dialect,
    episodes: str,
    columns: Sequence[str],
    order: str,
    where: str = "",
    extra: str = "",
    setting: str = f"COALESCE(p.setting, '{NOT_PLACED}')",
) -> str:
    """The episodes `e` of `episodes` (those matching `where` if given), one row each:
    the `columns` of `e` (the rows are sorted, so only those the query reads), the
    `setting` of the placement that comes first in `order` (by default its setting,
    'not_placed' for an episode without one) and the columns of `extra`, window
    functions over the episode's placements.

    One pass over the episodes joined to their placements replaces a subquery per
    episode. Placements always have a setting."""
    selected = ", ".join(f"e.{column} AS {column}" for column in columns)
    where_clause = f" WHERE {where}" if where else ""
    return dialect.first_of_each(
        "e.episode_id",
        order,
        f"{selected}, {setting} AS setting{extra}",
        f"{episodes} LEFT JOIN placements p ON p.episode_id = e.episode_id{where_clause}",
    )


def stock(dialect: Dialect, columns: Sequence[str]) -> str:
    """Children in care on d, with their setting on d and length of stay on d.

    A setting runs from its placement's start date, half-open like every stay: the
    setting on d is that of the latest-starting placement covering d, and a child
    removed but not yet placed on d is `not_placed` (in care, in no setting). A
    single ordering ranks the covering placements first (latest start first). Plan
    events of the episode up to d are read once per episode: whether one is an
    adoption, and the latest date (a review within the window is one on or after
    `review_since`). They are joined to the
    episodes table rather than to `stock`, which is then read once and not
    materialised, and PostgreSQL may split the join between workers. Their figures
    ride along the episode's placements into the first-of-each pass: joined to its
    result, PostgreSQL would no longer know each episode comes out once (its key is
    compared as bytes, `Dialect.key`) and would expect a hundred times the rows."""
    d = dialect.day("d")
    covers_d = f"p.start_date <= {d} AND (p.end_date IS NULL OR p.end_date > {d})"
    setting_first = (
        f"CASE WHEN {covers_d} THEN 0 ELSE 1 END, "
        f"CASE WHEN {covers_d} THEN p.start_date END DESC, p.start_date, p.is_move"
    )
    in_care_on_d = f"e.start_date <= {d} AND (e.end_date IS NULL OR e.end_date > {d})"
    in_care_3m = f"e.start_date <= {dialect.day('stay_3')}"
    in_care = "episodes e LEFT JOIN plans pl ON pl.episode_id = e.episode_id"
    plan_columns = ", pl.adopted AS adopted, pl.latest AS latest"
    return f"""
WITH plans AS (
  SELECT e.episode_id AS episode_id,
         MAX(CASE WHEN pe.kind = 'adopted' THEN 1 ELSE 0 END) AS adopted,
         MAX(pe.effective_date) AS latest
  FROM episodes e JOIN plan_events pe ON pe.child_id = e.child_id
  WHERE {in_care_on_d} AND pe.effective_date >= e.start_date AND pe.effective_date <= {d}
  GROUP BY e.episode_id
),
stock AS ({
        _placed(
            dialect,
            in_care,
            STOCK_READS,
            setting_first,
            in_care_on_d,
            plan_columns,
            setting=f"CASE WHEN {covers_d} THEN p.setting ELSE '{NOT_PLACED}' END",
        )
    }),
unit AS (
  SELECT c.district AS district, c.sex AS sex,
         {_age_band(dialect, "c.birth_date", d)} AS age_band,
         e.setting AS setting,
         {_disability()} AS disability,
         CASE WHEN e.start_date > {dialect.day("stay_6")} THEN '<6'
              WHEN e.start_date > {dialect.day("stay_12")} THEN '6-12'
              WHEN e.start_date > {dialect.day("stay_24")} THEN '12-24'
              ELSE '24+' END AS stay,
         COALESCE(e.adopted, 0) AS with_plan,
         CASE WHEN {in_care_3m} THEN 1 ELSE 0 END AS in_care_3m,
         CASE WHEN {in_care_3m} AND e.latest >= {dialect.day("review_since")}
              THEN 1 ELSE 0 END AS reviewed
  FROM stock e
  JOIN child_status c ON c.child_id = e.child_id
)
{_counted(columns, "COUNT(*), SUM(with_plan), SUM(in_care_3m), SUM(reviewed)")}
"""


def _exit_unit(dialect: Dialect) -> str:
    """The exits in P with the child's age at exit and the setting they left (their
    last placement's)."""
    ended_in_p = f"e.end_date >= {dialect.day('p_from')} AND e.end_date <= {dialect.day('p_to')}"
    exited = _placed(
        dialect, "episodes e", EXIT_READS, "p.start_date DESC, p.is_move DESC", ended_in_p
    )
    return f"""
  SELECT c.district AS district, c.sex AS sex,
         {_age_band(dialect, "c.birth_date", "e.end_date")} AS age_band,
         e.setting AS setting,
         {_disability()} AS disability,
         e.exit_reason AS exit_reason,
         CASE WHEN e.exit_reason = 'adoption' THEN COALESCE(e.adoption_kind, 'unknown') END
           AS adoption_kind,
         {dialect.days("e.end_date", "e.start_date")} AS days
  FROM ({exited}) e JOIN child_status c ON c.child_id = e.child_id
"""


def exits(dialect: Dialect, columns: Sequence[str]) -> str:
    """Exits in P with the child's age at exit and the setting they left, counted per
    number of days in care as well: the histogram the medians are read from."""
    return f"""
WITH unit AS ({_exit_unit(dialect)})
{_counted((*columns, "days"), "COUNT(*)")}
"""


def _entry_number() -> str:
    """The episode's number among the child's entries. A record linked to another as
    its duplicate is the same child (`child_links`): the entries of the survivor and
    its duplicates are counted together, numbered by their start; every other
    record's number is the one its episodes carry."""
    linked = "l.survivor_id IS NOT NULL OR e.child_id IN (SELECT survivor_id FROM child_links)"
    together = (
        "SELECT COUNT(*) FROM episodes o LEFT JOIN child_links ol ON ol.child_id = o.child_id "
        "WHERE COALESCE(ol.survivor_id, o.child_id) = COALESCE(l.survivor_id, e.child_id) "
        "AND o.start_date <= e.start_date"
    )
    return f"CASE WHEN {linked} THEN ({together}) ELSE e.entry_number END"


def entries(dialect: Dialect, columns: Sequence[str]) -> str:
    """Episodes starting in P, with the child's age at entry and first setting.

    A child's first entry in P stands for the child (entries, re-entries and the
    12-month cohorts), and a child registered twice, once their records are linked
    (`child_links`); every entry in P counts for placement stability. One pass over
    the placements of these episodes gives both the first setting and the moves;
    whether a child came back within 12 months is looked up only for the children of
    the re-entry cohort, the only ones it counts for.
    """
    p_end = dialect.day("p_end")
    within_year = (
        f"e.end_date IS NOT NULL AND {dialect.under_years('e.end_date', 'e.start_date', 1)}"
    )
    re_entry_cohort = f"e.nth_in_period = 1 AND {within_year} AND e.exit_reason IN ({RETURNS_HOME})"
    came_back = (
        "EXISTS (SELECT 1 FROM episodes later WHERE (later.child_id = e.person_id "
        "OR later.child_id IN (SELECT child_id FROM child_links WHERE survivor_id = e.person_id)) "
        "AND later.episode_id <> e.episode_id AND later.start_date >= e.end_date "
        f"AND {dialect.under_years('later.start_date', 'e.end_date', 1)})"
    )
    first_placement = "p.start_date, p.is_move"
    person = dialect.key("e.person_id")
    episode = dialect.key("e.episode_id")
    moves = (
        f",\n           SUM(CASE WHEN p.is_move AND p.start_date < {p_end} THEN 1 ELSE 0 END)"
        f"\n             OVER (PARTITION BY {episode} ORDER BY {first_placement}"
        "\n                   ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS moves"
    )
    return f"""
WITH persons AS (
  SELECT {", ".join(f"e.{column} AS {column}" for column in ENDED_READS)},
         COALESCE(l.survivor_id, e.child_id) AS person_id, {_entry_number()} AS entry_number
  FROM episodes e LEFT JOIN child_links l ON l.child_id = e.child_id
  WHERE e.start_date >= {dialect.day("p_from")} AND e.start_date <= {dialect.day("p_to")}
),
in_period AS (
  SELECT {", ".join(f"e.{column} AS {column}" for column in ENDED_READS)},
         e.person_id AS person_id,
         ROW_NUMBER() OVER (PARTITION BY {person} ORDER BY e.start_date, e.entry_number)
           AS nth_in_period,
         MAX(e.entry_number) OVER (PARTITION BY {person}) AS highest_entry
  FROM persons e
),
placed AS ({_placed(dialect, "in_period e", ENTRY_READS, first_placement, extra=moves)}),
unit AS (
  SELECT c.district AS district, c.sex AS sex,
         {_age_band(dialect, "c.birth_date", "e.start_date")} AS age_band,
         e.setting AS setting,
         {_disability()} AS disability,
         CASE WHEN e.nth_in_period = 1 THEN 1 ELSE 0 END AS first_in_period,
         CASE WHEN e.nth_in_period = 1 AND e.highest_entry > 1 THEN 1 ELSE 0 END AS re_entry,
         CASE WHEN e.nth_in_period = 1
               AND {dialect.under_years("e.start_date", "c.birth_date", ADULT_YEARS)}
               AND NOT (e.end_date IS NOT NULL
                        AND {dialect.days("e.end_date", "e.start_date")} < {SHORT_STAY_DAYS})
              THEN 1 ELSE 0 END AS permanency_cohort,
         CASE WHEN {within_year} AND e.exit_reason IN ({PERMANENT})
               AND {dialect.under_years("e.end_date", "c.birth_date", ADULT_YEARS)}
              THEN 1 ELSE 0 END AS permanent_in_year,
         CASE WHEN {re_entry_cohort} THEN 1 ELSE 0 END AS re_entry_cohort,
         CASE WHEN {re_entry_cohort} THEN CASE WHEN {came_back} THEN 1 ELSE 0 END
              ELSE 0 END AS re_entered,
         e.moves AS moves,
         {
        dialect.days(
            f"CASE WHEN e.end_date IS NULL OR e.end_date > {p_end} "
            f"THEN {p_end} ELSE e.end_date END",
            "e.start_date",
        )
    } AS days_in_care
  FROM placed e JOIN child_status c ON c.child_id = e.child_id
)
{_counted(columns, ENTRY_SUMS)}
"""


@dataclass(frozen=True)
class UnitQuery:
    """One unit query: its text, counting per combination of the columns it is given
    (some of `columns`, in their order), its columns, then its measures in order;
    `by_days`: the columns are followed by a number of days in care (the exits'
    histogram)."""

    statement: Callable[[Dialect, Sequence[str]], str]
    columns: tuple[str, ...]
    measures: tuple[str, ...]
    by_days: bool = False


UNIT_QUERIES = (
    UnitQuery(stock, STOCK_COLUMNS, STOCK_MEASURES),
    UnitQuery(exits, EXIT_COLUMNS, EXIT_MEASURES, by_days=True),
    UnitQuery(entries, ENTRY_COLUMNS, ENTRY_MEASURES),
)
