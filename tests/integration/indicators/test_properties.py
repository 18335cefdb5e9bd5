"""Properties over random histories (SQLite, bounded examples): grouped figures add
up to the total, and suppression never leaves a hidden cell recoverable."""

from __future__ import annotations

import tempfile
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from uuid import UUID

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from projections.indicators import DIMENSIONS, IndicatorReport, IndicatorRow, Period
from projections.read_side import ReadSide, open_read_side
from registry.application import RegistryApplication
from registry.database import persistence_env
from registry.domain.values import AdoptionKind, ExitReason, ProviderKind, Setting, Sex
from tests.integration.indicators.support import computer
from tests.support import journeys

TODAY = date(2026, 6, 30)
PERIOD = Period(date(2025, 1, 1), date(2025, 12, 31))
ADDITIVE = (
    "in_care",
    "in_care_by_setting",
    "entries",
    "re_entries",
    "exits_by_reason",
    "adoptions",
    "stay_distribution",
)
RATIOS = (
    "family_based_share",
    "permanent_exit_share",
    "under3_residential",
    "permanency_12_months",
    "re_entry_12_months",
    "placement_stability",
    "review_compliance",
    "plan_coverage",
)
EXTRA_DIMENSIONS = {"stay", "exit_reason", "adoption_kind"}


@dataclass(frozen=True)
class Story:
    district: str
    sex: Sex
    born: date
    disability: bool
    entered: date
    setting: Setting
    days: int | None
    moved_after: int | None
    reason: ExitReason
    return_after: int | None


stories = st.builds(
    Story,
    district=st.sampled_from(["north", "south", "east"]),
    sex=st.sampled_from(list(Sex)),
    born=st.dates(min_value=date(2007, 1, 1), max_value=date(2024, 12, 31)),
    disability=st.booleans(),
    entered=st.dates(min_value=date(2023, 6, 1), max_value=date(2026, 3, 1)),
    setting=st.sampled_from(
        [Setting.FOSTER_FAMILY, Setting.RESIDENTIAL_INSTITUTION, Setting.KINSHIP_CARE]
    ),
    days=st.none() | st.integers(min_value=1, max_value=500),
    moved_after=st.none() | st.integers(min_value=0, max_value=200),
    reason=st.sampled_from(
        [ExitReason.REUNIFICATION, ExitReason.KINSHIP, ExitReason.ADOPTION, ExitReason.RUNAWAY]
    ),
    return_after=st.none() | st.integers(min_value=0, max_value=400),
)


def tell(app: RegistryApplication, providers: dict[Setting, UUID], story: Story) -> None:
    entered = max(story.entered, story.born)
    child = journeys.register_child(
        app,
        day=journeys.registration_day(story.born, entered),
        birth_date=story.born,
        sex=story.sex,
        district=story.district,
        disability=story.disability,
    ).id

    def place(day: date, setting: Setting) -> None:
        extra = {"carer": "a relative"} if setting is Setting.KINSHIP_CARE else {}
        journeys.admit(
            app, child, providers.get(setting), day, setting, justification="needed", **extra
        )

    place(entered, story.setting)
    exit_day = entered + timedelta(days=story.days) if story.days else None
    if story.moved_after is not None:
        moved = entered + timedelta(days=story.moved_after)
        if moved <= TODAY and (exit_day is None or moved <= exit_day):
            journeys.move(
                app,
                child,
                moved,
                setting=Setting.FOSTER_FAMILY,
                provider_id=providers[Setting.FOSTER_FAMILY],
            )
    if exit_day is None or exit_day > TODAY:
        return
    if story.reason is ExitReason.ADOPTION:
        journeys.free_for_adoption(app, child, entered)
        journeys.grant_adoption(app, child, exit_day, court_ref="C-1", kind=_kind(story))
    else:
        journeys.exit_care(app, child, exit_day, reason=story.reason)
    if story.return_after is not None and story.reason is not ExitReason.ADOPTION:
        back = exit_day + timedelta(days=story.return_after)
        if back <= TODAY:
            place(back, Setting.FOSTER_FAMILY)


def _kind(story: Story) -> AdoptionKind:
    return AdoptionKind.DOMESTIC if story.disability else AdoptionKind.INTERCOUNTRY


@contextmanager
def registry_of(histories: list[Story]) -> Iterator[ReadSide]:
    """A throw-away SQLite registry holding `histories`, and its read side."""
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'registry.sqlite3'}"
        app = RegistryApplication(persistence_env(url), today=lambda: TODAY)
        side = open_read_side(app, url)
        try:
            providers: dict[Setting, UUID] = {
                Setting.FOSTER_FAMILY: journeys.open_provider(app, capacity=500),
                Setting.RESIDENTIAL_INSTITUTION: journeys.open_provider(
                    app, ProviderKind.INSTITUTION, capacity=500
                ),
            }
            for story in histories:
                tell(app, providers, story)
            yield side
        finally:
            side.stop()
            app.close()


def reports(histories: list[Story], threshold: int) -> tuple[IndicatorReport, IndicatorReport]:
    with registry_of(histories) as side:
        compute = computer(side, PERIOD)
        return compute(DIMENSIONS), compute(DIMENSIONS, threshold)


def user_dims(row: IndicatorRow) -> frozenset[tuple[str, str]]:
    return frozenset(pair for pair in row.group if pair[0] not in EXTRA_DIMENSIONS)


def extras(row: IndicatorRow) -> frozenset[tuple[str, str]]:
    return frozenset(pair for pair in row.group if pair[0] in EXTRA_DIMENSIONS)


def check_sums(report: IndicatorReport) -> None:
    for indicator in (*ADDITIVE, *RATIOS):
        totals: dict[frozenset[tuple[str, str]], list[int]] = {}
        sums: dict[frozenset[tuple[str, str]], list[int]] = defaultdict(lambda: [0, 0])
        for row in report.of(indicator):
            pair = [row.numerator or 0, row.denominator or 0]
            if not user_dims(row):
                totals[extras(row)] = pair
            elif len(user_dims(row)) == len(DIMENSIONS):
                sums[extras(row)][0] += pair[0]
                sums[extras(row)][1] += pair[1]
        for key, total in totals.items():
            assert sums.get(key, [0, 0]) == total, (indicator, key)


def check_nothing_recoverable(exact: IndicatorReport, shown: IndicatorReport) -> None:
    truth = {(r.indicator, r.group): r for r in exact.rows}
    for indicator in ADDITIVE:
        rows = {r.group: r for r in shown.of(indicator)}
        children: dict[tuple[frozenset[tuple[str, str]], str], list[IndicatorRow]] = defaultdict(
            list
        )
        for row in rows.values():
            for pair in user_dims(row):
                children[(frozenset(row.group) - {pair}, pair[0])].append(row)
        for (parent_group, _), siblings in children.items():
            parent = next((r for g, r in rows.items() if frozenset(g) == parent_group), None)
            if parent is None or parent.suppressed:
                continue
            rest = (parent.value or 0) - sum(s.value or 0 for s in siblings if not s.suppressed)
            for sibling in siblings:
                if sibling.suppressed:
                    assert truth[(indicator, sibling.group)].value != rest, (indicator, sibling)


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.lists(stories, min_size=1, max_size=25), st.integers(min_value=2, max_value=5))
def test_groups_add_up_and_suppression_reveals_nothing(
    histories: list[Story], threshold: int
) -> None:
    exact, shown = reports(histories, threshold)
    check_sums(exact)
    check_nothing_recoverable(exact, shown)
    assert not any(row.suppressed for row in exact.rows)
