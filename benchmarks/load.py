"""A bounded load test of `citypact serve` on loopback, with the server, the request generator
and a concurrent ingest in three separate processes, against a registry of imported partnerships.

For each endpoint (list, filtered list, detail) it sends a fixed number of requests at a fixed
rate (open loop: latency counts from when a request was due, so a slow server cannot hide its
queue), then the same number as fast as a fixed concurrency allows (closed loop, for the most
requests/s). Prints requests/s and p50/p99 latency. Sends traffic to 127.0.0.1 only.

Usage: python benchmarks/load.py [--rows 26000] [--requests 2000] [--rate 200] [--concurrency 20]
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
ENDPOINTS = {
    "list": "/api/partnerships",
    "filter": "/api/partnerships?country=PL&status=existing&type=twinning",
    "detail": "/api/partnerships/{id}",
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(sorted_values: list[float], share: float) -> float:
    return sorted_values[max(0, int(len(sorted_values) * share) - 1)]


async def open_loop(base: str, path: str, total: int, rate: float) -> tuple[list[float], float]:
    """Request i is sent when it is due (start + i/rate), whatever the answers before it; its
    latency runs from then to its answer, so a queue in the server shows."""
    latencies: list[float] = []
    limits = httpx.Limits(max_connections=100, max_keepalive_connections=100)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as client:

        async def one(i: int, due: float) -> None:
            try:
                response = await client.get(path.format(id=1 + i % 1000))
                response.raise_for_status()
            except httpx.HTTPError:
                latencies.append(float("inf"))  # a failed request counts as the slowest
                return
            latencies.append(time.perf_counter() - due)

        start = time.perf_counter()
        tasks = []
        for i in range(total):
            due = start + i / rate
            await asyncio.sleep(max(0.0, due - time.perf_counter()))
            tasks.append(asyncio.create_task(one(i, due)))
        await asyncio.gather(*tasks)
        return latencies, time.perf_counter() - start


async def closed_loop(base: str, path: str, total: int, concurrency: int) -> tuple[list[float], float]:
    latencies: list[float] = []
    counter = iter(range(total))
    async with httpx.AsyncClient(base_url=base, timeout=60) as client:
        start = time.perf_counter()

        async def worker() -> None:
            for i in counter:
                sent = time.perf_counter()
                response = await client.get(path.format(id=1 + i % 1000))
                response.raise_for_status()
                latencies.append(time.perf_counter() - sent)

        await asyncio.gather(*(worker() for _ in range(concurrency)))
        return latencies, time.perf_counter() - start


def ingest_loop(db: str, stop: multiprocessing.synchronize.Event, counter: multiprocessing.sharedctypes.Synchronized) -> None:
    """Concurrent writes while the server reads: a small report every 50 ms."""
    from citypact.analyse import pipeline
    from citypact.read.base import make_document
    from citypact.store import open_store

    writer = open_store(db)
    i = 0
    while not stop.is_set():
        text = f"Lviv og Lublin har indgået en venskabsbyaftale. ({i})"
        writer.ingest(pipeline(make_document(text, f"load-{i}.txt")))
        i += 1
        counter.value = i
        time.sleep(0.05)
    writer.close()


def report(name: str, mode: str, latencies: list[float], elapsed: float) -> None:
    latencies.sort()
    failed = sum(1 for x in latencies if x == float("inf"))
    print(f"{name:<7} {mode:<26} {(len(latencies) - failed) / elapsed:6.0f} req/s  "
          f"p50 {statistics.median(latencies) * 1000:7.1f} ms  p99 {percentile(latencies, 0.99) * 1000:7.1f} ms  "
          f"({len(latencies)} requests, {failed} failed)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=26000)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--rate", type=float, default=200.0)
    parser.add_argument("--concurrency", type=int, default=20)
    args = parser.parse_args()

    from citypact.registry.import_csv import import_registry
    from citypact.store import open_store

    print(f"machine: {os.cpu_count()} cores; {time.strftime('%Y-%m-%d %H:%M')}; load average before: "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    with tempfile.TemporaryDirectory() as tmp:
        source = ROOT.parent / "shared" / "registry" / "twin_cities_wikipedia.csv"
        subset = Path(tmp) / "rows.csv"
        subset.write_text("".join(source.open(encoding="utf-8").readlines()[: args.rows + 1]), encoding="utf-8")
        db = str(Path(tmp) / "load.db")
        store = open_store(db)
        import_registry(subset, store, min_population=5000)
        print(f"registry: {store.count_partnerships()} partnerships (SQLite, {db})")
        store.close()

        port = free_port()
        server = subprocess.Popen([sys.executable, "-m", "citypact.cli", "serve", "--db", db, "--port", str(port)],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=os.environ | {"CITYPACT_TOKEN": ""})
        base = f"http://127.0.0.1:{port}"
        deadline = time.time() + 60
        while True:
            try:
                httpx.get(base + "/api/stats", timeout=2).raise_for_status()
                break
            except httpx.HTTPError:
                if time.time() > deadline or server.poll() is not None:
                    raise SystemExit(f"server did not start: {server.stderr.read().decode() if server.stderr else ''}")
                time.sleep(0.2)
        stop, written = multiprocessing.Event(), multiprocessing.Value("i", 0)
        writer = multiprocessing.Process(target=ingest_loop, args=(db, stop, written), daemon=True)
        writer.start()
        while written.value < 3 and writer.is_alive():  # past its start-up (models and gazetteer)
            time.sleep(0.1)
        try:
            for name, path in ENDPOINTS.items():
                asyncio.run(closed_loop(base, path, 50, 5))  # warm the path
                report(name, f"open loop at {args.rate:.0f} req/s", *asyncio.run(open_loop(base, path, args.requests, args.rate)))
                report(name, f"closed loop, {args.concurrency} at once",
                       *asyncio.run(closed_loop(base, path, args.requests, args.concurrency)))
        finally:
            stop.set()
            writer.join(timeout=10)
            server.terminate()
            server.wait(timeout=10)
        print(f"documents ingested concurrently: {written.value}; load average after: "
              f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
