"""The fixed vocabulary of the synthetic registry: districts, names, reasons, goals.

Names are invented and drawn at random; no real person is described.
"""

from __future__ import annotations

DISTRICTS = (
    "north",
    "south",
    "east",
    "west",
    "central",
    "riverside",
    "highlands",
    "lakeshore",
)

GIVEN_NAMES_FEMALE = (
    "Ana", "Maria", "Elena", "Irina", "Olga", "Sofia", "Daria", "Nina", "Vera", "Alina",
    "Milena", "Katya", "Lidia", "Zoya", "Polina", "Eva", "Yana", "Diana", "Lara", "Mira",
)  # fmt: skip
GIVEN_NAMES_MALE = (
    "Ivan", "Pavel", "Andrei", "Mihai", "Sergei", "Nikita", "Artem", "Denis", "Oleg", "Timur",
    "Roman", "Victor", "Egor", "Luka", "Matei", "Stefan", "Bogdan", "Ilya", "Dmitri", "Yuri",
)  # fmt: skip
FAMILY_NAMES = (
    "Petrov", "Ivanov", "Popescu", "Rusu", "Ceban", "Sidorov", "Lungu", "Morozov", "Volkov",
    "Munteanu", "Cojocaru", "Sokolov", "Lebedev", "Ciobanu", "Kozlov", "Novak", "Balan",
    "Orlov", "Kuznetsov", "Moraru",
)  # fmt: skip

REMOVAL_REASONS = (
    "neglect",
    "physical_abuse",
    "emotional_abuse",
    "abandonment",
    "parental_illness",
    "parental_incarceration",
    "parental_substance_use",
    "domestic_violence",
    "poverty_related_risk",
)

ALTERNATIVES_CONSIDERED = (
    "family_support_services",
    "kinship_care",
    "day_care",
    "parenting_programme",
    "cash_assistance",
)

PLAN_AREAS = {
    "health": ("regular health checks", "complete vaccinations", "dental treatment"),
    "education": ("attend school every day", "reading support", "enrol in kindergarten"),
    "family_contact": ("weekly visits with siblings", "supervised contact with parents"),
    "emotional_wellbeing": ("counselling sessions", "stable key worker"),
    "life_skills": ("budgeting course", "independent living preparation"),
}

REVIEW_OUTCOMES = (
    "plan continued",
    "goals updated",
    "contact arrangements changed",
    "return home being prepared",
    "permanency planning started",
)

RESIDENTIAL_JUSTIFICATIONS = (
    "no foster family available in the district; sibling group kept together",
    "emergency protection needed the same day; family-based care being sought",
    "specialised care for a disability not yet available in a family setting",
)

CARER_RELATIONS = ("grandmother", "grandfather", "aunt", "uncle", "adult sibling", "godparent")
