from __future__ import annotations

import json
from pathlib import Path

import pytest

from dyads.errors import InputError
from dyads.query.scope import Scope, period_label, period_start
from dyads.query.series import dyad_events, dyad_series
from dyads.runs.ingest import ingest
from dyads.store import SQLStore, open_store


def totals(series: object) -> dict[str, int]:
    return {p.period: p.total for p in series.points if p.total}  # type: ignore[attr-defined]


def test_weekly_series_counts_each_story_once_and_fills_gaps(analysis_store: SQLStore) -> None:
    series = dyad_series(analysis_store, "RUS", "IRN", interval="week")
    assert totals(series) == {"2024-W34": 1, "2024-W38": 1, "2024-W42": 4}
    periods = [p.period for p in series.points]
    assert periods[0] == "2024-W34" and periods[-1] == "2024-W42"
    assert len(periods) == 9  # the quiet weeks are there, with zero events
    assert all(p.quad[2] == p.total for p in series.points)  # COOPERATE: material cooperation


def test_mentions_count_every_copy_and_hedged_is_includable(analysis_store: SQLStore) -> None:
    scope = Scope(per_story=False, include_hedged=True)
    series = dyad_series(analysis_store, "RUS", "IRN", scope=scope)
    # The syndicated copy adds a mention; the hedged AID ("allegedly received") is counted.
    assert totals(series) == {"2024-W34": 1, "2024-W38": 1, "2024-W39": 1, "2024-W42": 5}


def test_negated_events_are_left_out_by_default(analysis_store: SQLStore) -> None:
    # "Germany denied supplying weapons to Ukraine": the AID did not happen.
    aid = Scope(types=("AID",))
    assert totals(dyad_series(analysis_store, "DEU", "UKR", scope=aid)) == {}
    both = Scope(types=("AID",), include_negated=True)
    assert totals(dyad_series(analysis_store, "DEU", "UKR", scope=both)) == {"2024-W40": 1}


def test_direction_and_indexes(analysis_store: SQLStore) -> None:
    forward = dyad_series(analysis_store, "FRA", "RUS", interval="month", directed=True)
    backward = dyad_series(analysis_store, "RUS", "FRA", interval="month", directed=True)
    assert forward.totals().total == 6 and forward.totals().quad[3] == 6
    assert backward.totals().total == 0
    whole = forward.totals()
    assert whole.count_index == -1.0
    assert whole.goldstein_index is not None and whole.goldstein_index < 0
    assert [p.period for p in forward.points] == ["2024-08", "2024-09", "2024-10"]
    undirected = dyad_series(analysis_store, "RUS", "FRA", interval="month")
    assert undirected.totals().total == 6


def test_since_and_until_bound_the_periods(analysis_store: SQLStore) -> None:
    series = dyad_series(
        analysis_store, "RUS", "IRN", interval="day", scope=Scope(since="2024-10", until="2024-10")
    )
    assert series.points[0].start == "2024-10-01" and series.points[-1].end == "2024-10-31"
    assert sum(p.total for p in series.points) == 4


def test_dyad_events_list_the_events_of_a_point(analysis_store: SQLStore) -> None:
    point = next(p for p in dyad_series(analysis_store, "RUS", "IRN").points if p.total == 4)
    events = dyad_events(
        analysis_store, "IRN", "RUS", scope=Scope(since=point.start, until=point.end)
    )
    assert len(events) == 4
    assert {e["type"] for e in events} == {"COOPERATE"}
    assert all(e["evidence_text"] for e in events)


@pytest.mark.parametrize(
    ("kwargs", "problem"),
    [
        ({"interval": "hour"}, "interval"),
        ({"scope": Scope(since="last week")}, "since"),
        ({"scope": Scope(types=("HUG",))}, "type"),
    ],
)
def test_bad_input_is_refused(analysis_store: SQLStore, kwargs: dict, problem: str) -> None:
    with pytest.raises(InputError, match=problem):
        dyad_series(analysis_store, "RUS", "IRN", **kwargs)


def test_week_labels_follow_iso_weeks() -> None:
    from datetime import date

    start = period_start(date(2024, 12, 31), "week")
    assert start == date(2024, 12, 30)
    assert period_label(start, "week") == "2025-W01"


def test_key_columns_answer_dyads_as_the_actor_slots_do(analysis_store: SQLStore) -> None:
    """The fast form of a dyad (key columns) and the slot form (``event_actors``) agree for
    every pair of ids and codes in the store that no single actor slot can match twice."""
    from dyads.query.filters import FROM_EVENTS
    from dyads.query.scope import dyad_clause

    rows = analysis_store.fetch("SELECT DISTINCT actor_id, code FROM event_actors", [])
    values = sorted({v for row in rows for v in row if v})
    one_slot = {(actor_id, code) for actor_id, code in rows} | {(c, i) for i, c in rows}
    everything = Scope(per_story=False, include_hedged=True, include_negated=True)
    compared = reciprocal = 0
    for a in values:
        for b in values:
            if a == b or (a, b) in one_slot:
                continue  # one slot may match both: only the slot form answers
            for directed in (True, False):
                answers = []
                for shared in (True, False):
                    clause = dyad_clause(a, b, directed=directed, shared_slot=shared)
                    where, params = everything.where(clause)
                    sql = f"SELECT e.article_id, e.id, e.type {FROM_EVENTS} {where}"
                    answers.append(sorted(analysis_store.fetch(sql, params)))
                assert answers[0] == answers[1], (a, b, directed)
                compared += 1
                reciprocal += any(row[2] in ("COOPERATE", "CONSULT") for row in answers[0])
    assert compared > 100 and reciprocal > 0


def test_an_actor_is_not_its_own_partner_in_one_slot(analysis_store: SQLStore) -> None:
    # Every RUS-IRN cooperation has one Russian slot: RUS with itself is no dyad, nor is an
    # actor's id with its own code.
    assert dyad_series(analysis_store, "RUS", "RUS").totals().total == 0
    rows = analysis_store.fetch("SELECT actor_id, code FROM event_actors WHERE code = 'RUS'", [])
    assert rows
    assert dyad_series(analysis_store, rows[0][0], "RUS").totals().total == 0


def test_one_slot_holding_both_actors_is_no_dyad(tmp_path: Path) -> None:
    # The Revolutionary Guards' slot holds IRGC (id) and IRN (code): on the key columns alone
    # "IRGC with IRN" looks like a pair; on the actor slots it is one actor.
    corpus = tmp_path / "guards.jsonl"
    text = (
        "The Russian military and Iran's Revolutionary Guards cooperated closely in Syria,"
        " officials said on Tuesday."
    )
    corpus.write_text(json.dumps({"id": "g1", "text": text, "published": "2024-10-15"}) + "\n")
    with open_store(tmp_path / "guards.duckdb") as store:
        ingest([str(corpus)], store=store)
        assert dyad_series(store, "RUS", "IRGC").totals().total == 1
        assert dyad_series(store, "IRN", "RUS").totals().total == 1
        assert dyad_series(store, "IRGC", "IRN").totals().total == 0
        assert dyad_series(store, "IRN", "IRGC", directed=True).totals().total == 0
        assert dyad_events(store, "IRGC", "IRN") == []
