"""Nested transactions join the outermost one, on every backend (SQLStore.joined)."""

from __future__ import annotations

import pytest

from dyads.store import SQLStore


class Boom(Exception):
    pass


def _rows(store: SQLStore) -> list[int]:
    return [x for (x,) in store.fetch("SELECT x FROM tx_probe ORDER BY x")]


@pytest.fixture
def probe(store: SQLStore) -> SQLStore:
    store.execute("CREATE TABLE tx_probe (x INTEGER)")
    return store


def test_an_inner_transaction_commits_with_the_outer_one(probe: SQLStore) -> None:
    with probe.transaction():
        probe.execute("INSERT INTO tx_probe VALUES (1)")
        with probe.transaction():
            probe.execute("INSERT INTO tx_probe VALUES (2)")
        probe.execute("INSERT INTO tx_probe VALUES (3)")
    assert _rows(probe) == [1, 2, 3]


def test_a_failure_inside_a_nested_transaction_rolls_back_all_of_it(probe: SQLStore) -> None:
    probe.execute("INSERT INTO tx_probe VALUES (0)")
    with pytest.raises(Boom), probe.transaction():
        probe.execute("INSERT INTO tx_probe VALUES (1)")
        with probe.transaction():
            probe.execute("INSERT INTO tx_probe VALUES (2)")
        raise Boom
    assert _rows(probe) == [0]
    with probe.transaction():  # and the next one begins afresh
        probe.execute("INSERT INTO tx_probe VALUES (4)")
    assert _rows(probe) == [0, 4]
