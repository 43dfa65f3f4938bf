"""Throughput of the crawl cascade, measured in one run; prints figures and ratios.

Usage: python benchmarks/run.py [--pages N] [--partner-docs M]
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus  # noqa: E402


def timed(label: str, seconds: float, docs: int, megabytes: float, cores: int = 1) -> dict:
    rate = docs / seconds
    print(f"{label:<46} {docs:>7} docs {seconds:8.2f} s {rate:9.0f} docs/s {rate / cores:9.0f} docs/s/core "
          f"{megabytes / seconds:7.1f} MB/s")
    return {"seconds": seconds, "rate": rate, "per_core": rate / cores}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=6000)
    parser.add_argument("--partner-docs", type=int, default=400)
    args = parser.parse_args()

    from citypact import prefilter
    from citypact.analyse import pipeline
    from citypact.batch import Chunk, process_chunk, run_batch
    from citypact.gazetteer import get_gazetteer
    from citypact.read import read_bytes

    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    tmp = Path(tempfile.mkdtemp(prefix="citypact-bench-"))
    try:
        folder = tmp / "html"
        reports = corpus.write_html(folder, args.pages)
        files = sorted(folder.glob("*.html"))
        raw = [p.read_bytes() for p in files]
        megabytes = sum(len(r) for r in raw) / 1e6
        print(f"corpus: {len(files)} pages, {megabytes:.1f} MB ({megabytes * 1000 / len(files):.1f} KB/page), "
              f"{reports} partnership reports")
        warc_reports = corpus.write_warc(tmp / "crawl.warc.gz", min(args.pages, 2000))
        print(f"WARC: {min(args.pages, 2000)} records ({warc_reports} partnership reports), "
              f"{(tmp / 'crawl.warc.gz').stat().st_size / 1e6:.1f} MB compressed")
        get_gazetteer()
        prefilter.scan(b"warm")

        started = time.perf_counter()
        passed = sum(prefilter.scan(r).passed for r in raw)
        floor = timed("prefilter scan alone (the floor)", time.perf_counter() - started, len(raw), megabytes)
        print(f"  prefilter pass rate: {passed / len(raw):.1%}")

        import trafilatura

        sample = raw[: min(len(raw), 1500)]
        started = time.perf_counter()
        for r in sample:
            trafilatura.extract(r.decode("utf-8"))
        traf = timed("trafilatura on every page", time.perf_counter() - started, len(sample),
                     megabytes * len(sample) / len(raw))

        started = time.perf_counter()
        out = tmp / "inproc"
        for i in range(0, len(files), 200):
            process_chunk(Chunk(f"c{i}", "files", tuple(str(p) for p in files[i:i + 200])), str(out))
        cascade = timed("whole cascade, one process", time.perf_counter() - started, len(files), megabytes)

        partner_docs = []
        rng_pages = [corpus.page(__import__("random").Random(i), i, partner_share=1.0)[0] for i in range(args.partner_docs)]
        for i, html in enumerate(rng_pages):
            partner_docs.append(read_bytes(html.encode(), f"p{i}.html"))
        started = time.perf_counter()
        found = sum(len(pipeline(d).partnerships) for d in partner_docs)
        analyse = timed("analyse stage on partnership documents", time.perf_counter() - started, len(partner_docs),
                        sum(len(d.text) for d in partner_docs) / 1e6)
        print(f"  partnerships found: {found} in {len(partner_docs)} reports")

        batch = {}
        rss = {}
        for workers in (1, 2):
            target = tmp / f"batch{workers}"
            peaks = []
            started = time.perf_counter()
            report = run_batch([str(folder)], target, workers=workers,
                               on_progress=lambda result, _r: peaks.append(result.get("max_rss_mb", 0)))
            elapsed = time.perf_counter() - started
            batch[workers] = timed(f"citypact batch --workers {workers} (incl. start-up)", elapsed, report.documents,
                                   megabytes, cores=workers)
            rss[workers] = max(peaks) if peaks else 0.0
            print(f"  peak RSS per worker: {rss[workers]:.0f} MB; partnerships: {report.partnerships}")
        started = time.perf_counter()
        warc_report = run_batch([str(tmp / "crawl.warc.gz")], tmp / "batchwarc", workers=2)
        timed("citypact batch on the WARC, 2 workers", time.perf_counter() - started, warc_report.documents,
              (tmp / "crawl.warc.gz").stat().st_size / 1e6, cores=2)

        print()
        print("targets")
        per_core = batch[2]["per_core"]
        print(f"  batch --workers 2: {per_core:.0f} docs/s per core (target >= 300)")
        print(f"  cascade / prefilter-only time: {cascade['seconds'] / floor['seconds']:.2f}x (target <= 1.5x)")
        print(f"  cascade / trafilatura-on-every-page rate: {cascade['rate'] / traf['rate']:.1f}x (target >= 10x)")
        print(f"  analyse on partnership documents: {analyse['per_core']:.0f} docs/s per core (target >= 100)")
        print(f"  peak RSS per worker: {max(rss.values()):.0f} MB (target <= 1024 MB)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
