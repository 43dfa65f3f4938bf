"""One contract for every store back end (SQLite and PostgreSQL)."""

import hashlib

import pytest

from citypact.errors import NotFound, StoreError
from citypact.models import Consultation, Document, Extraction, Partnership, Party, Place, Signatory, Span

KYIV = Place(703448, "Kyiv", "UA", 50.45, 30.52, 2797553)
COPENHAGEN = Place(2618425, "Copenhagen", "DK", 55.68, 12.57, 1153615)
LVIV = Place(702550, "Lviv", "UA", 49.84, 24.02, 717803)
GDANSK = Place(3099434, "Gdańsk", "PL", 54.35, 18.65, 461865)
GDYNIA = Place(3099424, "Gdynia", "PL", 54.52, 18.53, 253730)
METROPOLIS = Place(None, "Gdańsk-Gdynia Metropolis", "PL", 54.4, 18.6, 0, "group", (GDANSK, GDYNIA))


def extraction(text, *partnerships, published=None, consultation=None, doc_type="news"):
    doc = Document(text, f"{abs(hash(text))}.txt", published=published,
                   content_hash=hashlib.sha256(text.encode()).hexdigest())
    return Extraction(doc, "en", doc_type, tuple(partnerships), consultation)


def partnership(a, b, type_="twinning", status="signed", date=None, themes=(), duration=None, confidence=0.9):
    return Partnership((Party(a, a.name), Party(b, b.name)), type_, status, date, tuple(themes), duration,
                       (Signatory("Vitali Klitschko", "mayor", "Kyiv"),), (Span(0, 5, "Kyiv "),), confidence)


def test_ingest_is_idempotent(store):
    e = extraction("Kyiv and Copenhagen signed.", partnership(KYIV, COPENHAGEN))
    first = store.ingest(e)
    second = store.ingest(e)
    assert first.new_document and not second.new_document
    assert second.document_id == first.document_id
    assert store.count_partnerships() == 1
    assert len(store.list_partnerships()[0]["events"]) == 1


def test_same_partnership_from_two_documents_is_one_record(store):
    store.ingest(extraction("one", partnership(KYIV, COPENHAGEN, date="2023-05-02", themes=["culture"])))
    result = store.ingest(extraction("two", partnership(COPENHAGEN, KYIV, status="renewed", date="2026-05-02",
                                                       themes=["climate"], duration=3)))
    records = store.list_partnerships()
    assert len(records) == 1
    record = records[0]
    assert len(record["events"]) == 2 and len(record["sources"]) == 2
    assert record["status"] == "renewed" and record["date"] == "2026-05-02"
    assert record["themes"] == ["culture", "climate"]
    assert record["expires"] == "2029-05-02"
    assert result.status_changes == [(record["id"], "signed", "renewed")]
    assert {p["name"] for p in record["parties"]} == {"Kyiv", "Copenhagen"}
    assert all(set(p) >= {"name", "country", "geonames_id", "lat", "lon", "kind"} for p in record["parties"])


def test_twinning_and_cooperation_of_the_same_pair_are_two_records(store):
    store.ingest(extraction("a", partnership(KYIV, COPENHAGEN), partnership(KYIV, LVIV, "cooperation")))
    store.ingest(extraction("b", partnership(KYIV, COPENHAGEN, "cooperation", "proposed")))
    assert store.count_partnerships() == 3


def test_latest_event_drives_status_and_conflicts_stay_side_by_side(store):
    store.ingest(extraction("late", partnership(KYIV, COPENHAGEN, status="suspended", date="2022-03")))
    store.ingest(extraction("early", partnership(KYIV, COPENHAGEN, status="signed", date="1998")))
    record = store.list_partnerships()[0]
    assert record["status"] == "suspended"
    assert sorted(e["status"] for e in record["events"]) == ["signed", "suspended"]


def test_low_confidence_is_not_stored(store):
    store.ingest(extraction("maybe", partnership(KYIV, LVIV, confidence=0.3)))
    assert store.count_partnerships() == 0


def test_curation_survives_reingest_and_rejection_sticks(store):
    store.ingest(extraction("first", partnership(KYIV, COPENHAGEN)))
    pid = store.list_partnerships()[0]["id"]
    store.curate_edit(pid, "type", "friendship", actor="ana", reason="the text says pact of friendship")
    store.curate_edit(pid, "status", "existing", actor="ana", reason="old agreement")
    store.ingest(extraction("second", partnership(KYIV, COPENHAGEN, status="renewed")))
    record = store.get_partnership(pid)
    assert (record["type"], record["status"]) == ("friendship", "existing")
    assert [a["field"] for a in record["audit"]] == ["type", "status"]
    assert record["audit"][0]["before"] == "twinning" and record["audit"][0]["actor"] == "ana"
    store.curate_reject(pid, actor="ana", reason="not a city partnership")
    store.ingest(extraction("third", partnership(KYIV, COPENHAGEN)))
    assert store.count_partnerships() == 0
    assert store.count_partnerships(include_rejected=True) == 1
    assert store.get_partnership(pid)["review_state"] == "rejected"


def test_curation_validates(store):
    store.ingest(extraction("x", partnership(KYIV, COPENHAGEN)))
    pid = store.list_partnerships()[0]["id"]
    with pytest.raises(StoreError, match="valid: twinning"):
        store.curate_edit(pid, "type", "twining", actor="a")
    with pytest.raises(NotFound):
        store.curate_confirm(9999, actor="a")


def test_merge_moves_events_and_future_reports(store):
    store.ingest(extraction("x", partnership(KYIV, COPENHAGEN)))
    store.ingest(extraction("y", partnership(KYIV, COPENHAGEN, "cooperation")))
    keep, drop = [r["id"] for r in store.list_partnerships()]
    store.curate_merge(keep, drop, actor="ana", reason="same agreement")
    store.ingest(extraction("z", partnership(KYIV, COPENHAGEN, "cooperation", "renewed")))
    records = store.list_partnerships()
    assert [r["id"] for r in records] == [keep]
    assert len(records[0]["events"]) == 3


def test_groups_keep_members(store):
    store.ingest(extraction("g", partnership(KYIV, METROPOLIS, "cooperation")))
    party = [p for p in store.list_partnerships()[0]["parties"] if p["kind"] == "group"][0]
    assert {m["name"] for m in party["members"]} == {"Gdańsk", "Gdynia"}


def test_filters_and_pagination(store):
    store.ingest(extraction("a", partnership(KYIV, COPENHAGEN, date="2020", themes=["culture"], duration=2)))
    store.ingest(extraction("b", partnership(LVIV, GDANSK, "cooperation", "proposed", date="2024-02")))
    assert [r["parties"][0]["name"] for r in store.list_partnerships(city="lviv")] == ["Lviv"]
    assert store.count_partnerships(country="DK") == 1
    assert store.count_partnerships(type="cooperation") == 1
    assert store.count_partnerships(status="signed") == 1
    assert store.count_partnerships(theme="culture") == 1
    assert store.count_partnerships(since="2023") == 1
    assert store.count_partnerships(until="2020-12-31") == 1
    assert store.count_partnerships(expiring_before="2023-01-01") == 1
    assert len(store.list_partnerships(limit=1, offset=1)) == 1


def test_consultations_places_documents_stats(store):
    c = Consultation("Politik", "Københavns Kommune", "2025-02-05", "2025-03-05", "2025-03-05", "2025-02-04",
                     "https://example.org/h/1", ("2023 - 15028",), "Hanne")
    result = store.ingest(extraction("hearing", consultation=c, doc_type="consultation"))
    store.ingest(extraction("p", partnership(KYIV, COPENHAGEN)))
    [item] = store.list_consultations()
    assert item["deadline"] == "2025-03-05" and item["case_numbers"] == ["2023 - 15028"]
    assert store.list_consultations(open_on="2025-04-01") == []
    assert store.get_document(result.document_id)["text"] == "hearing"
    kyiv = [p for p in store.list_places() if p["name"] == "Kyiv"][0]
    assert kyiv["partnerships"] == 1
    assert len(store.place_partners(kyiv["place_id"])) == 1
    stats = store.stats()
    assert stats["partnerships"] == 1 and stats["documents"] == 2 and stats["by_country"]["UA"] == 1


def test_bulk_import_and_check(store):
    ids = store.add_known_many([([KYIV, LVIV], None), ([GDANSK, GDYNIA], None), ([KYIV, LVIV], None)],
                               source="import:test.csv")
    assert ids[0] == ids[2]
    assert store.count_partnerships(status="existing") == 2
    assert store.check() == []
