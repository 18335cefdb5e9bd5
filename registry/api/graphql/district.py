"""A district of the reference list, with its region and names in the three languages."""

from __future__ import annotations

from dataclasses import asdict

import strawberry

from registry.districts import District as DistrictRecord


@strawberry.type(description="A district decisions may name, within its region.")
class District:
    code: str
    region: str
    name_az: str
    name_ru: str
    name_en: str

    @classmethod
    def from_record(cls, record: DistrictRecord) -> District:
        return cls(**asdict(record))
