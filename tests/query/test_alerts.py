from __future__ import annotations

import math
from pathlib import Path

import pytest

from dyads.errors import InputError
from dyads.query.alerts import find_alerts, poisson_sf
from dyads.query.scope import Scope
from dyads.runs.ingest import ingest
from dyads.store import SQLStore, open_store


def test_the_spike_in_cooperation_is_found_with_its_evidence(analysis_store: SQLStore) -> None:
    alerts = find_alerts(analysis_store)
    assert len(alerts) == 1
    alert = alerts[0]
    assert (alert.source, alert.target, alert.key) == ("IRN", "RUS", "COOPERATE")
    assert alert.period == "2024-W42" and alert.count == 4
    assert alert.baseline_periods == 8 and alert.baseline_mean == pytest.approx(0.25)
    assert "Iran – Russia: 4 COOPERATE events in week 2024-W42" in alert.reason
    assert len(alert.evidence) == 4
    assert {e["article_id"] for e in alert.evidence} >= {"t-1014-a", "t-1014-d"}


def test_poisson_and_quad_grouping_agree(analysis_store: SQLStore) -> None:
    poisson = find_alerts(analysis_store, method="poisson")
    assert [(a.source, a.target, a.key) for a in poisson] == [("IRN", "RUS", "COOPERATE")]
    assert poisson[0].p_value < 0.001
    quads = find_alerts(analysis_store, by="quad")
    assert [a.key for a in quads] == ["material cooperation"]
    assert len(quads[0].evidence) == 4


def test_steady_activity_raises_nothing(analysis_store: SQLStore) -> None:
    # France accuses Russia about weekly: one event a week is its normal.
    found = find_alerts(analysis_store, scope=Scope(since="2024-08-01"), min_count=1)
    assert all(a.source != "FRA" for a in found)


def test_a_quiet_period_checked_explicitly_has_no_alert(analysis_store: SQLStore) -> None:
    assert find_alerts(analysis_store, scope=Scope(since="2024-09-01", until="2024-09-30")) == []


def test_poisson_tail() -> None:
    assert poisson_sf(0, 2.0) == 1.0
    assert poisson_sf(1, 2.0) == pytest.approx(1 - math.exp(-2.0))
    assert poisson_sf(3, 0.5) == pytest.approx(1 - math.exp(-0.5) * (1 + 0.5 + 0.125))


@pytest.mark.parametrize(
    "kwargs", [{"method": "magic"}, {"by": "actor"}, {"interval": "fortnight"}, {"window": 0}]
)
def test_bad_options_are_refused(analysis_store: SQLStore, kwargs: dict) -> None:
    with pytest.raises(InputError):
        find_alerts(analysis_store, **kwargs)


def test_alert_evidence_lists_the_events_it_counts(tmp_path: Path) -> None:
    """An alert's list holds exactly the events of its count (when they fit): matching the
    dyad by code as well listed an official's events under their state's alert ("3 AGREE
    events" beside four), and a reciprocal event under both orders of its pair."""
    corpus = Path(__file__).with_name("corpus.jsonl")
    demo = Path(__file__).resolve().parents[2] / "examples" / "demo"
    db = tmp_path / "demo.duckdb"
    ingest([str(demo), str(corpus)], store=db)
    store = open_store(db)
    try:
        checked = 0
        for interval in ("week", "month", "year"):
            for by in ("type", "quad"):
                for per_story in (True, False):
                    scope = Scope(since="2000", per_story=per_story)
                    for alert in find_alerts(
                        store, scope=scope, interval=interval, by=by, min_count=1,
                        threshold=0.1, evidence=50, limit=500,
                    ):  # fmt: skip
                        assert len(alert.evidence) == alert.count, alert.reason
                        checked += 1
        assert checked > 20
    finally:
        store.close()
