"""Curation on every back end: decisions survive re-ingest, every change is in the audit log."""

import pytest

from citypact.errors import NotFound, StoreError

from .build import COPENHAGEN, KYIV, LVIV, PARIS, extraction, partnership


def test_curation_survives_reingest(store):
    store.ingest(extraction("first", partnership(KYIV, COPENHAGEN, date="2020", duration=2)))
    pid = store.list_partnerships()[0]["id"]
    store.curate_edit(pid, "status", "existing", actor="ana", reason="old agreement")
    store.curate_edit(pid, "themes", "culture, youth", actor="ana", reason="the annex")
    store.curate_edit(pid, "duration_years", "5", actor="ana", reason="the contract says five")
    store.ingest(extraction("second", partnership(KYIV, COPENHAGEN, status="renewed", date="2024",
                                                   themes=["energy"], duration=3)))
    record = store.get_partnership(pid)
    assert (record["status"], record["themes"], record["duration_years"]) == ("existing", ["culture", "youth"], 5)
    assert record["date"] == "2024" and len(record["events"]) == 2  # not curated: follows the events
    assert record["curated_fields"] == ["duration_years", "status", "themes"]
    assert [a["field"] for a in record["audit"]] == ["status", "themes", "duration_years"]
    first = record["audit"][0]
    assert (first["actor"], first["action"], first["before"], first["after"], first["reason"]) == (
        "ana", "edit", "signed", "existing", "old agreement")
    assert first["at"] and store.audit(pid) == record["audit"]
    assert store.check() == []


def test_retyped_record_receives_reports_under_its_new_type(store):
    store.ingest(extraction("a", partnership(KYIV, PARIS)))
    pid = store.list_partnerships()[0]["id"]
    store.curate_edit(pid, "type", "friendship", actor="ana", reason="the text says pact of friendship")
    store.ingest(extraction("b", partnership(PARIS, KYIV, "friendship", "renewed", date="2025")))
    store.ingest(extraction("c", partnership(PARIS, KYIV, "twinning", "signed", date="2023")))
    [record] = store.list_partnerships()
    assert record["id"] == pid and record["type"] == "friendship"
    assert record["status"] == "renewed" and len(record["events"]) == 3
    assert store.check() == []


def test_rejected_stays_rejected(store):
    store.ingest(extraction("first", partnership(KYIV, COPENHAGEN)))
    pid = store.list_partnerships()[0]["id"]
    store.curate_reject(pid, actor="ana", reason="not a city partnership")
    result = store.ingest(extraction("again", partnership(COPENHAGEN, KYIV, status="renewed")))
    assert result.new_partnerships == []
    assert store.count_partnerships() == 0 and store.list_partnerships(city="Kyiv") == []
    assert store.count_partnerships(include_rejected=True) == 1
    record = store.get_partnership(pid)
    assert record["review_state"] == "rejected" and len(record["events"]) == 2
    assert store.stats()["partnerships"] == 0 and store.stats()["rejected"] == 1
    assert store.get_place(geonames_id=KYIV.geonames_id)["partnerships"] == 0
    store.curate_confirm(pid, actor="bo", reason="it is one after all")
    assert store.count_partnerships() == 1
    assert [a["action"] for a in store.audit(pid)] == ["reject", "confirm"]


def test_curation_validates_and_names_the_options(store):
    store.ingest(extraction("x", partnership(KYIV, COPENHAGEN)))
    pid = store.list_partnerships()[0]["id"]
    with pytest.raises(StoreError, match="valid: twinning"):
        store.curate_edit(pid, "type", "twining", actor="a")
    with pytest.raises(StoreError, match="valid: proposed"):
        store.curate_edit(pid, "status", "done", actor="a")
    with pytest.raises(StoreError, match="valid: culture"):
        store.curate_edit(pid, "themes", ["culture", "cheese"], actor="a")
    with pytest.raises(StoreError, match="ISO"):
        store.curate_edit(pid, "date", "May 2022", actor="a")
    with pytest.raises(StoreError, match="whole number"):
        store.curate_edit(pid, "duration_years", "three", actor="a")
    with pytest.raises(StoreError, match="cannot be edited"):
        store.curate_edit(pid, "parties", [], actor="a")
    with pytest.raises(StoreError, match="actor"):
        store.curate_confirm(pid, actor=" ")
    with pytest.raises(NotFound):
        store.curate_confirm(9999, actor="a")
    assert store.audit(pid) == [] and store.get_partnership(pid)["review_state"] == "auto"


def test_curated_date_gives_the_expiry(store):
    store.ingest(extraction("x", partnership(KYIV, LVIV, duration=3)))
    pid = store.list_partnerships()[0]["id"]
    assert store.get_partnership(pid)["expires"] is None
    store.curate_edit(pid, "date", "2024-02-29", actor="a", reason="the signing ceremony")
    assert store.get_partnership(pid)["expires"] == "2027-03-01"
    assert store.list_partnerships(expiring_before="2028")[0]["id"] == pid


def test_merge_moves_events_sources_and_future_reports(store):
    store.ingest(extraction("x", partnership(KYIV, COPENHAGEN, date="2020")))
    store.ingest(extraction("y", partnership(KYIV, COPENHAGEN, "cooperation", date="2021", evidence="y")))
    both = extraction("z", partnership(KYIV, COPENHAGEN, evidence="z1"),
                      partnership(KYIV, COPENHAGEN, "cooperation", evidence="z2"))
    store.ingest(both)
    keep, drop = [r["id"] for r in store.list_partnerships()]
    store.curate_edit(drop, "themes", ["energy"], actor="bo", reason="annex")
    store.curate_merge(keep, drop, actor="ana", reason="same agreement")
    with pytest.raises(NotFound):
        store.get_partnership(drop)
    store.ingest(extraction("w", partnership(KYIV, COPENHAGEN, "cooperation", "renewed", date="2025")))
    [record] = store.list_partnerships()
    assert record["id"] == keep and record["status"] == "renewed"
    assert len(record["events"]) == 4 and len(record["sources"]) == 4
    z = [e for e in record["events"] if e["source"] == both.document.source][0]
    assert {x["text"] for x in z["evidence"]} == {"z1", "z2"}
    audit = store.audit(keep)
    assert [a["action"] for a in audit] == ["edit", "merge"] and audit[-1]["before"] == drop
    with pytest.raises(StoreError, match="itself"):
        store.curate_merge(keep, keep, actor="ana")
    assert store.check() == []
