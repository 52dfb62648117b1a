"""The actor network of a period: actors as nodes, who-did-what-to-whom as weighted edges.

An edge runs from a source actor to a target actor and carries its event counts by PLOVER type
and by quad class, the Goldstein sum and a net score (cooperation − conflict events).
Reciprocal events (COOPERATE, CONSULT) have no direction; they go on the edge whose ends are in
alphabetical order, so "Russia cooperates with Iran" and "Iran cooperates with Russia" add up.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from dyads.query.actors import packaged_names
from dyads.query.pairs import pair_rows
from dyads.query.scope import Scope
from dyads.store import SQLStore

MAX_NODES = 2000


@dataclass(slots=True)
class Edge:
    source: str
    target: str
    types: Counter[str] = field(default_factory=Counter)
    quads: Counter[int] = field(default_factory=Counter)
    goldstein: float = 0.0
    first_date: str | None = None
    last_date: str | None = None

    @property
    def count(self) -> int:
        return sum(self.types.values())

    @property
    def net(self) -> int:
        """Cooperation events minus conflict events."""
        return self.quads[1] + self.quads[2] - self.quads[3] - self.quads[4]

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "target": self.target,
            "count": self.count,
            "net": self.net,
            "goldstein": round(self.goldstein, 3),
            "types": dict(sorted(self.types.items())),
            "quad_class": {str(q): self.quads[q] for q in (1, 2, 3, 4)},
            "first_date": self.first_date,
            "last_date": self.last_date,
        }


@dataclass(slots=True)
class Node:
    id: str
    name: str
    code: str | None
    events: int = 0  # events on this node's edges

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "code": self.code, "events": self.events}


@dataclass(slots=True)
class Network:
    scope: Scope
    nodes: list[Node]
    edges: list[Edge]

    def to_dict(self) -> dict[str, Any]:
        return {
            "since": self.scope.since,
            "until": self.scope.until,
            "types": list(self.scope.types),
            "nodes": [n.to_dict() for n in self.nodes],
            "edges": [e.to_dict() for e in self.edges],
        }


def actor_names(store: SQLStore, ids: list[str]) -> dict[str, tuple[str, str | None]]:
    """actor id -> (display name, code): the packaged dictionary's, else the stored mentions'
    (actors of a user's own dictionary). The dictionary comes first because finding an id
    among the mentions reads every mention: seconds on a large store."""
    found = packaged_names(ids)
    rest = [i for i in ids if i not in found]
    for start in range(0, len(rest), 500):
        chunk = rest[start : start + 500]
        marks = ", ".join("?" for _ in chunk)
        for actor_id, name, code in store.fetch(
            f"SELECT actor_id, MIN(name), MIN(code) FROM mentions WHERE actor_id IN ({marks})"
            " GROUP BY actor_id",
            chunk,
        ):
            found[actor_id] = (name or actor_id, code)
    return found


def network(
    store: SQLStore,
    *,
    scope: Scope | None = None,
    min_count: int = 1,
    actor: str | None = None,
    max_nodes: int = MAX_NODES,
) -> Network:
    """The actor network of the events in ``scope``.

    ``min_count`` drops edges with fewer events; ``actor`` keeps only that actor's edges (its
    ego network); ``max_nodes`` keeps the busiest actors when the graph would be too large to
    draw.
    """
    scope = scope or Scope()
    edges: dict[tuple[str, str], Edge] = {}
    for src, tgt, type_, quad, count, goldstein, first, last in pair_rows(store, scope):
        edge = edges.get((src, tgt)) or Edge(src, tgt)
        edges[(src, tgt)] = edge
        edge.types[type_] += int(count)
        edge.quads[int(quad)] += int(count)
        edge.goldstein += float(goldstein or 0.0)
        if first and (edge.first_date is None or first < edge.first_date):
            edge.first_date = first
        if last and (edge.last_date is None or last > edge.last_date):
            edge.last_date = last
    kept = [e for e in edges.values() if e.count >= max(1, min_count)]
    if actor:
        kept = [e for e in kept if actor in (e.source, e.target)]
    weight: Counter[str] = Counter()
    for edge in kept:
        weight[edge.source] += edge.count
        weight[edge.target] += edge.count
    busiest = {actor_id for actor_id, _ in weight.most_common(max(1, max_nodes))}
    kept = [e for e in kept if e.source in busiest and e.target in busiest]
    kept.sort(key=lambda e: (-e.count, e.source, e.target))
    names = actor_names(store, sorted(busiest))
    nodes = [
        Node(actor_id, *names.get(actor_id, (actor_id, None)), events=weight[actor_id])
        for actor_id in sorted(busiest, key=lambda i: (-weight[i], i))
    ]
    return Network(scope, nodes, kept)
