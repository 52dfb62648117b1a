"""The analyses answer the same from the writer's all-time tables (schema v8) as from the
daily rows alone (v7): the test corpus is ingested into a DuckDB file kept at v7, each
analysis asked, the file upgraded by opening it, and the analyses asked again."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from dyads.query.alerts import find_alerts
from dyads.query.filters import EventFilter
from dyads.query.network import network
from dyads.query.scope import Scope
from dyads.query.series import dyad_series
from dyads.query.summary import stats
from dyads.runs.ingest import ingest
from dyads.store import SQLStore
from dyads.store.duckdb import DuckDBStore
from dyads.store.totals import TOTALS_VERSION, has_totals

CORPUS = Path(__file__).with_name("corpus.jsonl")


def answers(store: SQLStore) -> dict[str, Any]:
    found: dict[str, Any] = {
        "stats": stats(store),
        "stats_type": stats(store, EventFilter(types=("COOPERATE",))),
        "stats_actor": stats(store, EventFilter(actor=("RUS",), hedged=False)),
        "stats_dated": stats(store, EventFilter(since="2024-10")),
        "network": network(store).to_dict(),
    }
    for a, b, directed, scope in [
        ("FRA", "RUS", False, Scope()),
        ("RUS", "IRN", True, Scope(since="2024-09", until="2024-10-20")),
        ("IRN", "RUS", False, Scope(include_hedged=True, include_negated=True, per_story=False)),
        ("RUS", "RUS", False, Scope()),
    ]:
        for interval in ("day", "week", "month"):
            series = dyad_series(store, a, b, interval=interval, directed=directed, scope=scope)
            found[f"series {a} {b} {directed} {scope} {interval}"] = series.to_dict()
    for options in [
        {},
        {"method": "poisson"},
        {"by": "quad"},
        {"interval": "day", "threshold": 1.0, "min_count": 1},
        {"scope": Scope(since="2024-08-01"), "min_count": 1, "threshold": 1.0},
        {"scope": Scope(until="2024-10-13"), "min_count": 1, "threshold": 0.5},
        {"scope": Scope(include_hedged=True, per_story=False)},
    ]:
        alerts = find_alerts(store, **options)  # type: ignore[arg-type]
        found[f"alerts {options}"] = [alert.to_dict() for alert in alerts]
    return json.loads(json.dumps(found, default=str))


def test_v7_and_v8_answer_alike(tmp_path: Path) -> None:
    path = tmp_path / "events.duckdb"
    old = DuckDBStore(path, upgrade=False)
    old.migrate(target=TOTALS_VERSION - 1)
    report = ingest([str(CORPUS)], store=old)
    assert report.failed == 0, report.errors
    assert not has_totals(old)
    before = answers(old)
    old.close()
    with DuckDBStore(path) as store:
        assert has_totals(store)
        after = answers(store)
    assert before["alerts {}"], "the corpus has its spike"
    assert any(
        point["total"]
        for point in before["series FRA RUS False " + str(Scope()) + " week"]["points"]
    )
    assert after == before
