"""Issue #16: `dyads serve` on a DuckDB file while `dyads ingest` and `dyads events` run on it
from the command line; the dashboard in headless Chromium offers the new events without a
restart. Real processes throughout: the server, each CLI command, the browser."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

BEFORE = [
    ("w-1", "Austria criticised Hungary on Tuesday over the new media law.", "2025-04-01"),
    ("w-2", "Senegal and Gambia agreed to reopen their shared border.", "2025-04-02"),
]
NEW = [
    ("w-3", "Uruguay accused Paraguay of smuggling cattle across the river.", "2025-04-03"),
]


def _jsonl(path: Path, items: list[tuple[str, str, str]]) -> str:
    lines = [json.dumps({"id": i, "text": t, "published": d}) for i, t, d in items]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def test_ingest_while_serving_shows_up_on_the_open_dashboard(
    tmp_path: Path,
    browser: Any,
    serve_db: Callable[..., Any],
    run_dyads: Callable[..., Any],
    shoot: Any,
) -> None:
    db = tmp_path / "live.duckdb"
    first = run_dyads("ingest", _jsonl(tmp_path / "before.jsonl", BEFORE), "--db", str(db))
    assert first.returncode == 0, first.stderr
    server = serve_db(db)

    context = browser.new_context(base_url=server.url, viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.set_default_timeout(20_000)
        errors: list[str] = []
        page.on("pageerror", lambda err: errors.append(str(err)))
        page.goto("/")
        shown = page.locator("tr.event-row").count()
        assert shown >= 2
        assert "Uruguay" not in page.locator("main").inner_text()
        assert page.locator("#fresh").is_hidden()

        added = run_dyads("ingest", _jsonl(tmp_path / "new.jsonl", NEW), "--db", str(db), "-q")
        assert added.returncode == 0, added.stderr
        assert "1 added" in added.stdout
        listed = run_dyads("events", "--db", str(db), "--source", "URY", "--format", "jsonl")
        assert listed.returncode == 0, listed.stderr
        assert [json.loads(line)["article_id"] for line in listed.stdout.splitlines()] == ["w-3"]

        page.wait_for_selector("#fresh:not([hidden])")  # the page polled and saw the write
        shoot(page, "explorer-new-events-notice")
        page.click("#fresh-show")
        page.wait_for_function(f"() => document.querySelectorAll('tr.event-row').length > {shown}")
        assert "Uruguay accused Paraguay" in page.locator("main").inner_text()
        assert page.locator("#fresh").is_hidden()
        shoot(page, "explorer-after-live-ingest")
        assert errors == []
    finally:
        context.close()
    assert server.proc.poll() is None  # the same server throughout, never restarted
