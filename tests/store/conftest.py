"""Store fixtures: every contract test runs over DuckDB and, when DYADS_TEST_POSTGRES names a
server, PostgreSQL (each test in a schema of its own). Extractions are built by hand."""

from __future__ import annotations

import dataclasses
import hashlib
import os
import re
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from dyads.ingest.normalise import make_article
from dyads.model import Actor, Event, Extraction, Mention, Place, Sentence, Span
from dyads.store import SQLStore
from dyads.store.duckdb import DuckDBStore

ACTORS = {
    "RUS": Actor("RUS", "RUS", "Russia", wikidata="Q159"),
    "UKR": Actor("UKR", "UKR", "Ukraine"),
    "FRA": Actor("FRA", "FRA", "France"),
    "DEU": Actor("DEU", "DEU", "Germany"),
    "CHN": Actor("CHN", "CHN", "China"),
    "G7": Actor("G7", "IGO", "G7", kind="igo"),
}
CODES = {  # type -> (cameo, quad class, goldstein)
    "ACCUSE": ("112", 3, -2.0),
    "COOPERATE": ("060", 2, 6.0),
    "AID": ("070", 2, 7.0),
    "AGREE": ("030", 1, 4.0),
    "ASSAULT": ("190", 4, -10.0),
    "SANCTION": ("163", 4, -8.0),
}
DocMaker = Callable[..., Extraction]


def _sentences(text: str) -> list[Sentence]:
    return [
        Sentence(i, m.start(), m.end()) for i, m in enumerate(re.finditer(r"[^.!?]+[.!?]", text))
    ]


def _mention(text: str, sents: list[Sentence], actor_id: str, sent: Sentence) -> Mention:
    actor = ACTORS[actor_id]
    start = text.index(actor.name, sent.start)
    return Mention(actor, start, start + len(actor.name), sent.index)


def make_doc(
    text: str,
    *,
    events: tuple[dict[str, Any], ...] | list[dict[str, Any]] = (),
    article_id: str | None = None,
    published: str | None = "2024-10-20",
    outlet: str | None = None,
    url: str | None = None,
    story_id: str | None = None,
) -> Extraction:
    """An extraction of ``text``: sentences split at full stops, every dictionary name a
    mention, and one event per spec: ``{"type", "source", "target", "trigger", ...flags}``."""
    article = make_article(text, article_id=article_id, published=published, outlet=outlet, url=url)
    if story_id:
        article = dataclasses.replace(article, story_id=story_id)
    text = article.text
    sents = _sentences(text)
    mentions = []
    for sent in sents:
        for actor in ACTORS.values():
            for found in re.finditer(re.escape(actor.name), text[sent.start : sent.end]):
                start = sent.start + found.start()
                mentions.append(Mention(actor, start, start + len(actor.name), sent.index))
    built = []
    for spec in events:
        start = text.index(spec["trigger"])
        sent = next(s for s in sents if s.start <= start < s.end)
        cameo, quad, goldstein = CODES[spec["type"]]
        sources = [_mention(text, sents, a, sent) for a in _list(spec.get("source"))]
        targets = [_mention(text, sents, a, sent) for a in _list(spec.get("target"))]
        key = f"{article.id}:{sent.index}:{start}:{spec['type']}"
        location = spec.get("location")
        built.append(
            Event(
                id=hashlib.sha1(key.encode()).hexdigest()[:16],
                article_id=article.id,
                type=spec["type"],
                cameo=spec.get("cameo", cameo),
                quad_class=quad,
                goldstein=goldstein,
                trigger=Span(start, start + len(spec["trigger"])),
                sentence=sent,
                source=tuple(sources),
                target=tuple(targets),
                mode=spec.get("mode"),
                context=tuple(spec.get("context", ())),
                hedged=spec.get("hedged", False),
                negated=spec.get("negated", False),
                date=spec.get("date", published),
                date_precision="day" if published else "unknown",
                location=_place(text, location) if location else None,
                confidence=spec.get("confidence", 0.8),
            )
        )
    return Extraction(article=article, sentences=sents, actors=mentions, events=built)


def _place(text: str, name: str) -> Place:
    start = text.index(name)
    return Place(name, "UKR", start, start + len(name), lat=50.45, lon=30.52, geonames_id=703448)


def _list(value: str | list[str] | None) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


@pytest.fixture
def doc_maker() -> DocMaker:
    return make_doc


def postgres_url() -> str | None:
    return os.environ.get("DYADS_TEST_POSTGRES") or None


def open_backend(kind: str, tmp_path: Path, schema: str, **options: Any) -> SQLStore:
    if kind == "duckdb":
        return DuckDBStore(tmp_path / "events.duckdb", **options)
    from dyads.store.postgres import PostgresStore

    url = postgres_url()
    if not url:
        pytest.skip("DYADS_TEST_POSTGRES is not set")
    return PostgresStore(url, schema=schema, **options)


@pytest.fixture(params=["duckdb", pytest.param("postgresql", marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Callable[..., SQLStore]]:
    """Opens (and reopens) the test's store of one backend: ``backend()``."""
    opened: list[SQLStore] = []
    schema = f"t_{uuid.uuid4().hex[:16]}"  # one PostgreSQL schema per test

    def opener(**options: Any) -> SQLStore:
        store = open_backend(request.param, tmp_path, schema, **options)
        opened.append(store)
        return store

    yield opener
    for store in opened:
        store.close()
    if request.param == "postgresql" and postgres_url():
        import psycopg

        with psycopg.connect(postgres_url() or "", autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


@pytest.fixture
def store(backend: Callable[..., SQLStore]) -> SQLStore:
    return backend()
