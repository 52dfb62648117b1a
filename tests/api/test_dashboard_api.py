"""The read-only parts the dashboard's views need: /api/places, the network's kinds, degrees
and top N, the busiest dyads, /favicon.ico, the way back from /docs, and the alerts page on a
store whose last week is quiet (the demo)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from dyads.api import create_app
from dyads.api.kinds import actor_kind
from dyads.api.queries import busiest_dyads, fitting_interval
from dyads.runs.ingest import ingest

DEMO = Path(__file__).resolve().parents[2] / "examples" / "demo"


def test_places_answer_with_counts_and_evidence(client: TestClient) -> None:
    answer = client.get("/api/places", params={"per_place": 3})
    assert answer.status_code == 200
    body = answer.json()
    assert body["events"] >= body["located"] > 0
    place = body["places"][0]
    assert {"lat", "lon", "name", "events", "quad_class", "items"} <= set(place)
    assert 0 < len(place["items"]) <= 3 and place["items"][0]["evidence_text"]
    refused = client.get("/api/places", params={"type": "NOPE"})
    assert refused.status_code in (400, 422) and "NOPE" in refused.text
    assert "/api/places" in client.get("/openapi.json").json()["paths"]


def test_network_nodes_have_kinds_degrees_and_a_top(client: TestClient) -> None:
    full = client.get("/api/network").json()
    assert full["total_nodes"] == len(full["nodes"])
    assert all(n["kind"] for n in full["nodes"])
    for node in full["nodes"]:
        ties = {e["target"] for e in full["edges"] if e["source"] == node["id"]}
        ties |= {e["source"] for e in full["edges"] if e["target"] == node["id"]}
        assert node["degree"] == len(ties)
    top = client.get("/api/network", params={"top": 3}).json()
    kept = {n["id"] for n in top["nodes"]}
    assert len(kept) == 3 and top["total_nodes"] == len(full["nodes"])
    best = sorted(full["nodes"], key=lambda n: (-n["degree"], -n["events"], n["id"]))[:3]
    assert kept == {n["id"] for n in best}
    assert all(e["source"] in kept and e["target"] in kept for e in top["edges"])


@pytest.mark.parametrize(
    ("actor_id", "kind"),
    [
        ("USA", "state"),
        ("RUS_MIL", "state body"),
        ("UN", "IGO"),
        ("ISIS", "armed or non-state group"),
        ("BLINKEN_ANTONY", "official"),
        ("USA_STATE_DEPARTMENT", "state body"),
        ("UNK_CVL", "other"),
    ],
)
def test_actor_kinds(actor_id: str, kind: str) -> None:
    assert actor_kind(actor_id) == kind


def test_busiest_dyads_count_dated_events_either_way(client: TestClient) -> None:
    store = client.app.state.access.store  # type: ignore[attr-defined]
    found = busiest_dyads(store, limit=3)
    first = found[0]
    ((count,),) = store.fetch(
        "SELECT COUNT(*) FROM events WHERE date IS NOT NULL AND ((source_id = ? AND"
        " target_id = ?) OR (source_id = ? AND target_id = ?))",
        [first["a"], first["b"], first["b"], first["a"]],
    )
    assert first["events"] == count and first["a"] < first["b"]
    assert [d["events"] for d in found] == sorted((d["events"] for d in found), reverse=True)


@pytest.mark.parametrize(
    ("first", "last", "interval"),
    [
        ("2024-10-01", "2024-10-20", "day"),
        ("2024-01-01", "2024-10-20", "week"),
        ("2015-01", "2017-01-01", "month"),
        ("2009", "2017-01-01", "year"),
        (None, None, "week"),
    ],
)
def test_fitting_interval(first: str | None, last: str | None, interval: str) -> None:
    assert fitting_interval(first, last) == interval


def test_favicon_and_the_way_back_from_docs(client: TestClient) -> None:
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200 and icon.headers["content-type"] == "image/png"
    assert icon.content.startswith(b"\x89PNG")
    docs = client.get("/docs").text
    assert 'id="docs-back" href="/"' in docs and "swagger-ui-bundle.js" in docs
    bare = TestClient(create_app(client.app.state.access.store, dashboard=False))  # type: ignore[attr-defined]
    assert "docs-back" not in bare.get("/docs", headers={"host": "127.0.0.1"}).text


@pytest.fixture(scope="module")
def demo_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    db = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    assert ingest([str(DEMO)], store=db).failed == 0
    with TestClient(create_app(db), base_url="http://127.0.0.1") as test_client:
        yield test_client


def test_alerts_page_on_the_demo_shows_something_to_act_on(demo_client: TestClient) -> None:
    # The CLI's default checks only the last week, which is quiet on the demo.
    assert demo_client.get("/api/alerts").json() == []
    page = demo_client.get("/alerts")
    assert page.status_code == 200
    assert 'id="checked"' in page.text and "Checked every week from 20" in page.text
    assert page.text.count('<section class="alert') >= 3
    yearly = demo_client.get("/alerts", params={"interval": "year"}).text
    # By year too the page lists what departs most (alerts or near misses: how many cross
    # the threshold depends on the coder's rules), each with its reason.
    assert yearly.count('<section class="alert') >= 3 and " events in year " in yearly


def test_alerts_page_refuses_bad_input_in_one_line(demo_client: TestClient) -> None:
    page = demo_client.get("/alerts", params={"method": "magic"})
    assert page.status_code == 400
    assert 'role="alert">--method: ' in page.text and "magic" in page.text
    bad_date = demo_client.get("/alerts", params={"since": "2016-13-01"}).text
    assert bad_date.count('role="alert"') == 1 and "2016-13-01" in bad_date


def test_api_actor_filters_take_dictionary_names(demo_client: TestClient) -> None:
    by_code = demo_client.get("/api/events", params={"actor": "USA", "limit": 500}).json()
    by_name = demo_client.get("/api/events", params={"actor": "united states", "limit": 500}).json()
    assert by_code == by_name and by_code["items"]
    unknown = demo_client.get("/api/events", params={"actor": "Atlantis"}).json()
    assert unknown["items"] == []
