"""Hostile and broken inputs in one `citypact ingest` run: each bad input is one error line
naming the file, the run exits non-zero, every good document is stored, memory stays bounded."""

import io
import json
import os
import resource
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from citypact.store import open_store

from ..conftest import EXAMPLES

GOOD = "Lviv og Lublin har indgået en venskabsbyaftale."


def make_corpus(folder: Path) -> dict[str, str]:
    """File name → the reason it must fail (empty for files that must be read)."""
    from reportlab.pdfgen import canvas

    folder.mkdir()
    expected: dict[str, str] = {}
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    expected["good.txt"] = ""
    (folder / "empty.txt").write_bytes(b"")
    expected["empty.txt"] = "empty"
    (folder / "junk.txt").write_bytes(os.urandom(4096) + b"\x00" * 100)
    expected["junk.txt"] = "binary"
    (folder / "latin.txt").write_bytes("København og Kyiv er venskabsbyer. Ærø".encode("cp1252") + b"\xff\xfe\x81")
    expected["latin.txt"] = ""
    (folder / "utf16.txt").write_text("Kyiv og København har indgået en venskabsbyaftale.", encoding="utf-16")
    expected["utf16.txt"] = ""
    (folder / "cp1251.txt").write_bytes("Житомир встановив побратимські відносини з Гдинею.".encode("cp1251"))
    expected["cp1251.txt"] = ""
    (folder / "deep.html").write_text("<div>" * 100_000 + "Kyiv" + "</div>" * 100_000, encoding="utf-8")
    expected["deep.html"] = "?"
    scripts = "".join(f"<script>alert({i})</script><iframe src='x{i}'></iframe><p onclick='x()'>t</p>" for i in range(2000))
    (folder / "scripts.html").write_text(f"<html><body>{scripts}<p>{GOOD}</p></body></html>", encoding="utf-8")
    expected["scripts.html"] = "?"
    pdf = io.BytesIO()
    c = canvas.Canvas(pdf)
    c.drawString(100, 750, "Lviv and Lublin signed a twinning agreement.")
    c.save()
    (folder / "truncated.pdf").write_bytes(pdf.getvalue()[: len(pdf.getvalue()) // 2])
    expected["truncated.pdf"] = "PDF"
    encrypted = io.BytesIO()
    c = canvas.Canvas(encrypted, encrypt="secret")
    c.drawString(100, 750, "secret")
    c.save()
    (folder / "encrypted.pdf").write_bytes(encrypted.getvalue())
    expected["encrypted.pdf"] = "encrypted"
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"\x00" * 300_000_000)
    (folder / "bomb.docx").write_bytes(bomb.getvalue())
    expected["bomb.docx"] = "bomb"
    (folder / "lines.jsonl").write_text(json.dumps({"text": GOOD.replace("Lviv", "Tartu")}) + "\n{oops\n", encoding="utf-8")
    expected["lines.jsonl"] = "not JSON"
    (folder / "broken.warc.gz").write_bytes(b"WARC/1.0\r\nWARC-Type: response\r\n" + os.urandom(2000))
    expected["broken.warc.gz"] = "WARC"
    (folder / "rtl.txt").write_text("\u202eKyiv og Lublin\u202c مرحبا بالعالم שלום " + GOOD, encoding="utf-8")
    expected["rtl.txt"] = ""
    names = " ".join(["Kyiv, Lviv, Lublin, Gdańsk, Paris"] * 20_000)
    (folder / "many-names.txt").write_text(f"Venskabsbyaftale. {names}", encoding="utf-8")
    expected["many-names.txt"] = ""
    big = folder / "huge.txt"
    with big.open("wb") as fh:
        fh.truncate(60_000_000)  # over the 50 MB default limit: refused without reading
    expected["huge.txt"] = "too large"
    return expected


@pytest.mark.slow
def test_hostile_corpus_in_one_run(tmp_path, gazetteer):
    folder = tmp_path / "hostile"
    expected = make_corpus(folder)
    db = tmp_path / "r.db"
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    result = subprocess.run([sys.executable, "-m", "citypact.cli", "ingest", str(folder), "--db", str(db)],
                            capture_output=True, text=True, timeout=600)
    peak_mb = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error")]
    for name, reason in expected.items():
        lines = [line for line in errors if name in line]
        if reason == "":
            assert lines == [], (name, lines)
        elif reason != "?":
            assert len(lines) == 1 and reason.lower() in lines[0].lower(), (name, lines, reason)
    assert peak_mb < 2048, peak_mb
    store = open_store(str(db))
    names = {frozenset(p["name"] for p in r["parties"]) for r in store.list_partnerships()}
    assert frozenset({"Lviv", "Lublin"}) in names and frozenset({"Tartu", "Lublin"}) in names
    assert store.check() == []
    store.close()


def test_kill_during_ingest_then_restart_is_complete(tmp_path, gazetteer):
    folder = tmp_path / "docs"
    folder.mkdir()
    for i in range(40):
        for p in EXAMPLES.glob("*.txt"):
            (folder / f"{i:02d}-{p.name}").write_text(p.read_text(encoding="utf-8") + f"\n\n({i})", encoding="utf-8")
    db = tmp_path / "r.db"
    command = [sys.executable, "-m", "citypact.cli", "ingest", str(folder), "--db", str(db)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.time() + 120
    while time.time() < deadline:
        if db.exists():
            try:
                with open_store(str(db)) as s:
                    if len(s.list_documents()) >= 20:
                        break
            except Exception:  # noqa: BLE001 - the store may be mid-creation
                pass
        time.sleep(0.1)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    with open_store(str(db)) as s:
        partial = len(s.list_documents())
        assert s.check() == []
    assert 0 < partial < 200
    subprocess.run(command, capture_output=True, timeout=600, check=True)
    with open_store(str(db)) as s:
        assert len(s.list_documents()) == 200
        assert s.count_partnerships() == 7  # the same seven partnerships, reported 40 times each
        assert sorted(len(r["events"]) for r in s.list_partnerships()) == [40] * 7  # one event per copy
        assert s.check() == []
