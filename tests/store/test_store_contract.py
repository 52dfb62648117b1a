"""The store contract: the same tests over every backend (see conftest.py)."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from dyads.model import Extraction
from dyads.query.filters import (
    EventFilter,
    count_by_date,
    select_events,
    select_records,
    select_story_events,
)
from dyads.query.summary import stats, summary
from dyads.store import SQLStore
from dyads.store.rows import BatchItem
from dyads.store.schema import SCHEMA_VERSION

ACCUSE = "The G7 condemned Russia for the attacks. France and Germany agreed to help Ukraine."
ACCUSE_EVENTS = [
    {"type": "ACCUSE", "source": "G7", "target": "RUS", "trigger": "condemned", "mode": "x"},
    {"type": "AGREE", "source": ["FRA", "DEU"], "target": "UKR", "trigger": "agreed"},
]


def write(store: SQLStore, *docs: Extraction, keys: tuple[str, ...] = ()) -> int:
    items = [BatchItem(doc, b"\x01" * 16, keys if i == 0 else ()) for i, doc in enumerate(docs)]
    return store.write_batch(items, extractor="rules/1", data_version="test=1")


def test_a_fresh_store_is_at_the_current_schema_version(store: SQLStore) -> None:
    assert store.schema_version() == SCHEMA_VERSION
    assert store.count("articles") == 0
    assert store.migrate() == []


def test_a_batch_is_stored_with_every_part(
    store: SQLStore, doc_maker: Callable[..., Extraction]
) -> None:
    doc = doc_maker(ACCUSE, events=ACCUSE_EVENTS, outlet="Daily Planet", url="https://p.example/1")
    assert write(store, doc) == 1
    assert store.count("articles") == 1
    assert store.count("sentences") == 2
    assert store.count("mentions") == len(doc.actors)
    assert store.count("events") == 2
    assert store.count("event_actors") == 5  # G7, RUS; FRA, DEU, UKR
    [article] = store.articles([doc.article.id])
    assert article.text == doc.article.text
    assert article.outlet == "Daily Planet"
    assert article.story_id == doc.article.id  # its own story until a copy joins it
    records = {r["type"]: r for r in select_records(store)}
    expected = {e.type: e.to_dict(doc.text) for e in doc.events}
    for type_, record in records.items():
        assert record.pop("story_id") == doc.article.id
        assert record == json.loads(json.dumps(expected[type_]))


def test_writing_the_same_batch_twice_adds_nothing(
    store: SQLStore, doc_maker: Callable[..., Extraction]
) -> None:
    doc = doc_maker(ACCUSE, events=ACCUSE_EVENTS)
    assert write(store, doc, doc, keys=("url:https://p.example/1",)) == 1
    before = {t: store.count(t) for t in ("articles", "sentences", "mentions", "events")}
    assert write(store, doc, keys=("url:https://p.example/1",)) == 0
    assert {t: store.count(t) for t in before} == before
    assert store.count("ingest_state") == 1


def test_done_marks_are_kept(store: SQLStore) -> None:
    store.mark_done([("url:a", None), ("url:b", "x1")])
    store.mark_done([("url:a", None)])
    assert store.done_keys(["url:a", "url:b", "url:c"]) == {"url:a", "url:b"}


def test_signatures_come_back_with_their_story(
    store: SQLStore, doc_maker: Callable[..., Extraction]
) -> None:
    doc = doc_maker(ACCUSE, story_id="story-1")
    write(store, doc)
    assert list(store.signatures()) == [(doc.article.id, "story-1", b"\x01" * 16)]


def test_copies_in_a_story_count_once_with_articles_and_outlets(
    store: SQLStore, doc_maker: Callable[..., Extraction]
) -> None:
    wire = doc_maker(ACCUSE, events=ACCUSE_EVENTS, outlet="Wire", article_id="a1")
    copy = doc_maker(
        ACCUSE + " More later.",
        events=ACCUSE_EVENTS,
        outlet="Paper",
        article_id="a2",
        story_id="a1",
    )
    same_outlet = doc_maker(
        ACCUSE + " Updated.",
        events=ACCUSE_EVENTS[:1],
        outlet="Paper",
        article_id="a3",
        story_id="a1",
    )
    other = doc_maker(ACCUSE, events=ACCUSE_EVENTS[:1], outlet="Wire", article_id="b1")
    write(store, wire, copy, same_outlet, other)
    rows = {(r["story_id"], r["type"]): r for r in select_story_events(store)}
    assert len(rows) == 3
    accuse = rows[("a1", "ACCUSE")]
    assert (accuse["num_mentions"], accuse["num_articles"], accuse["num_sources"]) == (3, 3, 2)
    agree = rows[("a1", "AGREE")]
    assert (agree["num_articles"], agree["num_sources"]) == (2, 2)
    assert rows[("b1", "ACCUSE")]["num_articles"] == 1


def test_reciprocal_events_match_whatever_their_direction(
    store: SQLStore, doc_maker: Callable[..., Extraction]
) -> None:
    one = doc_maker(
        "China and Russia will cooperate closely.",
        article_id="c1",
        events=[{"type": "COOPERATE", "source": "CHN", "target": "RUS", "trigger": "cooperate"}],
    )
    two = doc_maker(
        "Russia and China will cooperate closely.",
        article_id="c2",
        story_id="c1",
        events=[{"type": "COOPERATE", "source": "RUS", "target": "CHN", "trigger": "cooperate"}],
    )
    write(store, one, two)
    [row] = select_story_events(store)
    assert row["num_articles"] == 2


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        (EventFilter(), {"ACCUSE", "AGREE", "ASSAULT", "AID"}),
        (EventFilter(actor=("RUS",)), {"ACCUSE", "ASSAULT"}),
        (EventFilter(source=("RUS",)), {"ASSAULT"}),
        (EventFilter(target=("RUS",)), {"ACCUSE"}),
        (EventFilter(source=("DEU",)), {"AGREE"}),  # the second of two sources
        (EventFilter(actor=("IGO",)), {"ACCUSE"}),  # by code
        (EventFilter(types=("accuse", "AID")), {"ACCUSE", "AID"}),
        (EventFilter(since="2024-10-21"), {"ASSAULT", "AID"}),
        (EventFilter(until="2024-10-20"), {"ACCUSE", "AGREE"}),
        (EventFilter(since="2024-11", until="2024-11"), {"AID"}),
        (EventFilter(hedged=True), {"AID"}),
        (EventFilter(hedged=False, actor=("UKR",)), {"AGREE", "ASSAULT"}),
    ],
)
def test_filters_select_events(
    store: SQLStore,
    doc_maker: Callable[..., Extraction],
    where: EventFilter,
    expected: set[str],
) -> None:
    write(
        store,
        doc_maker(ACCUSE, events=ACCUSE_EVENTS, published="2024-10-20"),
        doc_maker(
            "Russia attacked Ukraine overnight.",
            events=[{"type": "ASSAULT", "source": "RUS", "target": "UKR", "trigger": "attacked"}],
            published="2024-10-22",
        ),
        doc_maker(
            "France reportedly sent aid to Germany.",
            events=[
                {"type": "AID", "source": "FRA", "target": "DEU", "trigger": "sent", "hedged": True}
            ],
            published="2024-11-02",
        ),
    )
    assert {row["type"] for row in select_events(store, where)} == expected


def test_bad_filters_are_input_errors() -> None:
    from dyads.errors import InputError

    with pytest.raises(InputError, match="--since"):
        EventFilter(since="yesterday")
    with pytest.raises(InputError, match="--type"):
        EventFilter(types=("HUG",))


def test_a_dyad_time_series_counts_events_per_period(
    store: SQLStore, doc_maker: Callable[..., Extraction]
) -> None:
    spec = [{"type": "ASSAULT", "source": "RUS", "target": "UKR", "trigger": "attacked"}]
    for day in ("2024-10-01", "2024-10-01", "2024-10-05", "2024-11-03"):
        doc = doc_maker(f"Russia attacked Ukraine on {day}.", events=spec, published=day)
        write(store, doc)
    dyad = EventFilter(source=("RUS",), target=("UKR",))
    assert count_by_date(store, dyad, interval="month") == [("2024-10", 2), ("2024-11", 1)]
    assert count_by_date(store, dyad) == [("2024-10-01", 1), ("2024-10-05", 1), ("2024-11-03", 1)]
    assert count_by_date(store, EventFilter(source=("UKR",))) == []


def test_replacing_an_extraction_swaps_its_events(
    store: SQLStore, doc_maker: Callable[..., Extraction]
) -> None:
    doc = doc_maker(ACCUSE, events=ACCUSE_EVENTS)
    write(store, doc)
    recoded = doc_maker(ACCUSE, events=ACCUSE_EVENTS[:1])
    store.replace_extractions([recoded], extractor="rules/2", data_version="test=2")
    assert store.count("events") == 1
    assert store.count("event_actors") == 2
    assert store.count("articles") == 1
    stored = store.stored_events([doc.article.id])[doc.article.id]
    assert set(stored) == {recoded.events[0].id}
    versions = store.fetch("SELECT extractor, data_version FROM articles")
    assert versions == [("rules/2", "test=2")]


def test_stats_and_summary_count_the_store(
    store: SQLStore, doc_maker: Callable[..., Extraction]
) -> None:
    wire = doc_maker(ACCUSE, events=ACCUSE_EVENTS, article_id="a1", outlet="Wire")
    copy = doc_maker(
        ACCUSE + " More.", events=ACCUSE_EVENTS, article_id="a2", story_id="a1", outlet="Paper"
    )
    write(store, wire, copy)
    numbers = stats(store)
    assert (numbers["articles"], numbers["stories"], numbers["events"]) == (2, 1, 4)
    assert numbers["story_events"] == 2
    assert numbers["by_type"] == {"ACCUSE": 2, "AGREE": 2}
    assert numbers["first_date"] == numbers["last_date"] == "2024-10-20"
    assert numbers["top_dyads"][0] == {"source": "FRA", "target": "UKR", "events": 2} or (
        numbers["top_dyads"][0] == {"source": "G7", "target": "RUS", "events": 2}
    )
    assert {a["actor"] for a in numbers["top_actors"]} == {"G7", "RUS", "FRA", "DEU", "UKR"}
    brief = summary(store)
    assert brief["events_by_type"] == {"ACCUSE": 1, "AGREE": 1}
    assert (brief["articles"], brief["stories"], brief["event_mentions"]) == (2, 1, 4)
    top = {(d["type"], d["source"], d["target"]): d for d in brief["top_dyads"]}
    assert top[("ACCUSE", "G7", "RUS")]["example"] == "The G7 condemned Russia for the attacks."
    assert top[("ACCUSE", "G7", "RUS")]["mentions"] == 2


def test_an_old_database_is_upgraded_in_place(
    backend: Callable[..., SQLStore], doc_maker: Callable[..., Extraction]
) -> None:
    from dyads.store.rows import Rows, article_row, event_row, extraction_rows
    from dyads.store.schema import ARTICLES_V1, EVENT_ACTORS, EVENTS_V1

    old = backend(upgrade=False)
    assert old.migrate(target=1) == [1]
    doc = doc_maker(ACCUSE, events=ACCUSE_EVENTS)
    row = article_row(
        doc, ingested_at="2024-10-20T00:00:00Z", extractor="rules/1", data_version="v"
    )
    row = row[: len(ARTICLES_V1)]
    old.execute(f"INSERT INTO articles VALUES ({', '.join('?' * len(ARTICLES_V1))})", row)
    for event in doc.events:
        values = event_row(event, doc.text, "v")[: len(EVENTS_V1)]
        names = ", ".join(name for name, _ in EVENTS_V1)
        old.execute(f"INSERT INTO events ({names}) VALUES ({', '.join('?' * len(values))})", values)
    rows = Rows()
    extraction_rows(doc, rows, data_version="v")
    for values in rows.tables["event_actors"]:
        old.execute(
            f"INSERT INTO event_actors VALUES ({', '.join('?' * len(EVENT_ACTORS))})", values
        )
    old.close()
    upgraded = backend()
    assert upgraded.schema_version() == SCHEMA_VERSION
    assert upgraded.fetch("SELECT COUNT(*) FROM events WHERE dyad_key IS NULL") == [(0,)]
    assert {r["type"] for r in select_story_events(upgraded)} == {"ACCUSE", "AGREE"}
    # v4 flagged each story's representative mention, as the view picks it.
    flagged = upgraded.fetch("SELECT id FROM events WHERE representative")
    assert {r[0] for r in flagged} == {
        r[0] for r in upgraded.fetch("SELECT event_id FROM story_events")
    }
    # v3 filled the actor keys in from event_actors: filters by actor work on old rows.
    assert {r["type"] for r in select_events(upgraded, EventFilter(source=("DEU",)))} == {"AGREE"}
    assert {r["type"] for r in select_events(upgraded, EventFilter(actor=("IGO",)))} == {"ACCUSE"}
    # v6: articles have a body column (empty for old rows) and the poller has its tables.
    assert upgraded.fetch("SELECT body FROM articles") == [(None,)]
    assert upgraded.watch_sources() == {} and upgraded.reported_alerts(["x"]) == set()


def test_the_pollers_state_is_kept_and_replaced(store: SQLStore) -> None:
    feed = "https://wire.example/feed.rss"
    assert store.watch_sources() == {}
    store.save_watch_source(feed, ('"v1"', None, "2024-02-05T09:00:00Z", 0, None, None))
    store.save_watch_source(
        feed, ('"v1"', None, "2024-02-05T09:15:00Z", 2, "2024-02-05T10:15:00Z", "HTTP 503")
    )
    assert store.watch_sources() == {
        feed: ('"v1"', None, "2024-02-05T09:15:00Z", 2, "2024-02-05T10:15:00Z", "HTTP 503")
    }
    store.record_alerts([("NOR|SWE|ACCUSE|2024-W06|week|type", '{"count": 3}')])
    store.record_alerts(
        [("NOR|SWE|ACCUSE|2024-W06|week|type", '{"count": 4}'), ("a|b|c|d|week|type", "{}")]
    )
    assert store.reported_alerts(["NOR|SWE|ACCUSE|2024-W06|week|type", "other"]) == {
        "NOR|SWE|ACCUSE|2024-W06|week|type"
    }
    assert store.fetch("SELECT COUNT(*), MIN(record) FROM watch_alerts") == [(2, '{"count": 3}')]
