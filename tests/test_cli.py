"""The command line: machine output on stdout alone, one line per failed input, exit codes."""

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from citypact.cli import app

from .conftest import EXAMPLES

runner = CliRunner()


def test_help_everywhere():
    import typer

    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    commands = list(typer.main.get_command(app).commands)
    assert "extract" in commands and "eval" in commands
    for command in commands:
        sub = runner.invoke(app, [command, "--help"])
        assert sub.exit_code == 0, command
        assert "Usage" in sub.output


def test_extract_jsonl_is_the_contract(gazetteer, tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "citypact.cli", "extract", str(EXAMPLES / "seed_000_da.txt"), "--format", "jsonl"],
        capture_output=True, text=True, check=True,
    )
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    record = json.loads(lines[0])
    assert set(record) == {"source", "language", "doc_type", "title", "published", "partnerships", "consultation"}
    names = {p["name"] for p in record["partnerships"][0]["parties"]}
    assert names == {"Copenhagen", "Kyiv"}


def test_bad_input_is_one_line_and_the_batch_goes_on(gazetteer, tmp_path):
    bad = tmp_path / "junk.txt"
    bad.write_bytes(b"\x00\x01\x02binary\x00junk" * 20)
    good = tmp_path / "good.txt"
    good.write_text("Lviv og Lublin har indgået en venskabsbyaftale.", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "citypact.cli", "extract", str(bad), str(good), str(tmp_path / "missing.txt")],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 1
    assert len(result.stdout.splitlines()) == 1  # the good document
    errors = [line for line in result.stderr.splitlines() if "error" in line]
    assert len(errors) == 2
    assert any("junk.txt" in line and "binary" in line for line in errors)
    assert any("missing.txt" in line for line in errors)


def test_eval_prints_metrics(gazetteer):
    gold = Path(__file__).resolve().parents[2] / "shared" / "dev" / "gold.jsonl"
    if not gold.exists():
        return
    result = runner.invoke(app, ["eval", str(gold), str(gold.parent / "docs"), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["overall"]["pair_f1"] == 1.0
    assert set(report["languages"]) == {"da", "sv", "uk", "en"}


def test_batch_then_ingest_from_batch(gazetteer, tmp_path):
    """`batch` on a real local Dask cluster, then `ingest --from-batch` twice: the second adds nothing."""
    folder = tmp_path / "in"
    folder.mkdir()
    for path in EXAMPLES.glob("*.txt"):
        (folder / path.name).write_bytes(path.read_bytes())
    (folder / "broken.jsonl").write_text('{"text": "Lviv"}\n{broken\n', encoding="utf-8")
    out, db = tmp_path / "shards", str(tmp_path / "store.db")
    command = [sys.executable, "-m", "citypact.cli"]
    ran = subprocess.run([*command, "batch", str(folder), "--out", str(out), "--workers", "1"],
                         capture_output=True, text=True, check=False)
    assert ran.returncode == 1, ran.stderr  # the broken JSONL line fails, the rest goes on
    assert "broken.jsonl" in ran.stderr
    assert (out / "manifest.json").exists()
    first = subprocess.run([*command, "ingest", "--from-batch", str(out), "--db", db], capture_output=True, text=True, check=False)
    assert first.returncode == 0, first.stderr
    listed = subprocess.run([*command, "list", "--db", db, "--format", "json"], capture_output=True, text=True,
                            check=True)
    records = json.loads(listed.stdout)
    assert len(records) >= 7
    again = subprocess.run([*command, "ingest", "--from-batch", str(out), "--db", db], capture_output=True, text=True, check=False)
    assert again.returncode == 0 and "0 new partnerships" in again.stderr, again.stderr
