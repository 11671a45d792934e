"""The gazetteer index: build from injected rows, look-ups, fuzzy fallback, user places."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from warlog.errors import ConfigError
from warlog.geo import build as geo_build
from warlog.geo.build import BUILD_VERSION, build_index, index_version
from warlog.geo.gazetteer import Gazetteer, GazetteerError, add_user_places, contains, distance_km
from warlog.geo.sources import Sources, sources_from_json

MINI = Path(__file__).resolve().parent / "fixtures" / "geo" / "mini_sources.json"


@pytest.fixture(scope="module")
def mini_sources() -> Sources:
    return sources_from_json(MINI)


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory, mini_sources: Sources) -> Path:
    path = tmp_path_factory.mktemp("gaz") / "mini.sqlite"
    build_index(path, sources=mini_sources, user_places=path.parent / "none.csv")
    return path


@pytest.fixture
def gaz(index: Path) -> Iterator[Gazetteer]:
    g = Gazetteer.open(index, build=False)
    yield g
    g.close()


def test_build_report_and_atomic_write(tmp_path: Path, mini_sources: Sources) -> None:
    path = tmp_path / "sub" / "g.sqlite"
    report = build_index(path, sources=mini_sources, user_places=tmp_path / "none.csv")
    assert report.path == path and path.exists()
    assert report.places > 30 and report.names > report.places
    assert report.size_bytes == path.stat().st_size
    assert report.seconds >= 0
    assert index_version(path) == BUILD_VERSION
    assert [p.name for p in path.parent.iterdir()] == ["g.sqlite"]  # no temporary file left behind


def test_lookup_by_own_alternate_and_stripped_names(gaz: Gazetteer) -> None:
    assert [p.geonames_id for p in gaz.lookup("Al Kut")] == [99131]
    assert [p.geonames_id for p in gaz.lookup("Musayyib")] == [99039]
    wasit = gaz.lookup("Wasit province")
    assert [(p.kind, p.geonames_id, p.admin1_code) for p in wasit] == [("admin1", 89693, "IQ.16")]
    assert gaz.lookup("Muhafazat Wasit")[0].geonames_id == 89693
    assert gaz.lookup("Baghdad", kinds=["city"])[0].feature_code == "PPLC"
    assert {p.kind for p in gaz.lookup("Baghdad")} == {"city", "admin1"}
    assert gaz.lookup("Athens", country="GR")[0].geonames_id == 264371
    assert gaz.lookup("Nowhere at all") == []


def test_place_fields(gaz: Gazetteer) -> None:
    kut = gaz.lookup("Kut al Amara")[0]
    assert kut.name == "Al-Kut" and kut.kind == "city"
    assert (kut.country_iso2, kut.country_iso3, kut.admin1, kut.admin1_code) == (
        "IQ",
        "IRQ",
        "Wasit",
        "IQ.16",
    )
    assert kut.lat == pytest.approx(32.51) and kut.lon == pytest.approx(45.82)
    assert gaz.get(kut.place_id) == kut
    assert gaz.get("gn:0") is None
    assert gaz.by_geonames_id(99131) == [kut]
    iraq = gaz.country("IRQ")
    assert iraq is not None and iraq == gaz.country("IQ") and iraq.kind == "country"
    assert gaz.admin1("IQ.16") is not None


def test_admin_points_are_derived_from_their_towns(gaz: Gazetteer) -> None:
    county = gaz.lookup("Henderson County", country="US")
    tx = next(p for p in county if p.admin1_code == "US.TX")
    assert distance_km(tx.lat, tx.lon, 32.2, -95.9) < 20
    assert tx.population == 12710 + 2300
    assert tx.admin1 == "Texas" and tx.kind == "admin2"


def test_demonyms_and_abbreviations(gaz: Gazetteer) -> None:
    assert [p.name for p in gaz.lookup("Iraqi")] == ["Iraq"]
    assert [p.name for p in gaz.lookup("Iranians")] == ["Iran"]
    assert gaz.matches("Asian")[0].place.kind == "continent"
    assert [p.name for p in gaz.lookup("Ga.")] == ["Georgia"]
    assert [p.name for p in gaz.lookup("GA")] == ["Georgia"]
    assert gaz.lookup("ga") == []  # an abbreviation counts only as written
    la = gaz.lookup("L.A.")
    assert [p.name for p in la] == ["Los Angeles"]  # not "La." (Louisiana)
    assert ("Louisiana", "abbreviation") in [(m.place.name, m.how) for m in gaz.matches("La.")]


def test_skeleton_and_fuzzy(gaz: Gazetteer) -> None:
    assert gaz.lookup("Dhi Qhar") == []
    loose = gaz.matches("Dhi Qhar")
    assert loose and loose[0].how == "skeleton" and loose[0].place.geonames_id == 97019
    hits = gaz.fuzzy("Kabala", country="IQ", kinds=("admin1",))
    assert hits and hits[0][0].geonames_id == 94823 and hits[0][1] >= 85
    assert gaz.fuzzy("Kabala", country="IQ", kinds=("admin1",), threshold=99) == []
    short = gaz.lookup("Athens")
    assert gaz.fuzzy("Athen", candidates=short)[0][0].name == "Athens"
    with pytest.raises(ValueError):
        gaz.fuzzy("Kabala")


def test_nearest_distance_and_contains(gaz: Gazetteer) -> None:
    near = gaz.nearest(32.6, 45.5, max_km=50)
    assert near and near[0][0].geonames_id == 98846 and near[0][1] < 15
    assert gaz.nearest(0.0, 0.0, max_km=10) == []
    assert distance_km(0, 0, 0, 1) == pytest.approx(111.2, abs=0.2)
    wasit, kut, iraq = gaz.admin1("IQ.16"), gaz.lookup("Al Kut")[0], gaz.country("IQ")
    assert wasit is not None and iraq is not None
    assert contains(wasit, kut) and contains(iraq, kut) and contains(iraq, wasit)
    assert not contains(kut, wasit) and not contains(wasit, wasit)


def test_lookup_is_fast(gaz: Gazetteer) -> None:
    import time

    names = ["Baghdad", "Al Kut", "Wasit province", "Nowhere", "Athens"] * 40
    t0 = time.perf_counter()
    for n in names:
        gaz.lookup(n)
    assert (time.perf_counter() - t0) / len(names) < 0.001


def test_open_errors(tmp_path: Path) -> None:
    with pytest.raises(GazetteerError):
        Gazetteer.open(tmp_path / "missing.sqlite", build=False)
    bad = tmp_path / "bad.sqlite"
    sqlite3.connect(bad).close()
    with pytest.raises(GazetteerError):
        Gazetteer.open(bad, build=False)


def test_open_uses_env_path_and_builds_only_when_stale(
    index: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, mini_sources: Sources
) -> None:
    monkeypatch.setenv("WARLOG_GAZETTEER", str(index))
    assert geo_build.default_index_path() == index
    calls: list[Path] = []

    def fake_build(path: Path | str | None = None, **_: object) -> geo_build.BuildReport:
        calls.append(Path(str(path)))
        return build_index(path, sources=mini_sources, user_places=tmp_path / "none.csv")

    monkeypatch.setattr(geo_build, "build_index", fake_build)
    with Gazetteer.open() as g:  # up to date: opened as is
        assert g.path == index
    assert calls == []
    stale = tmp_path / "stale.sqlite"
    con = sqlite3.connect(stale)
    con.execute("CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    con.execute("INSERT INTO meta VALUES ('build_version', 'old')")
    con.commit()
    con.close()
    with Gazetteer.open(stale) as g:
        assert g.lookup("Al Kut")
    assert calls == [stale]


def test_user_places_survive_rebuilds(tmp_path: Path, mini_sources: Sources) -> None:
    path = tmp_path / "g.sqlite"
    build_index(path, sources=mini_sources, user_places=tmp_path / "user-places.csv")
    csv_in = tmp_path / "villages.csv"
    csv_in.write_text(
        "name,lat,lon,country,admin1,aliases,population,kind\n"
        "Umm Qasr Village,30.03,47.95,IQ,,Umm Qasir Village;UQ Village,1200,village\n"
        "Jurf al-Nasr,32.66,44.17,Iraq,Babil,Jurf al-Sakhar,,\n",
        encoding="utf-8",
    )
    assert add_user_places(csv_in, index_path=path) == 2
    assert add_user_places(csv_in, index_path=path) == 0  # repeats skipped
    sidecar = tmp_path / "user-places.csv"
    assert sidecar.exists()
    with Gazetteer.open(path, build=False) as g:
        jurf = g.lookup("Jurf al-Sakhar")
        assert [(p.kind, p.country_iso2, p.admin1, p.admin1_code) for p in jurf] == [
            ("user", "IQ", "Babil", "IQ.06")
        ]
        assert g.lookup("Umm Qasir Village")[0].population == 1200
    build_index(path, sources=mini_sources)  # the sidecar beside the index is read again
    with Gazetteer.open(path, build=False) as g:
        assert g.lookup("Jurf al-Nasr")[0].place_id.startswith("user:")


def test_user_places_csv_errors(tmp_path: Path, index: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("name,lat\nX,1\n", encoding="utf-8")
    with pytest.raises(ConfigError):
        add_user_places(bad, index_path=index)
    bad.write_text("name,lat,lon,country\nX,north,1,IQ\n", encoding="utf-8")
    with pytest.raises(ConfigError):
        add_user_places(bad, index_path=index)
