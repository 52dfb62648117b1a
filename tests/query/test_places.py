"""Located events by place for the map, over the test store (DuckDB, and PostgreSQL when
given): counts checked against plain SQL, evidence carried with each place, filters applied."""

from __future__ import annotations

from dyads.query.filters import EventFilter
from dyads.query.places import places
from dyads.store import SQLStore


def test_places_count_and_carry_their_evidence(analysis_store: SQLStore) -> None:
    found = places(analysis_store)
    ((total, located),) = analysis_store.fetch("SELECT COUNT(*), COUNT(lat) FROM events")
    assert (found["events"], found["located"]) == (total, located)
    assert located > 0
    assert sum(p["events"] for p in found["places"]) == located
    hormuz = next(p for p in found["places"] if p["name"] == "Strait of Hormuz")
    assert -90 <= hormuz["lat"] <= 90 and -180 <= hormuz["lon"] <= 180
    assert len(hormuz["items"]) == hormuz["events"]
    assert all("Hormuz" in e["evidence_text"] for e in hormuz["items"])
    assert sum(hormuz["quad_class"].values()) == hormuz["events"]


def test_places_follow_the_filter_and_the_listing_limit(analysis_store: SQLStore) -> None:
    accusations = places(analysis_store, EventFilter(types=("ACCUSE",)))
    assert all(e["type"] == "ACCUSE" for p in accusations["places"] for e in p["items"])
    assert "Strait of Hormuz" not in {p["name"] for p in accusations["places"]}
    bare = places(analysis_store, per_place=0)
    assert bare["places"] and all(p["items"] == [] for p in bare["places"])


def test_actor_countries_count_each_event_once(analysis_store: SQLStore) -> None:
    found = {c["country"]: c["events"] for c in places(analysis_store)["actor_countries"]}
    ((russia,),) = analysis_store.fetch(
        "SELECT COUNT(*) FROM events WHERE POSITION(';RUS;' IN source_keys) > 0"
        " OR POSITION(';RUS;' IN target_keys) > 0"
    )
    assert found["RUS"] == russia
    assert all(code.isalpha() and len(code) == 3 for code in found)
