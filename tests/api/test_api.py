from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from dyads.query.filters import EventFilter, select_events


def get(client: TestClient, url: str, **params: Any) -> Any:
    response = client.get(url, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def test_health(client: TestClient) -> None:
    body = get(client, "/api/health")
    assert body["status"] == "ok" and body["articles"] == 17 and body["events"] > 15


def test_cursor_paging_walks_all_events_in_order(client: TestClient) -> None:
    store = client.app.state.access.store  # type: ignore[attr-defined]
    expected = [row["id"] for row in select_events(store, EventFilter())]
    seen: list[str] = []
    cursor = None
    while True:
        params = {"limit": 4} | ({"cursor": cursor} if cursor else {})
        page = get(client, "/api/events", **params)
        seen += [e["id"] for e in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == expected


@pytest.mark.parametrize(
    ("params", "check"),
    [
        ({"source": "FRA", "type": "ACCUSE"}, lambda e: e["source_id"] == "FRA"),
        ({"actor": "IRN", "since": "2024-10"}, lambda e: e["date"] >= "2024-10"),
        ({"type": "cooperate,consult"}, lambda e: e["type"] in ("COOPERATE", "CONSULT")),
        ({"hedged": "true"}, lambda e: e["hedged"]),
        ({"article_id": "t-hostile"}, lambda e: e["article_id"] == "t-hostile"),
    ],
)
def test_event_filters_match_the_cli(client: TestClient, params: dict, check: Any) -> None:
    items = get(client, "/api/events", **params)["items"]
    assert items and all(check(e) for e in items)


@pytest.mark.parametrize(
    ("url", "params", "status", "words"),
    [
        ("/api/events", {"since": "yesterday"}, 422, "since"),
        ("/api/events", {"type": "HUG"}, 400, "unknown event type"),
        ("/api/events", {"limit": 101}, 422, "limit"),
        ("/api/events", {"limit": 0}, 422, "limit"),
        ("/api/events", {"cursor": "bm9wZQ"}, 400, "cursor"),
        ("/api/series", {"a": "RUS"}, 422, "b"),
        ("/api/series", {"a": "RUS", "b": "IRN", "interval": "hour"}, 422, "interval"),
        ("/api/alerts", {"method": "magic"}, 422, "method"),
        ("/api/articles/nope", {}, 404, "nope"),
        ("/api/events/nope", {}, 404, "nope"),
    ],
)
def test_bad_input_gets_a_clear_4xx(
    client: TestClient, url: str, params: dict, status: int, words: str
) -> None:
    response = client.get(url, params=params)
    assert response.status_code == status
    assert words in response.text


def test_article_detail_has_offsets_into_its_text(client: TestClient) -> None:
    article = get(client, "/api/articles/t-1014-b")
    text = article["text"]
    assert article["events"] and article["mentions"] and article["sentences"]
    for event in article["events"]:
        trigger = event["trigger"]
        assert text[trigger["start"] : trigger["end"]] == trigger["text"]
    for mention in article["mentions"]:
        assert text[mention["start"] : mention["end"]]
    listing = get(client, "/api/articles", limit=5)
    assert len(listing["items"]) == 5 and listing["next_cursor"]
    rest = get(client, "/api/articles", limit=100, cursor=listing["next_cursor"])
    assert len(listing["items"]) + len(rest["items"]) == 17


def test_actors_series_network_alerts(client: TestClient) -> None:
    actors = {a["id"]: a for a in get(client, "/api/actors")}
    assert actors["RUS"]["name"] == "Russia" and actors["RUS"]["events"] > 5
    series = get(client, "/api/series", a="RUS", b="IRN", interval="week")
    assert series["totals"]["total"] == 6 and series["totals"]["count_index"] == 1.0
    point = next(p for p in series["points"] if p["total"] == 4)
    events = get(
        client, "/api/series/events", a="RUS", b="IRN", since=point["start"], until=point["end"]
    )
    assert len(events) == 4
    network = get(client, "/api/network", since="2024-10")
    assert {"source": "IRN", "target": "RUS"}.items() <= network["edges"][0].items()
    graphml = client.get("/api/network", params={"format": "graphml"})
    assert graphml.status_code == 200 and "graphml" in graphml.text
    assert "attachment" in graphml.headers["content-disposition"]
    alerts = get(client, "/api/alerts")
    assert alerts[0]["key"] == "COOPERATE" and len(alerts[0]["evidence"]) == 4


def test_extract_codes_text_without_storing_it(client: TestClient) -> None:
    before = get(client, "/api/health")["articles"]
    text = "France condemned Russia for the attack on the port."
    body = client.post("/api/extract", json={"text": text, "published": "2024-10-20"}).json()
    assert body["text"] == text
    assert [e["type"] for e in body["events"]] == ["ACCUSE"]
    assert get(client, "/api/health")["articles"] == before


def test_extract_limits(client: TestClient) -> None:
    too_long = client.post("/api/extract", json={"text": "Russia. " * 300})
    assert too_long.status_code == 413 and "limit" in too_long.text
    too_big = client.post(
        "/api/extract", content=b"x" * 20_000, headers={"content-type": "application/json"}
    )
    assert too_big.status_code == 413
    assert client.post("/api/extract", json={"text": ""}).status_code == 422
    assert client.post("/api/extract", json={"text": "x", "published": "soon"}).status_code == 422


TOKEN = "s3cret-token-for-tests"  # the token of the ``guarded`` fixture


@pytest.mark.parametrize("url", ["/api/health", "/api/events", "/", "/docs", "/openapi.json"])
def test_token_is_required_everywhere(guarded: TestClient, url: str) -> None:
    guarded.cookies.clear()
    assert guarded.get(url).status_code == 401
    assert guarded.get(url, headers={"Authorization": "Bearer wrong-token"}).status_code == 401
    ok = guarded.get(url, headers={"Authorization": f"Bearer {TOKEN}"})
    assert ok.status_code == 200
    assert guarded.get(url, headers={"X-Dyads-Token": TOKEN}).status_code == 200


def test_a_token_in_the_url_becomes_a_cookie(guarded: TestClient) -> None:
    guarded.cookies.clear()
    first = guarded.get("/", params={"token": TOKEN}, follow_redirects=False)
    assert first.status_code == 303 and "token" not in first.headers["location"]
    assert "httponly" in first.headers["set-cookie"].lower()
    assert guarded.get("/api/health").status_code == 200  # the cookie now carries it
    guarded.cookies.clear()


def test_docs_work_offline(client: TestClient) -> None:
    page = client.get("/docs").text
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in page
    assert "cdn" not in page.lower()
    for asset in ("swagger-ui-bundle.js", "swagger-ui.css"):
        assert client.get(f"/static/vendor/swagger-ui/{asset}").status_code == 200
    spec = get(client, "/openapi.json")
    assert {"/api/events", "/api/series", "/api/network", "/api/alerts", "/api/extract"} <= set(
        spec["paths"]
    )


def test_the_response_cache_answers_repeated_questions(client: TestClient) -> None:
    cache = client.app.state.cache  # type: ignore[attr-defined]
    url = "/api/series?a=FRA&b=RUS&interval=month"
    first = client.get(url)
    hits = cache.hits
    second = client.get(url)
    assert cache.hits == hits + 1
    assert first.json() == second.json()
    assert second.headers["content-type"] == "application/json"
