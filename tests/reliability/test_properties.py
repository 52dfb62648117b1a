"""Property tests of ``extract`` and of every reader, on generated text and bytes.

``make fuzz`` runs the same properties with many more examples (DYADS_FUZZ_EXAMPLES).
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dyads.errors import InputError
from dyads.ingest import feeds, formats, html, readers, tables
from dyads.ingest.normalise import normalise_text
from dyads.model import Article, Extraction
from dyads.pipeline import Pipeline, extract

EXAMPLES = int(os.environ.get("DYADS_FUZZ_EXAMPLES", "40"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# A loose ceiling, far above the measured cost, so that only a super-linear blow-up fails.
SECONDS_PER_1000_CHARS = 0.05
BASE_SECONDS = 1.5

WORDS = [
    "France",
    "Russia",
    "Germany",
    "Ukraine",
    "China",
    "the United States",
    "NATO",
    "Iran",
    "President",
    "Macron",
    "minister",
    "condemned",
    "accused",
    "agreed",
    "to",
    "cooperate",
    "with",
    "sanctions",
    "against",
    "attacked",
    "aid",
    "talks",
    "said",
    "not",
    "may",
    "would",
    "and",
    "of",
    "in",
    "Naples",
    "on",
    "Monday",
    '"',
    "“",
    "”",
    "'",
    ",",
    ".",
    ";",
    "!",
    "?",
    "(",
    ")",
    "—",
    "\n",
    "\n\n",
    "\u200b",
    "\u200d",
    "\ufeff",
    "\u202e",
    "\u00ad",
    "\t",
    "روسيا",
    "שלום",
    "中国",
    "Ελλάδα",
    "Россия",
    "'s",
    "-",
    "U.S.",
    "Mr.",
    "e.g.",
    "2024-10-20",
]
texts = st.one_of(
    st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=8)), max_size=120).map(" ".join),
    st.text(max_size=400),
    st.lists(st.sampled_from(WORDS), max_size=400).map("".join),
)


@pytest.fixture(scope="module", autouse=True)
def warm(pipeline: Pipeline) -> None:
    """Patterns load on first use: keep that out of the timed calls."""
    extract("France condemned Russia.", pipeline=pipeline)


def assert_valid(doc: Extraction) -> None:
    text = doc.text
    n = len(text)
    for sent in doc.sentences:
        assert 0 <= sent.start <= sent.end <= n
    for mention in doc.actors:
        assert 0 <= mention.start < mention.end <= n
        assert 0 <= mention.sentence < max(1, len(doc.sentences))
    for event in doc.events:
        assert 0 <= event.trigger.start < event.trigger.end <= n
        assert event.sentence.start <= event.trigger.start
        assert event.trigger.end <= event.sentence.end
        for mention in (*event.source, *event.target):
            assert 0 <= mention.start < mention.end <= n
        if event.location is not None:
            assert 0 <= event.location.start <= event.location.end <= n
    doc.to_dict()  # every span can be rendered


def timed(text: str, pipeline: Pipeline) -> tuple[Extraction, float]:
    """The extraction and the CPU seconds it took (CPU time: other processes don't count)."""
    started = time.process_time()
    doc = extract(text, pipeline=pipeline, published="2024-10-20")
    return doc, time.process_time() - started


def ceiling(text: str) -> float:
    return BASE_SECONDS + SECONDS_PER_1000_CHARS * len(text) / 1000


@FUZZ
@given(text=texts)
def test_extract_offsets_valid_deterministic_and_bounded(pipeline: Pipeline, text: str) -> None:
    first, seconds = timed(text, pipeline)
    assert_valid(first)
    assert first.text == normalise_text(text)
    second, again = timed(text, pipeline)
    assert second.to_dict() == first.to_dict()
    # The faster of two runs: a garbage collection pause can slow one run, never both.
    assert min(seconds, again) < ceiling(text)


@settings(max_examples=max(3, EXAMPLES // 20), deadline=None)
@given(unit=st.sampled_from(WORDS[:20]), repeat=st.integers(1_000, 6_000))
def test_extract_cost_grows_linearly_on_long_repetitive_text(
    pipeline: Pipeline, unit: str, repeat: int
) -> None:
    text = (unit + " condemned Russia and ") * repeat
    doc, seconds = timed(text, pipeline)
    assert_valid(doc)
    assert seconds < ceiling(text) or timed(text, pipeline)[1] < ceiling(text)


# -- readers -----------------------------------------------------------------------------

blobs = st.one_of(
    st.binary(max_size=2000),
    texts.map(lambda t: t.encode("utf-8")),
    texts.map(lambda t: t.encode("utf-16")),
    st.lists(
        st.sampled_from(
            [
                b"<p>",
                b"</p>",
                b"<div>",
                b"<rss>",
                b"<item>",
                b"<![CDATA[",
                b"]]>",
                b"<?xml version='1.0'?>",
                b"&amp;",
                b"&#0;",
                b"\x00",
                b'"',
                b",",
                b"\n",
                b"{",
                b"}",
                b"France condemned Russia.",
            ]
        ),
        max_size=80,
    ).map(b"".join),
)


def check_results(results: Iterator[readers.ReadResult], where: str) -> list[Article]:
    articles = []
    for result in results:
        assert isinstance(result, Article | InputError), type(result)
        if isinstance(result, InputError):
            assert "\n" not in str(result)
            continue
        assert result.text.strip(), f"{where}: an article without text"
        assert result.text == normalise_text(result.text)
        articles.append(result)
    return articles


READ_SUFFIXES = [".txt", ".jsonl", ".csv", ".html", ".rss", ".xml", ".md", ""]


@FUZZ
@given(data=blobs, suffix=st.sampled_from(READ_SUFFIXES))
def test_every_file_reader_gives_articles_or_errors(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(data)
        if suffix == ".csv":
            check_results(tables.read_csv_file(path), str(path))
        check_results(formats.read_path(path), str(path))


@FUZZ
@given(data=blobs)
def test_html_and_feed_parsers_never_raise(data: bytes) -> None:
    check_results(iter([html.html_to_article(data, where="page")]), "page")
    items = feeds.parse_feed(data, "feed")
    if not isinstance(items, InputError):
        check_results((f.result for f in feeds.feed_articles(items, "feed")), "feed")
    assert isinstance(html.fragment_text(data.decode("utf-8", "replace")), str)


@FUZZ
@given(lines=st.lists(st.one_of(texts, texts.map(lambda t: json.dumps({"text": t}))), max_size=20))
def test_jsonl_lines_give_one_result_per_non_blank_line(lines: list[str]) -> None:
    flat = [line.replace("\n", " ").replace("\r", " ") for line in lines]
    results = list(readers.read_jsonl_lines(flat, "lines"))
    assert len(results) == sum(1 for line in flat if line.strip())
    check_results(iter(results), "lines")
