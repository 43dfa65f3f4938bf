"""Registry import, report, compare and exports, checked by independent readers."""

import csv
import json
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from citypact.cli import app
from citypact.export import render
from citypact.known import REPORT_COLUMNS, country_code, import_registry, name_variants, resolve
from citypact.store import open_store

ROWS = [
    ("Berat", "Albania", 40.7022, 19.9583, "Fermo", "Italy", 43.1608, 13.7158),
    ("Kraków", "Poland", 50.0614, 19.9372, "Kyiv", "Ukraine", 50.45, 30.5236),
    ("Coventry", "England, United Kingdom", 52.4081, -1.5106, "Dresden", "Germany", 51.0504, 13.7373),
    ("Cambridge", "England", 52.2053, 0.1218, "Heidelberg", "Germany", 49.3988, 8.6724),
    ("Cambridge", "United States", 42.3736, -71.1097, "Kraków", "Poland", 50.0614, 19.9372),
    ("Steglitz-Zehlendorf (Berlin)", "Germany", 52.43, 13.24, "Kyiv", "Ukraine", 50.45, 30.5236),
    ("Nowhereville Qqq", "Poland", 50.0, 20.0, "Lviv", "Ukraine", 49.8397, 24.0297),
]


@pytest.fixture
def registry_csv(tmp_path) -> Path:
    path = tmp_path / "known.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["city1", "country1", "lat1", "lng1", "city2", "country2", "lat2", "lng2"])
        writer.writerows(ROWS)
    return path


@pytest.mark.parametrize("name,variants", [
    ("Kusatsu, Shiga", ["Kusatsu, Shiga", "Kusatsu"]),
    ("Gmina Wiązowna (rural gmina)", ["Gmina Wiązowna (rural gmina)", "Gmina Wiązowna", "Wiązowna"]),
    ("Budapest XV", ["Budapest XV", "Budapest"]),
])
def test_name_variants(name, variants):
    assert all(v in name_variants(name) for v in variants)


def test_country_names(gazetteer):
    assert country_code("England, United Kingdom", gazetteer) == "GB"
    assert country_code("Czech Republic", gazetteer) == "CZ"
    assert country_code("Germany", gazetteer) == "DE"


def test_coordinates_choose_among_namesakes_but_never_rescue_a_name(gazetteer):
    uk = resolve("Cambridge", "GB", 52.2053, 0.1218, gazetteer)
    us = resolve("Cambridge", "US", 42.3736, -71.1097, gazetteer)
    assert uk.country == "GB" and us.country == "US"
    assert resolve("Nowhereville Qqq", "PL", 50.0614, 19.9372, gazetteer) is None


def test_import_report_and_unresolved_kept(tmp_path, registry_csv, gazetteer):
    store = open_store(str(tmp_path / "r.db"))
    report_path = tmp_path / "report.csv"
    result = import_registry(registry_csv, store, gazetteer, report_path=report_path)
    rows = list(csv.DictReader(report_path.open(encoding="utf-8")))
    assert list(rows[0].keys()) == REPORT_COLUMNS
    assert len(rows) == 2 * len(ROWS) == result.mentions
    unresolved = [r for r in rows if not r["geonames_id"]]
    assert [r["input_name"] for r in unresolved] == ["Nowhereville Qqq"]
    assert unresolved[0]["distance_km"] == ""
    berlin = [r for r in rows if r["input_name"].startswith("Steglitz")][0]
    assert berlin["name"] == "Berlin" and float(berlin["distance_km"]) < 25
    assert store.count_partnerships() == len(ROWS)
    flagged = store.list_partnerships(city="Nowhereville Qqq")
    assert flagged and flagged[0]["status"] == "existing"
    assert store.check() == []
    store.close()


def test_exports_read_back_by_independent_readers(tmp_path, registry_csv, gazetteer):
    store = open_store(str(tmp_path / "r.db"))
    import_registry(registry_csv, store, gazetteer)
    records = store.list_partnerships()
    geo = json.loads(render(records, "geojson"))
    assert geo["type"] == "FeatureCollection"
    lines = [f for f in geo["features"] if f["geometry"]["type"] == "LineString"]
    points = [f for f in geo["features"] if f["geometry"]["type"] == "Point"]
    assert len(lines) == len(ROWS) - 1  # the unresolved place has no position
    for f in geo["features"]:
        coords = [f["geometry"]["coordinates"]] if f["geometry"]["type"] == "Point" else f["geometry"]["coordinates"]
        assert all(-180 <= lon <= 180 and -90 <= lat <= 90 for lon, lat in coords)
    assert {"type", "status", "date", "themes"} <= set(lines[0]["properties"])
    assert len(points) >= 10
    graphml = tmp_path / "g.graphml"
    graphml.write_text(render(records, "graphml"), encoding="utf-8")
    graph = nx.read_graphml(graphml)
    assert graph.number_of_edges() == len(ROWS)
    assert all("name" in data for _, data in graph.nodes(data=True))
    exported = tmp_path / "export.csv"
    exported.write_text(render(records, "csv"), encoding="utf-8")
    again = open_store(str(tmp_path / "again.db"))
    import_registry(exported, again, gazetteer)
    pairs = lambda s: {frozenset(p["name"] for p in r["parties"]) for r in s.list_partnerships()}
    assert pairs(again) == pairs(store)
    store.close()
    again.close()


def test_cli_import_export_curate_check(tmp_path, registry_csv, gazetteer):
    runner = CliRunner()
    db = str(tmp_path / "cli.db")
    result = runner.invoke(app, ["import", str(registry_csv), "--db", db, "--min-population", "5000",
                                 "--report", str(tmp_path / "rep.csv")])
    assert result.exit_code == 0, result.output
    geo = runner.invoke(app, ["export", "--db", db, "--format", "geojson"])
    assert json.loads(geo.stdout)["type"] == "FeatureCollection"
    assert runner.invoke(app, ["curate", "edit", "1", "status", "ended", "--db", db, "--reason", "test"]).exit_code == 0
    assert runner.invoke(app, ["curate", "edit", "1", "status", "finished", "--db", db]).exit_code == 1
    shown = json.loads(runner.invoke(app, ["show", "1", "--db", db, "--format", "json"]).stdout)
    assert shown["status"] == "ended" and shown["audit"][0]["reason"] == "test"
    assert runner.invoke(app, ["check", "--db", db]).exit_code == 0
    missing = runner.invoke(app, ["import", str(tmp_path / "nope.csv"), "--db", db])
    assert missing.exit_code == 1
