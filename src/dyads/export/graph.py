"""Write an actor network for Gephi and friends: GraphML, GEXF 1.3, or plain JSON.

Counts by type become one numeric edge attribute per PLOVER type (``n_ACCUSE``, ...), which
is what Gephi can filter and size by; the XML is built with ElementTree so names are escaped.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import IO

from dyads.errors import InputError
from dyads.model import PLOVER_TYPES
from dyads.query.network import Network

GRAPH_FORMATS = ("graphml", "gexf", "json")
GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
GEXF_NS = "http://gexf.net/1.3"

# (attribute name, GraphML type) of edges, before the per-type counts.
_EDGE_ATTRS = (
    ("count", "int"),
    ("net", "int"),
    ("goldstein", "double"),
    ("q1", "int"),
    ("q2", "int"),
    ("q3", "int"),
    ("q4", "int"),
    ("first_date", "string"),
    ("last_date", "string"),
)
_NODE_ATTRS = (("name", "string"), ("code", "string"), ("events", "int"))


def _edge_values(edge_dict: dict[str, object]) -> dict[str, object]:
    quads = edge_dict["quad_class"]
    assert isinstance(quads, dict)
    types = edge_dict["types"]
    assert isinstance(types, dict)
    values: dict[str, object] = {k: edge_dict[k] for k in ("count", "net", "goldstein")}
    values |= {f"q{q}": quads[str(q)] for q in (1, 2, 3, 4)}
    values |= {"first_date": edge_dict["first_date"], "last_date": edge_dict["last_date"]}
    values |= {f"n_{t}": types.get(t, 0) for t in PLOVER_TYPES}
    return values


def _edge_attrs() -> list[tuple[str, str]]:
    return [*_EDGE_ATTRS, *((f"n_{t}", "int") for t in PLOVER_TYPES)]


def to_graphml(net: Network) -> str:
    ET.register_namespace("", GRAPHML_NS)
    root = ET.Element(f"{{{GRAPHML_NS}}}graphml")
    for name, kind in _NODE_ATTRS:
        ET.SubElement(
            root, "key", {"id": f"n_{name}", "for": "node", "attr.name": name, "attr.type": kind}
        )
    for name, kind in _edge_attrs():
        ET.SubElement(
            root, "key", {"id": f"e_{name}", "for": "edge", "attr.name": name, "attr.type": kind}
        )
    graph = ET.SubElement(root, "graph", {"id": "dyads", "edgedefault": "directed"})
    for node in net.nodes:
        element = ET.SubElement(graph, "node", {"id": node.id})
        for name, value in (("name", node.name), ("code", node.code), ("events", node.events)):
            if value is not None:
                ET.SubElement(element, "data", {"key": f"n_{name}"}).text = str(value)
    for index, edge in enumerate(net.edges):
        element = ET.SubElement(
            graph, "edge", {"id": f"e{index}", "source": edge.source, "target": edge.target}
        )
        for key, found in _edge_values(edge.to_dict()).items():
            if found is not None:
                ET.SubElement(element, "data", {"key": f"e_{key}"}).text = str(found)
    return _xml(root)


def to_gexf(net: Network) -> str:
    ET.register_namespace("", GEXF_NS)
    root = ET.Element(f"{{{GEXF_NS}}}gexf", {"version": "1.3"})
    meta = ET.SubElement(root, "meta")
    ET.SubElement(meta, "creator").text = "dyads"
    span = f"{net.scope.since or 'start'} to {net.scope.until or 'end'}"
    ET.SubElement(meta, "description").text = f"Actor network, {span}"
    graph = ET.SubElement(root, "graph", {"defaultedgetype": "directed", "mode": "static"})
    kinds = {"int": "integer", "double": "double", "string": "string"}
    node_attrs = ET.SubElement(graph, "attributes", {"class": "node"})
    for index, (name, kind) in enumerate(_NODE_ATTRS[1:]):
        attrs = {"id": str(index), "title": name, "type": kinds[kind]}
        ET.SubElement(node_attrs, "attribute", attrs)
    edge_attrs = ET.SubElement(graph, "attributes", {"class": "edge"})
    edge_ids = {}
    for index, (name, kind) in enumerate(_edge_attrs()):
        edge_ids[name] = str(index)
        attrs = {"id": str(index), "title": name, "type": kinds[kind]}
        ET.SubElement(edge_attrs, "attribute", attrs)
    nodes = ET.SubElement(graph, "nodes")
    for node in net.nodes:
        element = ET.SubElement(nodes, "node", {"id": node.id, "label": node.name})
        values = ET.SubElement(element, "attvalues")
        ET.SubElement(values, "attvalue", {"for": "0", "value": node.code or ""})
        ET.SubElement(values, "attvalue", {"for": "1", "value": str(node.events)})
    edges = ET.SubElement(graph, "edges")
    for index, edge in enumerate(net.edges):
        element = ET.SubElement(
            edges,
            "edge",
            {
                "id": f"e{index}",
                "source": edge.source,
                "target": edge.target,
                "weight": str(edge.count),
            },
        )
        values = ET.SubElement(element, "attvalues")
        for name, value in _edge_values(edge.to_dict()).items():
            if value is not None:
                ET.SubElement(values, "attvalue", {"for": edge_ids[name], "value": str(value)})
    return _xml(root)


def to_json(net: Network) -> str:
    return json.dumps(net.to_dict(), ensure_ascii=False, indent=2)


def _xml(root: ET.Element) -> str:
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")


def render_graph(net: Network, format: str) -> str:
    writers = {"graphml": to_graphml, "gexf": to_gexf, "json": to_json}
    if format not in writers:
        raise InputError("--format", f"{format!r} is not one of {', '.join(GRAPH_FORMATS)}")
    return writers[format](net) + "\n"


def write_graph(net: Network, out: str | Path | IO[str], *, format: str = "graphml") -> None:
    """Write the network to a path or a text stream."""
    text = render_graph(net, format)
    if isinstance(out, str | Path):
        Path(out).write_text(text, encoding="utf-8")
    else:
        out.write(text)
