"""The API under the review's requests (round 2): every request has a deadline after which
its work stops, filters and cursors are bounded, DNS rebinding is refused, ids with ``/``
work, a lone surrogate is a client error, SIGTERM stops the server."""

from __future__ import annotations

import base64
import json
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from dyads.api import create_app
from dyads.api.store_access import Limits
from dyads.runs.ingest import ingest

from .conftest import free_port

LOOPBACK = "http://127.0.0.1"
TEXT = "France condemned Russia on Monday over the {} dispute."


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("bounds")
    docs = folder / "in.jsonl"
    records = [{"id": f"wire/2024/{n}", "text": TEXT.format(n)} for n in range(3)]
    records.append({"id": "plain", "text": "Germany praised Japan for the rail deal."})
    docs.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    path = folder / "b.duckdb"
    assert ingest([str(docs)], store=path).added == 4
    return path


@pytest.fixture(scope="module")
def client(db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(db, cache=0), base_url=LOOPBACK) as test_client:
        yield test_client


def cursor_of(value: object) -> str:
    raw = json.dumps(value).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


HAND_MADE = [
    cursor_of([{"a": 1}, [], None, 5]),
    cursor_of(["2024", "x", "not a number", "e"]),
    cursor_of(["2024", 1, 2, 3]),
    cursor_of([1e400, "x", 1, "e"]),
    cursor_of(["a", "b", "c"]),
    cursor_of(["\ud800", "x", 1, "e"]),  # found by the fuzz campaign: 500 from DuckDB
    cursor_of(["2024", "\ud800"]),
    cursor_of({"k": "v"}),
    base64.urlsafe_b64encode(b"[" * 1100).decode().rstrip("="),  # RecursionError
    base64.urlsafe_b64encode(b"\xff\xfe not json").decode(),
    "%%%not-base64%%%",
]


@pytest.mark.parametrize("cursor", HAND_MADE)
@pytest.mark.parametrize("path", ["/api/events", "/api/articles", "/"])
def test_hand_made_cursors_are_400(client: TestClient, path: str, cursor: str) -> None:
    answer = client.get(path, params={"cursor": cursor})
    assert answer.status_code == 400, (answer.status_code, answer.text[:300])


def test_many_filter_values_are_refused_at_once(client: TestClient) -> None:
    many = [f"X{n:04d}" for n in range(1000)]
    answer = client.get("/api/events", params={"actor": many})
    assert answer.status_code == 422, answer.text[:200]
    assert "values are more than one filter takes" in answer.text
    assert client.get("/api/events", params={"actor": ",".join(many)}).status_code == 422
    assert client.get("/api/events", params={"actor": many[:50]}).status_code == 200


def test_ids_with_slashes_are_found(client: TestClient) -> None:
    for path in ("/api/articles/wire/2024/1", "/api/articles/wire%2F2024%2F1"):
        answer = client.get(path)
        assert answer.status_code == 200, (path, answer.text)
        assert answer.json()["id"] == "wire/2024/1"
    page = client.get("/articles/wire/2024/1")
    assert page.status_code == 200 and "France" in page.text
    listed = client.get("/").text
    assert 'href="/articles/wire/2024/' in listed


def test_a_lone_surrogate_in_posted_text_is_a_client_error(client: TestClient) -> None:
    body = '{"text": "France condemned \\ud800 Russia."}'
    answer = client.post("/api/extract", content=body, headers={"content-type": "application/json"})
    assert answer.status_code in (200, 422), answer.text
    if answer.status_code == 200:
        assert "\ud800" not in answer.json()["text"]


def test_dns_rebinding_is_refused_without_a_token(db: Path) -> None:
    with TestClient(create_app(db, cache=0), base_url="http://attacker.example") as rebound:
        assert rebound.get("/api/health").status_code == 400
        assert rebound.get("/").status_code == 400
        for host in ("127.0.0.1:8000", "localhost:8000", "[::1]:8000", "127.0.0.2"):
            answer = rebound.get("/api/health", headers={"host": host})
            assert answer.status_code == 200, host


def test_a_request_past_its_deadline_stops_its_work(db: Path) -> None:
    """A 1,000,000-character text takes seconds to code; with a 0.5 s deadline the answer is
    503 at once and the thread's CPU stops."""
    limits = Limits(max_text=2_000_000, max_body=5_000_000, request_seconds=0.5)
    text = " ".join(TEXT.format(n) for n in range(20_000))[:1_000_000]
    with TestClient(create_app(db, limits=limits, cache=0), base_url=LOOPBACK) as slow:
        slow.post("/api/extract", json={"text": "Japan thanked Italy."})  # load the pipeline
        started = time.monotonic()
        answer = slow.post("/api/extract", json={"text": text})
        took = time.monotonic() - started
        assert answer.status_code == 503, (answer.status_code, took)
        assert "deadline" in answer.json()["detail"]
        before = time.process_time()
        time.sleep(1.5)
        assert time.process_time() - before < 0.5, "the request's work went on"
        assert slow.get("/api/health").status_code == 200


def test_extract_requests_do_not_queue_behind_one(db: Path) -> None:
    limits = Limits(max_text=400_000, max_body=2_000_000, request_seconds=30)
    long_text = " ".join(TEXT.format(n) for n in range(5000))[:300_000]
    with TestClient(create_app(db, limits=limits, cache=0), base_url=LOOPBACK) as shared:
        shared.post("/api/extract", json={"text": "Japan thanked Italy."})
        done: list[float] = []

        def post_long() -> None:
            shared.post("/api/extract", json={"text": long_text})
            done.append(time.monotonic())

        worker = threading.Thread(target=post_long)
        worker.start()
        time.sleep(0.2)
        small = shared.post("/api/extract", json={"text": "Italy thanked Poland."})
        small_done = time.monotonic()
        worker.join()
        assert small.status_code == 200
        assert small_done < done[0], "the short request waited for the long one"


def test_sigterm_stops_a_busy_server(db: Path, tmp_path: Path) -> None:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "dyads", "serve", "--db", str(db), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                if httpx.get(base + "/api/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        text = " ".join(TEXT.format(n) for n in range(3000))[:99_000]

        def hammer() -> None:
            for _ in range(10):
                try:
                    httpx.post(base + "/api/extract", json={"text": text}, timeout=60)
                except httpx.HTTPError:
                    return

        def many_actors() -> None:  # ran for minutes and kept going after SIGTERM
            actors = ",".join(f"A{n:04d}" for n in range(5000))
            try:
                httpx.get(base + "/api/events", params={"actor": actors}, timeout=60)
            except httpx.HTTPError:
                return

        clients = [threading.Thread(target=hammer, daemon=True) for _ in range(40)]
        clients.append(threading.Thread(target=many_actors, daemon=True))
        for c in clients:
            c.start()
        time.sleep(1.0)
        started = time.monotonic()
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        assert time.monotonic() - started < 12  # 40 requests in flight: 25 s one by one
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
