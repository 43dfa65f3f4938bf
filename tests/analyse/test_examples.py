"""End to end on the example documents with the real gazetteer: the seven partnerships,
nothing else, the consultation, and a golden file of the extract output with exact offsets."""

import json
from pathlib import Path

import pytest

from citypact.analyse import pipeline
from citypact.read import read_path

from ..conftest import EXAMPLES

GOLDEN = Path(__file__).parent / "golden" / "examples.jsonl"


@pytest.fixture(scope="module")
def extractions(gazetteer):
    return {p.name: pipeline(read_path(p), gazetteer) for p in sorted(EXAMPLES.glob("*.txt"))}


def pairs(extraction):
    return {frozenset(party.place.name for party in p.parties) for p in extraction.partnerships if p.confidence >= 0.5}


def test_the_seven_partnerships_and_nothing_else(extractions):
    found = set().union(*(pairs(e) for e in extractions.values()))
    names = {" + ".join(sorted(p)) for p in found}
    assert names == {
        "Copenhagen + Kyiv", "Kyiv + Stockholm", "Kyiv + Paris",
        "Gdynia + Zhytomyr", "Pardubice + Zhytomyr", "Noblesville + Zhytomyr",
        "Gdańsk-Gdynia-Sopot Metropolis + Zhytomyr",
    }


def test_group_party_has_members(extractions):
    groups = [party for p in extractions["seed_002_uk.txt"].partnerships for party in p.parties
              if party.place.kind == "group"]
    assert groups and {m.name for m in groups[0].place.members} == {"Gdańsk", "Gdynia", "Sopot"}


def test_consultation(extractions):
    c = extractions["seed_004_da.txt"].consultation
    assert extractions["seed_004_da.txt"].doc_type == "consultation"
    assert (c.period_start, c.period_end, c.deadline) == ("2025-02-05", "2025-03-05", "2025-03-05")
    assert c.response_url == "https://blivhoert.kk.dk/hearing/151"
    assert c.letter_date == "2025-02-04"
    assert extractions["seed_004_da.txt"].partnerships == ()


def test_evidence_offsets_are_exact(extractions):
    for extraction in extractions.values():
        text = extraction.document.text
        for p in extraction.partnerships:
            for e in p.evidence:
                assert text[e.start:e.end] == e.text


def test_golden_extract_output(extractions):
    """The `extract` contract on the examples. Regenerate with CITYPACT_UPDATE_GOLDEN=1."""
    import os

    lines = [json.dumps(extractions[name].to_json() | {"source": name}, ensure_ascii=False, sort_keys=True)
             for name in sorted(extractions)]
    if os.environ.get("CITYPACT_UPDATE_GOLDEN") or not GOLDEN.exists():
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text("\n".join(lines) + "\n", encoding="utf-8")
    expected = GOLDEN.read_text(encoding="utf-8").splitlines()
    assert lines == expected
    for line in expected:
        record = json.loads(line)
        text = (EXAMPLES / record["source"]).read_text(encoding="utf-8")
        for p in record["partnerships"]:
            for e in p["evidence"]:
                assert text[e["start"]:e["end"]] == e["text"]
