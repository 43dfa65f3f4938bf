"""A registry the size of the Wikipedia list (~26,000 pairs) on every back end: the import is one
batched transaction, and a page of records costs the same few queries however large the store."""

import random
import time

from sqlalchemy import event

from citypact.models import Place

from .build import KYIV, LVIV, extraction, partnership

PAIRS = 26_000
# Generous: a per-row import (one round trip per place, record and event) takes minutes.
IMPORT_SECONDS = 60


def synthetic_pairs(count: int) -> list:
    rnd = random.Random(7)
    towns = [Place(10_000_000 + i, f"Town {i}", rnd.choice(["DE", "FR", "PL", "UA", "US"]),
                   rnd.uniform(-60, 70), rnd.uniform(-180, 180)) for i in range(count // 2)]
    pairs = set()
    while len(pairs) < count:
        a, b = rnd.sample(range(len(towns)), 2)
        pairs.add((min(a, b), max(a, b)))
    return [([towns[a], towns[b]], None) for a, b in sorted(pairs)]


class StatementCounter:
    def __init__(self, engine):
        self.engine, self.count = engine, 0

    def __enter__(self):
        event.listen(self.engine, "before_cursor_execute", self.tick)
        return self

    def tick(self, *args):
        self.count += 1

    def __exit__(self, *exc):
        event.remove(self.engine, "before_cursor_execute", self.tick)


def test_import_and_query_a_large_registry(store):
    rows = synthetic_pairs(PAIRS)
    started = time.perf_counter()
    ids = store.add_known_many(rows, source="import:big.csv")
    seconds = time.perf_counter() - started
    print(f"\n{store.dialect}: {PAIRS} pairs imported in {seconds:.1f} s")
    assert seconds < IMPORT_SECONDS
    assert len(set(ids)) == PAIRS and store.count_partnerships() == PAIRS
    store.ingest(extraction("news", partnership(KYIV, LVIV, themes=["culture"])))

    with StatementCounter(store.engine) as page:
        records = store.list_partnerships(limit=50, offset=20_000, sort="-id")
    assert len(records) == 50 and page.count <= 4  # (BEGIN,) records, parties, events
    assert all(len(r["parties"]) == 2 and len(r["events"]) == 1 for r in records)
    with StatementCounter(store.engine) as filtered:
        assert store.count_partnerships(city="Town 17", status="existing") >= 1
        assert store.list_partnerships(theme="culture", city="kyiv")[0]["themes"] == ["culture"]
    assert filtered.count <= 6
    with StatementCounter(store.engine) as everything:
        assert len(store.list_partnerships()) == PAIRS + 1
    assert everything.count <= 2 + 2 * (PAIRS // 900 + 1)

    started = time.perf_counter()
    assert store.add_known_many(rows, source="import:big.csv") == ids  # again: nothing new
    assert store.check() == []
    print(f"{store.dialect}: re-import and check in {time.perf_counter() - started:.1f} s")
