"""The dashboard's pages. The event explorer and article pages are rendered here (alerts in
:mod:`dyads.web.alerts`); the dyad, network, map and "code a text" pages draw with the
vendored JS from the JSON API."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse

import dyads.api.queries as queries
from dyads.api.deadline_route import DeadlineRoute
from dyads.api.params import event_filter, split
from dyads.api.routes import access
from dyads.api.table import SORTS, TablePage, events_table, parse_sort
from dyads.errors import InputError
from dyads.query.series import dyad_series
from dyads.web.alerts import router as alerts_router
from dyads.web.highlight import article_marks, segments
from dyads.web.pages import page as _page

router = APIRouter(include_in_schema=False, route_class=DeadlineRoute)
PAGE = 50


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
    sort: str = "date",
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
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
    table = None
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
            if cursor:
                # Pages are numbered now; a link from before names a cursor. A real one is
                # ignored (page 1), anything else is refused as before.
                queries.decode_cursor(cursor, kinds=queries.EVENTS_CURSOR)
            table = events_table(store, where, sort=sort, page=page, size=PAGE)
        except InputError as err:
            error = str(err)
        actors = queries.actors(store, limit=300)
    return _page(
        request,
        "explorer.html",
        400 if error else 200,  # the page shows the error; the status says it too
        form=form,
        table=table,
        items=table.items if table else [],
        error=error,
        links=_table_links(request, table, sort),
        actors=actors,
    )


def _table_links(request: Request, table: TablePage | None, sort: str) -> dict[str, Any]:
    """The explorer's previous/next page URLs and, per sortable column, its header's URL (a
    click on the sorted column reverses it) and arrow."""
    url = request.url
    key, descending = parse_sort(sort) if sort.lstrip("-") in SORTS else ("date", False)
    links: dict[str, Any] = {"prev": None, "next": None, "sort": {}, "arrow": {}}
    if table is not None and table.page > 1:
        links["prev"] = str(url.include_query_params(page=table.page - 1))
    if table is not None and table.page < table.pages:
        links["next"] = str(url.include_query_params(page=table.page + 1))
    for name in SORTS:
        flip = "-" + name if name == key and not descending else name
        links["sort"][name] = str(url.remove_query_params("page").include_query_params(sort=flip))
        links["arrow"][name] = ("▼" if descending else "▲") if name == key else ""
    return links


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
        busiest = queries.busiest_dyads(store, limit=8)
        # The counts shown are the chart's own (ids or codes, each story once), so that the
        # link "Iraq – United States (11)" opens on a chart of 11 events.
        for pair in busiest:
            series = dyad_series(store, pair["a"], pair["b"], interval=pair["interval"])
            pair["events"] = series.totals().total
    busiest = sorted((p for p in busiest if p["events"]), key=lambda p: -int(p["events"]))
    # Open on the dyad with the most dated events, at an interval that fits its dates.
    first = busiest[0] if busiest else None
    return _page(request, "dyad.html", actors=actors, busiest=busiest, first=first)


@router.get("/network", response_class=HTMLResponse)
def network_page(request: Request) -> HTMLResponse:
    return _page(request, "network.html")


@router.get("/map", response_class=HTMLResponse)
def map_page(request: Request) -> HTMLResponse:
    with access(request).use() as store:
        actors = queries.actors(store, limit=300)
    return _page(request, "map.html", actors=actors)


@router.get("/code", response_class=HTMLResponse)
def code_page(request: Request) -> HTMLResponse:
    return _page(request, "code.html")


router.include_router(alerts_router)
