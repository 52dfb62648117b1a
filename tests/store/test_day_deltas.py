"""The writer adds each batch's change to ``dyad_days`` (store/day_deltas.py) instead of
recounting its days: the counts must still equal the events folded afresh, after a checkpoint,
after the file is closed and opened again (the writer then no longer remembers its picks), and
with scores whose sums depend on the order of addition. Also the resume's window of newest
signatures, which joins only the newest articles."""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from typing import Any

import pytest

from dyads.model import Extraction
from dyads.store import SQLStore
from dyads.store.daily import COLUMNS, DYAD_DAYS
from dyads.store.day_deltas import DEMOTED_COLUMNS, KEYS, batch_deltas
from dyads.store.rows import BatchItem
from dyads.store.schema import EVENTS

TEXT = "The G7 condemned Russia on Monday. France and Germany agreed to help Ukraine."
EVENTS_OF = [
    {"type": "ACCUSE", "source": "G7", "target": "RUS", "trigger": "condemned"},
    {"type": "AGREE", "source": ["FRA", "DEU"], "target": "UKR", "trigger": "agreed"},
]
_NAMES = ", ".join(name for name, _ in COLUMNS[:-2])


def kept(store: SQLStore) -> list[tuple[Any, ...]]:
    return sorted(store.fetch(f"SELECT {_NAMES}, n, goldstein FROM {DYAD_DAYS}"), key=repr)


def fresh(store: SQLStore) -> list[tuple[Any, ...]]:
    sql = f"SELECT {_NAMES}, COUNT(*), SUM(goldstein) FROM events GROUP BY {_NAMES}"
    return sorted(store.fetch(sql), key=repr)


def write(store: SQLStore, *docs: Extraction) -> None:
    items = [BatchItem(doc, bytes([n]) * 16) for n, doc in enumerate(docs)]
    store.write_batch(items, extractor="rules/1", data_version="test=1")


def story(doc_maker: Callable[..., Extraction], name: str, copies: int, day: str) -> list:
    first = doc_maker(TEXT, events=EVENTS_OF, article_id=name, published=day)
    return [first] + [
        doc_maker(
            TEXT + f" Copy {n}.", events=EVENTS_OF, article_id=f"{name}-{n}", story_id=name,
            published=day,
        )
        for n in range(1, copies)
    ]  # fmt: skip


def test_days_stay_equal_to_the_events_through_a_checkpoint_and_a_reopen(
    backend: Callable[..., SQLStore], doc_maker: Callable[..., Extraction]
) -> None:
    store = backend()
    a = story(doc_maker, "a", 6, "2024-10-20")
    b = story(doc_maker, "b", 4, "2024-10-21")
    undated = story(doc_maker, "u", 3, None)
    # Copies in reverse: later copies carry lower event ids (hashes), so stored picks are
    # demoted as they come; batches mix stories and days.
    write(store, a[0], b[0])
    write(store, *reversed(a[3:]), undated[0])
    if store.dialect == "duckdb":
        store.execute("CHECKPOINT")  # the counts written so far go to the file itself
    write(store, b[2], undated[2])
    store.close()
    store = backend()  # a new writer: the picks of earlier stories come from the database
    write(store, *reversed(a[1:3]), b[1], *b[3:], undated[1])
    assert kept(store) == fresh(store)
    assert sum(row[-2] for row in kept(store)) == store.count("events") == 26
    picked = store.fetch(f"SELECT SUM(n) FROM {DYAD_DAYS} WHERE representative")
    assert picked == store.fetch("SELECT COUNT(*) FROM story_events")
    if store.dialect == "duckdb":
        store.execute("CHECKPOINT")
    before = kept(store)
    store.close()
    store = backend()
    assert kept(store) == before  # durable as written
    store.close()


def test_a_key_whose_last_pick_moves_away_leaves_no_empty_row(
    store: SQLStore, doc_maker: Callable[..., Extraction]
) -> None:
    # The story's first copy is on one day, a later copy (a lower event id) on another: the
    # pick, and the representative count, move from the first day to the second.
    docs = story(doc_maker, "m", 4, "2024-10-20")
    moved = [docs[0]] + [
        doc_maker(
            TEXT + f" Copy {n}.", events=EVENTS_OF, article_id=f"m-{n}", story_id="m",
            published="2024-11-03",
        )
        for n in range(1, 4)
    ]  # fmt: skip
    for doc in [moved[0], *reversed(moved[1:])]:
        write(store, doc)
        assert kept(store) == fresh(store)
    assert all(row[-2] > 0 for row in kept(store))


def _event_row(rng: random.Random, day: str | None, pick: bool) -> tuple[Any, ...]:
    values: dict[str, Any] = {name: None for name, _ in EVENTS}
    values.update(
        date=day,
        type=rng.choice(["ACCUSE", "AID"]),
        quad_class=rng.choice([2, 3]),
        hedged=rng.random() < 0.2,
        negated=False,
        representative=pick,
        source_id=rng.choice(["RUS", "UKR", None]),
        target_id="FRA",
        goldstein=rng.choice([-2.2, 3.4, 7.4, 0.1]),  # the writer always stores a score
    )
    return tuple(values[name] for name, _ in EVENTS)


def test_deltas_add_up_to_the_fold_of_the_events_whatever_the_order() -> None:
    """Scores with one decimal, batches in another order than the fold: the sums differ only
    by rounding."""
    rng = random.Random(3)
    rows = [
        _event_row(rng, rng.choice(["2024-01-01", "2024-01-02", None]), True) for _ in range(400)
    ]
    goldstein_at = [name for name, _ in EVENTS].index("goldstein")
    key_at = [[name for name, _ in EVENTS].index(k) for k in KEYS]
    # Demote a fifth of them, as the writer would: the key columns and the score come back.
    demoted_at = set(rng.sample(range(len(rows)), 80))
    demoted = [
        tuple(
            [f"e{at}"]
            + [rows[at][i] for k, i in zip(KEYS, key_at, strict=True) if k != "representative"]
            + [rows[at][goldstein_at]]
        )
        for at in sorted(demoted_at)
    ]
    assert len(demoted[0]) == len(DEMOTED_COLUMNS)
    final = [
        (*row[: EVENTS.index(("representative", "bool"))], at not in demoted_at)
        for at, row in enumerate(rows)
    ]
    expected: dict[tuple[Any, ...], list[Any]] = {}
    for row in final:
        slot = expected.setdefault(tuple(row[i] for i in key_at), [0, None])
        slot[0] += 1
        if row[goldstein_at] is not None:
            slot[1] = (slot[1] or 0.0) + row[goldstein_at]
    order = rows[:]
    rng.shuffle(order)
    got: dict[tuple[Any, ...], list[Any]] = {}
    for start in range(0, len(order), 37):  # batches of 37 new rows, then the demotions
        part = batch_deltas(order[start : start + 37], [])
        for *key, n, total in part:
            slot = got.setdefault(tuple(key), [0, None])
            slot[0] += n
            slot[1] = slot[1] if total is None else (slot[1] or 0.0) + total
    for *key, n, total in batch_deltas([], demoted):
        slot = got.setdefault(tuple(key), [0, None])
        slot[0] += n
        slot[1] = slot[1] if total is None else (slot[1] or 0.0) + total
    got = {key: slot for key, slot in got.items() if slot[0]}
    assert got.keys() == expected.keys()
    for key, (n, total) in expected.items():
        assert got[key][0] == n
        assert math.isclose(got[key][1], total, abs_tol=1e-9)


def test_the_resume_window_is_the_newest_of_the_whole_join(
    store: SQLStore, doc_maker: Callable[..., Extraction]
) -> None:
    # Some of the newest articles have no signature: the window reaches further back for them.
    for batch in range(6):
        items = [
            BatchItem(
                doc_maker(TEXT + f" Batch {batch} item {n}.", article_id=f"b{batch}-{n}"),
                None if batch >= 4 and n % 2 else bytes([batch, n]) * 8,
            )
            for n in range(5)
        ]
        store.write_batch(items, extractor="rules/1", data_version="test=1")
        store.execute(
            "UPDATE articles SET ingested_at = ? WHERE id LIKE ?",
            (f"2024-01-01T00:00:0{batch}Z", f"b{batch}-%"),
        )
    everything = list(store.signatures())
    assert len(everything) == 26
    for recent in (0, 1, 3, 7, 12, 26, 40):
        assert list(store.signatures(recent=recent)) == everything[max(0, 26 - recent) :]


@pytest.mark.parametrize("recent", [5])
def test_the_window_of_a_store_without_signatures_is_empty(
    store: SQLStore, doc_maker: Callable[..., Extraction], recent: int
) -> None:
    store.write_batch([BatchItem(doc_maker(TEXT, article_id="x"))], extractor="r", data_version="v")
    assert list(store.signatures(recent=recent)) == []
