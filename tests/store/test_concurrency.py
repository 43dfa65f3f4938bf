"""Writers at the same time on every back end: no lost report, no duplicate record, no failure."""

import threading

from citypact.store import open_store

from .build import KYIV, LVIV, PARIS, extraction, partnership

WRITERS = 6


def run_together(work, count=WRITERS):
    barrier = threading.Barrier(count)
    errors = []

    def worker(i):
        try:
            barrier.wait()
            work(i)
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []


def test_simultaneous_reports_of_a_new_record(store):
    def work(i):
        store.ingest(extraction(f"report {i}", partnership(KYIV, LVIV), partnership(PARIS, LVIV, date=f"20{i:02d}")))

    run_together(work)
    assert store.count_partnerships() == 2
    assert all(len(r["events"]) == WRITERS for r in store.list_partnerships())
    assert len(store.list_places()) == 3 and store.check() == []


def test_simultaneous_ingest_of_one_document(store):
    e = extraction("the same text", partnership(KYIV, LVIV))
    results = []
    run_together(lambda i: results.append(store.ingest(e)))
    assert sum(r.new_document for r in results) == 1 and len({r.document_id for r in results}) == 1
    assert len(store.list_documents()) == 1 and len(store.list_partnerships()[0]["events"]) == 1


def test_simultaneous_opening_of_a_new_store(empty_url):
    stores = []
    run_together(lambda i: stores.append(open_store(empty_url)), count=4)
    stores[0].ingest(extraction("x", partnership(KYIV, LVIV)))
    assert stores[-1].count_partnerships() == 1
    for s in stores:
        s.close()
