"""``events.representative``: the writer's flag for the one mention of each story's event that
per-story analyses count must always be the ``story_events`` view's pick, however the story's
copies arrive: in one batch, over several batches, in any order, or recoded."""

from __future__ import annotations

from collections.abc import Callable

from dyads.model import Extraction
from dyads.store import SQLStore
from dyads.store.picks import RecentPicks
from dyads.store.rows import BatchItem
from dyads.store.schema import mark_representatives

TEXT = "The G7 condemned Russia on Monday. France and Germany agreed to help Ukraine."
EVENTS = [
    {"type": "ACCUSE", "source": "G7", "target": "RUS", "trigger": "condemned"},
    {"type": "AGREE", "source": ["FRA", "DEU"], "target": "UKR", "trigger": "agreed"},
]


def write(store: SQLStore, *docs: Extraction) -> None:
    items = [BatchItem(doc, b"\x01" * 16) for doc in docs]
    store.write_batch(items, extractor="rules/1", data_version="test=1")


def flagged(store: SQLStore) -> set[str]:
    return {r[0] for r in store.fetch("SELECT id FROM events WHERE representative")}


def view_pick(store: SQLStore) -> set[str]:
    return {r[0] for r in store.fetch("SELECT event_id FROM story_events")}


def copies(doc_maker: Callable[..., Extraction]) -> list[Extraction]:
    first = doc_maker(TEXT, events=EVENTS, article_id="s1")
    return [first] + [
        doc_maker(TEXT + f" Copy {n}.", events=EVENTS, article_id=f"s{n}", story_id="s1")
        for n in range(2, 6)
    ]


def test_a_story_written_in_one_batch_is_flagged_as_the_view_picks(
    store: SQLStore, doc_maker: Callable[..., Extraction]
) -> None:
    other = doc_maker(TEXT, events=EVENTS[:1], article_id="t1")
    write(store, *copies(doc_maker), other)
    assert store.fetch("SELECT COUNT(*) FROM events WHERE representative IS NULL") == [(0,)]
    assert len(flagged(store)) == 3  # the story's ACCUSE and AGREE, and the other article's
    assert flagged(store) == view_pick(store)


def test_copies_arriving_in_later_batches_move_the_flag_where_the_view_moves(
    store: SQLStore, doc_maker: Callable[..., Extraction]
) -> None:
    docs = copies(doc_maker)
    # Event ids are hashes: some later copy holds a lower id than the first article's.
    for doc in [docs[0], *reversed(docs[1:])]:
        write(store, doc)
        assert flagged(store) == view_pick(store)
    assert len(flagged(store)) == 2
    lowest = min(e.id for doc in docs for e in doc.events if e.type == "ACCUSE")
    assert lowest in flagged(store)


def test_recoding_keeps_the_flags_right(
    store: SQLStore, doc_maker: Callable[..., Extraction]
) -> None:
    docs = copies(doc_maker)
    write(store, *docs)
    # Recode two copies so that they lose their AGREE: the story keeps one.
    recoded = [
        doc_maker(TEXT + f" Copy {n}.", events=EVENTS[:1], article_id=f"s{n}", story_id="s1")
        for n in (2, 3)
    ]
    store.replace_extractions(recoded, extractor="rules/2", data_version="test=2")
    assert flagged(store) == view_pick(store)
    assert len(flagged(store)) == 2


def test_marking_from_scratch_gives_the_same_flags(
    store: SQLStore, doc_maker: Callable[..., Extraction]
) -> None:
    docs = copies(doc_maker)
    write(store, docs[0], docs[3])
    write(store, docs[1], docs[2], docs[4])
    before = flagged(store)
    store.execute("UPDATE events SET representative = NULL")
    mark_representatives(store)
    assert flagged(store) == before == view_pick(store)


def test_copies_after_a_restart_or_past_the_memory_of_recent_stories(
    backend: Callable[..., SQLStore], doc_maker: Callable[..., Extraction]
) -> None:
    docs = copies(doc_maker)
    first = backend()
    write(first, docs[0], docs[1])
    first.close()
    # A new writer knows no recent stories: it asks the database for the story's picks.
    again = backend()
    write(again, docs[4])
    assert flagged(again) == view_pick(again)
    # A memory of one story forgets this one between batches: the database answers again.
    again.recent_picks = RecentPicks(size=1)
    for doc in (docs[3], doc_maker(TEXT, events=EVENTS[:1], article_id="t1"), docs[2]):
        write(again, doc)
        assert flagged(again) == view_pick(again)
    assert len(flagged(again)) == 3


def test_recent_picks_keep_the_latest_stories() -> None:
    recent = RecentPicks(size=2)
    recent.remember({"a": {"k": "1"}, "b": {}})
    recent.remember({"c": {"k": "3"}, "a": {"k": "0"}})
    assert recent.get("b") is None  # the least recently written story went first
    assert recent.get("a") == {"k": "0"} and recent.get("c") == {"k": "3"}
