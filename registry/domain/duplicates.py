"""Whether two records of children may be one child: the score of a pair of identities.

The same child reaches the registry twice when two offices register them, or one
office a second time, from papers in another script or spelling (Məmmədova,
Мамедова), with the day and month of birth swapped by a clerk, a birth date off by
a typo, the patronymic left out. Look-alikes that are not one child are siblings
(the same family name and patronymic, other given names and birth dates) and twins
(the same birth date too). So:

* the given names must be alike (Jaro-Winkler over the folded forms of
  `registry.domain.names` at least `NAME_FLOOR`, or the same phonetic key), and so
  must the family names: a different given name is a sibling or a twin, never a
  duplicate;
* the birth dates must be the same, the same with day and month swapped, or at most
  a year apart (one of year, month and day mistyped counts more than other dates);
* different personal ids, or patronymics stating different fathers, say two
  children whatever else agrees.

Pairs that pass are scored from 0 to 1 by weights (`WEIGHTS`) for the given name, the
family name, the birth date, the sex and the district, and a patronymic naming the
same father adds `PATRONYMIC_BONUS`; a pair scoring `THRESHOLD` or more is a
possible duplicate. The weights and threshold are measured on a labelled set of true
duplicates and look-alikes (`bench/duplicates.py`, figures in `bench/results.md`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol
from uuid import UUID

from registry.domain import names, values

THRESHOLD = 0.85
NAME_FLOOR = 0.85
NEAR_BIRTH = timedelta(days=366)
WEIGHTS = {
    "given_name": 0.30,
    "family_name": 0.25,
    "birth_date": 0.30,
    "sex": 0.10,
    "district": 0.05,
}
PATRONYMIC_BONUS = 0.05
SWAPPED_BIRTH = 0.9
"""The birth date's share of its weight when day and month are swapped."""
MISTYPED_BIRTH = 0.7
"""Its share when one of year, month and day differs (a slip of one figure)."""
NEAR_BIRTH_MOST = 0.4
"""Its share for other dates less than a year apart, falling to none at a year."""


@dataclass(frozen=True)
class Identity:
    """What identifies a child on a record: as registered, or as registered since."""

    given_name: str
    family_name: str
    patronymic: str | None
    birth_date: date
    sex: str
    district: str
    personal_id: str | None


class Registration(Protocol):
    """A registration, as commanded (`RegisterChild`) or recorded (`ChildRegistered`)."""

    @property
    def given_name(self) -> str: ...
    @property
    def family_name(self) -> str: ...
    @property
    def patronymic(self) -> str | None: ...
    @property
    def birth_date(self) -> date: ...
    @property
    def sex(self) -> values.Sex: ...
    @property
    def district(self) -> str: ...
    @property
    def personal_id(self) -> str | None: ...


def identity_of(registration: Registration) -> Identity:
    return Identity(
        given_name=registration.given_name,
        family_name=registration.family_name,
        patronymic=registration.patronymic,
        birth_date=registration.birth_date,
        sex=registration.sex.value,
        district=registration.district,
        personal_id=registration.personal_id,
    )


@dataclass(frozen=True)
class Likeness:
    """How alike two identities are: the score, and the fields that agree. The birth
    date agrees as `birth_date`, `birth_date_swapped` or `birth_date_near`."""

    score: float
    matched: tuple[str, ...]

    @property
    def possible_duplicate(self) -> bool:
        return self.score >= THRESHOLD


@dataclass(frozen=True)
class Candidate:
    """A record a new registration may duplicate."""

    child_id: UUID
    identity: Identity
    likeness: Likeness


class DuplicateScreen(Protocol):
    """Where the registry looks for records a registration may duplicate (the read
    models: `projections.duplicate_screen`)."""

    def candidates(self, identity: Identity) -> Sequence[Candidate]:
        """The possible duplicates of `identity`, most alike first."""
        ...

    def close(self) -> None: ...


def candidates_among(identity: Identity, known: Iterable[tuple[UUID, Identity]]) -> list[Candidate]:
    """The possible duplicates of `identity` among the `known` records, most alike first."""
    found = []
    for child_id, other in known:
        alike = likeness(identity, other)
        if alike is not None and alike.possible_duplicate:
            found.append(Candidate(child_id, other, alike))
    return most_alike_first(found)


def most_alike_first(candidates: Iterable[Candidate]) -> list[Candidate]:
    return sorted(candidates, key=lambda c: (-c.likeness.score, str(c.child_id)))


def likeness(new: Identity, known: Identity) -> Likeness | None:
    """The likeness of two records, or None when they cannot be one child."""
    if new.personal_id and known.personal_id and new.personal_id != known.personal_id:
        return None
    father, known_father = _father(new.patronymic), _father(known.patronymic)
    if father and known_father and father != known_father:
        return None
    given = _name_likeness(new.given_name, known.given_name)
    family = _name_likeness(new.family_name, known.family_name)
    birth = _birth_likeness(new.birth_date, known.birth_date)
    if given < NAME_FLOOR or family < NAME_FLOOR or birth is None:
        return None
    birth_share, birth_field = birth
    shares = {
        "given_name": given,
        "family_name": family,
        "birth_date": birth_share,
        "sex": 1.0 if new.sex == known.sex else 0.0,
        "district": 1.0 if new.district == known.district else 0.0,
    }
    score = sum(WEIGHTS[field] * share for field, share in shares.items())
    matched = [field for field in ("given_name", "family_name") if shares[field] == 1.0]
    matched.append(birth_field)
    matched.extend(field for field in ("sex", "district") if shares[field] == 1.0)
    if father and father == known_father:
        score += PATRONYMIC_BONUS
        matched.append("patronymic")
    if new.personal_id and new.personal_id == known.personal_id:
        score = 1.0
        matched.append("personal_id")
    return Likeness(round(min(score, 1.0), 3), tuple(matched))


BLOCK_START = 3
"""Letters of a name's phonetic key a blocking key takes (and 1 of the other name's)."""


def blocking_keys(given_name: str, family_name: str) -> tuple[str, ...]:
    """The keys under which a record is looked for (blocking, in record linkage): the
    start of the family name's phonetic key with the given name's first letter, and
    the start of the given name's with the family name's first letter. A record alike
    enough to be scored shares one of them, unless both names' starts are mistyped.
    None for a name without letters."""
    given, family = _first_sounds(given_name), _first_sounds(family_name)
    if not given or not family:
        return ()
    return (f"f:{family[:BLOCK_START]}:{given[:1]}", f"g:{given[:BLOCK_START]}:{family[:1]}")


def swapped_birth_date(day: date) -> date | None:
    """The date with day and month swapped, when that is another valid date."""
    if day.day == day.month or day.day > 12:
        return None
    return date(day.year, day.day, day.month)


def _name_likeness(a: str, b: str) -> float:
    """1 for names with one folded form or phonetic key, else their similarity."""
    if names.latin_fold(a) == names.latin_fold(b) or names.phonetic_key(a) == names.phonetic_key(b):
        return 1.0
    return names.similarity(a, b)


def _birth_likeness(a: date, b: date) -> tuple[float, str] | None:
    if a == b:
        return 1.0, "birth_date"
    if swapped_birth_date(a) == b:
        return SWAPPED_BIRTH, "birth_date_swapped"
    apart = abs(a - b)
    if apart > NEAR_BIRTH:
        return None
    same_parts = (a.year == b.year) + (a.month == b.month) + (a.day == b.day)
    if same_parts == 2:
        return MISTYPED_BIRTH, "birth_date_near"
    return NEAR_BIRTH_MOST * (1 - apart / NEAR_BIRTH), "birth_date_near"


def _first_sounds(name: str) -> str:
    words = names.name_words(name)
    return words[0][1] if words else ""


def _father(patronymic: str | None) -> str:
    return names.patronymic_key(patronymic)[0] if patronymic else ""
