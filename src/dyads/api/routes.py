"""The data endpoints: health, articles, events, actors."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError

import dyads.api.queries as queries
from dyads.api.deadline_route import DeadlineRoute
from dyads.api.params import EventFilterQuery
from dyads.api.schemas import (
    ActorOut,
    ArticleDetail,
    ArticlesPage,
    EventsPage,
    Health,
)
from dyads.api.store_access import Limits, StoreAccess

# Answers any /api route may give besides its own, documented so that clients know them.
ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"description": "Invalid input, e.g. a cursor this server did not give out"},
    401: {"description": "This server needs a token"},
    411: {"description": "A request body needs a Content-Length"},
    413: {"description": "Request body or text over the limit"},
    404: {"description": "No such article or event"},
    429: {"description": "Too many requests from this client; see Retry-After"},
    503: {"description": "The request ran past its server-side deadline and was stopped"},
}
router = APIRouter(prefix="/api", responses=ERRORS, route_class=DeadlineRoute)


def access(request: Request) -> StoreAccess:
    found: StoreAccess = request.app.state.access
    return found


def limits(request: Request) -> Limits:
    found: Limits = request.app.state.limits
    return found


def over_limit(name: str, value: int, problem: str) -> RequestValidationError:
    """A 422 shaped like FastAPI's own (a list of errors), as the OpenAPI spec documents."""
    where = ("query", name)
    return RequestValidationError(
        [{"type": "less_than_equal", "loc": where, "msg": f"{name} {value} {problem}"}]
    )


def check_limit(request: Request, limit: int) -> int:
    most = limits(request).max_page
    if limit > most:
        raise over_limit("limit", limit, f"is over the most one page may hold ({most})")
    return limit


@router.get("/health", response_model=Health, tags=["meta"])
def health(request: Request) -> dict[str, Any]:
    generation = access(request).generation  # before the counts: never newer than they are
    with access(request).use() as store:
        return {
            "status": "ok",
            "schema_version": store.schema_version(),
            "articles": store.count("articles"),
            "events": store.count("events"),
            "generation": generation,
        }


@router.get("/articles", response_model=ArticlesPage, tags=["articles"])
def list_articles(
    request: Request,
    q: Annotated[str | None, Query(max_length=200, description="Words of the title")] = None,
    limit: Annotated[int, Query(ge=1)] = 50,
    cursor: Annotated[str | None, Query(max_length=2000)] = None,
) -> dict[str, Any]:
    """Stored articles, newest first, with their event counts."""
    check_limit(request, limit)
    with access(request).use() as store:
        items, next_cursor = queries.articles_page(store, limit=limit, cursor=cursor, query=q)
    return {"items": items, "next_cursor": next_cursor}


# ``:path``: article ids may hold "/" (a wire id "reuters/2024/abc"), given as / or %2F.
@router.get("/articles/{article_id:path}", response_model=ArticleDetail, tags=["articles"])
def get_article(request: Request, article_id: str) -> dict[str, Any]:
    """An article: its text, sentences, actor mentions (offsets into the text) and events."""
    with access(request).use() as store:
        found = queries.article_detail(store, article_id)
    if found is None:
        raise HTTPException(404, f"no article {article_id!r}")
    return found


@router.get("/events", response_model=EventsPage, tags=["events"])
def list_events(
    request: Request,
    where: EventFilterQuery,
    limit: Annotated[int, Query(ge=1)] = 50,
    cursor: Annotated[str | None, Query(max_length=2000)] = None,
) -> dict[str, Any]:
    """Events (one per article mention) matching the filters of `dyads events`, oldest first.

    Page with ``cursor``: each page gives the ``next_cursor`` of the one after it.
    """
    check_limit(request, limit)
    with access(request).use() as store:
        items, next_cursor = queries.events_page(store, where, limit=limit, cursor=cursor)
    return {"items": items, "next_cursor": next_cursor}


@router.get("/events/{event_id}", tags=["events"])
def get_event(request: Request, event_id: str) -> dict[str, Any]:
    """One event's full ``dyads.event/1`` record, with its article's metadata."""
    with access(request).use() as store:
        found = queries.event_detail(store, event_id)
    if found is None:
        raise HTTPException(404, f"no event {event_id!r}")
    return found


@router.get("/actors", response_model=list[ActorOut], tags=["actors"])
def list_actors(
    request: Request,
    q: Annotated[str | None, Query(max_length=200, description="Part of an id or name")] = None,
    limit: Annotated[int, Query(ge=1)] = 100,
) -> list[dict[str, Any]]:
    """Actors that take part in events, busiest first."""
    check_limit(request, limit)
    with access(request).use() as store:
        return queries.actors(store, query=q, limit=limit)
