"""100,000 generated crawl-like documents through `citypact batch` end to end, twice: once
uninterrupted, once killed with SIGKILL midway and resumed. Prints the times and whether
the two results are the same (same documents, same findings, none twice, none lost).

    python benchmarks/resume_100k.py [--documents 100000] [--files 20] [--kill-at 0.4]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import corpus


def write_jsonl(folder: Path, documents: int, files: int, seed: int = 5) -> tuple[int, float]:
    """The corpus as JSONL files (`html` and `url` per line); returns (reports, MB)."""
    folder.mkdir(parents=True)
    rng = random.Random(seed)
    reports, size = 0, 0
    per_file = -(-documents // files)
    for f in range(files):
        with (folder / f"crawl{f:03d}.jsonl").open("w", encoding="utf-8") as out:
            for i in range(f * per_file, min(documents, (f + 1) * per_file)):
                html, is_report = corpus.page(rng, i)
                reports += is_report
                line = json.dumps({"html": html, "url": f"https://news.example/{i}"}, ensure_ascii=False) + "\n"
                size += len(line.encode())
                out.write(line)
    return reports, size / 1e6


def batch_command(inputs: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "citypact.cli", "batch", str(inputs), "--out", str(out), "--workers", "2"]


def _summary(stderr: str) -> str:
    """The batch's closing line (the progress bar's lines before it are left out)."""
    lines = [line for line in stderr.splitlines() if " documents in " in line or line.startswith(("partnerships", "("))]
    return " ".join(line.strip() for line in lines[-2:])


def rows(out: Path) -> list[tuple]:
    from citypact.bulk import shards

    return sorted((r["source"], r["skipped"], r["error"], r["extract_json"]) for r in shards.iter_rows(out))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--files", type=int, default=20)
    parser.add_argument("--kill-at", type=float, default=0.4, help="share of chunks done when the kill lands")
    args = parser.parse_args()
    from citypact.bulk import shards

    tmp = Path(tempfile.mkdtemp(prefix="citypact-100k-"))
    try:
        started = time.perf_counter()
        reports, megabytes = write_jsonl(tmp / "in", args.documents, args.files)
        print(f"corpus: {args.documents} documents in {args.files} JSONL files, {megabytes:.0f} MB, "
              f"{reports} partnership reports; written in {time.perf_counter() - started:.0f} s")

        started = time.perf_counter()
        clean = subprocess.run(batch_command(tmp / "in", tmp / "clean"), capture_output=True, text=True)
        clean_seconds = time.perf_counter() - started
        print(f"uninterrupted run: exit {clean.returncode}, {clean_seconds:.0f} s, "
              f"{args.documents / clean_seconds:.0f} docs/s ({args.documents / clean_seconds / 2:.0f} per core)")
        print("  " + _summary(clean.stderr))
        total_chunks = len(shards.done_chunks(tmp / "clean"))

        started = time.perf_counter()
        process = subprocess.Popen(batch_command(tmp / "in", tmp / "killed"), stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL, start_new_session=True)
        target = max(1, int(total_chunks * args.kill_at))
        while process.poll() is None and len(shards.done_chunks(tmp / "killed")) < target:
            time.sleep(0.05)
        os.killpg(process.pid, signal.SIGKILL)  # the client and its workers, as a power cut would
        process.wait()
        done_at_kill = len(shards.done_chunks(tmp / "killed"))
        print(f"killed run: SIGKILL after {time.perf_counter() - started:.0f} s with {done_at_kill} of "
              f"{total_chunks} chunks done")
        started = time.perf_counter()
        resumed = subprocess.run(batch_command(tmp / "in", tmp / "killed"), capture_output=True, text=True)
        print(f"resumed run: exit {resumed.returncode}, {time.perf_counter() - started:.0f} s")
        print("  " + _summary(resumed.stderr))

        a, b = rows(tmp / "clean"), rows(tmp / "killed")
        sources = [r[0] for r in b]
        print(f"documents: uninterrupted {len(a)}, killed+resumed {len(b)}, distinct {len(set(sources))}")
        print(f"partnership documents: uninterrupted {sum(1 for r in a if r[3] and 'parties' in r[3])}, "
              f"killed+resumed {sum(1 for r in b if r[3] and 'parties' in r[3])}")
        print(f"same result: {a == b}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
