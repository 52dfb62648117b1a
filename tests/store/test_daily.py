"""``dyad_days``: the writer's daily counts must always equal the events folded afresh, however
the events arrive (one batch, copies over several batches, the same batch twice) or change
(a re-code that moves dates, drops events or moves a story's pick), on both backends."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from dyads.model import Extraction
from dyads.store import SQLStore
from dyads.store.daily import COLUMNS, DAYS_VERSION, DYAD_DAYS, has_days
from dyads.store.rows import BatchItem

TEXT = "The G7 condemned Russia on Monday. France and Germany agreed to help Ukraine."
EVENTS = [
    {"type": "ACCUSE", "source": "G7", "target": "RUS", "trigger": "condemned"},
    {"type": "AGREE", "source": ["FRA", "DEU"], "target": "UKR", "trigger": "agreed"},
]
_NAMES = ", ".join(name for name, _ in COLUMNS[:-2])


def write(store: SQLStore, *docs: Extraction) -> None:
    items = [BatchItem(doc, b"\x01" * 16) for doc in docs]
    store.write_batch(items, extractor="rules/1", data_version="test=1")


def kept(store: SQLStore) -> list[tuple[Any, ...]]:
    rows = store.fetch(f"SELECT {_NAMES}, n, goldstein FROM {DYAD_DAYS}")
    return sorted(rows, key=repr)


def fresh(store: SQLStore) -> list[tuple[Any, ...]]:
    rows = store.fetch(f"SELECT {_NAMES}, COUNT(*), SUM(goldstein) FROM events GROUP BY {_NAMES}")
    return sorted(rows, key=repr)


def copies(doc_maker: Callable[..., Extraction], **options: Any) -> list[Extraction]:
    first = doc_maker(TEXT, events=EVENTS, article_id="s1", **options)
    return [first] + [
        doc_maker(TEXT + f" Copy {n}.", events=EVENTS, article_id=f"s{n}", story_id="s1", **options)
        for n in range(2, 6)
    ]


def test_copies_over_several_batches_keep_the_days_equal_to_the_events(
    store: SQLStore, doc_maker: Callable[..., Extraction]
) -> None:
    docs = copies(doc_maker)
    other = doc_maker(TEXT, events=EVENTS[:1], article_id="t1", published="2024-10-21")
    undated = doc_maker(TEXT + " Undated.", events=EVENTS[1:], article_id="u1", published=None)
    # Later copies carry lower event ids (hashes): stored picks are demoted as they come.
    for doc in [docs[0], *reversed(docs[1:]), other, undated]:
        write(store, doc)
        assert kept(store) == fresh(store)
    assert sum(row[-2] for row in kept(store)) == store.count("events") == 12
    days = {row[0] for row in kept(store)}
    assert days == {"2024-10-20", "2024-10-21", None}
    picked = store.fetch(f"SELECT SUM(n) FROM {DYAD_DAYS} WHERE representative")
    assert picked == store.fetch("SELECT COUNT(*) FROM story_events")


def test_the_same_batch_written_twice_counts_once(
    store: SQLStore, doc_maker: Callable[..., Extraction]
) -> None:
    docs = copies(doc_maker)
    write(store, *docs)
    before = kept(store)
    write(store, *docs)
    assert kept(store) == before == fresh(store)


def test_a_recode_that_moves_dates_and_drops_events_recounts_both_days(
    store: SQLStore, doc_maker: Callable[..., Extraction]
) -> None:
    write(store, *copies(doc_maker))
    moved = [
        doc_maker(TEXT, events=EVENTS[:1], article_id="s1", published="2024-11-02"),
        doc_maker(TEXT + " Copy 2.", events=[], article_id="s2", story_id="s1"),
    ]
    store.replace_extractions(moved, extractor="rules/2", data_version="test=2")
    assert kept(store) == fresh(store)
    assert {row[0] for row in kept(store)} == {"2024-10-20", "2024-11-02"}
    # The first article lost its AGREE: a copy's mention is the story's pick now.
    agree = [row for row in kept(store) if row[1] == "AGREE" and row[5]]
    assert sum(row[-2] for row in agree) == 1


def test_an_older_database_is_folded_when_it_is_upgraded(
    backend: Callable[..., SQLStore], doc_maker: Callable[..., Extraction]
) -> None:
    old = backend(upgrade=False)
    old.migrate(target=DAYS_VERSION - 1)
    assert not has_days(old)
    write(old, *copies(doc_maker))  # a writer of the old version: no days to keep
    old.close()
    store = backend()
    assert has_days(store)
    assert kept(store) == fresh(store)
    assert sum(row[-2] for row in kept(store)) == 10
