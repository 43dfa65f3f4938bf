"""Filters, sorting, pagination, places, documents, consultations and statistics on every back end."""

import datetime as dt

import pytest

from citypact.errors import NotFound, StoreError
from citypact.models import Consultation, Place

from .build import COPENHAGEN, GDANSK, KYIV, LVIV, PARIS, extraction, partnership


@pytest.fixture
def filled(store):
    store.ingest(extraction("a", partnership(KYIV, COPENHAGEN, date="2020", themes=["culture"], duration=2)))
    store.ingest(extraction("b", partnership(LVIV, GDANSK, "cooperation", "proposed", date="2024-02")))
    store.ingest(extraction("c", partnership(PARIS, KYIV, "friendship", "signed", date="2022-11-08",
                                             themes=["culture", "energy"])))
    return store


def names(records):
    return [sorted(p["name"] for p in r["parties"]) for r in records]


def test_city_matches_any_name_ignoring_case_and_diacritics(filled):
    assert names(filled.list_partnerships(city="lviv")) == [["Gdańsk", "Lviv"]]
    assert filled.count_partnerships(city="KYIV") == 2
    assert filled.count_partnerships(city="КИЇВ") == 2  # local name, upper case Cyrillic
    assert filled.count_partnerships(city="københavn") == 1
    assert filled.count_partnerships(city="Gdansk") == 1
    assert filled.count_partnerships(city="Kyi") == 0  # a city is a whole name; q is free text
    assert filled.count_partnerships(q="kyi") == 2
    assert filled.count_partnerships(city="%") == 0 and filled.count_partnerships(q="_") == 0


def test_field_filters(filled):
    assert filled.count_partnerships(country="dk") == 1
    assert filled.count_partnerships(country="UA") == 3
    assert filled.count_partnerships(type="cooperation") == 1
    assert filled.count_partnerships(status="signed") == 2
    assert filled.count_partnerships(theme="culture") == 2 and filled.count_partnerships(theme="cult") == 0
    assert filled.count_partnerships(since="2022") == 2
    assert filled.count_partnerships(since="2022-12") == 1
    assert filled.count_partnerships(until="2022") == 2  # 2022 includes 2022-11-08
    assert filled.count_partnerships(until="2020-12-31") == 1
    assert filled.count_partnerships(since="2021", until="2023") == 1
    assert filled.count_partnerships(expiring_before="2023-01-01") == 1
    assert filled.count_partnerships(city="Kyiv", theme="energy") == 1
    with pytest.raises(StoreError, match="ISO"):
        filled.count_partnerships(since="last year")


def test_sorting_and_pagination(filled):
    by_date = filled.list_partnerships(sort="date")
    assert [r["date"] for r in by_date] == ["2020", "2022-11-08", "2024-02"]
    assert [r["date"] for r in filled.list_partnerships(sort="-date")] == ["2024-02", "2022-11-08", "2020"]
    expiring = filled.list_partnerships(sort="expires")
    assert expiring[0]["expires"] == "2022" and expiring[1]["expires"] is None  # no expiry goes last
    assert filled.list_partnerships(sort="-expires")[0]["expires"] == "2022"
    assert [r["id"] for r in filled.list_partnerships(sort="date", limit=1, offset=1)] == [by_date[1]["id"]]
    assert [r["id"] for r in filled.list_partnerships(limit=2)] == sorted(r["id"] for r in by_date)[:2]
    with pytest.raises(StoreError, match="valid: id"):
        filled.list_partnerships(sort="cheese")


def test_places(filled):
    kyiv = filled.get_place(geonames_id=KYIV.geonames_id)
    assert kyiv["partnerships"] == 2 and "Київ" in kyiv["local_names"]
    assert filled.get_place(kyiv["place_id"]) == kyiv
    assert filled.get_place(KYIV.geonames_id) == kyiv  # a GeoNames id where no place id matches
    listed = filled.list_places()
    assert listed[0]["name"] == "Kyiv" and listed[0]["partnerships"] == 2
    assert [p["name"] for p in filled.list_places(q="GDAN")] == ["Gdańsk"] and filled.count_places(q="gdan") == 1
    assert len(filled.list_places(limit=2)) == 2 and filled.count_places() == 5
    partners = filled.place_partners(kyiv["place_id"])
    assert sorted(r["id"] for r in partners) == sorted(r["id"] for r in filled.list_partnerships(city="Kyiv"))
    with pytest.raises(NotFound):
        filled.get_place(987654321)
    with pytest.raises(NotFound):
        filled.get_partnership(987654)


def test_documents_and_consultations(store):
    c = Consultation("Politik", "Københavns Kommune", "2025-02-05", "2025-03-05", "2025-03-05", "2025-02-04",
                     "https://example.org/h/1", ("2023 - 15028",), "Hanne")
    result = store.ingest(extraction("hearing", consultation=c, doc_type="consultation", source="letter.txt"))
    store.ingest(extraction("p", partnership(KYIV, COPENHAGEN)))
    [item] = store.list_consultations()
    assert item["deadline"] == "2025-03-05" and item["case_numbers"] == ["2023 - 15028"]
    assert item["source"] == "letter.txt" and item["response_url"] == "https://example.org/h/1"
    assert len(store.list_consultations(open_on=dt.date(2025, 2, 20))) == 1
    assert store.list_consultations(open_on="2025-04-01") == []
    assert store.list_consultations(open_on="2025-01-01") == []  # not open yet
    document = store.get_document(result.document_id)
    assert document["text"] == "hearing" and document["doc_type"] == "consultation"
    assert [d["source"] for d in store.list_documents()][0] == "letter.txt"
    assert "text" not in store.list_documents()[0]
    with pytest.raises(NotFound):
        store.get_document(424242)


def test_stats(filled):
    stats = filled.stats()
    assert (stats["partnerships"], stats["documents"], stats["places"], stats["events"]) == (3, 3, 5, 3)
    assert stats["by_type"] == {"twinning": 1, "cooperation": 1, "friendship": 1}
    assert stats["by_status"] == {"signed": 2, "proposed": 1}
    assert stats["by_country"]["UA"] == 3 and stats["by_country"]["FR"] == 1


def test_unresolved_places_are_found_by_name(store):
    nowhere = Place(None, "Nowhereville Qqq", None)
    store.add_known([KYIV, nowhere], source="import:list.csv", resolved=[True, False])
    [record] = store.list_partnerships(city="nowhereville qqq")
    assert {p["name"] for p in record["parties"]} == {"Kyiv", "Nowhereville Qqq"}
