from __future__ import annotations

import xml.etree.ElementTree as ET

from dyads.export.graph import GEXF_NS, GRAPHML_NS, render_graph
from dyads.query.network import network
from dyads.query.scope import Scope
from dyads.store import SQLStore


def edges(net: object) -> dict[tuple[str, str], object]:
    return {(e.source, e.target): e for e in net.edges}  # type: ignore[attr-defined]


def test_edges_carry_counts_by_type_and_net_score(analysis_store: SQLStore) -> None:
    net = network(analysis_store)
    found = edges(net)
    accuse = found[("FRA", "RUS")]
    assert accuse.types["ACCUSE"] == 6 and accuse.net == -6  # type: ignore[attr-defined]
    # Reciprocal cooperation is one undirected tie, however the articles put it.
    assert ("RUS", "IRN") not in found
    assert found[("IRN", "RUS")].types["COOPERATE"] == 6  # type: ignore[attr-defined]
    names = {n.id: n.name for n in net.nodes}
    assert names["RUS"] == "Russia" and names["FRA"] == "France"


def test_scope_min_count_and_ego_network(analysis_store: SQLStore) -> None:
    october = network(analysis_store, scope=Scope(since="2024-10"))
    assert edges(october)[("IRN", "RUS")].count == 4  # type: ignore[attr-defined]
    busy = network(analysis_store, min_count=5)
    assert set(edges(busy)) == {("FRA", "RUS"), ("IRN", "RUS")}
    ego = network(analysis_store, actor="USA")
    assert set(edges(ego)) == {("USA", "IRN")}
    assert {n.id for n in ego.nodes} == {"USA", "IRN"}


def test_graphml_and_gexf_read_back(analysis_store: SQLStore) -> None:
    net = network(analysis_store)
    graphml = ET.fromstring(render_graph(net, "graphml").encode())
    g = f"{{{GRAPHML_NS}}}"
    graph = graphml.find(f"{g}graph")
    assert graph is not None and graph.get("edgedefault") == "directed"
    assert len(graph.findall(f"{g}node")) == len(net.nodes)
    keys = {k.get("id"): k.get("attr.name") for k in graphml.findall(f"{g}key")}
    edge = next(e for e in graph.findall(f"{g}edge") if e.get("source") == "FRA")
    data = {keys[d.get("key")]: d.text for d in edge.findall(f"{g}data")}
    assert data["n_ACCUSE"] == "6" and data["net"] == "-6"

    gexf = ET.fromstring(render_graph(net, "gexf").encode())
    x = f"{{{GEXF_NS}}}"
    assert gexf.get("version") == "1.3"
    nodes = gexf.findall(f"{x}graph/{x}nodes/{x}node")
    assert {n.get("label") for n in nodes} >= {"Russia", "Iran", "France"}
    weights = {
        (e.get("source"), e.get("target")): e.get("weight")
        for e in gexf.findall(f"{x}graph/{x}edges/{x}edge")
    }
    assert weights[("FRA", "RUS")] == "6"
