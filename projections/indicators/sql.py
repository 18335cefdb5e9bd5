"""The indicator queries, one text per question, rendered for either backend.

Three "unit" queries count at the finest grouping (every dimension plus the
indicator's own ones): children in care on d, exits in P, and entries in P. Every
additive figure of the report is a sum of their cells. The median is not additive,
so one more query computes it for every grouping, with a window-function
formulation that runs unchanged on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from projections.indicators.dialect import Dialect
from registry.domain.values import PERMANENT_EXITS, ExitReason

PERMANENT = ", ".join(f"'{reason.value}'" for reason in sorted(PERMANENT_EXITS, key=str))
RETURNS_HOME = ", ".join(
    f"'{reason.value}'"
    for reason in (ExitReason.REUNIFICATION, ExitReason.KINSHIP, ExitReason.GUARDIANSHIP)
)
WHOLE_YEAR = 10_000  # in YYYYMMDD integers
ADULT_AGE = 18 * WHOLE_YEAR
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


def _age_band(dialect: Dialect, birth: str, on: str) -> str:
    age = f"(({dialect.ymd(on)} - {dialect.ymd(birth)}) / {WHOLE_YEAR})"
    return (
        f"CASE WHEN {age} < 3 THEN '0-2' WHEN {age} < 6 THEN '3-5' "
        f"WHEN {age} < 12 THEN '6-11' WHEN {age} < 18 THEN '12-17' ELSE '18+' END"
    )


def _disability() -> str:
    return "CASE WHEN c.disability THEN 'yes' ELSE 'no' END"


def _first_setting(episode: str) -> str:
    return (
        "(SELECT p.setting FROM placements p "
        f"WHERE p.episode_id = {episode} ORDER BY p.start_date, p.is_move LIMIT 1)"
    )


def _last_setting(episode: str) -> str:
    return (
        "(SELECT p.setting FROM placements p "
        f"WHERE p.episode_id = {episode} ORDER BY p.start_date DESC LIMIT 1)"
    )


def stock(dialect: Dialect) -> str:
    """Children in care on d, with their setting on d (before the first placement
    of an episode: that placement's setting) and length of stay on d."""
    d = dialect.day("d")
    setting_on_d = (
        "COALESCE((SELECT p.setting FROM placements p WHERE p.episode_id = e.episode_id "
        f"AND p.start_date <= {d} AND (p.end_date IS NULL OR p.end_date > {d}) "
        f"ORDER BY p.start_date DESC LIMIT 1), {_first_setting('e.episode_id')}, 'unknown')"
    )
    plan_event = (
        "EXISTS (SELECT 1 FROM plan_events pe WHERE pe.child_id = e.child_id "
        f"AND pe.effective_date >= e.start_date AND pe.effective_date <= {d}"
    )
    return f"""
WITH unit AS (
  SELECT c.district AS district, c.sex AS sex,
         {_age_band(dialect, "c.birth_date", d)} AS age_band,
         {setting_on_d} AS setting,
         {_disability()} AS disability,
         CASE WHEN e.start_date > {dialect.day("stay_6")} THEN '<6'
              WHEN e.start_date > {dialect.day("stay_12")} THEN '6-12'
              WHEN e.start_date > {dialect.day("stay_24")} THEN '12-24'
              ELSE '24+' END AS stay,
         CASE WHEN {plan_event} AND pe.kind = 'adopted') THEN 1 ELSE 0 END AS with_plan,
         CASE WHEN e.start_date <= {dialect.day("stay_3")} THEN 1 ELSE 0 END AS in_care_3m,
         CASE WHEN e.start_date <= {dialect.day("stay_3")}
               AND {plan_event} AND pe.effective_date >= {dialect.day("review_since")})
              THEN 1 ELSE 0 END AS reviewed
  FROM episodes e JOIN child_status c ON c.child_id = e.child_id
  WHERE e.start_date <= {d} AND (e.end_date IS NULL OR e.end_date > {d})
)
SELECT {", ".join(STOCK_COLUMNS)},
       COUNT(*), SUM(with_plan), SUM(in_care_3m), SUM(reviewed)
FROM unit GROUP BY {", ".join(STOCK_COLUMNS)}
"""


def _exit_unit(dialect: Dialect) -> str:
    return f"""
  SELECT c.district AS district, c.sex AS sex,
         {_age_band(dialect, "c.birth_date", "e.end_date")} AS age_band,
         COALESCE({_last_setting("e.episode_id")}, 'unknown') AS setting,
         {_disability()} AS disability,
         e.exit_reason AS exit_reason,
         CASE WHEN e.exit_reason = 'adoption' THEN COALESCE(e.adoption_kind, 'unknown') END
           AS adoption_kind,
         {dialect.days("e.end_date", "e.start_date")} AS days
  FROM episodes e JOIN child_status c ON c.child_id = e.child_id
  WHERE e.end_date >= {dialect.day("p_from")} AND e.end_date <= {dialect.day("p_to")}
"""


def exits(dialect: Dialect) -> str:
    """Exits in P with the child's age at exit and the setting they left."""
    return f"""
WITH unit AS ({_exit_unit(dialect)})
SELECT {", ".join(EXIT_COLUMNS)}, COUNT(*)
FROM unit GROUP BY {", ".join(EXIT_COLUMNS)}
"""


def median_days_at_exit(dialect: Dialect, groupings: Sequence[Sequence[str]]) -> str:
    """Median stay of the exits in P for every grouping at once: per grouping, the
    mean of the one or two middle values of the ordered days (ROW_NUMBER and COUNT
    windows). The exits are computed once (a materialised CTE) and each grouping is
    one branch of a UNION ALL; dimensions a branch does not group by are NULL.

    Columns: grouping index, every dimension of the last (widest) grouping, median,
    number of exits."""
    dimensions = list(groupings[-1]) if groupings else []
    branches = []
    for index, grouping in enumerate(groupings):
        columns = ", ".join(
            dim if dim in grouping else f"CAST(NULL AS TEXT) AS {dim}" for dim in dimensions
        )
        partition = f"PARTITION BY {', '.join(grouping)} " if grouping else ""
        branches.append(
            f"SELECT {index} AS grouping_index, {columns + ', ' if columns else ''}days, "
            f"ROW_NUMBER() OVER ({partition}ORDER BY days) AS position, "
            f"COUNT(*) OVER ({partition.strip()}) AS observations FROM unit"
        )
    keys = ", ".join(["grouping_index", *dimensions])
    union = "\n  UNION ALL\n  ".join(branches)
    return f"""
WITH unit AS MATERIALIZED ({_exit_unit(dialect)}),
ranked AS (
  {union}
)
SELECT {keys}, AVG(days), MAX(observations)
FROM ranked
WHERE position IN ((observations + 1) / 2, (observations + 2) / 2)
GROUP BY {keys}
"""


def entries(dialect: Dialect) -> str:
    """Episodes starting in P, with the child's age at entry and first setting.

    A child's first entry in P stands for the child (entries, re-entries and the
    12-month cohorts); every entry in P counts for placement stability.
    """
    start_ymd = dialect.ymd("e.start_date")
    end_ymd = dialect.ymd("e.end_date")
    birth_ymd = dialect.ymd("c.birth_date")
    p_end = dialect.day("p_end")
    within_year = f"e.end_date IS NOT NULL AND {end_ymd} - {start_ymd} < {WHOLE_YEAR}"
    re_entered = (
        "EXISTS (SELECT 1 FROM episodes later WHERE later.child_id = e.child_id "
        "AND later.episode_id <> e.episode_id AND later.start_date >= e.end_date "
        f"AND {dialect.ymd('later.start_date')} - {end_ymd} < {WHOLE_YEAR})"
    )
    return f"""
WITH in_period AS (
  SELECT e.*,
         ROW_NUMBER() OVER (PARTITION BY e.child_id ORDER BY e.start_date, e.entry_number)
           AS nth_in_period,
         MAX(e.entry_number) OVER (PARTITION BY e.child_id) AS highest_entry
  FROM episodes e
  WHERE e.start_date >= {dialect.day("p_from")} AND e.start_date <= {dialect.day("p_to")}
),
unit AS (
  SELECT c.district AS district, c.sex AS sex,
         {_age_band(dialect, "c.birth_date", "e.start_date")} AS age_band,
         COALESCE({_first_setting("e.episode_id")}, 'unknown') AS setting,
         {_disability()} AS disability,
         CASE WHEN e.nth_in_period = 1 THEN 1 ELSE 0 END AS first_in_period,
         CASE WHEN e.nth_in_period = 1 AND e.highest_entry > 1 THEN 1 ELSE 0 END AS re_entry,
         CASE WHEN e.nth_in_period = 1 AND {start_ymd} - {birth_ymd} < {ADULT_AGE}
               AND NOT (e.end_date IS NOT NULL
                        AND {dialect.days("e.end_date", "e.start_date")} < {SHORT_STAY_DAYS})
              THEN 1 ELSE 0 END AS permanency_cohort,
         CASE WHEN {within_year} AND e.exit_reason IN ({PERMANENT})
               AND {end_ymd} - {birth_ymd} < {ADULT_AGE}
              THEN 1 ELSE 0 END AS permanent_in_year,
         CASE WHEN e.nth_in_period = 1 AND {within_year}
               AND e.exit_reason IN ({RETURNS_HOME}) THEN 1 ELSE 0 END AS re_entry_cohort,
         CASE WHEN {re_entered} THEN 1 ELSE 0 END AS re_entered,
         (SELECT COUNT(*) FROM placements p WHERE p.episode_id = e.episode_id
            AND p.is_move AND p.start_date < {p_end}) AS moves,
         {
        dialect.days(
            f"CASE WHEN e.end_date IS NULL OR e.end_date > {p_end} "
            f"THEN {p_end} ELSE e.end_date END",
            "e.start_date",
        )
    } AS days_in_care
  FROM in_period e JOIN child_status c ON c.child_id = e.child_id
)
SELECT {", ".join(ENTRY_COLUMNS)},
       SUM(first_in_period), SUM(re_entry),
       SUM(permanency_cohort), SUM(permanency_cohort * permanent_in_year),
       SUM(re_entry_cohort), SUM(re_entry_cohort * re_entered),
       COUNT(*), SUM(moves), SUM(days_in_care)
FROM unit GROUP BY {", ".join(ENTRY_COLUMNS)}
"""


@dataclass(frozen=True)
class UnitQuery:
    """One unit query: its text, its grouping columns, then its measures in order."""

    statement: Callable[[Dialect], str]
    columns: tuple[str, ...]
    measures: tuple[str, ...]


UNIT_QUERIES = (
    UnitQuery(stock, STOCK_COLUMNS, STOCK_MEASURES),
    UnitQuery(exits, EXIT_COLUMNS, EXIT_MEASURES),
    UnitQuery(entries, ENTRY_COLUMNS, ENTRY_MEASURES),
)
