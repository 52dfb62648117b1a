"""Property tests for what review round 2 found: lone surrogates, NUL in every field, deep
nesting, huge numbers, odd dates, hand-made cursors and hostile ids, through the real readers,
ingest and API. ``make fuzz`` runs them with many more examples (DYADS_FUZZ_EXAMPLES)."""

from __future__ import annotations

import base64
import datetime as dt
import json
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st

from dyads.api import create_app
from dyads.api.queries import ARTICLES_CURSOR, EVENTS_CURSOR, decode_cursor
from dyads.api.store_access import Limits
from dyads.errors import InputError
from dyads.ingest import readers
from dyads.ingest.normalise import read_published
from dyads.pipeline import Pipeline
from dyads.query.scope import parse_day
from dyads.runs.ingest import ingest
from dyads.store.duckdb import DuckDBStore

from .test_properties import FUZZ

HOSTILE_STRINGS = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["\ud800", "\udfff", "a\ud83dz", "\x00", "a\x00b", "\u0000\u0000", "\x7f"]),
    st.text(alphabet=st.sampled_from("a/.%2F\x00\ud800 é\u200b\\"), max_size=20),
)
ODD_DATES = st.one_of(
    st.sampled_from(
        [
            "20241022",
            "2024-10-22",
            "2024-13-45",
            "0000-00-00",
            "9999-12-31",
            "Tue, 22 Oct 2024 09:30:00 +0000",
            "Mon, 31 Feb 2024 00:00:00 GMT",
            "yesterday",
            "2024-10-22T25:61:00Z",
            "1e400",
            "",
        ]
    ),
    st.dates().map(lambda d: d.strftime("%Y%m%d")),
    st.text(max_size=12),
)
HUGE = st.sampled_from(["7" * 5000, "1e400", "-1e400", "1" + "0" * 400, "1.5e-400"])
IDS = st.one_of(
    HOSTILE_STRINGS,
    st.sampled_from(["a/b", "../etc/passwd", "a%2Fb", "wire/2024/10/1", "x" * 1001, " id ", "/"]),
)


def field_value(draw: Any) -> str:
    """A JSON fragment for one field: a hostile string, a number, a wrong type, deep nesting."""
    return str(
        draw(
            st.one_of(
                HOSTILE_STRINGS.map(lambda s: json.dumps(s)),
                ODD_DATES.map(json.dumps),
                HUGE,
                st.sampled_from(["5", "null", "true", "[]", "{}", '["a", 5]', '{"k": 1}']),
                st.integers(1, 3000).map(lambda n: "[" * n + "]" * n),
            )
        )
    )


@st.composite
def records(draw: Any) -> str:
    """One JSON Lines line: an object of the article fields, each drawn from the above."""
    fields = ["id", "title", "url", "published", "outlet", "authors"]
    parts = [f'"{name}": {field_value(draw)}' for name in fields if draw(st.booleans())]
    text = draw(
        st.one_of(st.just(json.dumps("France condemned Russia.")), HOSTILE_STRINGS.map(json.dumps))
    )
    parts.append(f'"text": {text}')
    if draw(st.booleans()):
        return "{" + ", ".join(parts) + "}"
    return draw(st.one_of(st.just("[" * 5000), HUGE, st.just('{"text": "a", ' * 3)))


def encodable(value: object) -> bool:
    return value is None or (
        isinstance(value, str) and "\x00" not in value and bool(value.encode("utf-8") or True)
    )


@FUZZ
@given(lines=st.lists(records(), min_size=1, max_size=6))
def test_hostile_records_give_clean_articles_or_one_line_errors(
    pipeline: Pipeline, lines: list[str]
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "hostile.jsonl"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8", errors="surrogatepass")
        results = list(readers.read_jsonl_file(path))
        assert len(results) == sum(1 for line in lines if line.strip())
        for result in results:
            if isinstance(result, InputError):
                assert "\n" not in str(result)
                continue
            for value in (
                result.id,
                result.title,
                result.url,
                result.published,
                result.outlet,
                result.text,
                *result.authors,
            ):
                assert encodable(value), repr(value)
        with DuckDBStore(Path(folder) / "h.duckdb") as store:
            report = ingest([str(path)], store=store, pipeline=pipeline)
            assert report.read + report.failed >= len(results)
            assert store.count("articles") == report.added


@FUZZ
@given(value=ODD_DATES)
def test_publication_dates_are_read_or_refused_never_bent(value: str) -> None:
    found = read_published(value)
    if found is not None:
        day = parse_day(found)
        assert day is None or isinstance(day, dt.date)
        if len(value) == 8 and value.isdigit():
            assert found == f"{value[:4]}-{value[4:6]}-{value[6:]}"


json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), HOSTILE_STRINGS),
    lambda inner: st.one_of(
        st.lists(inner, max_size=5), st.dictionaries(st.text(max_size=3), inner, max_size=3)
    ),
    max_leaves=12,
)


def as_cursor(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


cursors = st.one_of(
    json_values.map(lambda v: as_cursor(json.dumps(v).encode("utf-8", "surrogatepass"))),
    st.integers(1, 1400).map(lambda n: as_cursor(b"[" * n)),
    st.binary(max_size=60).map(as_cursor),
    st.text(max_size=40),
)


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    folder = tmp_path_factory.mktemp("hostile")
    docs = folder / "ids.jsonl"
    docs.write_text(
        "".join(
            json.dumps({"id": f"seed/{n}", "text": f"Germany praised Japan in case {n}."}) + "\n"
            for n in range(3)
        ),
        encoding="utf-8",
    )
    db = folder / "api.duckdb"
    ingest([str(docs)], store=db)
    app = create_app(db, cache=0, limits=Limits(rate_per_s=0))  # thousands of requests
    with TestClient(app, base_url="http://127.0.0.1") as test_client:
        yield test_client


@FUZZ
@given(cursor=cursors)
def test_any_cursor_is_a_page_or_a_400(client: TestClient, cursor: str) -> None:
    for kinds in (EVENTS_CURSOR, ARTICLES_CURSOR):
        try:
            key = decode_cursor(cursor, kinds=kinds)
        except InputError:
            continue
        assert [type(v) for v in key] == list(kinds)
    for path in ("/api/events", "/api/articles", "/"):
        status = client.get(path, params={"cursor": cursor}).status_code
        assert status in (200, 400, 422), (path, status)


@FUZZ
@given(article_id=IDS, text=HOSTILE_STRINGS)
def test_hostile_ids_are_stored_and_found_or_refused(
    client: TestClient, pipeline: Pipeline, article_id: str, text: str
) -> None:
    store = client.app.state.access.store  # type: ignore[attr-defined]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "one.jsonl"
        record = {"id": article_id, "text": f"Italy thanked Poland {text}."}
        path.write_text(json.dumps(record) + "\n", encoding="utf-8")
        results = list(readers.read_jsonl_file(path))
        ingest([str(path)], store=store, pipeline=pipeline)
    article = results[0]
    if isinstance(article, InputError):
        return
    # Quoted twice: Starlette's TestClient unquotes the path once more than a real server
    # (httpx hands it over decoded), which would turn an id holding "%2F" into "/".
    answer = client.get("/api/articles/" + quote(quote(article.id, safe=""), safe=""))
    assert answer.status_code == 200, (article.id, answer.status_code)
    assert answer.json().get("id") == article.id, (article.id, answer.text[:200])
    posted = client.post(
        "/api/extract",
        content=json.dumps({"text": f"Iran {text} warned China."}),
        headers={"content-type": "application/json"},
    )
    assert posted.status_code in (200, 413, 422), posted.status_code
