"""Bulk runs on Dask: read + analyse chunks of documents on workers, Parquet shards, resumable.

The client plans deterministic chunks (citypact.bulk.plan), submits those without a shard,
and writes each returned shard atomically; workers only read and analyse, so a remote
cluster needs no shared disk and a killed run leaves nothing half-written. Re-running with
the same inputs skips the chunks done: no document is written twice and none is lost.

    python -m citypact.bulk.batch INPUT... --out DIR [--workers N] [--scheduler tcp://…]
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from citypact.bulk import shards
from citypact.bulk.plan import Chunk, plan_chunks

# The manifest is rewritten at most this often while chunks complete (and at the end).
MANIFEST_EVERY_SECONDS = 1.0


@dataclass
class BatchReport:
    chunks: int = 0
    done_before: int = 0  # chunks whose shard an earlier run wrote
    documents: int = 0
    analysed: int = 0  # documents that went past the raw scan
    partnerships: int = 0
    consultations: int = 0
    errors: int = 0
    error_lines: list[str] = field(default_factory=list)
    failed_chunks: list[str] = field(default_factory=list)
    stale_shards: int = 0
    startup_seconds: float = 0.0  # cluster start and worker warm-up
    seconds: float = 0.0  # the whole run
    peak_rss_mb: float = 0.0  # the largest worker's peak resident memory

    @property
    def processing_seconds(self) -> float:
        return max(self.seconds - self.startup_seconds, 1e-9)


# ------------------------------------------------------------------ worker side


def warm_worker() -> float:
    """Load what every chunk needs once per worker process: the prefilter automaton, the
    analysis modules and the gazetteer. Returns the seconds it took."""
    started = time.perf_counter()
    from citypact.analyse import pipeline, prefilter
    from citypact.gazetteer import get_gazetteer

    prefilter.scan("warm")
    get_gazetteer()
    del pipeline
    return time.perf_counter() - started


def process_chunk(chunk: Chunk) -> tuple[dict[str, Any], Any]:
    """The cascade over one chunk on a worker: a summary and the shard's Arrow table."""
    import resource

    from citypact.analyse import pipeline
    from citypact.bulk.cascade import row_for
    from citypact.bulk.raw import raw_items

    rows = [row_for(item, pipeline) for item in raw_items(chunk)]
    summary = {
        "chunk": chunk.id, "documents": len(rows), "partnerships": sum(r["partnerships"] for r in rows),
        "analysed": sum(1 for r in rows if r["language"]), "consultations": sum(r["consultation"] for r in rows),
        "errors": [r["error"] for r in rows if r["error"]],
        "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }
    return summary, shards.rows_table(rows)


# ------------------------------------------------------------------ client side


def run_batch(inputs: list[str], out_dir: Path, *, workers: int | None = None, scheduler: str | None = None,
              docs_per_chunk: int | None = None, exclude: list[str] | None = None,
              on_plan: Callable[[BatchReport, int], None] | None = None,
              on_progress: Callable[[dict[str, Any], BatchReport], None] | None = None) -> BatchReport:
    """Process every chunk of the inputs that has no shard yet in `out_dir`."""
    started = time.perf_counter()
    out_dir.mkdir(parents=True, exist_ok=True)
    shards.remove_partial(out_dir)
    previous = shards.read_manifest(out_dir) or {}
    size = docs_per_chunk or previous.get("docs_per_chunk")
    chunks = plan_chunks(inputs, size, exclude=[str(out_dir), *(exclude or [])])
    report = BatchReport(chunks=len(chunks))
    report.stale_shards = _set_aside_stale(out_dir, {c.id for c in chunks})
    done = shards.done_chunks(out_dir)
    completed = {cid: v for cid, v in (previous.get("completed") or {}).items() if cid in done}
    for cid in done - set(completed):
        completed[cid] = shards.shard_summary(shards.shard_path(out_dir, cid))
    manifest = {"format": shards.MANIFEST_FORMAT, "inputs": list(inputs), "docs_per_chunk": size,
                "chunks": [c.to_json() for c in chunks], "completed": completed}
    shards.write_manifest(out_dir, manifest)
    todo = [c for c in chunks if c.id not in done]
    report.done_before = len(chunks) - len(todo)
    if on_plan:
        on_plan(report, len(todo))
    if todo:
        _run_on_dask(todo, out_dir, manifest, report, workers, scheduler, on_progress, started)
    shards.write_manifest(out_dir, manifest)
    report.seconds = time.perf_counter() - started
    return report


def _run_on_dask(todo: list[Chunk], out_dir: Path, manifest: dict[str, Any], report: BatchReport,
                 workers: int | None, scheduler: str | None,
                 on_progress: Callable[[dict[str, Any], BatchReport], None] | None, started: float) -> None:
    from dask.distributed import Client, LocalCluster, as_completed

    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
    try:
        client.run(warm_worker)
        report.startup_seconds = time.perf_counter() - started
        futures = client.map(process_chunk, todo, pure=False)
        by_key = {f.key: c for f, c in zip(futures, todo)}
        written = time.monotonic()
        for future in as_completed(futures):
            chunk = by_key[future.key]
            try:
                summary, table = future.result()
            except Exception as exc:  # noqa: BLE001 - a lost worker: the chunk is retried next run
                report.failed_chunks.append(chunk.id)
                report.error_lines.append(f"{_describe_chunk(chunk)}: not processed ({type(exc).__name__}: {exc}); "
                                          "run the batch again to retry it")
                continue
            future.release()
            shards.write_shard(out_dir, chunk.id, table)
            _count(report, summary)
            manifest["completed"][chunk.id] = {k: summary[k] if k != "errors" else len(summary[k])
                                               for k in ("documents", "partnerships", "errors", "analysed",
                                                         "consultations")}
            if time.monotonic() - written > MANIFEST_EVERY_SECONDS:
                shards.write_manifest(out_dir, manifest)
                written = time.monotonic()
            if on_progress:
                on_progress(summary, report)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _count(report: BatchReport, summary: dict[str, Any]) -> None:
    report.documents += summary["documents"]
    report.analysed += summary["analysed"]
    report.partnerships += summary["partnerships"]
    report.consultations += summary["consultations"]
    report.errors += len(summary["errors"])
    report.error_lines += summary["errors"]
    report.peak_rss_mb = max(report.peak_rss_mb, summary["max_rss_mb"])


def _describe_chunk(chunk: Chunk) -> str:
    if chunk.kind == "files":
        return f"{chunk.paths[0]} (and {len(chunk.paths) - 1} more files)" if len(chunk.paths) > 1 else chunk.paths[0]
    return f"{chunk.paths[0]} from byte {chunk.start}"


def _set_aside_stale(out_dir: Path, planned: set[str]) -> int:
    """Shards of chunks the inputs no longer make (the inputs changed): moved to `stale/`,
    so loading never counts a document twice."""
    stale = [p for p in shards.shard_dir(out_dir).glob("*.parquet") if p.stem not in planned]
    if stale:
        target = out_dir / "stale"
        target.mkdir(exist_ok=True)
        for path in stale:
            shutil.move(str(path), target / path.name)
    return len(stale)


def main(argv: list[str] | None = None) -> int:
    import argparse

    from citypact.bulk.commands import batch

    parser = argparse.ArgumentParser(prog="python -m citypact.bulk.batch", description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="+")
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--workers", type=int)
    parser.add_argument("--scheduler")
    parser.add_argument("--db")
    parser.add_argument("--chunk-size", type=int, help="documents per chunk (default: 200, or the one of the run being resumed)")
    args = parser.parse_args(argv)
    return batch(args.inputs, args.out, workers=args.workers, scheduler=args.scheduler, db=args.db,
                 chunk_size=args.chunk_size)


if __name__ == "__main__":
    raise SystemExit(main())
