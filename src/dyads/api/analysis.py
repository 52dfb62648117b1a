"""The analysis endpoints: dyad series and their events, network, alerts, and live extraction."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import Response

from dyads.api.deadline_route import DeadlineRoute
from dyads.api.kinds import actor_kind
from dyads.api.params import ScopeQuery
from dyads.api.routes import ERRORS, access, check_limit, limits, over_limit
from dyads.api.schemas import AlertOut, EventRow, ExtractIn, ExtractOut, NetworkOut, SeriesOut
from dyads.export.graph import render_graph
from dyads.ingest.normalise import make_article
from dyads.query.alerts import find_alerts
from dyads.query.intervals import IntervalName
from dyads.query.network import Network, network
from dyads.query.series import dyad_events, dyad_series

router = APIRouter(prefix="/api", responses=ERRORS, route_class=DeadlineRoute)

ActorParam = Annotated[str, Query(min_length=1, max_length=100, description="Actor id or code")]


@router.get("/series", response_model=SeriesOut, tags=["analysis"])
def series(
    request: Request,
    a: ActorParam,
    b: ActorParam,
    where: ScopeQuery,
    interval: IntervalName = "week",
    directed: bool = False,
) -> dict[str, Any]:
    """Events between ``a`` and ``b`` per period by quad class, with the cooperation–conflict
    indexes. Hedged and negated events are left out unless included."""
    with access(request).use() as store:
        return dyad_series(store, a, b, interval=interval, directed=directed, scope=where).to_dict()


@router.get("/series/events", response_model=list[EventRow], tags=["analysis"])
def series_events(
    request: Request,
    a: ActorParam,
    b: ActorParam,
    where: ScopeQuery,
    directed: bool = False,
    quad_class: Annotated[int | None, Query(ge=1, le=4)] = None,
    limit: Annotated[int, Query(ge=1)] = 100,
) -> list[dict[str, Any]]:
    """The events behind one point of a series: give the point's ``start`` and ``end``."""
    check_limit(request, limit)
    with access(request).use() as store:
        return dyad_events(
            store, a, b, directed=directed, scope=where, quad_class=quad_class, limit=limit
        )


@router.get(
    "/network",
    response_model=NetworkOut,
    tags=["analysis"],
    responses={200: {"content": {"application/xml": {}}, "description": "JSON, or GraphML/GEXF"}},
)
def get_network(
    request: Request,
    where: ScopeQuery,
    actor: Annotated[str | None, Query(max_length=100)] = None,
    min_count: Annotated[int, Query(ge=1, le=10_000)] = 1,
    max_nodes: Annotated[int, Query(ge=1, le=2000)] = 300,
    top: Annotated[
        int | None, Query(ge=1, le=2000, description="Keep the actors with the most ties")
    ] = None,
    format: Literal["json", "graphml", "gexf"] = "json",
) -> Any:
    """The actor network of a period; ``format=graphml`` or ``gexf`` downloads it for Gephi.
    In JSON each node has its ``kind`` and ``degree``; ``top=N`` keeps the N best-connected
    actors (most ties, then most events) and the ties among them."""
    with access(request).use() as store:
        net = network(store, scope=where, min_count=min_count, actor=actor, max_nodes=max_nodes)
    total = len(net.nodes)
    degree = _degrees(net)
    if top is not None and top < total:
        ranked = sorted(net.nodes, key=lambda n: (-degree[n.id], -n.events, n.id))
        keep = {n.id for n in ranked[:top]}
        net.nodes = [n for n in net.nodes if n.id in keep]
        net.edges = [e for e in net.edges if e.source in keep and e.target in keep]
    if format == "json":
        data = net.to_dict()
        for node in data["nodes"]:
            node["kind"] = actor_kind(node["id"])
            node["degree"] = degree[node["id"]]
        return data | {"total_nodes": total}
    return Response(
        render_graph(net, format),
        media_type="application/xml",
        headers={"Content-Disposition": f'attachment; filename="dyads-network.{format}"'},
    )


def _degrees(net: Network) -> dict[str, int]:
    """Each node's number of distinct neighbours (both directions count once)."""
    neighbours: dict[str, set[str]] = {n.id: set() for n in net.nodes}
    for edge in net.edges:
        neighbours.setdefault(edge.source, set()).add(edge.target)
        neighbours.setdefault(edge.target, set()).add(edge.source)
    return {actor_id: len(ids) for actor_id, ids in neighbours.items()}


@router.get("/alerts", response_model=list[AlertOut], tags=["analysis"])
def get_alerts(
    request: Request,
    where: ScopeQuery,
    interval: IntervalName = "week",
    by: Literal["type", "quad"] = "type",
    method: Literal["zscore", "poisson"] = "zscore",
    threshold: Annotated[float | None, Query(gt=0)] = None,
    window: Annotated[int, Query(ge=1, le=520)] = 8,
    min_count: Annotated[int, Query(ge=1)] = 3,
    evidence: Annotated[int, Query(ge=0)] = 5,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> list[dict[str, Any]]:
    """Dyads whose activity of one type (or quad class) departs from their own baseline, each
    with the reason and its evidence events."""
    if evidence > limits(request).max_evidence:
        raise over_limit(
            "evidence", evidence, f"is over the limit of {limits(request).max_evidence}"
        )
    with access(request).use() as store:
        found = find_alerts(
            store,
            scope=where,
            interval=interval,
            by=by,
            method=method,
            threshold=threshold,
            window=window,
            min_count=min_count,
            evidence=evidence,
            limit=limit,
        )
    return [alert.to_dict() for alert in found]


@router.post("/extract", response_model=ExtractOut, tags=["extract"])
def extract_text(request: Request, body: ExtractIn) -> dict[str, Any]:
    """Code a posted text without storing it: sentences, actor mentions and events, with
    offsets into the returned ``text``."""
    most = limits(request).max_text
    if len(body.text) > most:
        raise HTTPException(413, f"text is {len(body.text)} characters; the limit is {most}")
    article = make_article(
        body.text, title=body.title, url=body.url, published=body.published, outlet=body.outlet
    )
    with access(request).extracting() as pipeline:
        doc = pipeline(article)
    return doc.to_dict() | {"text": doc.article.text}
