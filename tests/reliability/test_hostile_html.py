"""Hostile article text, title, outlet, author and URL in every dashboard view, in real
headless Chromium (Debian's, driven by Playwright): nothing runs, nothing is injected, the
markup is shown as text."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from dyads.api import create_app
from dyads.runs.ingest import ingest

from .conftest import free_port

pytestmark = pytest.mark.browser
CHROMIUM = Path("/usr/bin/chromium")
ATTACKS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(2)>",
    '"><svg onload=alert(3)>',
    "'><iframe src=javascript:alert(4)>",
    "</textarea></title><script>alert(5)</script>",
    "{{7*7}} ${alert(6)} <a href=javascript:alert(7)>x</a>",
]
ARTICLES = [
    {
        "id": f"evil-{n}",
        "title": attack,
        "outlet": attack,
        "authors": [attack],
        "url": "javascript:alert(8)",
        "published": "2024-10-2" + str(n),
        "text": f"France condemned Russia {attack} over the attack on the port. "
        f"Germany agreed to cooperate with Italy {attack} on rail links.",
    }
    for n, attack in enumerate(ATTACKS)
]


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (/usr/bin/chromium)")
    import uvicorn

    folder = tmp_path_factory.mktemp("hostile")
    source = folder / "evil.jsonl"
    source.write_text("\n".join(json.dumps(a) for a in ARTICLES), encoding="utf-8")
    db = folder / "evil.duckdb"
    assert ingest([str(source)], store=db).added == len(ARTICLES)
    port = free_port()
    config = uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


INJECTED = "script:not([src]), img[onerror], svg[onload], iframe, a[href^='javascript:' i]"


def test_no_view_runs_or_injects_hostile_markup(base_url: str) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    views = [
        "/",
        "/?actor=FRA",
        *(f"/articles/{a['id']}" for a in ARTICLES),
        "/dyad?a=FRA&b=RUS&interval=day",
        "/network",
        "/alerts",
    ]
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page(base_url=base_url)
        page.set_default_timeout(10_000)
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        for view in views:
            page.goto(view)
            page.wait_for_load_state("networkidle")
            injected = page.locator(INJECTED).evaluate_all(
                "nodes => nodes.map(n => n.outerHTML.slice(0, 80))"
            )
            inline = [s for s in injected if s.startswith("<script") and "alert" in s]
            assert not inline and not [s for s in injected if not s.startswith("<script")], (
                view,
                injected,
            )
            if view.startswith("/articles/"):
                attack = ATTACKS[int(view.rsplit("-", 1)[1])]
                assert attack in page.locator("body").inner_text(), view
        browser.close()
    assert dialogs == [], f"a script ran: {dialogs}"
