"""Poison records (review round 2): one bad record is reported and skipped, never ends an
ingest, on DuckDB and on PostgreSQL; the good records around it are stored."""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from dyads.pipeline import Pipeline
from dyads.runs.ingest import ingest
from dyads.store import SQLStore
from dyads.store.duckdb import DuckDBStore

from .conftest import check_integrity

GOOD = "France condemned Russia on Monday over the {} dispute."


def good(n: int) -> str:
    return json.dumps({"id": f"good-{n}", "text": GOOD.format(f"case {n}")})


# Each poison record between two good ones; the comment says what it broke before.
POISON = [
    '{"id": "authors-int", "authors": 5, "text": "Germany praised Japan."}',  # TypeError
    '{"id": "authors-obj", "authors": {"a": 1}, "text": "Germany praised Japan."}',
    '{"id": "title-list", "title": ["x"], "text": "Italy thanked Poland."}',
    "[" * 200_000,  # RecursionError in the JSON parser
    '{"id": ' + "7" * 5000 + ', "text": "Iran warned China."}',  # int-to-str limit
    '{"id": "lone", "text": "Japan \\ud800 blamed Iran."}',  # cannot be encoded as UTF-8
    '{"id": "nul", "title": "a\\u0000b", "outlet": "x\\u0000",'
    ' "text": "Poland \\u0000 met Italy."}',
    '{"id": "\\ud800", "text": "China denied it."}',
    '{"id": "big-date", "published": 1e400, "text": "Russia warned France."}',
    '{"id": "id-obj", "text": "Ukraine thanked Japan.", "id": {"k": 1}}',
]


def jsonl_lines() -> list[str]:
    lines = [good(0)]
    for n, poison in enumerate(POISON, start=1):
        lines += [poison, good(n)]
    return lines


@pytest.fixture(params=["duckdb", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SQLStore]:
    if request.param == "duckdb":
        opened: SQLStore = DuckDBStore(tmp_path / "poison.duckdb")
    else:
        url = os.environ.get("DYADS_TEST_POSTGRES")
        if not url:
            pytest.skip("DYADS_TEST_POSTGRES is not set")
        from dyads.store.postgres import PostgresStore

        opened = PostgresStore(url, schema=f"poison_{uuid.uuid4().hex[:12]}")
    with opened:
        yield opened


def stored_ids(store: SQLStore) -> set[str]:
    return {r[0] for r in store.fetch("SELECT id FROM articles")}


def test_poison_json_lines_are_skipped_and_the_rest_stored(
    tmp_path: Path, store: SQLStore, pipeline: Pipeline
) -> None:
    path = tmp_path / "poison.jsonl"
    path.write_text("\n".join(jsonl_lines()) + "\n", encoding="utf-8", errors="surrogatepass")
    report = ingest([str(path)], store=store, pipeline=pipeline, batch_size=4)
    ids = stored_ids(store)
    assert {f"good-{n}" for n in range(len(POISON) + 1)} <= ids, report.errors
    assert all("\n" not in e for e in report.errors)
    # Every record was either stored (its bad field cleaned) or reported on its own line.
    assert report.added + report.failed == 2 * len(POISON) + 1, report.errors
    for message in report.errors:
        assert message.startswith(f"{path}:"), message
    check_integrity(store)
    # Nothing stored carries a NUL or a lone surrogate.
    for row in store.fetch("SELECT id, title, outlet, text FROM articles"):
        for value in row:
            assert value is None or ("\x00" not in value and value.encode("utf-8"))
    again = ingest([str(path)], store=store, pipeline=pipeline, batch_size=4)
    assert again.added == 0 and again.failed == report.failed  # a rerun gets past them too


def test_a_bad_utf8_line_keeps_the_good_lines(tmp_path: Path, pipeline: Pipeline) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(
        (good(1) + "\n").encode()
        + b'{"id": "bad", "text": "caf\xe9 ol\xe9"}\n'
        + (good(2) + "\n").encode()
    )
    db = tmp_path / "mixed.duckdb"
    report = ingest([str(path)], store=db, pipeline=pipeline)
    with DuckDBStore(db) as store:
        assert stored_ids(store) == {"good-1", "good-2"}
    assert report.failed == 1
    assert report.errors[0].startswith(f"{path}:2: is not valid UTF-8"), report.errors


def test_a_feed_item_with_a_surrogate_reference_is_stored(
    tmp_path: Path, store: SQLStore, pipeline: Pipeline
) -> None:
    items = "".join(
        f"<item><title>T{n}&#xD800;</title><link>https://news.test/{n}</link>"
        f"<description>{GOOD.format(n)} &#xD800; &#0; end.</description></item>"
        for n in range(3)
    )
    feed = tmp_path / "poison.rss"
    feed.write_text(
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>W</title>{items}</channel></rss>',
        encoding="utf-8",
    )
    report = ingest([str(feed)], store=store, pipeline=pipeline)
    assert report.added == 3, report.errors
    check_integrity(store)


def test_nul_in_every_field_on_every_reader(
    tmp_path: Path, store: SQLStore, pipeline: Pipeline
) -> None:
    record = {
        "id": "n\x00ul",
        "title": "t\x00",
        "url": "https://news.test/\x00",
        "published": "2024-10-2\x000",
        "outlet": "o\x00",
        "authors": ["a\x00"],
        "text": GOOD.format("\x00"),
    }
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    header = ",".join(k for k in record if k != "authors")
    record |= {"id": "c\x00sv", "text": GOOD.format("csv \x00")}
    row = ",".join(f'"{v}"' for k, v in record.items() if k != "authors")
    (tmp_path / "in" / "b.csv").write_text(f"{header}\n{row}\n", encoding="utf-8")
    report = ingest([str(tmp_path / "in")], store=store, pipeline=pipeline)
    assert report.added == 2, report.errors
    for row_values in store.fetch("SELECT id, title, url, outlet, authors, text FROM articles"):
        assert not any("\x00" in (v or "") for v in row_values)


def test_a_reused_id_with_other_text_is_reported(
    tmp_path: Path, store: SQLStore, pipeline: Pipeline
) -> None:
    path = tmp_path / "ids.jsonl"
    lines = [
        {"id": "a1", "text": GOOD.format("grain")},
        {"id": "a1", "text": GOOD.format("grain")},  # a true copy: already stored, silently
        {"id": "a1", "text": GOOD.format("something else")},
        {"id": "b2", "text": GOOD.format("rail")},
    ]
    path.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    report = ingest([str(path)], store=store, pipeline=pipeline)
    assert report.added == 2 and report.skipped == 1
    assert report.errors == [
        f"{path}:3: id 'a1' is already stored with another text; not stored (give it its own id)"
    ]
    again = ingest([str(path)], store=store, pipeline=pipeline)
    assert again.skipped == 3 and again.errors == report.errors
