"""The writer's all-time counts (schema v8: ``dyad_totals``, ``dyad_pairs``, ``store_counts``
and ``dyad_days.k``) must equal a count from scratch after every way events arrive or change:
copies over several batches (which demote stored picks), the same batch twice, a re-code, a
writer reopened (which no longer remembers its stories), and an upgrade from v7."""

from __future__ import annotations

from collections.abc import Callable

from dyads.model import Extraction
from dyads.query.pairs import pair_rows_sql
from dyads.query.scope import Scope
from dyads.store import SQLStore
from dyads.store.rows import BatchItem
from dyads.store.totals import KEYS, TOTALS_VERSION, has_totals, store_counts

TEXT = "The G7 condemned Russia on Monday. France and Germany agreed to help Ukraine."
EVENTS = [
    {"type": "ACCUSE", "source": "G7", "target": "RUS", "trigger": "condemned"},
    {"type": "AGREE", "source": ["FRA", "DEU"], "target": "UKR", "trigger": "agreed"},
    {"type": "COOPERATE", "source": "FRA", "target": "DEU", "trigger": "help"},
]
_KEYS = ", ".join(KEYS)
_EVERY = Scope(include_hedged=True, include_negated=True, per_story=False)


def write(store: SQLStore, *docs: Extraction) -> None:
    store.write_batch(
        [BatchItem(doc, b"\x01" * 16) for doc in docs], extractor="r", data_version="t"
    )


def check(store: SQLStore) -> None:
    """Every kept count against the events and articles counted afresh."""
    kept = store.fetch(f"SELECT {_KEYS}, n FROM dyad_totals")
    fresh = store.fetch(f"SELECT {_KEYS}, COUNT(*) FROM events GROUP BY {_KEYS}")
    assert sorted(kept, key=repr) == sorted(fresh, key=repr)
    ids = [row[0] for row in store.fetch("SELECT k FROM dyad_totals")]
    assert len(ids) == len(set(ids))
    # Each daily row carries the id of the combination it counts.
    same = " AND ".join(f"t.{name} IS NOT DISTINCT FROM d.{name}" for name in KEYS)
    matched = store.fetch(
        f"SELECT COUNT(*) FROM dyad_days d JOIN dyad_totals t ON t.k = d.k AND {same}"
    )
    assert matched == store.fetch("SELECT COUNT(*) FROM dyad_days")
    # The pairs of each combination, against joining the events' actor slots twice.
    paired = store.fetch(
        "SELECT p.source, p.target, t.type, t.quad_class, SUM(t.n) FROM dyad_pairs p"
        " JOIN dyad_totals t ON t.k = p.k GROUP BY p.source, p.target, t.type, t.quad_class"
    )
    sql, params = pair_rows_sql(_EVERY)
    joined = [row[:5] for row in store.fetch(sql, params)]
    assert sorted(paired, key=repr) == sorted(joined, key=repr)
    orphans = store.fetch(
        "SELECT COUNT(*) FROM dyad_pairs WHERE k NOT IN (SELECT k FROM dyad_totals)"
    )
    assert orphans[0][0] == 0
    articles = store.fetch("SELECT COUNT(*), COUNT(DISTINCT story_id) FROM articles")[0]
    assert store_counts(store) == (int(articles[0]), int(articles[1]))


def copies(doc_maker: Callable[..., Extraction], story: str = "s1", n: int = 5) -> list[Extraction]:
    first = doc_maker(TEXT, events=EVENTS, article_id=story)
    return [first] + [
        doc_maker(TEXT + f" Copy {i}.", events=EVENTS, article_id=f"{story}-{i}", story_id=story)
        for i in range(2, n + 1)
    ]


def test_copies_over_several_batches_keep_the_totals_equal_to_the_events(
    store: SQLStore, doc_maker: Callable[..., Extraction]
) -> None:
    docs = copies(doc_maker)
    other = doc_maker(TEXT, events=EVENTS[:1], article_id="t1", published="2024-10-21")
    undated = doc_maker(TEXT + " Undated.", events=EVENTS[1:], article_id="u1", published=None)
    maybe = [dict(EVENTS[0], hedged=True)]
    hedged = doc_maker(TEXT + " Maybe.", events=maybe, article_id="h1")
    # Later copies carry lower event ids (hashes): stored picks are demoted as they come.
    for doc in [docs[0], *reversed(docs[1:]), other, undated, hedged]:
        write(store, doc)
        check(store)
    assert store_counts(store) == (8, 4)
    picked = store.fetch("SELECT SUM(n) FROM dyad_totals WHERE representative")
    assert picked == store.fetch("SELECT COUNT(*) FROM story_events")


def test_the_same_batch_written_twice_counts_once(
    store: SQLStore, doc_maker: Callable[..., Extraction]
) -> None:
    docs = copies(doc_maker)
    write(store, *docs)
    before = store.fetch(f"SELECT {_KEYS}, n FROM dyad_totals")
    write(store, *docs)
    check(store)
    assert sorted(store.fetch(f"SELECT {_KEYS}, n FROM dyad_totals"), key=repr) == sorted(
        before, key=repr
    )
    assert store_counts(store) == (5, 1)


def test_a_recode_that_drops_events_and_moves_the_pick_keeps_the_totals(
    store: SQLStore, doc_maker: Callable[..., Extraction]
) -> None:
    write(store, *copies(doc_maker))
    moved = [
        doc_maker(TEXT, events=EVENTS[:1], article_id="s1", published="2024-11-02"),
        doc_maker(TEXT + " Copy 2.", events=[], article_id="s1-2", story_id="s1"),
    ]
    store.replace_extractions(moved, extractor="r2", data_version="t2")
    check(store)
    # No combination is left behind at zero, with or without its pairs.
    assert store.fetch("SELECT COUNT(*) FROM dyad_totals WHERE n <= 0")[0][0] == 0


def test_a_reopened_writer_counts_a_story_it_no_longer_remembers_once(
    backend: Callable[..., SQLStore], doc_maker: Callable[..., Extraction]
) -> None:
    docs = copies(doc_maker, n=4)
    first = backend()
    write(first, *docs[:2])
    write(first, docs[2])  # a story the writer remembers
    first.close()
    second = backend()
    write(second, docs[3])  # one it asks the database about
    # A story whose id names no article, in two batches.
    alone = [
        doc_maker(TEXT + f" Wire {i}.", events=EVENTS[:1], article_id=f"w{i}", story_id="wire")
        for i in (1, 2)
    ]
    write(second, alone[0])
    write(second, alone[1])
    check(second)
    assert store_counts(second) == (6, 2)


def test_a_v7_database_gets_its_totals_when_it_is_upgraded(
    backend: Callable[..., SQLStore], doc_maker: Callable[..., Extraction]
) -> None:
    old = backend(upgrade=False)
    old.migrate(target=TOTALS_VERSION - 1)
    assert not has_totals(old)
    write(old, *copies(doc_maker), doc_maker(TEXT, events=EVENTS[:2], article_id="t1"))
    old.close()
    store = backend()
    assert has_totals(store)
    check(store)
    assert store_counts(store) == (6, 2)
    write(store, doc_maker(TEXT + " Later.", events=EVENTS, article_id="t1-2", story_id="t1"))
    check(store)


def test_a_pick_moving_to_another_combination_empties_the_old_one_through_a_reopen(
    backend: Callable[..., SQLStore], doc_maker: Callable[..., Extraction]
) -> None:
    """Batches add their change to the daily rows and the totals (store/day_deltas.py): a
    story's pick that moves from a hedged copy to plain ones, on another day, leaves the
    hedged representative combination at zero, which goes (check(): no row left behind)."""
    hedged = [dict(event, hedged=True) for event in EVENTS]
    first = doc_maker(TEXT, events=hedged, article_id="p", published="2024-10-20")
    later = [
        doc_maker(
            TEXT + f" Copy {i}.", events=EVENTS, article_id=f"p-{i}", story_id="p",
            published="2024-11-03",
        )
        for i in range(2, 6)
    ]  # fmt: skip
    store = backend()
    write(store, first)
    check(store)
    picked_hedged = "SELECT COUNT(*) FROM dyad_totals WHERE representative AND hedged"
    assert store.fetch(picked_hedged)[0][0] == len(EVENTS)
    for n, doc in enumerate(reversed(later)):  # lower event ids come later: picks move
        write(store, doc)
        check(store)
        if n == 1:
            if store.dialect == "duckdb":
                store.execute("CHECKPOINT")
            store.close()
            store = backend()  # a writer that no longer remembers the story's picks
    # Which copy keeps an event's pick follows the event ids (hashes): most picks moved, and
    # check() found no combination left behind at zero.
    assert store.fetch(picked_hedged)[0][0] < len(EVENTS)
    assert store.fetch("SELECT COUNT(*) FROM dyad_totals WHERE n <= 0")[0][0] == 0
    assert store_counts(store) == (5, 1)
