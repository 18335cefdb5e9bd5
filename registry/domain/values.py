"""Coded values of the registry, written exactly as docs/design.md spells them.

Plain `Enum` (not `StrEnum`) on purpose: the JSON encoder serialises `str`
subclasses natively and would bring them back as bare strings, so every enum
here round-trips through its own registered transcoding instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Sex(Enum):
    FEMALE = "female"
    MALE = "male"


class ParentalStatus(Enum):
    ORPHAN = "orphan"
    DEPRIVED_OF_PARENTAL_CARE = "deprived_of_parental_care"
    AT_RISK = "at_risk"


class ParentalRights(Enum):
    INTACT = "intact"
    RESTRICTED = "restricted"
    TERMINATED = "terminated"
    PARENTS_DECEASED = "parents_deceased"


class AssessmentOutcome(Enum):
    PLACEMENT_NEEDED = "placement_needed"
    DIVERTED = "diverted"


class Setting(Enum):
    RESIDENTIAL_INSTITUTION = "residential_institution"
    SMALL_GROUP_HOME = "small_group_home"
    EMERGENCY_SHELTER = "emergency_shelter"
    FOSTER_FAMILY = "foster_family"
    KINSHIP_CARE = "kinship_care"
    GUARDIANSHIP_FAMILY = "guardianship_family"
    FAMILY_TYPE_HOME = "family_type_home"

    @property
    def is_residential(self) -> bool:
        return self in RESIDENTIAL_SETTINGS

    @property
    def needs_provider(self) -> bool:
        """Kinship and guardianship carers are people named in the decision, not providers."""
        return self not in CARER_SETTINGS


RESIDENTIAL_SETTINGS = frozenset(
    {Setting.RESIDENTIAL_INSTITUTION, Setting.SMALL_GROUP_HOME, Setting.EMERGENCY_SHELTER}
)
FAMILY_BASED_SETTINGS = frozenset(set(Setting) - RESIDENTIAL_SETTINGS)
CARER_SETTINGS = frozenset({Setting.KINSHIP_CARE, Setting.GUARDIANSHIP_FAMILY})


class RemovalManner(Enum):
    VOLUNTARY = "voluntary"
    COURT_ORDERED = "court_ordered"
    ADMINISTRATIVE = "administrative"


class PlacementEndReason(Enum):
    MOVED = "moved"
    DISRUPTED = "disrupted"
    EPISODE_CLOSED = "episode_closed"


class ExitReason(Enum):
    REUNIFICATION = "reunification"
    KINSHIP = "kinship"
    GUARDIANSHIP = "guardianship"
    ADOPTION = "adoption"
    AGED_OUT = "aged_out"
    TRANSFERRED = "transferred"
    RUNAWAY = "runaway"
    DEATH = "death"


PERMANENT_EXITS = frozenset(
    {ExitReason.REUNIFICATION, ExitReason.KINSHIP, ExitReason.GUARDIANSHIP, ExitReason.ADOPTION}
)


class AdoptionKind(Enum):
    DOMESTIC = "domestic"
    INTERCOUNTRY = "intercountry"


class ProviderKind(Enum):
    INSTITUTION = "institution"
    FOSTER_FAMILY = "foster_family"
    FAMILY_TYPE_HOME = "family_type_home"
    SHELTER = "shelter"

    @property
    def offered_settings(self) -> frozenset[Setting]:
        return SETTINGS_BY_PROVIDER_KIND[self]


SETTINGS_BY_PROVIDER_KIND: dict[ProviderKind, frozenset[Setting]] = {
    ProviderKind.INSTITUTION: frozenset(
        {Setting.RESIDENTIAL_INSTITUTION, Setting.SMALL_GROUP_HOME}
    ),
    ProviderKind.SHELTER: frozenset({Setting.EMERGENCY_SHELTER}),
    ProviderKind.FOSTER_FAMILY: frozenset({Setting.FOSTER_FAMILY}),
    ProviderKind.FAMILY_TYPE_HOME: frozenset({Setting.FAMILY_TYPE_HOME}),
}


class ProviderStatus(Enum):
    REGISTERED = "registered"
    APPROVED = "approved"
    SUSPENDED = "suspended"
    CLOSED = "closed"


class ChildStatus(Enum):
    REGISTERED = "registered"
    IN_CARE = "in_care"
    EXITED = "exited"


@dataclass(frozen=True)
class Goal:
    """One objective of an individual development plan, in one area of the child's life."""

    area: str
    objective: str


ENUM_TYPES: tuple[type[Enum], ...] = (
    Sex,
    ParentalStatus,
    ParentalRights,
    AssessmentOutcome,
    Setting,
    RemovalManner,
    PlacementEndReason,
    ExitReason,
    AdoptionKind,
    ProviderKind,
    ProviderStatus,
    ChildStatus,
)
