"""Bulk runs: folders, JSONL and WARC inputs, the raw-bytes cascade, and resume after kill -9."""

import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from citypact.batch import iter_shard_rows, load_batch, plan_chunks, process_chunk, run_batch
from citypact.store import open_store

from ..conftest import EXAMPLES

PARTNER_HTML = ("<html><head><title>News</title></head><body><nav>Home | News | Contact</nav><article>"
                "<h1>Lviv and Lublin sign twinning</h1><p>The mayors of Lviv and Lublin signed a twinning "
                "agreement on 3 March 2024 in Lublin, opening cooperation on culture and education.</p>"
                "</article><footer>City hall</footer></body></html>")
PLAIN_HTML = "<html><body><article><p>The weather was mild and the market opened at nine.</p></article></body></html>"


def write_warc(path: Path, pages: list[tuple[str, str]]) -> None:
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=path.suffix == ".gz")
        for url, html in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            data = html.encode()
            record = writer.create_warc_record(url, "response", payload=io.BytesIO(data), length=len(data),
                                               http_headers=headers)
            writer.write_record(record)


def test_folder_jsonl_and_warc(tmp_path, gazetteer):
    folder = tmp_path / "in"
    folder.mkdir()
    for p in EXAMPLES.glob("*.txt"):
        (folder / p.name).write_text(p.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "docs.jsonl").write_text(
        json.dumps({"text": "Tartu og Lviv har indgået en venskabsbyaftale.", "published": "2024-05-02"}) + "\n"
        + "{broken\n" + json.dumps({"html": PLAIN_HTML, "url": "https://example.org/a"}) + "\n", encoding="utf-8")
    write_warc(folder / "crawl.warc.gz", [("https://city.example/news/1", PARTNER_HTML),
                                          ("https://city.example/news/2", PLAIN_HTML)])
    chunks = plan_chunks([str(folder)], files_per_chunk=3)
    assert sorted(c.kind for c in chunks) == ["files", "files", "jsonl", "warc"]
    for chunk in chunks:  # in-process: the worker function itself
        process_chunk(chunk, str(tmp_path / "out"))
    (tmp_path / "out" / "manifest.json").write_text("{}")
    rows = list(iter_shard_rows(tmp_path / "out"))
    assert len(rows) == 5 + 3 + 2
    errors = [r["error"] for r in rows if r["error"]]
    assert len(errors) == 1 and "docs.jsonl:2" in errors[0]
    skipped = [r for r in rows if r["skipped"] == "no partnership or consultation vocabulary"]
    assert len(skipped) == 2  # the two plain pages cost only the raw scan
    warc = [r for r in rows if "crawl.warc.gz#" in r["source"] and r["partnerships"]]
    assert len(warc) == 1 and json.loads(warc[0]["extract_json"])["partnerships"][0]["date"] == "2024-03-03"
    store = open_store(str(tmp_path / "r.db"))
    documents, records = load_batch(tmp_path / "out", store)
    assert records == 9 and store.count_partnerships() == 9
    assert load_batch(tmp_path / "out", store) == (0, 0)
    store.close()


def test_prefilter_drops_nothing_the_pipeline_finds(gazetteer):
    """Every example document and every test-table case with a partnership passes the raw scan."""
    import yaml

    from citypact import prefilter

    texts = [p.read_text(encoding="utf-8") for p in EXAMPLES.glob("*.txt")]
    for table in (Path(__file__).resolve().parents[1] / "lang").glob("*/cases.yaml"):
        texts += [c["text"] for c in yaml.safe_load(table.read_text(encoding="utf-8"))["cases"] if c.get("partnerships")]
    missed = [t[:80] for t in texts if not prefilter.scan(t.encode("utf-8")).passed]
    assert missed == []


def test_dask_workers_and_resume_after_kill(tmp_path, gazetteer):
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(60):
        text = PARTNER_HTML.replace("Lublin", "Kraków") if i % 10 == 0 else PLAIN_HTML.replace("nine", f"nine {i}")
        (folder / f"page{i:03d}.html").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    env = os.environ | {"PYTHONUNBUFFERED": "1"}
    command = [sys.executable, "-m", "citypact.cli", "batch", str(folder), "--out", str(out), "--workers", "2"]
    # a first run with tiny chunks, killed with SIGKILL as soon as a shard exists
    env_small = env | {"CITYPACT_BATCH_FILES_PER_CHUNK": "5"}
    process = subprocess.Popen(command, env=env_small, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    deadline = time.time() + 120
    while time.time() < deadline and not list((out / "shards").glob("*.parquet")):
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    shards_after_kill = len(list((out / "shards").glob("*.parquet")))
    assert 1 <= shards_after_kill
    finished = subprocess.run(command, env=env_small, capture_output=True, text=True, timeout=300)
    assert finished.returncode == 0, finished.stderr
    rows = list(iter_shard_rows(out))
    assert sorted(r["source"] for r in rows) == sorted(str(p) for p in folder.glob("*.html"))
    assert sum(r["partnerships"] for r in rows) == 6
    # an uninterrupted run gives the same result
    clean = subprocess.run([sys.executable, "-m", "citypact.cli", "batch", str(folder), "--out", str(tmp_path / "clean"),
                            "--workers", "2"], env=env_small, capture_output=True, text=True, timeout=300)
    assert clean.returncode == 0
    assert sorted((r["source"], r["extract_json"]) for r in iter_shard_rows(tmp_path / "clean")) == \
        sorted((r["source"], r["extract_json"]) for r in rows)
