"""The filter parameters shared by the routers: declared once (dyads.api.params), listed one by
one with a description in /openapi.json, and answering alike on every route."""

from __future__ import annotations

import inspect
from typing import Any

import pytest
from fastapi.testclient import TestClient

from dyads.api import params

FILTERS = [name for name in inspect.signature(params.event_filter).parameters]
SCOPE = [name for name in inspect.signature(params.scope).parameters]
ROUTES = {
    "/api/events": FILTERS,
    "/api/series": SCOPE,
    "/api/series/events": SCOPE,
    "/api/network": SCOPE,
    "/api/alerts": SCOPE,
}


@pytest.fixture(scope="module")
def spec(client: TestClient) -> dict[str, Any]:
    found: dict[str, Any] = client.get("/openapi.json").json()
    return found


@pytest.mark.parametrize("path", sorted(ROUTES))
def test_each_shared_parameter_is_listed_with_a_description(
    spec: dict[str, Any], path: str
) -> None:
    listed = {p["name"]: p for p in spec["paths"][path]["get"]["parameters"]}
    for name in ROUTES[path]:
        assert name in listed, f"{path} does not list {name}"
        assert listed[name]["in"] == "query"
        described = listed[name].get("description") or listed[name]["schema"].get("description")
        assert described, f"{path}: {name} has no description"


def test_the_shared_sets_are_what_the_routes_filter_by() -> None:
    assert FILTERS == [
        "actor", "source", "target", "type", "since", "until",
        "hedged", "negated", "article_id", "story_id",
    ]  # fmt: skip
    assert SCOPE == ["since", "until", "type", "include_hedged", "include_negated", "per_story"]


@pytest.mark.parametrize("path", sorted(ROUTES))
def test_a_bad_date_is_refused_alike_on_every_route(client: TestClient, path: str) -> None:
    query = {"since": "last week", "a": "RUS", "b": "UKR"}
    answer = client.get(path, params=query)
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"] == ["query", "since"]


def test_comma_and_repeated_lists_mean_the_same(client: TestClient) -> None:
    one = client.get("/api/events", params={"type": "ACCUSE,ASSAULT", "limit": 100}).json()
    two = client.get(
        "/api/events", params=[("type", "ACCUSE"), ("type", "assault"), ("limit", 100)]
    )
    assert one["items"] and one["items"] == two.json()["items"]
    assert {row["type"] for row in one["items"]} <= {"ACCUSE", "ASSAULT"}


def test_the_event_row_schema_is_the_flat_row(spec: dict[str, Any]) -> None:
    from dyads.query.flat import EVENT_COLUMNS, FLAT_EVENT

    row = spec["components"]["schemas"]["EventRow"]
    assert list(row["properties"]) == list(EVENT_COLUMNS)
    assert set(row["required"]) == {"id", "article_id", "type"}
    for column in FLAT_EVENT:
        assert row["properties"][column.name]["description"] == column.doc


def test_event_lists_answer_the_flat_row_in_its_column_order(client: TestClient) -> None:
    from dyads.query.flat import EVENT_COLUMNS

    items = client.get("/api/events", params={"limit": 5}).json()["items"]
    assert items and all(list(item) == list(EVENT_COLUMNS) for item in items)
