"""The registry built from the example documents with the real analysis."""

from citypact.analyse import pipeline
from citypact.read import iter_documents
from citypact.read.base import make_document
from citypact.store import open_store

from ..conftest import EXAMPLES

EXTENSION = (
    "Copenhagen and Kyiv extend their twin city agreement\n\n"
    "The mayors of Copenhagen and Kyiv yesterday renewed the twin city agreement between the two "
    "capitals for a further three years, the City of Copenhagen said."
)


def ingest_examples(store, gazetteer):
    for document in iter_documents([str(EXAMPLES / "*.txt")]):
        store.ingest(pipeline(document, gazetteer))


def test_examples_twice_give_seven_records_and_a_new_report_adds_an_event(tmp_path, gazetteer):
    store = open_store(str(tmp_path / "r.db"))
    ingest_examples(store, gazetteer)
    ingest_examples(store, gazetteer)
    assert store.count_partnerships() == 7
    assert len(store.list_consultations()) == 1
    news = make_document(EXTENSION, "news/extension.txt", published="2026-05-03")
    result = store.ingest(pipeline(news, gazetteer))
    assert result.new_partnerships == []
    assert store.count_partnerships() == 7
    [record] = store.list_partnerships(city="Copenhagen")
    assert {p["name"] for p in record["parties"]} == {"Copenhagen", "Kyiv"}
    assert record["status"] == "renewed" and record["date"] == "2026-05-02"
    assert len(record["events"]) == 2 and "news/extension.txt" in record["sources"]
    assert store.check() == []
    store.close()
