"""batch: folders, JSONL and WARC inputs through the raw-bytes cascade into shards, and loading."""

import json

from citypact.bulk import shards
from citypact.bulk.batch import process_chunk, run_batch
from citypact.bulk.cascade import SKIPPED
from citypact.bulk.load import load_batch
from citypact.bulk.plan import plan_chunks
from citypact.store import open_store

from ..conftest import EXAMPLES
from .helpers import PARTNER_HTML, PLAIN_HTML, write_warc


def _inputs(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for p in EXAMPLES.glob("*.txt"):
        (folder / p.name).write_text(p.read_text(encoding="utf-8"), encoding="utf-8")
    lines = [json.dumps({"text": "Tartu og Lviv har indgået en venskabsbyaftale.", "published": "2024-05-02"}),
             "{broken", json.dumps({"html": PLAIN_HTML, "url": "https://example.org/a"})]
    (folder / "docs.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    pages = [(f"https://city.example/news/{i}", PARTNER_HTML if i == 0 else PLAIN_HTML.replace("nine", f"{i}"))
             for i in range(7)]
    write_warc(folder / "crawl.warc.gz", pages)
    return folder


def _run_in_process(chunks, out):
    for chunk in chunks:
        _summary, table = process_chunk(chunk)
        shards.write_shard(out, chunk.id, table)
    shards.write_manifest(out, {"chunks": [c.to_json() for c in chunks]})


def test_folder_jsonl_and_warc(tmp_path, gazetteer):
    folder = _inputs(tmp_path)
    chunks = plan_chunks([str(folder)], docs_per_chunk=3)
    # the WARC is cut by record offsets, the five text files into groups of three
    assert sorted(c.kind for c in chunks) == ["files", "files", "jsonl", "warc", "warc", "warc"]
    assert plan_chunks([str(folder)], docs_per_chunk=3) == chunks  # deterministic
    out = tmp_path / "out"
    _run_in_process(chunks, out)
    rows = list(shards.iter_rows(out))
    assert len(rows) == 5 + 3 + 7 and len({r["source"] for r in rows}) == len(rows)
    errors = [r["error"] for r in rows if r["error"]]
    assert len(errors) == 1 and "docs.jsonl:2" in errors[0]
    skipped = [r for r in rows if r["skipped"] == SKIPPED and r["content_hash"] is None]
    assert len(skipped) == 7  # plain pages cost only the raw scan: no extraction, no hash
    warc = [r for r in rows if "crawl.warc.gz#" in r["source"] and r["partnerships"]]
    assert len(warc) == 1 and warc[0]["url"] == "https://city.example/news/0"
    assert json.loads(warc[0]["extract_json"])["partnerships"][0]["date"] == "2024-03-03"
    jsonl = [r for r in rows if r["source"].endswith("docs.jsonl#L1")]
    assert jsonl[0]["partnerships"] == 1 and jsonl[0]["published"] == "2024-05-02"

    store = open_store(str(tmp_path / "r.db"))
    first = load_batch(out, store)
    records = store.count_partnerships()
    assert first.new_documents == first.documents == sum(1 for r in rows if r["extraction"])
    assert len(first.new_partnerships) == records >= 9
    again = load_batch(out, store)  # idempotent
    assert again.new_documents == 0 and again.new_partnerships == [] and store.count_partnerships() == records
    store.close()


def test_large_jsonl_is_cut_on_line_ends(tmp_path, monkeypatch):
    from citypact.bulk import plan
    from citypact.bulk.raw import raw_items

    path = tmp_path / "big.jsonl"
    path.write_text("".join(json.dumps({"text": f"line {i} " + "x" * (i % 50)}) + "\n" for i in range(500)))
    monkeypatch.setattr(plan, "JSONL_CHUNK_BYTES", 2000)
    chunks = plan.plan_chunks([str(path)])
    assert len(chunks) > 5
    sources = [item.source for chunk in chunks for item in raw_items(chunk)]
    assert sources == [f"{path}#L{i}" for i in range(1, 501)]


def test_run_batch_on_a_folder_and_resume_skips_done_chunks(tmp_path, gazetteer):
    """The Dask path with real worker processes; a second run finds every chunk done."""
    folder = _inputs(tmp_path)
    out = folder / "out"  # inside the input folder: never read back as input
    report = run_batch([str(folder)], out, workers=2, docs_per_chunk=4)
    assert report.documents == 15 and report.errors == 1 and report.done_before == 0
    assert report.partnerships >= 9 and report.peak_rss_mb > 0
    manifest = shards.read_manifest(out)
    assert set(manifest["completed"]) == {c["id"] for c in manifest["chunks"]}
    assert manifest["docs_per_chunk"] == 4
    again = run_batch([str(folder)], out, workers=1)  # the chunk size of the run being resumed
    assert again.done_before == again.chunks == report.chunks and again.documents == 0
    assert len(list(shards.iter_rows(out))) == 15
