"""GET /api/places: the located events of a filter by place, for the dashboard's map."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from dyads.api.deadline_route import DeadlineRoute
from dyads.api.params import EventFilterQuery
from dyads.api.routes import ERRORS, access
from dyads.query.places import places

router = APIRouter(prefix="/api", responses=ERRORS, route_class=DeadlineRoute)


@router.get("/places", tags=["analysis"])
def get_places(
    request: Request,
    where: EventFilterQuery,
    per_place: Annotated[int, Query(ge=0, le=100, description="Events listed per place")] = 20,
) -> dict[str, Any]:
    """Events (one per article mention) matching the filters of `dyads events`, grouped by
    where they happened: ``places`` with coordinates (busiest first, each with its first
    ``per_place`` events and their evidence), ``countries`` for events placed only in a
    country, and ``actor_countries``, the events of each country's actors. ``events``,
    ``located`` and ``country_only`` count how many of the matching events have a place."""
    with access(request).use() as store:
        return places(store, where, per_place=per_place)
