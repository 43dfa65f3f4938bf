"""Property tests: any text analyses without exception, evidence offsets are exact, and the
output validates against the JSON Schema of the extract contract (docs/extract.schema.json)."""

import json
from pathlib import Path

import jsonschema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from citypact.analyse import pipeline
from citypact.read.base import make_document

SCHEMA = json.loads((Path(__file__).resolve().parents[2] / "docs" / "extract.schema.json").read_text())
# Pieces of real partnership prose in several scripts, so generated texts reach every stage.
PIECES = [
    "København og Kyiv har indgået en venskabsbyaftale. ", "Житомир встановив побратимські відносини з Гдинею. ",
    "Paris and Kyiv signed a pact of friendship yesterday. ", "Stockholm ", "Lviv ", "Lublin ", "between ", " and ",
    "Høring om ny politik. Høringssvar senest d. 5. marts 2025. ", "(", ")", "\n", "\n\n", "- ", "1. ", ":", "«", "»",
    "twin town ", "partner city ", "Partnerstadt ", "jumelage avec ", "Mayor Anne Hidalgo ", "\u202e", "\u0000",
]
texts = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=40)), max_size=30).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=texts, published=st.one_of(st.none(), st.dates().map(lambda d: d.isoformat())))
def test_any_text_analyses_and_validates(gazetteer, text, published):
    document = make_document(text, "<generated>", published=published)
    extraction = pipeline(document, gazetteer)
    data = extraction.to_json()
    jsonschema.validate(data, SCHEMA)
    for p in extraction.partnerships:
        for e in p.evidence:
            assert document.text[e.start:e.end] == e.text
