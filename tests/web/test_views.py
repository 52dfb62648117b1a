"""What an analyst expects of each view (issue #16, item 10), checked in Chromium: a total and
both directions of paging, sorting, dates on one line, flags in the article's table, a dyad view
that opens on something worth drawing, a readable network, the map, a way back from /docs and a
favicon. Expected values come from the store through independent SQL, not from the page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from dyads.store import open_store

pytestmark = pytest.mark.browser


def clean(page: Any) -> None:
    assert page.outside == [], f"requests left the server: {page.outside}"
    assert page.dialogs == [], f"a script ran: {page.dialogs}"
    assert page.errors == [], f"page errors: {page.errors}"


def sql(db: Path, query: str, *params: Any) -> list[tuple[Any, ...]]:
    """Plain SQL over the served file (opened as the server opened it: DuckDB refuses a second
    connection of another configuration in one process)."""
    store = open_store(db)
    try:
        return [tuple(row) for row in store.fetch(query, list(params))]
    finally:
        store.close()


def test_explorer_total_pages_both_ways_and_sorts(page: Any, web_db: Path, shoot: Any) -> None:
    (total,) = sql(web_db, "SELECT COUNT(*) FROM events")[0]
    page.goto("/")
    count = page.locator("#event-count").inner_text()
    assert count.startswith("1–50 of ") and f"of {total:,} events" in count
    assert page.locator("#prev-page").count() == 0  # nothing before the first page
    first_page = page.locator("tr.event-row").evaluate_all("rows => rows.map(r => r.dataset.href)")
    page.click("#next-page")
    page.wait_for_url("**page=2*")
    assert page.locator("#event-count").inner_text().startswith("51–100 of ")
    page.click("#prev-page")
    page.wait_for_url("**page=1*")
    again = page.locator("tr.event-row").evaluate_all("rows => rows.map(r => r.dataset.href)")
    assert again == first_page
    # Sort by Goldstein, high to low: a click sorts ascending, a second click reverses.
    page.click("th a[data-sort=goldstein]")
    page.wait_for_url("**sort=goldstein*")
    page.click("th a[data-sort=goldstein]")
    page.wait_for_url("**sort=-goldstein*")
    shown = [float(v) for v in page.locator("tr.event-row td.num").all_inner_texts()]
    (top,) = sql(web_db, "SELECT MAX(goldstein) FROM events")[0]
    assert shown[0] == top and shown == sorted(shown, reverse=True)
    assert "▼" in page.locator("th.sorted").inner_text()
    # The sort survives paging.
    page.click("#next-page")
    page.wait_for_url("**page=2*")
    assert "sort=-goldstein" in page.url
    more = [float(v) for v in page.locator("tr.event-row td.num").all_inner_texts()]
    assert more and max(more) <= min(shown)
    clean(page)


def test_dates_stay_on_one_line(page: Any) -> None:
    page.set_viewport_size({"width": 900, "height": 900})  # narrow: where dates used to wrap
    page.goto("/?since=2024")
    cells = page.locator("tr.event-row td.date")
    assert cells.count() > 5
    line = page.evaluate("() => parseFloat(getComputedStyle(document.body).lineHeight) || 20")
    for box in cells.evaluate_all("cells => cells.map(c => c.getClientRects().length)"):
        assert box == 1
    heights = page.locator("tr.event-row td.date").evaluate_all(
        "cells => cells.map(c => { const r = document.createRange(); r.selectNodeContents(c);"
        " return r.getBoundingClientRect().height; })"
    )
    assert max(heights) < 1.6 * line  # one line of text, not two or three


def test_article_table_shows_flags_and_dates(page: Any, web_db: Path) -> None:
    negated = sql(web_db, "SELECT article_id, id, date FROM events WHERE negated LIMIT 1")
    article_id, event_id, date = negated[0]
    page.goto(f"/articles/{article_id}")
    row = page.locator(f"tr.article-event[data-event='{event_id}']")
    assert "negated" in row.locator("td.flags").inner_text()
    assert row.locator("td.date").inner_text() == (date or "undated")
    # A firm event of the same article carries no flag.
    firm = sql(
        web_db,
        "SELECT id FROM events WHERE article_id = ? AND NOT negated AND NOT hedged"
        " AND NOT hypothetical AND NOT quoted AND claimed_by IS NULL",
        article_id,
    )
    for (other,) in firm:
        cell = page.locator(f"tr.article-event[data-event='{other}'] td.flags")
        assert cell.inner_text().strip() == ""
    clean(page)


def test_dyad_view_opens_on_the_busiest_dyad_drawn_as_dots(page: Any, web_db: Path) -> None:
    page.goto("/dyad")
    page.wait_for_function("() => window.dyadsPlot && window.dyadsPlot.data[0].length > 0")
    a, b = page.input_value("input[name=a]"), page.input_value("input[name=b]")
    summary = page.locator("#dyad-summary").inner_text()
    assert summary.startswith(f"{a} – {b}: ")
    opened = int(summary.split(": ")[1].split()[0])
    # The pair with the most dated events, either way round, by plain SQL, is among the
    # listed busiest dyads, and nothing listed has more events than the one opened.
    top = sql(
        web_db,
        "SELECT LEAST(source_id, target_id), GREATEST(source_id, target_id) FROM events"
        " WHERE date IS NOT NULL AND source_id IS NOT NULL AND target_id IS NOT NULL"
        " AND source_id <> target_id GROUP BY 1, 2 ORDER BY COUNT(*) DESC, 1, 2 LIMIT 1",
    )[0]
    links = page.locator("#busiest a")
    listed = {}
    for i in range(links.count()):
        href = links.nth(i).get_attribute("href") or ""
        pair = tuple(part.split("=")[1] for part in href.split("?")[1].split("&")[:2])
        listed[pair] = int(links.nth(i).inner_text().rsplit("(", 1)[1].rstrip(")"))
    assert top in listed and max(listed.values()) == opened == listed[(a, b)]
    # Each listed count is the chart's own: what /api/series counts for that pair.
    for (x, y), count in listed.items():
        interval = page.evaluate(
            f'() => document.querySelector(\'#busiest a[href*="a={x}&"][href*="b={y}&"]\')'
            ".href.split('interval=')[1]"
        )
        answer = page.request.get(f"/api/series?a={x}&b={y}&interval={interval}").json()
        assert answer["totals"]["total"] == count
    legend = page.locator(".u-legend").inner_text()
    assert "--" not in legend and "verbal coop. (" in legend  # names and totals, no hover needed
    # Zero counts are gaps, never values drawn at zero.
    data = page.evaluate("() => window.dyadsPlot.data.slice(1, 5)")
    values = [v for series in data for v in series]
    assert 0 not in values and any(v is not None for v in values)
    page.goto(f"/dyad?a={a}&b={b}&interval=week")  # weeks: far more periods than events
    page.wait_for_function("() => document.querySelector('#chart').dataset.style === 'dots'")
    clean(page)


def test_network_names_kinds_legend_and_top_n(page: Any, shoot: Any) -> None:
    page.goto("/network")
    page.wait_for_function("() => window.dyadsGraph && window.dyadsGraph.nodes().length > 3")
    nodes = page.evaluate(
        "() => window.dyadsGraph.nodes().map(n => ({id: n.id(), label: n.data('label'),"
        " name: n.data('name'), kind: n.data('kind'), colour: n.style('background-color')}))"
    )
    assert len(nodes) <= 25
    usa = next(n for n in nodes if n["id"] == "USA")
    assert usa["label"] == "United States"
    kinds = {n["kind"] for n in nodes}
    assert {"state", "armed or non-state group"} <= kinds
    colours = {n["kind"]: n["colour"] for n in nodes}
    assert len(set(colours.values())) == len(colours)  # one colour per kind
    legend = page.locator("#kind-legend .kind").evaluate_all("ks => ks.map(k => k.dataset.kind)")
    assert set(legend) == kinds
    counted = page.locator("#network-count").inner_text()
    page.select_option("#top-select", "")  # all actors
    page.click("#draw")
    page.wait_for_function(f"() => window.dyadsGraph.nodes().length > {len(nodes)}")
    assert "of" in counted and int(counted.split(" of ")[1].split()[0]) == page.evaluate(
        "() => window.dyadsGraph.nodes().length"
    )
    clean(page)


def test_map_dots_open_their_evidence_as_text(page: Any, web_db: Path, shoot: Any) -> None:
    points = sql(web_db, "SELECT COUNT(DISTINCT (lat, lon)) FROM events WHERE lat IS NOT NULL")
    page.goto("/map")
    page.wait_for_function("() => window.dyadsMap && document.querySelector('circle.place')")
    assert page.locator("circle.place").count() == points[0][0]
    assert page.locator("path.country").count() > 150  # the bundled outline, drawn
    (located,) = sql(web_db, "SELECT COUNT(*) FROM events WHERE lat IS NOT NULL")[0]
    assert f"; {located} (" in page.locator("#map-summary").inner_text()
    page.locator("circle.place[data-name='Valparaíso']").click()
    page.wait_for_selector("#place-events li")
    assert "Valparaíso" in page.locator("#place-title").inner_text()
    item = page.locator("#place-events li").first
    assert "<img src=x onerror=alert(5)>" in item.inner_text()
    assert page.locator("#place-events img, #place-events b").count() == 0
    shoot(page, "map")
    item.locator("a").click()  # one click from the dot's list to the evidence
    page.wait_for_url("**/articles/t-map-valparaiso**")
    evidence = "".join(page.locator("#article-text .evidence").all_inner_texts())
    assert evidence.startswith("In Valparaiso, Peru accused Chile of spying")
    clean(page)


def test_map_shades_countries_by_their_actors(page: Any, web_db: Path) -> None:
    (chile,) = sql(
        web_db,
        "SELECT COUNT(DISTINCT ea.article_id || '/' || ea.event_id) FROM event_actors ea"
        " WHERE ea.code = 'CHL' AND ea.role IN ('source', 'target')",
    )[0]
    page.goto("/map")
    page.wait_for_function("() => window.dyadsMap && document.querySelector('path.shaded')")
    page.click("#zoom-reset")
    shape = page.locator("path.country[data-iso3=CHL]")
    assert f": {chile} events" in (shape.locator("title").text_content() or "")
    shape.dispatch_event("click")  # Chile is too thin for a click at its box's centre
    assert page.locator("#place-link").get_attribute("href").endswith("actor=CHL")
    page.select_option("#shade-choice", "none")
    assert page.locator("path.shaded").count() == 0
    clean(page)


def test_docs_lead_back_and_no_page_misses_its_icon(page: Any, base_url: str) -> None:
    missing: list[str] = []
    page.on("response", lambda r: missing.append(r.url) if r.status == 404 else None)
    for path in ("/", "/dyad", "/network", "/map", "/alerts", "/code"):
        page.goto(path)
        page.wait_for_load_state("networkidle")
    page.goto("/docs")
    page.wait_for_selector(".swagger-ui .info .title")
    page.click("#docs-back")
    page.wait_for_url(f"{base_url}/")
    assert page.locator("h1").inner_text() == "Event explorer"
    icon = page.request.get("/favicon.ico")
    assert icon.status == 200 and icon.headers["content-type"] == "image/png"
    assert icon.body()[:8] == b"\x89PNG\r\n\x1a\n"
    assert missing == []


def test_alert_counts_match_their_lists(page: Any) -> None:
    page.goto("/alerts?interval=year&min_count=1&threshold=0.5")
    sections = page.locator("section.alert")
    assert sections.count() > 0
    for i in range(sections.count()):
        section = sections.nth(i)
        said = int(section.locator("h2").inner_text().split(": ", 1)[1].split()[0])
        listed = section.locator(".evidence-list li").count()
        note = section.locator(".evidence-count").inner_text()
        assert listed == min(said, 5)
        assert note.startswith(f"{said} event") or note.startswith(f"{listed} of {said} ")
    clean(page)
