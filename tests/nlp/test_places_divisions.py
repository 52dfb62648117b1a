"""First-level divisions and conflict-news towns of data/lexicon/places.yaml ``extra_places``."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from dyads.nlp import yamlfast
from dyads.nlp.gazetteer import Gazetteer, _geonames_dir, _key
from dyads.nlp.places import find_place


def _places(text: str) -> list[tuple[str | None, str]]:
    return [(p.country, text[p.start : p.end]) for p in find_place(text, 0, len(text))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Fighting was reported in the Deir Ezzor countryside.", [("SYR", "Deir Ezzor")]),
        ("A convoy was ambushed in Anbar Province on Sunday.", [("IRQ", "Anbar Province")]),
        ("Two officers died in an ambush in Muthanna.", [("IRQ", "Muthanna")]),
        ("Rockets landed in the Hasakah countryside.", [("SYR", "Hasakah")]),
        ("Gunmen burned a police station in Imo State.", [("NGA", "Imo State")]),
        ("Marines patrolled in Helmand for a week.", [("AFG", "Helmand")]),
        ("Clashes erupted in Idlib governorate overnight.", [("SYR", "Idlib")]),
        ("Drone strikes killed three men in North Waziristan.", [("PAK", "North Waziristan")]),
        ("Troops advanced near Sere Kaniye.", [("SYR", "Sere Kaniye")]),
        ("Pipelines were blown up in the Niger Delta.", [("NGA", "Niger Delta")]),
        ("Shelling hit villages in South Lebanon.", [("LBN", "South Lebanon")]),
        ("Rebels seized a mining town in North Kivu.", [("COD", "North Kivu")]),
        ("Drones struck an energy site in Kharkiv Oblast.", [("UKR", "Kharkiv Oblast")]),
        ("Soldiers clashed with Abu Sayyaf fighters in Sulu.", [("PHL", "Sulu")]),
        ("Insurgents raided a village in Cabo Delgado.", [("MOZ", "Cabo Delgado")]),
        ("A car bomb exploded in Tal Afar.", [("IRQ", "Tal Afar")]),
        ("Gunmen kidnapped travellers in Edo State.", [("NGA", "Edo State")]),
        ("In Tigray, aid convoys were blocked again.", [("ETH", "Tigray")]),
        ("Cartel gunmen attacked a patrol in Guerrero.", [("MEX", "Guerrero")]),
        # a town's council after its name is still the town (Nigerian usage)
        ("Bandits raided a market in Bama Local Government Area.", [("NGA", "Bama")]),
        ("Herders burned farms in Damboa LGA on Tuesday.", [("NGA", "Damboa")]),
        ("A curfew was imposed in Manipur.", [("IND", "Manipur")]),
    ],
)
def test_divisions_and_towns_found(text: str, expected: list[tuple[str | None, str]]) -> None:
    assert _places(text) == expected


@pytest.mark.parametrize(
    ("name", "country"),
    [
        ("Deir el-Zor", "SYR"),
        ("Dayr az Zawr", "SYR"),
        ("Qamishli", "SYR"),
        ("Tell Abyad", "SYR"),
        ("Khan Sheikhoun", "SYR"),
        ("Ras al-Ain", "SYR"),
        ("Kobane", "SYR"),
        ("Hawija", "IRQ"),
        ("Shingal", "IRQ"),
        ("Salah al-Din Province", "IRQ"),
        ("Wana", "PAK"),
        ("Miran Shah", "PAK"),
        ("Khyber Agency", "PAK"),
        ("Hadramout", "YEM"),
        ("Lower Shabelle", "SOM"),
        ("Nord-Kivu", "COD"),
        ("Zaporozhye Oblast", "UKR"),
        ("Jabalia Camp", "PSE"),
        ("North Sinai", "EGY"),
        ("Sistan-Baluchestan", "IRN"),
        ("Chechnya", "RUS"),
        ("South Ossetia", "GEO"),
        ("Artsakh", "AZE"),
        ("Mandera County", "KEN"),
        ("Far North Region", "CMR"),
        ("Tillaberi Region", "NER"),
        ("Centre-Nord", "BFA"),
        ("Judea and Samaria", "PSE"),
        # names another country's bigger city holds as an alternate name
        ("Iskandariya", "IRQ"),
        ("Bilhorod-Dnistrovskyi", "UKR"),
        ("Khoms", "LBY"),
        ("Edo", "NGA"),
        ("Mambasa", "COD"),
        ("Shan", "MMR"),
    ],
)
def test_aliases_resolve(name: str, country: str) -> None:
    entry = Gazetteer.default().lookup(name)
    assert entry is not None and entry.country == country


def test_capital_city_keeps_its_bare_name() -> None:
    gaz = Gazetteer.default()
    for city, province in [("Kandahar", "Kandahar Province"), ("Idlib", "Idlib Governorate")]:
        bare, division = gaz.lookup(city), gaz.lookup(province)
        assert bare is not None and bare.kind == "city"
        assert division is not None and division.kind == "region"
        assert bare.country == division.country


@pytest.mark.parametrize(
    ("name", "country"),
    [("Niger", "NER"), ("Bari", "ITA"), ("Palma", "ESP"), ("Lagos", "NGA"), ("Antakya", "TUR")],
)
def test_shared_names_keep_their_bigger_bearer(name: str, country: str) -> None:
    entry = Gazetteer.default().lookup(name)
    assert entry is not None and entry.country == country


def test_names_shared_by_two_countries_are_left_out() -> None:
    gaz = Gazetteer.default()
    for name in ("Punjab", "Kashmir", "Eastern Province"):
        assert gaz.lookup(name) is None, name


def _extra_places() -> list[dict[str, object]]:
    raw = resources.files("dyads.data.lexicon").joinpath("places.yaml").read_text("utf-8")
    places: list[dict[str, object]] = yamlfast.safe_load(raw)["extra_places"]
    return places


def test_extra_places_are_well_formed() -> None:
    countries = json.loads((_geonames_dir() / "countries.json").read_text("utf-8"))
    iso3 = {c["iso3"] for c in countries.values()}
    offered: dict[str, str] = {}
    for item in _extra_places():
        name = str(item["name"])
        assert item.get("country") is None or item["country"] in iso3, name
        lat, lon = item["lat"], item["lon"]
        assert isinstance(lat, float | int) and -90 <= lat <= 90, name
        assert isinstance(lon, float | int) and -180 <= lon <= 180, name
        aliases = item.get("aliases") or []
        assert isinstance(aliases, list)
        for alias in (name, *map(str, aliases)):
            key = _key(alias)
            # the first entry silently wins a name offered twice: each name has one owner
            assert offered.setdefault(key, name) == name, (key, offered[key], name)


def test_town_ids_are_the_cities_they_name() -> None:
    cities = json.loads((_geonames_dir() / "cities15000.json").read_text("utf-8"))
    countries = json.loads((_geonames_dir() / "countries.json").read_text("utf-8"))
    iso3 = {code: c["iso3"] for code, c in countries.items()}
    by_id = {c["geonameid"]: c for c in cities.values()}
    towns = [item for item in _extra_places() if item.get("geonames_id")]
    assert len(towns) > 30
    for item in towns:
        city = by_id[item["geonames_id"]]
        assert (city["name"], iso3[city["countrycode"]]) == (item["name"], item["country"])
        assert abs(float(city["latitude"]) - float(item["lat"])) < 0.1  # type: ignore[arg-type]
        assert abs(float(city["longitude"]) - float(item["lon"])) < 0.1  # type: ignore[arg-type]
