"""A bounded load test of `serve` on loopback: a fixed number of requests per endpoint at a
fixed concurrency, against a registry of imported partnerships, with an ingest running.

Usage: python benchmarks/load.py [--rows 26000] [--requests 2000] [--concurrency 20]
Prints requests/s and p50/p99 latency per endpoint. Sends traffic to 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import asyncio
import socket
import statistics
import tempfile
import threading
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


async def hammer(base: str, path: str, total: int, concurrency: int) -> list[float]:
    latencies: list[float] = []
    counter = iter(range(total))
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        async def worker() -> None:
            for i in counter:
                started = time.perf_counter()
                response = await client.get(path.format(id=1 + i % 1000))
                response.raise_for_status()
                latencies.append(time.perf_counter() - started)
        await asyncio.gather(*(worker() for _ in range(concurrency)))
    return latencies


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=26000)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=20)
    args = parser.parse_args()

    import uvicorn

    from citypact.api import create_app
    from citypact.registry.import_csv import import_registry
    from citypact.store import open_store

    with tempfile.TemporaryDirectory() as tmp:
        source = ROOT.parent / "shared" / "registry" / "twin_cities_wikipedia.csv"
        subset = Path(tmp) / "rows.csv"
        subset.write_text("".join(source.open(encoding="utf-8").readlines()[: args.rows + 1]), encoding="utf-8")
        db = str(Path(tmp) / "load.db")
        store = open_store(db)
        import_registry(subset, store, min_population=5000)
        print(f"registry: {store.count_partnerships()} partnerships")
        store.close()
        port = free_port()
        server = uvicorn.Server(uvicorn.Config(create_app(db, None), host="127.0.0.1", port=port, log_level="warning"))
        threading.Thread(target=server.run, daemon=True).start()
        while not server.started:
            time.sleep(0.05)
        stop = threading.Event()

        def ingest_loop() -> None:  # concurrent writes while reading
            from citypact.analyse import pipeline
            from citypact.read.base import make_document

            writer = open_store(db)
            i = 0
            while not stop.is_set():
                text = f"Lviv og Lublin har indgået en venskabsbyaftale. ({i})"
                writer.ingest(pipeline(make_document(text, f"load-{i}.txt")))
                i += 1
                time.sleep(0.05)
            writer.close()

        ingest = threading.Thread(target=ingest_loop, daemon=True)
        ingest.start()
        base = f"http://127.0.0.1:{port}"
        for name, path in ENDPOINTS.items():
            started = time.perf_counter()
            latencies = asyncio.run(hammer(base, path, args.requests, args.concurrency))
            elapsed = time.perf_counter() - started
            latencies.sort()
            p99 = latencies[int(len(latencies) * 0.99) - 1]
            print(f"{name:<7} {len(latencies) / elapsed:7.0f} req/s  p50 {statistics.median(latencies) * 1000:6.1f} ms"
                  f"  p99 {p99 * 1000:6.1f} ms  ({len(latencies)} requests, concurrency {args.concurrency})")
        stop.set()
        ingest.join(timeout=10)
        server.should_exit = True


if __name__ == "__main__":
    main()
