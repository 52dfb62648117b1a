"""Screenshots of every dashboard view over the demo corpus, for docs/screenshots/.

Ingests ``examples/demo`` into a fresh DuckDB file, serves it with uvicorn on a free loopback
port, drives Debian's headless ``chromium`` with Playwright, waits for each view to finish
drawing and saves a PNG per view. Nothing leaves the machine (the run fails if a page asks for
anything outside the server). Rerun after changing the dashboard:

    python scripts/screenshots.py                  # writes docs/screenshots/*.png
    python scripts/screenshots.py --out /tmp/shots --chromium /usr/bin/chromium
"""

from __future__ import annotations

import argparse
import socket
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serve(db: Path) -> Iterator[str]:
    import uvicorn

    from dyads.api import create_app

    port = _free_port()
    config = uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def _explorer(page: Any) -> None:
    page.goto("/?sort=-goldstein")
    page.wait_for_selector("tr.event-row")


def _article(page: Any) -> None:
    # An article with a negated event, to show its flag in the table.
    page.goto("/?sort=date")
    page.wait_for_selector("tr.event-row")
    for number in range(1, 6):
        flagged = page.locator("tr.event-row", has=page.locator(".flag-negated"))
        if flagged.count():
            flagged.first.click()
            break
        page.goto(f"/?sort=date&page={number + 1}")
    else:
        page.locator("tr.event-row").first.click()
    page.wait_for_selector("#chosen-event")


def _dyad(page: Any) -> None:
    page.goto("/dyad")
    page.wait_for_function("() => window.dyadsPlot && window.dyadsPlot.data[0].length > 0")
    page.locator("#periods tr.period-row").last.click()
    page.wait_for_selector("#point-list li")


def _network(page: Any) -> None:
    page.goto("/network")
    page.wait_for_function("() => window.dyadsGraph && window.dyadsGraph.nodes().length > 1")
    page.wait_for_timeout(300)


def _map(page: Any) -> None:
    page.goto("/map")
    page.wait_for_function("() => window.dyadsMap && document.querySelector('circle.place')")
    page.locator("circle.place").first.click()
    page.wait_for_selector("#place-events li")


def _alerts(page: Any) -> None:
    page.goto("/alerts")
    page.wait_for_selector("section.alert")


def _code(page: Any) -> None:
    page.goto("/code")
    page.fill(
        "#code-text",
        "France condemned Russia on Tuesday for the missile strike on the port. Iran"
        " reportedly supplied drones to Russia. Chile's navy did not fire on the Peruvian boat.",
    )
    page.fill("#code-published", "2024-03-04")
    page.click("#code-run")
    page.wait_for_selector("#code-events tr.code-event")


def _docs(page: Any) -> None:
    page.goto("/docs")
    page.wait_for_selector(".opblock-summary-path")


VIEWS: dict[str, Callable[[Any], None]] = {
    "explorer": _explorer,
    "article": _article,
    "dyad": _dyad,
    "network": _network,
    "map": _map,
    "alerts": _alerts,
    "code": _code,
    "docs": _docs,
}


def shoot(db: Path, out: Path, chromium: Path, views: list[str]) -> list[Path]:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with serve(db) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium), args=ARGS)
        context = browser.new_context(base_url=base, viewport={"width": 1280, "height": 860})
        outside: list[str] = []
        for name in views:
            page = context.new_page()
            page.on("request", lambda r: None if r.url.startswith(base) else outside.append(r.url))
            page.set_default_timeout(15_000)
            VIEWS[name](page)
            path = out / f"{name}.png"
            page.screenshot(path=str(path), full_page=name not in ("docs", "explorer"))
            written.append(path)
            page.close()
        browser.close()
    if outside:
        raise RuntimeError(f"a page asked for something outside the server: {outside[:3]}")
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--chromium", type=Path, default=Path("/usr/bin/chromium"))
    parser.add_argument("--view", action="append", choices=sorted(VIEWS), help="only these")
    args = parser.parse_args(argv)
    if not args.chromium.exists():
        print(f"{args.chromium}: no chromium there (apt-get install chromium)", file=sys.stderr)
        return 2
    from dyads.runs.ingest import ingest

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "demo.duckdb"
        report = ingest([str(ROOT / "examples" / "demo")], store=db)
        if report.errors:
            print(f"examples/demo: {len(report.errors)} articles failed", file=sys.stderr)
        for path in shoot(db, args.out, args.chromium, args.view or list(VIEWS)):
            print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
