"""The writer's id lookups: a Bloom filter rules out new ids, the database answers the rest.

The filter may hold too much (a lookup), never too little (a duplicate article): every insert
through any store of the same file in this process must reach it, before and after it grows.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import duckdb
import numpy as np

from dyads.model import Extraction
from dyads.store.duckdb import DuckDBStore
from dyads.store.rows import BatchItem
from dyads.store.seen import BloomFilter, StoredKeys, hash_values

TEXT = "The G7 condemned Russia on Monday."
EVENTS = [{"type": "ACCUSE", "source": "G7", "target": "RUS", "trigger": "condemned"}]


def write(store: DuckDBStore, doc: Extraction, *marks: str) -> int:
    item = BatchItem(doc, b"\x01" * 16, marks)
    return store.write_batch([item], extractor="rules/1", data_version="test=1")


def test_a_filter_holds_every_hash_added_and_few_others() -> None:
    rng = np.random.default_rng(5)
    held = rng.integers(0, 2**63, size=50_000, dtype=np.uint64)
    bloom = BloomFilter(len(held))
    bloom.add(held)
    assert bloom.maybe(held).all()
    others = rng.integers(0, 2**63, size=200_000, dtype=np.uint64)
    assert bloom.maybe(others).mean() < 0.001  # about 1 in 20,000 by design


def test_a_filter_chain_past_its_capacity_still_holds_everything() -> None:
    con = duckdb.connect()
    con.execute("CREATE TABLE articles (id TEXT)")
    keys = StoredKeys()
    ids = [f"article-{n}" for n in range(150_000)]  # more than twice the first capacity
    assert keys.maybe_stored(con, "articles", ids[:10]) == []
    for start in range(0, len(ids), 10_000):
        keys.added(con, "articles", hash_values(con, ids[start : start + 10_000]))
    assert len(keys._filters["articles"]) >= 2  # it grew
    assert keys.maybe_stored(con, "articles", ids) == ids


def test_stored_ids_and_marks_are_found_and_new_ones_are_not(
    tmp_path: Path, doc_maker: Callable[..., Extraction]
) -> None:
    store = DuckDBStore(tmp_path / "s.duckdb")
    assert write(store, doc_maker(TEXT, events=EVENTS, article_id="a1"), "url:one") == 1
    assert store.known_articles(["a1", "a2"]) == {"a1"}
    assert set(store.stored_hashes(["a1", "a2"])) == {"a1"}
    assert store.done_keys(["url:one", "url:two"]) == {"url:one"}
    store.mark_done([("url:two", None)])
    assert store.done_keys(["url:one", "url:two"]) == {"url:one", "url:two"}
    # Written again: nothing is added (the filter says maybe, the database says stored).
    assert write(store, doc_maker(TEXT, events=EVENTS, article_id="a1"), "url:one") == 0
    store.close()
    # Reopened: the filter is built from the file.
    again = DuckDBStore(tmp_path / "s.duckdb")
    assert again.known_articles(["a1", "a2"]) == {"a1"}
    assert again.count("articles") == 1
    again.close()


def test_two_stores_of_one_file_see_each_others_writes(
    tmp_path: Path, doc_maker: Callable[..., Extraction]
) -> None:
    one = DuckDBStore(tmp_path / "s.duckdb")
    assert one.known_articles(["a1"]) == set()  # its filter is built now, empty
    two = DuckDBStore(tmp_path / "s.duckdb")
    write(two, doc_maker(TEXT, events=EVENTS, article_id="a1"))
    assert one.known_articles(["a1"]) == {"a1"}
    assert write(one, doc_maker(TEXT, events=EVENTS, article_id="a1")) == 0
    assert one.count("articles") == 1
    one.close()
    two.close()


def test_in_memory_stores_keep_filters_of_their_own(doc_maker: Callable[..., Extraction]) -> None:
    one, two = DuckDBStore(":memory:"), DuckDBStore(":memory:")
    write(one, doc_maker(TEXT, events=EVENTS, article_id="a1"))
    assert write(two, doc_maker(TEXT, events=EVENTS, article_id="a1")) == 1
    one.close()
    two.close()


def test_a_demotion_below_its_floor_falls_back_to_the_whole_table(tmp_path: Path) -> None:
    # Rows renumbered (deleted rows compacted by a checkpoint) put an event below the floor
    # the writer remembered: the update must still reach it.
    store = DuckDBStore(tmp_path / "s.duckdb")
    store.execute("INSERT INTO events (article_id, id, representative) VALUES ('a', 'e1', TRUE)")
    store.execute("INSERT INTO events (article_id, id, representative) VALUES ('a', 'e2', TRUE)")
    store.demote(["e2"], floor=1)
    store.demote(["e1"], floor=5)
    assert store.fetch("SELECT id FROM events WHERE representative") == []
    store.close()
