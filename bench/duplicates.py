"""The duplicate check, measured: its quality on a labelled set, and its latency and
that of a name search over the benchmark's data set.

Quality. A population of registered children with Azerbaijani names
(`bench.name_forms`), then probes drawn from them, each labelled: true duplicates
(the same child registered again in Russian or ASCII spelling, with a typo, the day
and month of birth swapped, a figure of the birth date mistyped, the patronymic left
out, or in another district; one or two of these at once) and look-alikes that are
other children (twins, siblings, namesakes, cousins). Each probe goes through the
registry's own check (`ReadModelScreen` over real read models); a true duplicate is
found when its original is among the candidates, and any candidate of a look-alike,
or a wrong one of a duplicate, is a false alarm. The baseline is the check a
registry without name keys makes: the same given and family name, case folded, and
the same birth date.

Latency. On the data set the run has generated, the check of a registration (the
identity of an existing child, with its given name mistyped) and a name search (the
family name and the start of the given name), each beside a look-up of one child by
id on the same read models.
"""

from __future__ import annotations

import random
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path
from uuid import UUID

from bench.figures import Figure, at_least, at_most
from bench.name_forms import FAMILY, GIVEN_FEMALE, GIVEN_MALE, PATRONYMIC_WORDS, Forms
from bench.timing import LatencyRun, timed_each
from projections.duplicate_screen import ReadModelScreen, identity_of_row
from projections.queries import ChildCriteria, ReadQueries
from projections.read_side import open_read_side
from registry.application import RegistryApplication
from registry.database import open_database, persistence_env
from registry.domain import commands, values
from registry.domain.duplicates import Identity

POPULATION = 4_000
PROBES_OF_EACH_LABEL = 1_500
LATENCY_SAMPLES = 1_000
RECALL_GOAL = 0.95
PRECISION_GOAL = 0.90
P99_GOAL_MS = 50.0
DISTRICTS = tuple(f"district-{number:02d}" for number in range(12))
FIRST_BIRTH = date(2008, 2, 1)
BIRTH_DAYS = 17 * 365
SCRIPT = {"latin": 0, "russian": 1, "ascii": 2}
LATIN_LETTERS = "abcdefghijklmnopqrstuvwxyz"
CYRILLIC_LETTERS = "абвгдежзийклмнопрстуфхцчшыэюя"


@dataclass(frozen=True)
class Person:
    """A registered child as the forms of their names, to be written in any script."""

    given: Forms
    family: Forms
    father: Forms | None
    sex: values.Sex
    birth_date: date
    district: str

    def identity(self, script: str = "latin", patronymic: bool = True) -> Identity:
        index = SCRIPT[script]
        feminine = "a" if self.sex is values.Sex.FEMALE else ""
        family = self.family[index] + feminine
        father = None
        if self.father is not None and patronymic:
            father = f"{self.father[index]} {PATRONYMIC_WORDS[self.sex.value][index]}"
        return Identity(
            given_name=self.given[index],
            family_name=family,
            patronymic=father,
            birth_date=self.birth_date,
            sex=self.sex.value,
            district=self.district,
            personal_id=None,
        )


@dataclass(frozen=True)
class Probe:
    identity: Identity
    original: UUID | None
    """The record the probe duplicates; None for a look-alike."""
    kind: str


@dataclass(frozen=True)
class Outcome:
    found: int
    false_alarms: int
    duplicates: int
    recall_by_kind: dict[str, float]
    false_alarms_by_kind: dict[str, int]

    @property
    def recall(self) -> float:
        return self.found / self.duplicates

    @property
    def precision(self) -> float:
        flagged = self.found + self.false_alarms
        return self.found / flagged if flagged else 1.0


def quality_figures(seed: int, scale: float) -> list[Figure]:
    """At scale 1 and above, `POPULATION` children and `PROBES_OF_EACH_LABEL` probes of
    each label; fewer below (the smoke run's figures only show the code runs)."""
    rng = random.Random(seed)
    share = min(scale, 1.0)
    population = max(200, round(POPULATION * share))
    probes_of_each = max(100, round(PROBES_OF_EACH_LABEL * share))
    people = [_person(rng) for _ in range(population)]
    with tempfile.TemporaryDirectory(prefix="registry-bench-duplicates-") as folder:
        url = f"sqlite:///{Path(folder) / 'duplicates.sqlite3'}"
        registered = _register(url, people)
        probes = _probes(rng, registered, probes_of_each)
        screen = ReadModelScreen(open_database(url))
        try:
            checked = _outcome(probes, lambda p: [c.child_id for c in screen.candidates(p)])
        finally:
            screen.close()
    baseline = _outcome(probes, _exact_check(registered))
    details = {
        "population": population,
        "duplicates": checked.duplicates,
        "look_alikes": len(probes) - checked.duplicates,
        "found": checked.found,
        "false_alarms": checked.false_alarms,
        "recall_by_kind": checked.recall_by_kind,
        "false_alarms_by_kind": checked.false_alarms_by_kind,
        "baseline_found": baseline.found,
        "baseline_false_alarms": baseline.false_alarms,
    }
    return [
        Figure(
            key="duplicate_recall",
            title="Duplicate check at registration, recall (labelled set)",
            value=checked.recall,
            unit="",
            baseline_title="same given and family name (case folded) and birth date",
            baseline=baseline.recall,
            target=at_least(checked.recall, RECALL_GOAL, f">= {RECALL_GOAL}"),
            details=details,
        ),
        Figure(
            key="duplicate_precision",
            title="Duplicate check at registration, precision (labelled set)",
            value=checked.precision,
            unit="",
            baseline_title="same given and family name (case folded) and birth date",
            baseline=baseline.precision,
            target=at_least(checked.precision, PRECISION_GOAL, f">= {PRECISION_GOAL}"),
        ),
    ]


def latency_figures(database_url: str, backend: str, child_ids: list[UUID]) -> list[Figure]:
    database = open_database(database_url)
    screen = ReadModelScreen(open_database(database_url))
    queries = ReadQueries(database)
    try:
        rows = [row for row in queries.children_by_ids(child_ids[:LATENCY_SAMPLES]).values()]
        identities = [
            replace(identity_of_row(row, None), given_name=row.given_name[:-1] + "e")
            for row in rows
        ]
        by_id = timed_each([_bound(queries.child, row.child_id) for row in rows])
        checks = timed_each([_bound(screen.candidates, identity) for identity in identities])
        searches = timed_each(
            [
                _bound(
                    queries.children, ChildCriteria(query=f"{row.family_name} {row.given_name[:3]}")
                )
                for row in rows
            ]
        )
    finally:
        screen.close()
        database.close()
    name = "PostgreSQL" if backend == "postgres" else "SQLite"
    return [
        _latency_figure(
            f"duplicate_check_p99_{backend}",
            f"Duplicate check of a registration, {name}, p99",
            checks,
            by_id,
        ),
        _latency_figure(
            f"name_search_p99_{backend}",
            f"Name search (family name and given name's start), {name}, p99",
            searches,
            by_id,
        ),
    ]


def _search_of(family_name: str, given_name: str) -> str:
    return f"{family_name} {given_name[:3]}"


def _latency_figure(key: str, title: str, run: LatencyRun, by_id: LatencyRun) -> Figure:
    return Figure(
        key=key,
        title=title,
        value=run.p99_ms,
        unit="ms",
        baseline_title="one child by id, same read models, p99",
        baseline=by_id.p99_ms,
        target=at_most(run.p99_ms, P99_GOAL_MS, f"p99 < {P99_GOAL_MS:g} ms"),
        details={"samples": run.count, "p50_ms": run.p50_ms, "baseline_p50_ms": by_id.p50_ms},
    )


def _bound(call: Callable[..., object], argument: object) -> Callable[[], object]:
    return lambda: call(argument)


def _person(rng: random.Random) -> Person:
    sex = rng.choice(list(values.Sex))
    given = GIVEN_FEMALE if sex is values.Sex.FEMALE else GIVEN_MALE
    return Person(
        given=rng.choice(given),
        family=rng.choice(FAMILY),
        father=rng.choice(GIVEN_MALE) if rng.random() < 0.7 else None,
        sex=sex,
        birth_date=FIRST_BIRTH + timedelta(days=rng.randrange(BIRTH_DAYS)),
        district=rng.choice(DISTRICTS),
    )


def _register(url: str, people: list[Person]) -> list[tuple[UUID, Person]]:
    app = RegistryApplication(persistence_env(url), today=lambda: date(2026, 6, 30))
    try:
        registered = []
        for person in people:
            identity = person.identity()
            receipt = app.handle(
                commands.RegisterChild(
                    header=commands.DecisionHeader(
                        recorded_by="bench", effective_date=date(2026, 1, 10), decision_ref=None
                    ),
                    given_name=identity.given_name,
                    family_name=identity.family_name,
                    patronymic=identity.patronymic,
                    birth_date=identity.birth_date,
                    sex=person.sex,
                    district=person.district,
                    personal_id=None,
                    disability=False,
                    parental_status=values.ParentalStatus.DEPRIVED_OF_PARENTAL_CARE,
                )
            )
            registered.append((receipt.id, person))
        read_side = open_read_side(app, url)
        try:
            read_side.catch_up()
        finally:
            read_side.stop()
    finally:
        app.close()
    return registered


def _probes(rng: random.Random, registered: list[tuple[UUID, Person]], of_each: int) -> list[Probe]:
    probes = []
    for _ in range(of_each):
        child_id, person = rng.choice(registered)
        kinds = rng.sample(list(DUPLICATE_CHANGES), rng.choice((1, 2)))
        identity = person.identity()
        for kind in kinds:
            identity = DUPLICATE_CHANGES[kind](rng, person, identity)
        probes.append(Probe(identity, child_id, "+".join(sorted(kinds))))
    for _ in range(of_each):
        _, person = rng.choice(registered)
        kind = rng.choice(list(LOOK_ALIKES))
        probes.append(Probe(LOOK_ALIKES[kind](rng, person).identity(), None, kind))
    return probes


def _outcome(probes: list[Probe], check: Callable[[Identity], list[UUID]]) -> Outcome:
    found, false_alarms = 0, 0
    found_by_kind: dict[str, list[bool]] = {}
    alarms_by_kind: dict[str, int] = {}
    for probe in probes:
        candidates = check(probe.identity)
        hit = probe.original is not None and probe.original in candidates
        wrong = any(candidate != probe.original for candidate in candidates)
        if probe.original is not None:
            found += hit
            for kind in probe.kind.split("+"):
                found_by_kind.setdefault(kind, []).append(hit)
        if wrong and not hit:
            false_alarms += 1
            alarms_by_kind[probe.kind] = alarms_by_kind.get(probe.kind, 0) + 1
    return Outcome(
        found=found,
        false_alarms=false_alarms,
        duplicates=sum(probe.original is not None for probe in probes),
        recall_by_kind={
            kind: round(sum(hits) / len(hits), 3) for kind, hits in sorted(found_by_kind.items())
        },
        false_alarms_by_kind=dict(sorted(alarms_by_kind.items())),
    )


def _exact_check(registered: list[tuple[UUID, Person]]) -> Callable[[Identity], list[UUID]]:
    """The check a registry without name keys makes: exact names and birth date."""
    index: dict[tuple[str, str, date], list[UUID]] = {}
    for child_id, person in registered:
        identity = person.identity()
        index.setdefault(_exact_key(identity), []).append(child_id)
    return lambda identity: index.get(_exact_key(identity), [])


def _exact_key(identity: Identity) -> tuple[str, str, date]:
    return identity.given_name.casefold(), identity.family_name.casefold(), identity.birth_date


# -- the changes a second registration of the same child brings -------------------------


def _in_script(script: str) -> Change:
    def change(rng: random.Random, person: Person, identity: Identity) -> Identity:
        written = person.identity(script, patronymic=identity.patronymic is not None)
        return replace(
            identity,
            given_name=written.given_name,
            family_name=written.family_name,
            patronymic=written.patronymic,
        )

    return change


def _typo(rng: random.Random, person: Person, identity: Identity) -> Identity:
    if rng.random() < 0.5:
        return replace(identity, given_name=_mistype(rng, identity.given_name))
    return replace(identity, family_name=_mistype(rng, identity.family_name))


def _mistype(rng: random.Random, name: str) -> str:
    """One slip of the keyboard after the first letter: a letter replaced, dropped,
    doubled, or two swapped."""
    if len(name) < 3:
        return name + name[-1]
    at = rng.randrange(1, len(name) - 1)
    letters = CYRILLIC_LETTERS if name[at].lower() in CYRILLIC_LETTERS else LATIN_LETTERS
    slip = rng.choice(("replace", "drop", "double", "swap"))
    if slip == "replace":
        return name[:at] + rng.choice(letters) + name[at + 1 :]
    if slip == "drop":
        return name[:at] + name[at + 1 :]
    if slip == "double":
        return name[:at] + name[at] + name[at:]
    return name[:at] + name[at + 1] + name[at] + name[at + 2 :]


def _swapped_birth(rng: random.Random, person: Person, identity: Identity) -> Identity:
    born = identity.birth_date
    if born.day > 12 or born.day == born.month:
        return _mistyped_birth(rng, person, identity)
    return replace(identity, birth_date=date(born.year, born.day, born.month))


def _mistyped_birth(rng: random.Random, person: Person, identity: Identity) -> Identity:
    born = identity.birth_date
    part = rng.choice(("year", "month", "day"))
    year, month, day = born.year, born.month, born.day
    if part == "year":
        year += rng.choice((-1, 1))
    elif part == "month":
        month = month % 12 + 1
    else:
        day = max(1, day - rng.randint(1, 9))
    return replace(identity, birth_date=_safe(year, month, day))


def _safe(year: int, month: int, day: int) -> date:
    while True:
        try:
            return date(year, month, day)
        except ValueError:
            day -= 1


def _without_patronymic(rng: random.Random, person: Person, identity: Identity) -> Identity:
    return replace(identity, patronymic=None)


def _other_district(rng: random.Random, person: Person, identity: Identity) -> Identity:
    return replace(identity, district=rng.choice([d for d in DISTRICTS if d != person.district]))


Change = Callable[[random.Random, Person, Identity], Identity]

DUPLICATE_CHANGES: dict[str, Change] = {
    "russian": _in_script("russian"),
    "ascii": _in_script("ascii"),
    "typo": _typo,
    "swapped_birth_date": _swapped_birth,
    "mistyped_birth_date": _mistyped_birth,
    "no_patronymic": _without_patronymic,
    "other_district": _other_district,
}


# -- other children who look alike ------------------------------------------------------


def _other_given(rng: random.Random, person: Person) -> Forms:
    names = GIVEN_FEMALE if person.sex is values.Sex.FEMALE else GIVEN_MALE
    return rng.choice([forms for forms in names if forms != person.given])


def _twin(rng: random.Random, person: Person) -> Person:
    return replace(person, given=_other_given(rng, person))


def _sibling(rng: random.Random, person: Person) -> Person:
    apart = timedelta(days=rng.randint(300, 8 * 365)) * rng.choice((-1, 1))
    return replace(person, given=_other_given(rng, person), birth_date=person.birth_date + apart)


def _namesake(rng: random.Random, person: Person) -> Person:
    father = rng.choice([forms for forms in GIVEN_MALE if forms != person.father])
    born = FIRST_BIRTH + timedelta(days=rng.randrange(BIRTH_DAYS))
    return replace(person, father=father, birth_date=born, district=rng.choice(DISTRICTS))


def _cousin(rng: random.Random, person: Person) -> Person:
    father = rng.choice([forms for forms in GIVEN_MALE if forms != person.father])
    apart = timedelta(days=rng.randint(-730, 730))
    return replace(
        person, given=_other_given(rng, person), father=father, birth_date=person.birth_date + apart
    )


LOOK_ALIKES: dict[str, Callable[[random.Random, Person], Person]] = {
    "twin": _twin,
    "sibling": _sibling,
    "namesake": _namesake,
    "cousin": _cousin,
}
