"""The bad input table (docs/reliability.md): each row through the real ingest into a real
DuckDB file. Each gives a clear one-line error or a correct result; never a crash, a hang or
a partial write."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from dyads.errors import InputError
from dyads.limits import Limits
from dyads.pipeline import Pipeline, extract
from dyads.runs.ingest import IngestReport, ingest
from dyads.store.duckdb import DuckDBStore

from .conftest import check_integrity

GOOD = "France condemned Russia on Monday over the attack on the port."


@dataclass
class Outcome:
    report: IngestReport
    articles: int
    events: list[tuple[str, str, str]]  # type, source code, target code
    mentions: list[str]  # actor codes
    seconds: float


def run(tmp_path: Path, name: str, data: bytes, pipeline: Pipeline, **options: object) -> Outcome:
    source = tmp_path / name
    source.write_bytes(data)
    db = tmp_path / "events.duckdb"
    started = time.monotonic()
    report = ingest([str(source)], store=db, pipeline=pipeline, **options)  # type: ignore[arg-type]
    seconds = time.monotonic() - started
    with DuckDBStore(db) as store:
        check_integrity(store)
        events = store.fetch("SELECT type, source_code, target_code FROM events ORDER BY 1, 2, 3")
        mentions = [r[0] for r in store.fetch("SELECT code FROM mentions ORDER BY start_off")]
        return Outcome(report, store.count("articles"), events, mentions, seconds)


def one_line_error(outcome: Outcome, name: str, *words: str) -> str:
    """The run stored nothing and said why, on one line naming the input."""
    assert outcome.articles == 0
    assert outcome.report.failed == 1, outcome.report.errors
    (message,) = outcome.report.errors
    assert "\n" not in message and name in message, message
    for word in words:
        assert word in message, message
    return message


def test_empty_file(tmp_path: Path, pipeline: Pipeline) -> None:
    one_line_error(run(tmp_path, "empty.txt", b"", pipeline), "empty.txt", "is empty")
    one_line_error(run(tmp_path, "blank.txt", b" \n\t\n ", pipeline), "blank.txt", "is empty")


@pytest.mark.parametrize("suffix", [".txt", ".html", ".rss", ".jsonl", ".csv"])
def test_binary_file(tmp_path: Path, pipeline: Pipeline, suffix: str) -> None:
    data = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 40
    outcome = run(tmp_path, f"image{suffix}", data, pipeline)
    one_line_error(outcome, f"image{suffix}")


def test_invalid_utf8_is_refused_with_the_byte(tmp_path: Path, pipeline: Pipeline) -> None:
    data = GOOD.encode() + b" Caf\xc3\x28 \xff"
    one_line_error(
        run(tmp_path, "bad.txt", data, pipeline), "bad.txt", "UTF-8", f"byte {len(GOOD) + 4}"
    )


def test_windows_1252_is_refused_with_a_hint(tmp_path: Path, pipeline: Pipeline) -> None:
    data = "France’s minister condemned Russia — again.".encode("cp1252")
    one_line_error(run(tmp_path, "legacy.txt", data, pipeline), "legacy.txt", "convert it")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-8-sig"])
def test_byte_order_marks_are_read(tmp_path: Path, pipeline: Pipeline, encoding: str) -> None:
    data = GOOD.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    outcome = run(tmp_path, "bom.txt", data, pipeline)
    assert outcome.articles == 1 and outcome.report.failed == 0
    assert ("ACCUSE", "FRA", "RUS") in outcome.events


def test_50_mb_single_line_is_refused_fast(tmp_path: Path, pipeline: Pipeline) -> None:
    data = b"word " * 10_000_000
    outcome = run(tmp_path, "huge.txt", data, pipeline)
    one_line_error(outcome, "huge.txt", "larger than 20,000,000 bytes")
    assert outcome.seconds < 10


def test_a_50_mb_string_is_refused_by_extract(pipeline: Pipeline) -> None:
    with pytest.raises(InputError, match="over the limit of 2,000,000"):
        extract("word " * 10_000_000, pipeline=pipeline)


def test_a_long_line_under_the_limits_is_coded_in_bounded_time(
    tmp_path: Path, pipeline: Pipeline
) -> None:
    # 1.2 MB with no full stop: one "sentence" too long to code; its mentions are still kept.
    data = ("France condemned Russia over the attacks and " * 26_000).encode()
    outcome = run(tmp_path, "line.txt", data, pipeline)
    assert outcome.articles == 1 and outcome.events == []
    assert outcome.mentions.count("FRA") == 26_000
    assert outcome.seconds < 30


def test_over_the_character_limit_is_one_error(tmp_path: Path) -> None:
    small = Pipeline(limits=Limits(max_article_chars=1_000))
    outcome = run(tmp_path, "long.txt", (GOOD + " ").encode() * 40, small)
    one_line_error(outcome, "long.txt", "over the limit of 1,000", "DYADS_MAX_ARTICLE_CHARS")


def test_deeply_nested_html(tmp_path: Path, pipeline: Pipeline) -> None:
    depth = 50_000
    data = (b"<div>" * depth) + GOOD.encode() + (b"</div>" * depth)
    outcome = run(tmp_path, "nested.html", b"<html><body>" + data + b"</body></html>", pipeline)
    assert outcome.seconds < 30
    if outcome.articles == 0:
        one_line_error(outcome, "nested.html")
    else:
        assert ("ACCUSE", "FRA", "RUS") in outcome.events


def test_malformed_html_keeps_its_text(tmp_path: Path, pipeline: Pipeline) -> None:
    page = (
        "<html><head><title>Port attack</title><body><article><p>"
        f'<p class=x" onclick=>{GOOD}</b></i><div><table><tr><td>'
        "<p>Germany agreed to cooperate with Italy on rail links after talks on Tuesday, "
        "officials in both capitals said, and the ministers will meet again in March to "
        "sign the plan.</td></span></html></html><p>The talks lasted two days <a href="
    )
    outcome = run(tmp_path, "broken.html", page.encode(), pipeline)
    assert outcome.articles == 1, outcome.report.errors
    assert ("ACCUSE", "FRA", "RUS") in outcome.events


@pytest.mark.parametrize(
    "feed",
    [
        b"<?xml version='1.0'?><rss><channel><title>T</title><item><title>A",
        b"<rss version='2.0'><channel></channel></rss>",
        b"this is not a feed at all",
        b"<?xml version='1.0'?><rss><channel><item><title>No text</title></item></channel></rss>",
    ],
    ids=["truncated", "no-items", "not-xml", "item-without-text"],
)
def test_malformed_rss(tmp_path: Path, pipeline: Pipeline, feed: bytes) -> None:
    one_line_error(run(tmp_path, "feed.rss", feed, pipeline), "feed.rss")


def test_truncated_rss_keeps_its_complete_items(tmp_path: Path, pipeline: Pipeline) -> None:
    feed = (
        "<?xml version='1.0'?><rss version='2.0'><channel><title>Wire</title>"
        f"<item><title>One</title><description>{GOOD}</description></item>"
        "<item><title>Two</title><description>Germany agreed"
    ).encode()
    outcome = run(tmp_path, "cut.rss", feed, pipeline)
    assert outcome.articles >= 1
    assert ("ACCUSE", "FRA", "RUS") in outcome.events


def test_malformed_json_lines(tmp_path: Path, pipeline: Pipeline) -> None:
    lines = [
        json.dumps({"id": "ok-1", "text": GOOD}),
        '{"id": "cut", "text": "France',
        "[1, 2, 3]",
        json.dumps({"id": "no-text", "title": "Nothing"}),
        json.dumps({"id": "wrong", "text": 42}),
        "",
        "\x00\x01",
    ]
    outcome = run(tmp_path, "lines.jsonl", "\n".join(lines).encode(), pipeline)
    assert outcome.articles == 1
    assert outcome.report.failed == 5
    where = [m.split(":")[1] for m in outcome.report.errors]
    assert where == ["2", "3", "4", "5", "7"]
    assert all("\n" not in m for m in outcome.report.errors)


def test_csv_without_its_text_column(tmp_path: Path, pipeline: Pipeline) -> None:
    data = b"id,headline,body\n1,Port,France condemned Russia.\n"
    message = one_line_error(run(tmp_path, "table.csv", data, pipeline), "table.csv")
    assert "no column 'text'" in message and "headline, body" in message
    outcome = run(tmp_path, "table2.csv", data, pipeline, text_column="body")
    assert outcome.articles == 1


@pytest.mark.parametrize(
    "text",
    ["!!! ... ??? ;;; --- ((( ))) «» — …" * 50, "1 2 3 4.5 6,7 -8 1e9 0x1F 2024-10-20 " * 80],
    ids=["punctuation", "numbers"],
)
def test_only_punctuation_or_numbers(tmp_path: Path, pipeline: Pipeline, text: str) -> None:
    outcome = run(tmp_path, "odd.txt", text.encode(), pipeline)
    assert outcome.articles == 1 and outcome.report.failed == 0
    assert outcome.events == [] and outcome.mentions == []


def test_ten_thousand_actors_in_one_sentence(tmp_path: Path, pipeline: Pipeline) -> None:
    names = ", ".join(["France", "Russia", "Germany", "China"] * 2_500)
    outcome = run(tmp_path, "crowd.txt", f"{names} condemned Ukraine. {GOOD}".encode(), pipeline)
    assert outcome.articles == 1
    assert len(outcome.mentions) == 10_000 + 1 + 2
    # The crowded sentence is a list, not an event; the next sentence is still coded.
    assert outcome.events == [("ACCUSE", "FRA", "RUS")]
    assert outcome.seconds < 20


def test_right_to_left_and_mixed_scripts(tmp_path: Path, pipeline: Pipeline) -> None:
    text = (
        "قالت وزارة الخارجية إن المحادثات انتهت. "
        f"{GOOD} "
        "הממשלה הודיעה על כך ביום שני. "
        "Germany agreed to cooperate with Japan on rail links. "
        "中国外交部发表声明。 Ελλάδα και Κύπρος. \u202eFrance\u202c said nothing."
    )
    outcome = run(tmp_path, "mixed.txt", text.encode(), pipeline)
    assert outcome.articles == 1
    assert ("ACCUSE", "FRA", "RUS") in outcome.events
    assert ("AGREE", "DEU", "JPN") in outcome.events
    assert outcome.mentions[-1] == "FRA"  # between bidirectional override marks


def test_zero_width_characters_inside_actor_names(tmp_path: Path, pipeline: Pipeline) -> None:
    text = "Fra\u200bnce condemned Rus\u200dsia\u2060 over the attack on the po\ufeffrt."
    outcome = run(tmp_path, "zw.txt", text.encode(), pipeline)
    assert outcome.events == [("ACCUSE", "FRA", "RUS")]
    with DuckDBStore(tmp_path / "events.duckdb") as store:
        (stored,) = store.fetch("SELECT text FROM articles")[0]
    assert "\u200b" not in stored and "France" in stored


def test_markup_with_control_characters_is_flattened() -> None:
    # Found by the fuzz campaign: lxml's cleaner raised ValueError on a control character in
    # an attribute name (feedparser's sanitiser happens to drop it before it gets there).
    from dyads.ingest.html import fragment_text

    assert GOOD in fragment_text(f"<a b\x01c=1>{GOOD}</a>")


INVISIBLE = "\u200b\u200d \ufeff\u2060\u00ad"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("zw.txt", INVISIBLE.encode()),
        ("zw.jsonl", json.dumps({"id": "a", "text": INVISIBLE}).encode()),
        ("zw.csv", f"id,text\n1,{INVISIBLE}\n".encode()),
        (
            "zw.rss",
            f"<rss><channel><item><description>{INVISIBLE}</description></item></channel></rss>".encode(),
        ),
    ],
)
def test_text_of_only_invisible_characters(
    tmp_path: Path, pipeline: Pipeline, name: str, data: bytes
) -> None:
    # Found by the property tests: such text passed the readers' emptiness check and was
    # stored as an article with no text at all.
    one_line_error(run(tmp_path, name, data, pipeline), name)


def test_a_long_sentence_of_many_mentions_is_matched_in_linear_time(pipeline: Pipeline) -> None:
    # Found by the fuzz campaign: an actor with context rules searched its whole sentence once
    # per mention, so 8,000 mentions in a 156,000-character sentence took 16 s.
    text = "the United States condemned Russia and " * 4_000
    started = time.monotonic()
    doc = extract(text, pipeline=pipeline)
    assert len(doc.actors) == 8_000
    assert time.monotonic() - started < 5
