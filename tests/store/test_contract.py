"""One contract for every store back end (SQLite and PostgreSQL): ingest and merging into records."""

import pytest

from citypact.errors import StoreError
from citypact.models import Partnership, Party
from citypact.store import derive

from .build import COPENHAGEN, GDANSK, KYIV, LVIV, METROPOLIS, PARIS, extraction, partnership

RECORD_KEYS = {"id", "parties", "type", "status", "date", "themes", "duration_years", "expires", "signatories",
               "events", "sources"}
PARTY_KEYS = {"name", "local_name", "country", "geonames_id", "lat", "lon", "kind"}
EVENT_KEYS = {"status", "date", "type", "source", "document_id", "evidence"}


def test_ingest_is_idempotent(store):
    e = extraction("Kyiv and Copenhagen signed.", partnership(KYIV, COPENHAGEN))
    first = store.ingest(e)
    second = store.ingest(e)
    assert first.new_document and not second.new_document
    assert second.document_id == first.document_id
    assert first.new_partnerships == first.partnership_ids and second.new_partnerships == []
    assert second.partnership_ids == first.partnership_ids  # what the document reports, for the caller
    assert store.count_partnerships() == 1 and len(store.list_documents()) == 1
    assert len(store.list_partnerships()[0]["events"]) == 1


def test_record_shape_is_the_list_json_contract(store):
    store.ingest(extraction("shape", partnership(KYIV, COPENHAGEN, themes=["culture"]), source="docs/a.txt"))
    [record] = store.list_partnerships()
    assert RECORD_KEYS <= set(record)
    assert all(PARTY_KEYS <= set(p) for p in record["parties"])
    copenhagen = [p for p in record["parties"] if p["name"] == "Copenhagen"][0]
    assert (copenhagen["local_name"], copenhagen["country"], copenhagen["geonames_id"]) == ("København", "DK", 2618425)
    assert copenhagen["lat"] == pytest.approx(55.68) and copenhagen["kind"] == "city"
    [event] = record["events"]
    assert EVENT_KEYS <= set(event) and event["source"] == "docs/a.txt"
    assert event["evidence"] == [{"start": 0, "end": 5, "text": "Kyiv "}]
    assert record["sources"] == ["docs/a.txt"]
    assert record["signatories"] == [{"name": "Vitali Klitschko", "role": "mayor", "party": "Kyiv"}]


def test_same_partnership_from_two_documents_is_one_record(store):
    store.ingest(extraction("one", partnership(KYIV, COPENHAGEN, date="2023-05-02", themes=["culture"])))
    result = store.ingest(extraction("two", partnership(COPENHAGEN, KYIV, status="renewed", date="2026-05-02",
                                                       themes=["climate"], duration=3)))
    [record] = store.list_partnerships()
    assert len(record["events"]) == 2 and len(record["sources"]) == 2
    assert record["status"] == "renewed" and record["date"] == "2026-05-02"
    assert record["themes"] == ["culture", "climate"]
    assert record["duration_years"] == 3 and record["expires"] == "2029-05-02"
    assert result.new_partnerships == [] and result.status_changes == [(record["id"], "signed", "renewed")]
    assert {p["name"] for p in record["parties"]} == {"Kyiv", "Copenhagen"}


def test_twinning_and_cooperation_of_the_same_pair_are_two_records(store):
    store.ingest(extraction("a", partnership(KYIV, COPENHAGEN), partnership(KYIV, LVIV, "cooperation")))
    store.ingest(extraction("b", partnership(KYIV, COPENHAGEN, "cooperation", "proposed")))
    assert store.count_partnerships() == 3
    assert store.count_partnerships(city="Copenhagen") == 2


def test_latest_event_drives_status_and_conflicts_stay_side_by_side(store):
    store.ingest(extraction("late", partnership(KYIV, COPENHAGEN, status="suspended", date="2022-03")))
    store.ingest(extraction("early", partnership(KYIV, COPENHAGEN, status="signed", date="1998")))
    [record] = store.list_partnerships()
    assert (record["status"], record["date"]) == ("suspended", "2022-03")
    assert [e["status"] for e in record["events"]] == ["signed", "suspended"]  # in date order


def test_publication_date_orders_undated_events(store):
    store.ingest(extraction("newer", partnership(KYIV, PARIS, status="ended"), published="2024-01-10"))
    store.ingest(extraction("older", partnership(KYIV, PARIS, status="signed"), published="2022-11-03"))
    store.ingest(extraction("no date at all", partnership(KYIV, PARIS, status="proposed")))
    [record] = store.list_partnerships()
    assert record["status"] == "ended" and record["date"] is None


def test_one_document_reporting_a_record_twice_gives_one_event(store):
    e = extraction("twice", partnership(KYIV, LVIV, status="approved", date="2023-01", themes=["culture"]),
                   partnership(LVIV, KYIV, status="signed", date="2023-02", themes=["youth"], evidence="Lviv"))
    result = store.ingest(e)
    [record] = store.list_partnerships()
    assert result.partnership_ids == [record["id"]]
    [event] = record["events"]
    assert (event["status"], event["date"]) == ("signed", "2023-02")
    assert len(event["evidence"]) == 2 and record["themes"] == ["culture", "youth"]


def test_low_confidence_and_single_party_reports_are_not_stored(store):
    same = Partnership((Party(KYIV, "Kyiv"), Party(KYIV, "Київ")), "twinning", "signed", None)
    result = store.ingest(extraction("maybe", partnership(KYIV, LVIV, confidence=0.3), same))
    assert result.new_document and result.partnership_ids == []
    assert store.count_partnerships() == 0 and len(store.list_documents()) == 1


def test_a_failed_ingest_leaves_no_half_document(store, monkeypatch):
    calls = []

    def failing_refresh(conn, pid):
        calls.append(pid)
        if len(calls) == 2:
            raise RuntimeError("crash in the middle of a document")

    monkeypatch.setattr("citypact.store.ingest.refresh", failing_refresh)
    e = extraction("crash", partnership(KYIV, LVIV), partnership(KYIV, GDANSK),
                   consultation=None)
    with pytest.raises(RuntimeError):
        store.ingest(e)
    assert store.list_documents() == [] and store.count_partnerships(include_rejected=True) == 0
    assert store.list_places() == []
    monkeypatch.setattr("citypact.store.ingest.refresh", derive.refresh)
    assert store.ingest(e).new_document and store.count_partnerships() == 2


def test_unknown_vocabulary_is_refused_with_the_valid_options(store):
    with pytest.raises(StoreError, match="valid: twinning"):
        store.ingest(extraction("bad", partnership(KYIV, LVIV, type_="twinned")))
    assert store.list_documents() == []


def test_groups_keep_members_and_match_by_members(store):
    store.ingest(extraction("g", partnership(KYIV, METROPOLIS, "cooperation")))
    renamed = METROPOLIS.__class__(None, "Metropolia GZM", "PL", None, None, 0, "group", METROPOLIS.members)
    store.ingest(extraction("h", partnership(renamed, KYIV, "cooperation", "renewed")))
    [record] = store.list_partnerships()
    party = [p for p in record["parties"] if p["kind"] == "group"][0]
    assert {m["name"] for m in party["members"]} == {"Gdańsk", "Gdynia"}
    assert record["status"] == "renewed" and len(record["events"]) == 2


def test_dates_are_stored_as_iso(store):
    store.ingest(extraction("iso", partnership(KYIV, LVIV, date="2022-05-11", duration=3),
                           published="2022-05-12T08:30:00+02:00"))
    [record] = store.list_partnerships()
    assert record["events"][0]["published"] == "2022-05-12"
    assert record["expires"] == "2025-05-11"


def test_bulk_import_is_idempotent_and_documents_add_events(store):
    pairs = [([KYIV, LVIV], None), ([GDANSK, PARIS], [True, False]), ([LVIV, KYIV], None), ([KYIV, KYIV], None)]
    ids = store.add_known_many(pairs, source="import:test.csv")
    assert ids[0] == ids[2] and ids[3] == -1 and ids[0] != ids[1]
    assert store.add_known_many(pairs, source="import:test.csv") == ids
    assert store.count_partnerships(status="existing") == 2
    assert all(len(r["events"]) == 1 for r in store.list_partnerships())
    assert store.get_place(geonames_id=PARIS.geonames_id)["resolved"] is False
    result = store.ingest(extraction("news", partnership(LVIV, KYIV, status="suspended", date="2022-03")))
    assert result.partnership_ids == [ids[0]] and result.status_changes == [(ids[0], "existing", "suspended")]
    assert store.add_known([KYIV, LVIV], source="import:other.csv") == ids[0]
    record = store.get_partnership(ids[0])
    assert record["status"] == "suspended" and record["sources"] == ["import:test.csv", "import:other.csv",
                                                                     record["sources"][2]]
    assert store.check() == []
