"""The registry commands through the CLI: import, export, curate, check."""

import csv
import json

from typer.testing import CliRunner

from citypact.cli import app

ROWS = [
    ("Berat", "Albania", 40.7022, 19.9583, "Fermo", "Italy", 43.1608, 13.7158),
    ("Kraków", "Poland", 50.0614, 19.9372, "Kyiv", "Ukraine", 50.45, 30.5236),
    ("Coventry", "England, United Kingdom", 52.4081, -1.5106, "Dresden", "Germany", 51.0504, 13.7373),
]


def _csv(tmp_path):
    path = tmp_path / "known.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["city1", "country1", "lat1", "lng1", "city2", "country2", "lat2", "lng2"])
        writer.writerows(ROWS)
    return path


def test_cli_import_export_curate_check(tmp_path, gazetteer):
    registry_csv = _csv(tmp_path)
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
