"""Each view loaded in Chromium: filter, open an event, check the highlighted evidence."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.browser


def clean(page: Any) -> None:
    assert page.outside == [], f"requests left the server: {page.outside}"
    assert page.dialogs == [], f"a script ran: {page.dialogs}"
    assert page.errors == [], f"page errors: {page.errors}"


def test_explorer_filter_then_open_the_evidence(page: Any, shoot: Any) -> None:
    page.goto("/")
    assert page.locator("tr.event-row").count() == 50  # a full first page of the demo
    shoot(page, "explorer")
    page.fill("input[name=source]", "FRA")
    page.select_option("#type-select", "ACCUSE")
    page.click("#apply")
    page.wait_for_url("**/?*source=FRA*")
    rows = page.locator("tr.event-row")
    assert rows.count() == 6
    assert set(page.locator("tr.event-row .type").all_inner_texts()) == {"ACCUSE"}
    rows.first.locator("td").first.click()  # anywhere on the row opens the article
    page.wait_for_url("**/articles/**")
    evidence = page.locator("#article-text .evidence")
    assert "France" in " ".join(evidence.all_inner_texts())
    trigger = page.locator("#article-text .trigger").inner_text()
    assert trigger and trigger in page.locator("#chosen-event").inner_text()
    actors = page.locator("#article-text .actor-role").all_inner_texts()
    assert {"France", "Russia"} <= set(actors)
    shoot(page, "article")
    clean(page)


def test_hostile_article_text_is_shown_as_text(page: Any, shoot: Any) -> None:
    page.goto("/?article_id=t-hostile&actor=UKR")
    page.goto("/?source=UKR&since=2024-10-18")
    page.locator("tr.event-row").first.click()
    page.wait_for_url("**/articles/t-hostile**")
    text = page.locator("#article-text").inner_text()
    assert "<script>alert(1)</script>" in text
    assert "<img src=x onerror=alert(2)>" in text
    assert "<script>alert('title')</script>" in page.locator("h1").inner_text()
    assert page.locator("#article-text img, #article-text script").count() == 0
    assert page.locator("#article-text .trigger").count() == 1
    shoot(page, "article-hostile")
    clean(page)


def test_dyad_chart_point_lists_its_events(page: Any, shoot: Any) -> None:
    page.goto("/dyad")
    page.fill("input[name=a]", "RUS")
    page.fill("input[name=b]", "IRN")
    page.select_option("select[name=interval]", "week")  # the page opened on another dyad's
    page.click("#draw")
    page.wait_for_function(
        "() => document.querySelector('#dyad-summary').textContent.startsWith('RUS – IRN')"
    )
    assert "RUS – IRN: 6 events" in page.locator("#dyad-summary").inner_text()
    assert "a=RUS" in page.url  # the view can be shared as a link
    page.wait_for_function("() => window.dyadsPlot && window.dyadsPlot.data[0].length === 9")
    # Click the chart where the last week's point is drawn (just inside the plot's edge), on
    # a count series that has a dot there (a zero count is a gap, not a dot).
    spot = page.evaluate(
        """() => { const u = window.dyadsPlot, i = u.data[0].length - 1;
        const s = [1, 2, 3, 4].find((k) => u.data[k][i] !== null);
        return {x: u.valToPos(u.data[0][i], 'x') - 3, y: u.valToPos(u.data[s][i], 'y')}; }"""
    )
    over = page.locator(".u-over")
    over.hover(position=spot)
    over.click(position=spot)
    page.wait_for_selector("#point-list li")
    assert "2024-W42" in page.locator("#point-title").inner_text()
    assert page.locator("#point-list li").count() == 4
    assert "COOPERATE" in page.locator("#point-list").inner_text()
    shoot(page, "dyad")
    # The Goldstein index replaces the count index on the right axis, from the same answer.
    count_index = page.evaluate("() => window.dyadsPlot.data[5].filter((v) => v !== null)")
    assert count_index and all(-1 <= v <= 1 for v in count_index)
    page.select_option("#index-choice", "goldstein")
    page.wait_for_function("() => window.dyadsPlot.series[5].label === 'Goldstein index'")
    goldstein = page.evaluate("() => window.dyadsPlot.data[5].filter((v) => v !== null)")
    assert len(goldstein) == len(count_index) and any(abs(v) > 1 for v in goldstein)
    page.locator("#periods tr.period-row").first.click()
    page.wait_for_function(
        "() => document.querySelector('#point-title').textContent.includes('W34')"
    )
    page.wait_for_function("() => document.querySelectorAll('#point-list li').length === 1")
    page.locator("#point-list a").first.click()
    page.wait_for_url("**/articles/**")
    assert page.locator("#article-text .trigger").count() == 1
    clean(page)


def test_network_click_a_node_to_filter(page: Any, shoot: Any) -> None:
    page.goto("/network")
    page.wait_for_function("() => window.dyadsGraph && window.dyadsGraph.nodes().length > 3")
    shoot(page, "network")
    spot = page.evaluate(
        "() => { const p = window.dyadsGraph.getElementById('FRA').renderedPosition();"
        " return {x: p.x, y: p.y}; }"
    )
    page.locator("#graph").click(position=spot)
    page.wait_for_function(
        "() => document.querySelector('#node-title').textContent.includes('FRA')"
    )
    assert page.locator("#node-events").get_attribute("href") == "/?actor=FRA"
    faded = page.evaluate("() => window.dyadsGraph.nodes('.faded').length")
    assert faded > 0  # everything but France's ties is dimmed
    assert "France → Russia" in page.locator("#edge-list").inner_text()
    shoot(page, "network-node")
    page.click("#reset")
    assert page.evaluate("() => window.dyadsGraph.elements('.faded').length") == 0
    page.select_option("select[name=type]", "ACCUSE")
    page.click("#draw")
    page.wait_for_function(
        "() => window.dyadsGraph && !window.dyadsGraph.getElementById('IRN').length"
    )
    href = page.locator("#dl-gexf").get_attribute("href") or ""
    assert "format=gexf" in href and "type=ACCUSE" in href
    clean(page)


def test_code_a_pasted_text_live(page: Any, shoot: Any) -> None:
    page.goto("/code")
    page.fill(
        "#code-text",
        "France condemned Russia for the attack on the port."
        " <b>bold</b> <img src=x onerror=alert(3)>",
    )
    page.click("#code-run")
    page.wait_for_selector("#code-events tr.code-event")
    assert (
        page.locator("#code-events tr.code-event").first.locator("td").first.inner_text()
        == "ACCUSE"
    )
    assert page.locator("#code-output .trigger").inner_text() == "condemned"
    assert "<img src=x onerror=alert(3)>" in page.locator("#code-output").inner_text()
    assert page.locator("#code-output img, #code-output b").count() == 0
    shoot(page, "code")
    page.fill("#code-text", "")
    page.fill("#code-published", "soon")
    page.fill("#code-text", "Russia.")
    page.click("#code-run")
    page.wait_for_selector("#code-error:not([hidden])")
    assert "published" in page.locator("#code-error").inner_text()
    clean(page)


def test_alerts_and_offline_docs(page: Any, shoot: Any) -> None:
    page.goto("/alerts")
    assert (
        "4 COOPERATE events in week 2024-W42" in page.locator("section.alert h2").first.inner_text()
    )
    shoot(page, "alerts")
    page.goto("/docs")
    page.wait_for_selector(".swagger-ui .info .title")
    assert "Dyads" in page.locator(".swagger-ui .info .title").inner_text()
    page.wait_for_selector(".opblock-summary-path")
    shoot(page, "docs")
    assert page.outside == []
