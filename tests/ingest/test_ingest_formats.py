"""HTML pages, RSS/Atom feeds and CSV files to articles."""

from __future__ import annotations

from pathlib import Path

import pytest

from dyads.errors import InputError
from dyads.ingest.feeds import parse_feed, read_feed_file
from dyads.ingest.formats import read_paths
from dyads.ingest.html import fragment_text, html_to_article
from dyads.ingest.sources import iter_sources
from dyads.ingest.tables import read_csv_file
from dyads.model import Article

PAGE = """<!doctype html><html><head><title>Ministers meet | The Harbour Times</title>
<meta name="author" content="Ana Lopes">
<meta property="article:published_time" content="2024-05-14T08:00:00Z">
<meta property="og:site_name" content="The Harbour Times">
<link rel="canonical" href="https://harbour.example/world/ministers-meet"></head>
<body><nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article><h1>Ministers meet</h1>
<p>France and Germany agreed on Tuesday to send more aid to Ukraine, the foreign ministers
said after a meeting in Berlin that lasted most of the day.</p>
<p>Russia condemned the decision and warned of consequences for relations with both
countries, according to a statement from its foreign ministry.</p>
<script>var tracking = "do not keep me";</script>
</article><footer>Subscribe to our newsletter</footer></body></html>"""

FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Harbour Wire</title><link>https://wire.example/</link>
<item><title>Talks resume</title><link>https://wire.example/talks</link>
<pubDate>Mon, 13 May 2024 10:00:00 GMT</pubDate>
<description>&lt;p&gt;China and Russia held talks in Beijing on Monday.&lt;/p&gt;
&lt;script&gt;alert(1)&lt;/script&gt;</description></item>
<item><title>No text</title><link>https://wire.example/empty</link></item>
</channel></rss>"""


def test_a_page_gives_its_main_text_and_metadata() -> None:
    article = html_to_article(PAGE, where="page.html")
    assert isinstance(article, Article)
    assert article.text.startswith("France and Germany agreed on Tuesday")
    assert "Russia condemned the decision" in article.text
    assert "Home" not in article.text and "newsletter" not in article.text
    assert "tracking" not in article.text
    assert article.title == "Ministers meet"
    assert article.authors == ("Ana Lopes",)
    assert article.published == "2024-05-14"
    assert article.outlet == "The Harbour Times"
    assert article.url == "https://harbour.example/world/ministers-meet"


def test_the_same_text_on_two_pages_is_two_articles() -> None:
    one = html_to_article(PAGE, url="https://a.example/x")
    two = html_to_article(PAGE.replace("harbour.example", "b.example"), url="https://b.example/x")
    assert isinstance(one, Article) and isinstance(two, Article)
    assert one.text == two.text and one.id != two.id


def test_a_page_without_text_is_an_input_error() -> None:
    error = html_to_article("<html><body><script>x()</script></body></html>", where="empty.html")
    assert isinstance(error, InputError)
    assert "empty.html" in str(error)


def test_feed_items_carry_their_own_text_cleaned() -> None:
    items = parse_feed(FEED.encode(), "feed.xml")
    assert not isinstance(items, InputError)
    assert [i.title for i in items] == ["Talks resume", "No text"]
    assert items[0].text == "China and Russia held talks in Beijing on Monday."
    assert items[0].published == "2024-05-13"
    assert items[0].outlet == "Harbour Wire"


def test_a_feed_file_yields_articles_and_errors(tmp_path: Path) -> None:
    path = tmp_path / "feed.rss"
    path.write_text(FEED, encoding="utf-8")
    results = list(read_feed_file(path))
    assert isinstance(results[0], Article) and isinstance(results[1], InputError)
    assert results[0].url == "https://wire.example/talks"
    assert "item2" in str(results[1])


def test_not_a_feed_is_an_input_error() -> None:
    assert isinstance(parse_feed(b"<html><p>hello</p></html>", "x.xml"), InputError)


def test_fragments_lose_markup_and_scripts() -> None:
    text = fragment_text("<p>One.</p><script>bad()</script><p>Two &amp; three.</p>")
    assert "bad" not in text and "One." in text and "Two & three." in text


CSV = (
    "id,headline,body,date,source\n"
    'n1,Talks,"France and Germany agreed to help Ukraine.",2024-01-02,Wire\n'
    'n2,Empty,"",2024-01-03,Wire\n'
    'n3,Clash,"Russia condemned France, again.",2024-01-04,Paper\n'
)


def test_csv_rows_become_articles_with_metadata(tmp_path: Path) -> None:
    path = tmp_path / "news.csv"
    path.write_text(CSV, encoding="utf-8")
    results = list(read_csv_file(path, text_column="body"))
    first, empty, third = results
    assert isinstance(first, Article) and isinstance(third, Article)
    assert (first.id, first.title, first.published, first.outlet) == (
        "n1",
        "Talks",
        "2024-01-02",
        "Wire",
    )
    assert third.text == "Russia condemned France, again."
    assert isinstance(empty, InputError) and "news.csv:3" in str(empty)


def test_a_missing_text_column_is_named(tmp_path: Path) -> None:
    path = tmp_path / "news.csv"
    path.write_text(CSV, encoding="utf-8")
    [error] = list(read_csv_file(path))
    assert isinstance(error, InputError)
    assert "'text'" in str(error) and "body" in str(error) and "--text-column" in str(error)


def test_a_header_with_a_line_break_still_gives_a_one_line_error(tmp_path: Path) -> None:
    # Found by the fuzz campaign: a quoted header name holding a newline and a NUL was echoed
    # as written, and the error ran over two lines.
    path = tmp_path / "odd.csv"
    path.write_text('"head\nline\x00",other\n"a","b"\n', encoding="utf-8")
    [error] = list(read_csv_file(path))
    assert isinstance(error, InputError)
    assert "\n" not in str(error) and "\x00" not in str(error)
    assert "other" in str(error) and "--text-column" in str(error)


def test_readers_are_registered_for_extract(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "feed.atom").write_text(FEED, encoding="utf-8")
    (tmp_path / "note.txt").write_text("Plain text about Russia.", encoding="utf-8")
    results = list(read_paths([str(tmp_path)]))
    articles = [r for r in results if isinstance(r, Article)]
    assert {a.title for a in articles} == {"Talks resume", "Ministers meet", None}


@pytest.mark.parametrize("column", ["body"])
def test_sources_pass_the_text_column_into_folders(tmp_path: Path, column: str) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "news.csv").write_text(CSV, encoding="utf-8")
    from dyads.ingest.sources import SourceOptions

    items = list(iter_sources([str(tmp_path)], options=SourceOptions(text_column=column)))
    assert sum(isinstance(i.result, Article) for i in items) == 2
    missing = list(iter_sources([str(tmp_path / "nope")]))
    assert isinstance(missing[0].result, InputError)
