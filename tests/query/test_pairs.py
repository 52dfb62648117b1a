"""The analyses read the writer's daily counts (``dyad_days``); a database without them (one
at schema version 6) is answered from the events, as before. Both must give the same answers:
the corpus is ingested into each, and series, network, alerts and stats are compared."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from dyads.query.alerts import find_alerts
from dyads.query.filters import EventFilter
from dyads.query.network import network
from dyads.query.pairs import event_pairs, key_ids
from dyads.query.scope import Scope
from dyads.query.series import dyad_series
from dyads.query.summary import stats
from dyads.runs.ingest import ingest
from dyads.store import SQLStore
from dyads.store.daily import has_days
from dyads.store.duckdb import DuckDBStore

from .conftest import CORPUS


@pytest.fixture(scope="module")
def without_days(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SQLStore]:
    store = DuckDBStore(tmp_path_factory.mktemp("v6") / "v6.duckdb", upgrade=False)
    store.migrate(target=6)  # the version before dyad_days
    report = ingest([str(CORPUS)], store=store)
    assert report.failed == 0, report.errors
    assert not has_days(store)
    yield store
    store.close()


@pytest.mark.parametrize(
    ("type_", "sources", "targets", "pairs"),
    [
        ("ACCUSE", ";FRA;FRA;", ";RUS;RUS;", [("FRA", "RUS")]),
        ("ACCUSE", ";FRA;FRA;DEU;DEU;", ";RUS_MIL;RUS;", [("FRA", "RUS_MIL"), ("DEU", "RUS_MIL")]),
        ("COOPERATE", ";RUS;RUS;", ";IRN;IRN;", [("IRN", "RUS")]),
        (
            "COOPERATE",
            ";RUS;RUS;IRN;IRN;CHN;CHN;",
            ";",
            [("IRN", "RUS"), ("CHN", "RUS"), ("CHN", "IRN")],
        ),
        ("ACCUSE", ";RUS;RUS;", ";RUS;RUS;", []),  # never an actor's pair with itself
        ("ASSAULT", ";RUS;RUS;", ";", []),  # no target, no pair
        ("ASSAULT", None, None, []),
    ],
)
def test_the_pairs_of_an_event_come_from_its_key_columns(
    type_: str, sources: str | None, targets: str | None, pairs: list[tuple[str, str]]
) -> None:
    assert sorted(event_pairs(type_, sources, targets)) == sorted(pairs)


def test_key_ids_are_every_other_entry() -> None:
    assert key_ids(";RUS_MIL;RUS;UKR;UKR;") == ["RUS_MIL", "UKR"]
    assert key_ids(";") == key_ids("") == key_ids(None) == []


@pytest.mark.parametrize(
    "scope",
    [
        Scope(),
        Scope(per_story=False, include_hedged=True, include_negated=True),
        Scope(since="2024-09", until="2024-10-31", types=("COOPERATE", "ACCUSE")),
    ],
)
def test_series_and_network_agree_with_the_events(
    analysis_db: Path, without_days: SQLStore, scope: Scope
) -> None:
    with DuckDBStore(analysis_db) as store:
        assert has_days(store)
        for a, b, directed in (("RUS", "IRN", False), ("FRA", "RUS", True), ("RUS", "RUS", False)):
            for interval in ("day", "week", "month"):
                got = dyad_series(store, a, b, interval=interval, directed=directed, scope=scope)
                want = dyad_series(
                    without_days, a, b, interval=interval, directed=directed, scope=scope
                )
                assert got.to_dict() == want.to_dict()
        assert network(store, scope=scope).to_dict() == network(without_days, scope=scope).to_dict()
        assert network(store, scope=scope).edges  # not two empty answers


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"by": "quad", "method": "poisson"},
        {"interval": "day", "window": 20, "min_count": 1},
        {"scope": Scope(since="2024-08-01"), "min_count": 1, "window": 3},
        {"scope": Scope(since="2024-09", until="2024-10"), "min_count": 1, "window": 2},
        {"scope": Scope(until="2024-09-30"), "min_count": 1, "threshold": 0.5},
        {"interval": "month", "min_count": 1, "min_baseline": 1, "threshold": 0.1},
    ],
)
def test_alerts_agree_with_the_events(
    analysis_db: Path, without_days: SQLStore, options: dict
) -> None:
    with DuckDBStore(analysis_db) as store:
        got = [a.to_dict() for a in find_alerts(store, **options)]
        want = [a.to_dict() for a in find_alerts(without_days, **options)]
    assert got == want


@pytest.mark.parametrize(
    "where",
    [
        EventFilter(),
        EventFilter(types=("COOPERATE",), negated=False),
        EventFilter(actor=("RUS",), since="2024-09", hedged=False),
        EventFilter(source=("FRA",), target=("RUS",)),
        EventFilter(story_id="t-1014-a"),
    ],
)
def test_stats_agree_with_the_events(
    analysis_db: Path, without_days: SQLStore, where: EventFilter
) -> None:
    with DuckDBStore(analysis_db) as store:
        assert stats(store, where, top=5) == stats(without_days, where, top=5)
