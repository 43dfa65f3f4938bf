"""Parquet shards of a batch, one per chunk, and the manifest beside them.

A shard is written under a temporary name and renamed when complete, so a killed run leaves
only whole shards; the manifest (rewritten the same way) lists the plan and the chunks done.
The shard files are the truth: a shard renamed just before a kill, whose manifest entry was
not yet written, is found and counted on the next run.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

MANIFEST = "manifest.json"
MANIFEST_FORMAT = 1
SCHEMA = pa.schema([
    ("source", pa.string()),         # path, path#L<line> (JSONL) or path#<offset> (WARC)
    ("url", pa.string()),
    ("content_hash", pa.string()),   # sha256 of the read text; null when the raw scan dropped the page
    ("skipped", pa.string()),        # why the expensive stages did not run
    ("error", pa.string()),          # one line: the input and the reason
    ("language", pa.string()),
    ("doc_type", pa.string()),
    ("title", pa.string()),
    ("published", pa.string()),
    ("partnerships", pa.int32()),    # partnerships with confidence >= 0.5
    ("consultation", pa.bool_()),
    ("extract_json", pa.string()),   # the contract JSON of `extract --format jsonl`
    ("extraction", pa.string()),     # the whole extraction (citypact.bulk.serial), for the store
])


def shard_dir(out_dir: Path) -> Path:
    return out_dir / "shards"


def shard_path(out_dir: Path, chunk_id: str) -> Path:
    return shard_dir(out_dir) / f"{chunk_id}.parquet"


def write_shard(out_dir: Path, chunk_id: str, table: pa.Table) -> Path:
    final = shard_path(out_dir, chunk_id)
    final.parent.mkdir(parents=True, exist_ok=True)
    temporary = final.parent / f".{chunk_id}.{os.getpid()}.tmp"
    pq.write_table(table, temporary)
    os.replace(temporary, final)
    return final


def rows_table(rows: list[dict[str, Any]]) -> pa.Table:
    return pa.Table.from_pylist(rows, schema=SCHEMA)


def done_chunks(out_dir: Path) -> set[str]:
    return {p.stem for p in shard_dir(out_dir).glob("*.parquet")}


def remove_partial(out_dir: Path) -> int:
    """Temporary files of shards that were being written when a run was killed."""
    partial = list(shard_dir(out_dir).glob(".*.tmp"))
    for path in partial:
        path.unlink(missing_ok=True)
    return len(partial)


def shard_summary(path: Path) -> dict[str, int]:
    table = pq.read_table(path, columns=["partnerships", "error", "language", "consultation"])
    return {"documents": table.num_rows,
            "partnerships": int(sum(v or 0 for v in table.column("partnerships").to_pylist())),
            "errors": table.num_rows - table.column("error").null_count,
            "analysed": table.num_rows - table.column("language").null_count,
            "consultations": int(sum(bool(v) for v in table.column("consultation").to_pylist()))}


def write_manifest(out_dir: Path, manifest: dict[str, Any]) -> None:
    temporary = out_dir / f".{MANIFEST}.tmp"
    temporary.write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(temporary, out_dir / MANIFEST)


def read_manifest(out_dir: Path) -> dict[str, Any] | None:
    try:
        return json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def iter_rows(out_dir: Path, columns: list[str] | None = None) -> Iterator[dict[str, Any]]:
    """Rows of the shards in plan order (the manifest's), else in file-name order."""
    manifest = read_manifest(out_dir) or {}
    planned = [c["id"] for c in manifest.get("chunks", [])]
    paths = [shard_path(out_dir, cid) for cid in planned] if planned else sorted(shard_dir(out_dir).glob("*.parquet"))
    for path in paths:
        if path.exists():
            yield from pq.read_table(path, columns=columns).to_pylist()
