"""Every export format, written from a real DuckDB store and read back."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from pathlib import Path

import pytest

from dyads.export import export_events
from dyads.export.gdelt import COLUMNS, event_number, read_gdelt
from dyads.ingest.normalise import make_article
from dyads.model import Actor, Event, Extraction, Mention, Place, Sentence, Span
from dyads.query.filters import EVENT_COLUMNS, EventFilter
from dyads.store.duckdb import DuckDBStore
from dyads.store.rows import BatchItem

RUS = Actor("RUS", "RUS", "Russia")
RUS_MIL = Actor("RUS_MIL", "RUS", "Russian military", sector="MIL")
UKR = Actor("UKR", "UKR", "Ukraine")
G7 = Actor("G7", "IGO", "Group of Seven", kind="igo")
TEXT = "The Russian military shelled Kyiv, Ukraine, on Monday. The G7 condemned Russia."


def _doc(article_id: str, outlet: str, story_id: str, url: str) -> Extraction:
    article = make_article(
        TEXT, article_id=article_id, published="2024-03-04", outlet=outlet, url=url
    )
    article = dataclasses.replace(article, story_id=story_id)
    first, second = Sentence(0, 0, 55), Sentence(1, 56, len(TEXT))

    def mention(actor: Actor, words: str, sent: Sentence) -> Mention:
        start = TEXT.index(words, sent.start)
        return Mention(actor, start, start + len(words), sent.index)

    kyiv = TEXT.index("Kyiv")
    assault = Event(
        id=f"{article_id}-e1",
        article_id=article_id,
        type="ASSAULT",
        cameo="195",
        quad_class=4,
        goldstein=-10.0,
        trigger=Span(TEXT.index("shelled"), TEXT.index("shelled") + 7),
        sentence=first,
        source=(mention(RUS_MIL, "Russian military", first),),
        target=(mention(UKR, "Ukraine", first),),
        mode="aerial",
        date="2024-03-04",
        date_precision="day",
        location=Place("Kyiv", "UKR", kyiv, kyiv + 4, lat=50.45, lon=30.52, geonames_id=703448),
    )
    accuse = Event(
        id=f"{article_id}-e2",
        article_id=article_id,
        type="ACCUSE",
        cameo="112",
        quad_class=3,
        goldstein=-2.0,
        trigger=Span(TEXT.index("condemned"), TEXT.index("condemned") + 9),
        sentence=second,
        source=(mention(G7, "G7", second),),
        target=(mention(RUS, "Russia", second),),
        date="2024-03-04",
        date_precision="day",
        hedged=True,
    )
    return Extraction(article=article, sentences=[first, second], events=[assault, accuse])


@pytest.fixture
def store(tmp_path: Path) -> DuckDBStore:
    store = DuckDBStore(tmp_path / "events.duckdb")
    docs = [
        _doc("a1", "Wire", "a1", "https://wire.example/1"),
        _doc("a2", "Paper", "a1", "https://paper.example/2"),
        _doc("a3", "Gazette", "a3", "https://gazette.example/3"),
    ]
    store.write_batch([BatchItem(doc) for doc in docs], extractor="rules/1", data_version="test=1")
    return store


def test_jsonl_gives_full_records_with_story_ids(store: DuckDBStore, tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    assert export_events(store, path, format="jsonl") == 6
    records = [json.loads(line) for line in path.read_text().splitlines()]
    assert {r["schema"] for r in records} == {"dyads.event/1"}
    by_id = {r["id"]: r for r in records}
    assert by_id["a2-e1"]["story_id"] == "a1"
    assert by_id["a2-e1"]["location"]["name"] == "Kyiv"
    assert by_id["a3-e2"]["trigger"]["text"] == "condemned"


def test_csv_has_flat_columns(store: DuckDBStore) -> None:
    out = io.StringIO()
    assert export_events(store, out, format="csv", where=EventFilter(types=("ASSAULT",))) == 3
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert list(rows[0]) == list(EVENT_COLUMNS)
    assert {r["source_sector"] for r in rows} == {"MIL"}
    assert {r["outlet"] for r in rows} == {"Wire", "Paper", "Gazette"}


def test_parquet_reads_back_with_types(store: DuckDBStore, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    path = tmp_path / "events.parquet"
    assert export_events(store, path, format="parquet", where=EventFilter(hedged=True)) == 3
    table = pq.read_table(path)
    assert table.column_names == list(EVENT_COLUMNS)
    rows = table.to_pylist()
    assert {r["type"] for r in rows} == {"ACCUSE"}
    assert all(r["hedged"] is True and r["quad_class"] == 3 for r in rows)
    assert rows[0]["goldstein"] == -2.0


def test_gdelt_rows_have_the_61_columns_in_order(store: DuckDBStore, tmp_path: Path) -> None:
    path = tmp_path / "events.export.CSV"
    # Two stories, two events each: copies in story a1 count once, with their articles.
    assert export_events(store, path, format="gdelt") == 4
    with path.open(encoding="utf-8") as handle:
        rows = read_gdelt(handle)
    assert COLUMNS[0] == "GLOBALEVENTID" and COLUMNS[-1] == "SOURCEURL" and len(COLUMNS) == 61
    assault = next(r for r in rows if r["EventCode"] == "195" and r["NumArticles"] == "2")
    assert assault["GLOBALEVENTID"] == str(event_number("a1", "a1-e1"))
    assert (assault["SQLDATE"], assault["MonthYear"], assault["Year"]) == (
        "20240304",
        "202403",
        "2024",
    )
    assert assault["FractionDate"] == "2024.2575"
    assert (assault["Actor1Code"], assault["Actor1CountryCode"], assault["Actor1Type1Code"]) == (
        "RUSMIL",
        "RUS",
        "MIL",
    )
    assert assault["Actor2Code"] == "UKR"
    assert (assault["EventBaseCode"], assault["EventRootCode"], assault["QuadClass"]) == (
        "195",
        "19",
        "4",
    )
    assert (assault["NumMentions"], assault["NumSources"], assault["NumArticles"]) == (
        "2",
        "2",
        "2",
    )
    assert assault["GoldsteinScale"] == "-10"
    assert assault["IsRootEvent"] == "1"
    assert (assault["ActionGeo_Type"], assault["ActionGeo_FullName"]) == ("4", "Kyiv")
    assert assault["ActionGeo_CountryCode"] == "UP"  # FIPS 10-4 for Ukraine
    assert (assault["ActionGeo_Lat"], assault["ActionGeo_FeatureID"]) == ("50.45", "703448")
    assert assault["SOURCEURL"] == "https://wire.example/1"
    assert len(assault["DATEADDED"]) == 14
    accuse = next(r for r in rows if r["EventCode"] == "112" and r["NumArticles"] == "1")
    assert (accuse["Actor1Code"], accuse["Actor1KnownGroupCode"]) == ("IGOG7", "G7")
    assert accuse["Actor1CountryCode"] == ""
    assert accuse["IsRootEvent"] == "0"


def test_gdelt_places_state_actors_in_their_country(store: DuckDBStore) -> None:
    """Issue 16, item 11: the actor geo columns were empty on every row."""
    stream = io.StringIO()
    export_events(store, stream, format="gdelt")
    rows = read_gdelt(io.StringIO(stream.getvalue()))
    assault = next(r for r in rows if r["EventCode"] == "195")
    actor1 = [assault[f"Actor1Geo_{part}"] for part in ("Type", "FullName", "CountryCode")]
    assert actor1 == ["1", "Russia", "RS"]  # RUS_MIL: a state's military, in that state
    assert (assault["Actor2Geo_CountryCode"], assault["Actor2Geo_FeatureID"]) == ("UP", "UP")
    accuse = next(r for r in rows if r["EventCode"] == "112")
    assert accuse["Actor1Geo_Type"] == "" and accuse["Actor1Geo_CountryCode"] == ""  # the G7
    assert accuse["Actor2Geo_CountryCode"] == "RS"
    assert accuse["ActionGeo_Type"] == ""  # the event names no place: none is made up


def test_an_unknown_format_is_refused(store: DuckDBStore) -> None:
    from dyads.errors import InputError

    with pytest.raises(InputError, match="xml"):
        export_events(store, io.StringIO(), format="xml")
