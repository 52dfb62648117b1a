"""The dashboard's pages. The event explorer, article and alerts pages are rendered here; the
dyad, network and "code a text" pages draw with the vendored JS from the JSON API."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import jinja2
from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

import dyads.api.queries as queries
from dyads.api.deadline_route import DeadlineRoute
from dyads.api.params import event_filter, split
from dyads.api.routes import access
from dyads.errors import InputError
from dyads.model import PLOVER_TYPES
from dyads.query.alerts import find_alerts
from dyads.query.intervals import INTERVALS
from dyads.query.scope import Scope
from dyads.web.highlight import article_marks, segments

TEMPLATES = Path(__file__).resolve().parent / "templates"
_env = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, undefined=jinja2.StrictUndefined
)
templates = Jinja2Templates(env=_env)
router = APIRouter(include_in_schema=False, route_class=DeadlineRoute)
PAGE = 50
# How often a page asks whether new events were stored (the API's /api/health generation).
POLL_MS = 3000


def _page(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    return templates.TemplateResponse(
        request,
        name,
        {
            "types": PLOVER_TYPES,
            "intervals": tuple(INTERVALS),
            "active": name.removesuffix(".html"),
            # Read by the guard before the page's queries: the page is at least this new.
            "generation": getattr(request.state, "generation", 0),
            "poll_ms": POLL_MS,
        }
        | context,
        status_code=status,
    )


def _flag(value: str | None) -> bool | None:
    return {"yes": True, "no": False}.get(value or "")


@router.get("/", response_class=HTMLResponse)
def explorer(
    request: Request,
    actor: str = "",
    source: str = "",
    target: str = "",
    type: Annotated[list[str], Query()] = [],  # noqa: B006 - FastAPI copies query defaults
    since: str = "",
    until: str = "",
    hedged: str = "",
    cursor: str = "",
) -> HTMLResponse:
    form = {
        "actor": actor,
        "source": source,
        "target": target,
        "type": [t.upper() for t in split(type)],
        "since": since,
        "until": until,
        "hedged": hedged,
    }
    error = None
    items: list[dict[str, Any]] = []
    next_cursor = None
    with access(request).use() as store:
        try:
            where = event_filter(
                actor=[actor],
                source=[source],
                target=[target],
                type=type,
                since=since or None,
                until=until or None,
                hedged=_flag(hedged),
            )
            items, next_cursor = queries.events_page(
                store, where, limit=PAGE, cursor=cursor or None
            )
        except InputError as err:
            error = str(err)
        actors = queries.actors(store, limit=300)
    next_url = None
    if next_cursor:
        next_url = str(request.url.include_query_params(cursor=next_cursor))
    return _page(
        request,
        "explorer.html",
        400 if error else 200,  # the page shows the error; the status says it too
        form=form,
        items=items,
        error=error,
        next_url=next_url,
        actors=actors,
    )


@router.get("/articles/{article_id:path}", response_class=HTMLResponse)
def article(request: Request, article_id: str, event: str = "") -> HTMLResponse:
    with access(request).use() as store:
        found = queries.article_detail(store, article_id)
    if found is None:
        raise HTTPException(404, f"no article {article_id!r}")
    marks, chosen = article_marks(found, event or None)
    return _page(
        request,
        "article.html",
        article=found,
        parts=segments(found["text"], marks),
        chosen=chosen,
    )


@router.get("/dyad", response_class=HTMLResponse)
def dyad(request: Request) -> HTMLResponse:
    with access(request).use() as store:
        actors = queries.actors(store, limit=300)
    return _page(request, "dyad.html", actors=actors)


@router.get("/network", response_class=HTMLResponse)
def network_page(request: Request) -> HTMLResponse:
    return _page(request, "network.html")


@router.get("/code", response_class=HTMLResponse)
def code_page(request: Request) -> HTMLResponse:
    return _page(request, "code.html")


@router.get("/alerts", response_class=HTMLResponse)
def alerts_page(
    request: Request,
    interval: str = "week",
    by: str = "type",
    method: str = "zscore",
    since: str = "",
    until: str = "",
    min_count: Annotated[int, Query(ge=1, le=1000)] = 3,
    # Seconds between reloads of the page (0: none): a live view beside `serve --watch`.
    refresh: Annotated[int, Query(ge=0, le=86400)] = 0,
) -> HTMLResponse:
    form = {
        "refresh": refresh,
        "interval": interval,
        "by": by,
        "method": method,
        "since": since,
        "until": until,
        "min_count": min_count,
    }
    error = None
    found: list[Any] = []
    try:
        scope = Scope(since=since or None, until=until or None)
        with access(request).use() as store:
            found = find_alerts(
                store, scope=scope, interval=interval, by=by, method=method, min_count=min_count
            )
    except InputError as err:
        error = str(err)
    return _page(request, "alerts.html", form=form, alerts=found, error=error)
