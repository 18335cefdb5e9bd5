"""`GET /api/v1/districts`: the reference list of districts within regions, for any
signed-in caller (district codes and names are no one's personal data)."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict

from registry.api.dependencies import CurrentUser, Registry
from registry.api.problems import PROBLEM_RESPONSES
from registry.api.routes import API_PREFIX

router = APIRouter(prefix=f"{API_PREFIX}/districts", tags=["reference data"])


class DistrictBody(BaseModel):
    """A `registry.districts.District` as JSON."""

    model_config = ConfigDict(from_attributes=True)

    code: str
    region: str
    name_az: str
    name_ru: str
    name_en: str


@router.get(
    "",
    response_model=list[DistrictBody],
    summary="The districts decisions may name",
    responses={401: PROBLEM_RESPONSES[401]},
)
async def list_districts(_: CurrentUser, registry: Registry) -> list[DistrictBody]:
    """By region, then code; empty while no list is loaded (`registry districts import`)."""
    directory = registry.districts
    if directory is None:
        return []
    districts = await asyncio.to_thread(directory.districts)
    return [DistrictBody.model_validate(district) for district in districts]
