"""Bulk runs on Dask: read + analyse in chunks of documents, Parquet shards, resumable.

The cascade is crawl-aware: the vocabulary prefilter runs on the raw bytes of a page before
any HTML extraction, language identification or gazetteer scan, so the great majority of
pages, which are about neither partnerships nor consultations, cost only the scan.

Resume: the inputs are cut into chunks in a deterministic order; a chunk's shard is written
to a temporary name and renamed when complete, so a killed run leaves only whole shards and
a re-run processes exactly the chunks that have none. No document is written twice.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import pickle
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

import pyarrow as pa
import pyarrow.parquet as pq

from citypact import prefilter
from citypact.errors import ReadError
from citypact.models import Document, Extraction

# Files per chunk: each chunk should be well over 100 ms of work (a Dask task costs ~2 ms).
FILES_PER_CHUNK = int(os.environ.get("CITYPACT_BATCH_FILES_PER_CHUNK", "200"))
SHARD_SCHEMA = pa.schema([
    ("source", pa.string()), ("content_hash", pa.string()), ("skipped", pa.string()),
    ("error", pa.string()), ("language", pa.string()), ("doc_type", pa.string()),
    ("partnerships", pa.int32()), ("consultation", pa.bool_()), ("extract_json", pa.string()),
    ("extraction", pa.binary()),
])
RECORD_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".warc", ".warc.gz")


@dataclass(frozen=True)
class Chunk:
    id: str
    kind: str  # files | jsonl | warc
    paths: tuple[str, ...]


@dataclass
class BatchReport:
    chunks: int = 0
    skipped_chunks: int = 0
    documents: int = 0
    analysed: int = 0
    partnerships: int = 0
    errors: int = 0
    seconds: float = 0.0
    error_lines: list[str] = field(default_factory=list)


def plan_chunks(inputs: list[str], files_per_chunk: int | None = None) -> list[Chunk]:
    """Deterministic chunks: record files (JSONL, WARC) one each, other files in groups."""
    from citypact.read import expand_inputs

    files, chunks = [], []
    for path in expand_inputs(inputs):
        kind = _record_kind(path)
        if kind:
            chunks.append(_chunk(kind, (path,)))
        else:
            files.append(path)
    size = files_per_chunk or FILES_PER_CHUNK
    for i in range(0, len(files), size):
        chunks.append(_chunk("files", tuple(files[i:i + size])))
    return chunks


def _record_kind(path: str) -> str | None:
    lower = path.lower()
    if lower.endswith((".jsonl", ".jsonl.gz", ".ndjson")):
        return "jsonl"
    if lower.endswith((".warc", ".warc.gz")):
        return "warc"
    return None


def _chunk(kind: str, paths: tuple[str, ...]) -> Chunk:
    digest = hashlib.sha1(("\n".join((kind,) + paths)).encode()).hexdigest()[:16]
    return Chunk(digest, kind, paths)


# ------------------------------------------------------------------ the worker side


def raw_items(chunk: Chunk) -> Iterator[tuple[str, bytes | None, dict[str, Any], ReadError | None]]:
    """(source, raw bytes, metadata, error) for every document of a chunk, before any parsing."""
    if chunk.kind == "files":
        for path in chunk.paths:
            try:
                yield path, Path(path).read_bytes(), {}, None
            except OSError as exc:
                yield path, None, {}, ReadError(path, f"unreadable ({exc.strerror or exc})")
    elif chunk.kind == "jsonl":
        yield from _jsonl_items(chunk.paths[0])
    else:
        yield from _warc_items(chunk.paths[0])


def _jsonl_items(path: str):
    opener = gzip.open if path.lower().endswith(".gz") else open
    try:
        with opener(path, "rb") as fh:
            for number, line in enumerate(fh, start=1):
                if not line.strip():
                    continue
                source = f"{path}#L{number}"
                try:
                    record = json.loads(line)
                    if not isinstance(record, dict):
                        raise ValueError("not a JSON object")
                except ValueError as exc:
                    yield source, None, {}, ReadError(f"{path}:{number}", f"not JSON: {exc}")
                    continue
                meta = {k: record.get(k) for k in ("url", "published", "title")}
                meta["language"] = record.get("language") or record.get("lang")
                if record.get("html"):
                    yield source, str(record["html"]).encode("utf-8"), meta | {"format": "html"}, None
                elif record.get("text"):
                    yield source, str(record["text"]).encode("utf-8"), meta | {"format": "text"}, None
                else:
                    yield source, None, {}, ReadError(f"{path}:{number}", "no 'text' or 'html' field")
    except (OSError, EOFError) as exc:
        yield path, None, {}, ReadError(path, f"unreadable ({exc})")


def _warc_items(path: str):
    from warcio.archiveiterator import ArchiveIterator

    try:
        with open(path, "rb") as fh:
            iterator = ArchiveIterator(fh)
            for record in iterator:
                if record.rec_type != "response":
                    continue
                status = record.http_headers.get_statuscode() if record.http_headers else "200"
                if not str(status).startswith("2"):
                    continue
                content_type = record.http_headers.get_header("Content-Type") if record.http_headers else None
                meta = {"url": record.rec_headers.get_header("WARC-Target-URI"), "content_type": content_type,
                        "warc_date": (record.rec_headers.get_header("WARC-Date") or "")[:10] or None}
                payload = record.content_stream().read()  # before the offset, which consumes the record
                yield f"{path}#{iterator.get_record_offset()}", payload, meta, None
    except Exception as exc:  # noqa: BLE001 - a corrupt archive ends that file with one error line
        yield path, None, {}, ReadError(path, f"corrupt WARC ({type(exc).__name__}: {exc})")


def _document(source: str, raw: bytes, meta: dict[str, Any]) -> Document:
    from citypact.read import read_bytes
    from citypact.read.base import make_document, with_metadata

    if meta.get("format") == "text":
        return make_document(raw.decode("utf-8"), source, title=meta.get("title"),
                             published=meta.get("published"), language=meta.get("language"), url=meta.get("url"))
    document = read_bytes(raw, source, content_type=meta.get("content_type") or
                          ("text/html" if meta.get("format") == "html" else None), url=meta.get("url"))
    extra = {k: meta[k] for k in ("title", "published", "language") if meta.get(k)}
    if not document.published and meta.get("warc_date"):
        extra.setdefault("published", meta["warc_date"])
    return with_metadata(document, prefer=True, **extra) if extra else document


def _binary(raw: bytes) -> bool:
    """PDF and DOCX (zip) bytes are compressed: the raw prefilter cannot see their words."""
    return raw[:5] == b"%PDF-" or raw[:2] == b"PK"


def process_chunk(chunk: Chunk, out_dir: str) -> dict[str, Any]:
    """Run the cascade over one chunk and write its shard atomically. Runs on a Dask worker."""
    from citypact.analyse import pipeline

    rows: list[dict[str, Any]] = []
    for source, raw, meta, error in raw_items(chunk):
        row = {"source": source, "content_hash": None, "skipped": None, "error": None, "language": None,
               "doc_type": None, "partnerships": 0, "consultation": False, "extract_json": None, "extraction": None}
        if error is not None:
            row["error"] = str(error)
        elif not _binary(raw) and not prefilter.scan(raw).passed:
            row["skipped"] = "no partnership or consultation vocabulary"
            row["content_hash"] = hashlib.sha256(raw).hexdigest()
        else:
            try:
                extraction = pipeline(_document(source, raw, meta))
            except ReadError as exc:
                row["error"] = str(exc)
            except Exception as exc:  # noqa: BLE001 - one bad document must not stop the chunk
                row["error"] = f"{source}: analysis failed: {type(exc).__name__}: {exc}"
            else:
                _fill(row, extraction)
        rows.append(row)
    shards = Path(out_dir) / "shards"
    shards.mkdir(parents=True, exist_ok=True)
    final = shards / f"{chunk.id}.parquet"
    temporary = shards / f".{chunk.id}.{os.getpid()}.tmp"
    pq.write_table(pa.Table.from_pylist(rows, schema=SHARD_SCHEMA), temporary)
    os.replace(temporary, final)
    import resource

    return {"chunk": chunk.id, "documents": len(rows), "partnerships": sum(r["partnerships"] for r in rows),
            "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "analysed": sum(1 for r in rows if r["language"]), "errors": [r["error"] for r in rows if r["error"]]}


def _fill(row: dict[str, Any], extraction: Extraction) -> None:
    row.update(content_hash=extraction.document.content_hash, skipped=extraction.skipped,
               language=extraction.language, doc_type=extraction.doc_type,
               partnerships=sum(1 for p in extraction.partnerships if p.confidence >= 0.5),
               consultation=extraction.consultation is not None,
               extract_json=json.dumps(extraction.to_json(), ensure_ascii=False))
    if row["partnerships"] or row["consultation"]:
        row["extraction"] = pickle.dumps(extraction, protocol=pickle.HIGHEST_PROTOCOL)


# ------------------------------------------------------------------ the client side


def run_batch(inputs: list[str], out_dir: Path, *, workers: int | None = None, scheduler: str | None = None,
              on_progress: Callable[[dict[str, Any], BatchReport], None] | None = None) -> BatchReport:
    """Process every chunk that has no shard yet, on a local cluster or a given scheduler."""
    from dask.distributed import Client, LocalCluster, as_completed

    started = time.perf_counter()
    out_dir.mkdir(parents=True, exist_ok=True)
    chunks = plan_chunks(inputs)
    done = {p.stem for p in (out_dir / "shards").glob("*.parquet")}
    todo = [c for c in chunks if c.id not in done]
    report = BatchReport(chunks=len(chunks), skipped_chunks=len(chunks) - len(todo))
    _write_manifest(out_dir, chunks, inputs)
    if todo:
        cluster = None
        if scheduler:
            client = Client(scheduler)
        else:
            cluster = LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1,
                                   processes=True, dashboard_address=None)
            client = Client(cluster)
        try:
            futures = [client.submit(process_chunk, chunk, str(out_dir), pure=False) for chunk in todo]
            for future in as_completed(futures):
                result = future.result()
                report.documents += result["documents"]
                report.analysed += result["analysed"]
                report.partnerships += result["partnerships"]
                report.errors += len(result["errors"])
                report.error_lines += result["errors"]
                if on_progress:
                    on_progress(result, report)
        finally:
            client.close()
            if cluster is not None:
                cluster.close()
    report.seconds = time.perf_counter() - started
    return report


def _write_manifest(out_dir: Path, chunks: list[Chunk], inputs: list[str]) -> None:
    manifest = {"inputs": inputs, "chunks": [{"id": c.id, "kind": c.kind, "paths": list(c.paths)} for c in chunks]}
    temporary = out_dir / ".manifest.json.tmp"
    temporary.write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    os.replace(temporary, out_dir / "manifest.json")


def iter_shard_rows(out_dir: Path) -> Iterator[dict[str, Any]]:
    for shard in sorted((out_dir / "shards").glob("*.parquet")):
        yield from pq.read_table(shard).to_pylist()


def load_batch(out_dir: Path, store) -> tuple[int, int]:
    """Store the documents of a batch that report partnerships or consultations (idempotent)."""
    documents = partnerships = 0
    for row in iter_shard_rows(out_dir):
        if row["extraction"] is None:
            continue
        extraction: Extraction = pickle.loads(row["extraction"])  # noqa: S301 - our own shards
        result = store.ingest(extraction)
        documents += int(result.new_document)
        partnerships += len(result.new_partnerships)
    return documents, partnerships
