"""Throughput of the crawl cascade, measured in one run; prints figures and ratios.

    python benchmarks/run.py [--pages N] [--partner-docs M] [--warc-pages K]

Stages measured on the same generated pages (benchmarks/corpus.py): the raw prefilter alone
(the floor), trafilatura alone on every page (what one would otherwise do), the whole cascade
in one process, the analyse stage on partnership reports only, and `batch` on Dask with 1 and
2 workers (steady state: cluster start and worker warm-up excluded), plus the WARC variant.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus


def line(label: str, seconds: float, docs: int, megabytes: float, cores: int = 1) -> dict[str, float]:
    rate = docs / seconds
    print(f"{label:<52} {docs:>7} docs {seconds:8.2f} s {rate:8.0f} docs/s {rate / cores:8.0f} /core "
          f"{megabytes / seconds / cores:6.1f} MB/s/core", flush=True)
    return {"seconds": seconds, "rate": rate, "per_core": rate / cores}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=10000)
    parser.add_argument("--partner-docs", type=int, default=300)
    parser.add_argument("--warc-pages", type=int, default=4000)
    parser.add_argument("--trafilatura-sample", type=int, default=2000)
    args = parser.parse_args()

    from citypact.analyse import pipeline
    from citypact.bulk.batch import process_chunk, run_batch, warm_worker
    from citypact.bulk.cascade import passes
    from citypact.bulk.plan import plan_chunks
    from citypact.read import read_bytes

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{time.strftime('%Y-%m-%d %H:%M')}")
    tmp = Path(tempfile.mkdtemp(prefix="citypact-bench-"))
    try:
        folder = tmp / "html"
        reports = corpus.write_html(folder, args.pages)
        files = sorted(folder.glob("*.html"))
        raw = [p.read_bytes() for p in files]
        megabytes = sum(len(r) for r in raw) / 1e6
        print(f"corpus: {len(files)} pages, {megabytes:.1f} MB ({megabytes * 1000 / len(files):.1f} KB/page), "
              f"{reports} partnership reports ({reports / len(files):.1%})")
        warc = tmp / "crawl.warc.gz"
        warc_reports = corpus.write_warc(warc, args.warc_pages)
        print(f"WARC: {args.warc_pages} records ({warc_reports} partnership reports), "
              f"{warc.stat().st_size / 1e6:.1f} MB gzipped")
        warm_worker()
        print()

        started = time.perf_counter()
        passed = sum(passes(r.decode("utf-8")) for r in raw)
        floor = line("prefilter alone on the raw pages (the floor)", time.perf_counter() - started, len(raw),
                     megabytes)
        print(f"  pass rate {passed / len(raw):.1%} ({passed} pages)")

        import trafilatura

        sample = raw[:args.trafilatura_sample]
        started = time.perf_counter()
        for r in sample:
            trafilatura.extract(r.decode("utf-8"))
        traf = line("trafilatura alone on every page", time.perf_counter() - started, len(sample),
                    megabytes * len(sample) / len(raw))

        started = time.perf_counter()
        found = 0
        for chunk in plan_chunks([str(folder)]):
            summary, _table = process_chunk(chunk)
            found += summary["partnerships"]
        cascade = line("whole cascade in one process (read+prefilter+analyse)", time.perf_counter() - started,
                       len(files), megabytes)
        print(f"  partnerships found: {found} (reports in the corpus: {reports})")

        rng = random.Random(11)
        pages = [corpus.page(rng, i, partner_share=1.0)[0].encode() for i in range(args.partner_docs)]
        documents = [read_bytes(p, f"report{i}.html") for i, p in enumerate(pages)]
        started = time.perf_counter()
        found = sum(bool(pipeline(d).partnerships) for d in documents)
        analyse = line("analyse stage on partnership reports only", time.perf_counter() - started, len(documents),
                       sum(len(d.text.encode()) for d in documents) / 1e6)
        started = time.perf_counter()
        for p in pages:
            pipeline(read_bytes(p, "x.html"))
        line("  the same reports with HTML extraction (read+analyse)", time.perf_counter() - started, len(pages),
             sum(map(len, pages)) / 1e6)
        print(f"  reports with a partnership found: {found} of {len(documents)}")
        print()

        batch = {}
        peak = {}
        for workers in (1, 2):
            report = run_batch([str(folder)], tmp / f"batch{workers}", workers=workers)
            batch[workers] = line(f"batch --workers {workers}, steady state", report.processing_seconds,
                                  report.documents, megabytes, cores=workers)
            line(f"batch --workers {workers}, incl. start-up ({report.startup_seconds:.1f} s)", report.seconds,
                 report.documents, megabytes, cores=workers)
            peak[workers] = report.peak_rss_mb
            print(f"  peak RSS of a worker: {report.peak_rss_mb:.0f} MB; partnerships: {report.partnerships}; "
                  f"chunks: {report.chunks}")
        report = run_batch([str(warc)], tmp / "batchwarc", workers=2)
        line("batch --workers 2 on the WARC, steady state", report.processing_seconds, report.documents,
             warc.stat().st_size / 1e6, cores=2)
        print(f"  (MB/s of gzipped WARC) chunks: {report.chunks}, partnerships: {report.partnerships}")

        print()
        print("targets (issue 6)")
        per_core = batch[2]["per_core"]
        floor_per_doc = floor["seconds"] / len(raw)
        batch_per_doc = 1 / per_core
        print(f"  batch --workers 2: {per_core:.0f} docs/s per core, steady state (target >= 300)")
        print(f"  batch time per page / prefilter-only time per page: {batch_per_doc / floor_per_doc:.2f}x; "
              f"in one process {cascade['seconds'] / floor['seconds']:.2f}x (target <= 1.5x)")
        print(f"  batch rate per core / trafilatura-on-every-page rate: {per_core / traf['rate']:.1f}x; "
              f"in one process {cascade['rate'] / traf['rate']:.1f}x (target >= 10x)")
        print(f"  analyse on partnership reports: {analyse['per_core']:.0f} docs/s per core (target >= 100)")
        print(f"  peak RSS per worker: {max(peak.values()):.0f} MB (target <= 1024 MB)")
        print(f"  scaling 1 -> 2 workers: {batch[2]['rate'] / batch[1]['rate']:.2f}x")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
