"""The providers of the user's districts: kind, capacity, places taken and free,
status. Officers see where a child could be placed before they open a form;
monitors and administrators see every district."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Request
from fastapi.responses import Response

from projections.queries import ReadQueries
from registry.pages.signed_in import PageUser, locale_for, pages_of

router = APIRouter(include_in_schema=False)


@router.get("/providers")
async def providers_page(request: Request, user: PageUser) -> Response:
    queries: ReadQueries = request.app.state.read_side.queries
    every = await asyncio.to_thread(queries.providers)
    shown = sorted(
        (provider for provider in every if user.may_read_child(provider.district)),
        key=lambda provider: (
            provider.district,
            provider.name.casefold(),
            str(provider.provider_id),
        ),
    )
    context = {"user": user, "providers": shown}
    locale = locale_for(request, user)
    return pages_of(request).render(request, locale, "providers.html", context)
