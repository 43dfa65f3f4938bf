"""`eval --explain`: each missed and false pair gets the stage at fault."""

import pytest

from citypact.analyse import pipeline
from citypact.evaluate import GoldDoc, cause_counts, score_document
from citypact.read.base import make_document


def gold(text, pairs, lang="da", partnership=True):
    return GoldDoc("case", lang, partnership, [
        {"parties": list(p), "parties_country": list(c), "type": "twinning", "status": "signed", "date": None}
        for p, c in pairs
    ], text)


def notes(g, gazetteer):
    extraction = pipeline(make_document(g.text, g.doc, language=g.lang), gazetteer)
    return [(n.kind, n.cause) for n in score_document(g, extraction).notes]


SIGNED = "København og Aarhus har i dag indgået en venskabsbyaftale."


@pytest.mark.parametrize("case,expected", [
    # a gold party that no place mention names
    (gold(SIGNED, [(("Copenhagen", "Atlantis"), ("DK", "GR"))]),
     [("false", "extra party"), ("missed", "place not found")]),
    # a page with no partnership vocabulary is dropped before places are looked for
    (gold("København og Aarhus holdt et møde om trafik.", [(("Copenhagen", "Aarhus"), ("DK", "DK"))]),
     [("missed", "dropped")]),
    # a report on a page labelled as no partnership
    (gold(SIGNED, [], partnership=False), [("false", "not a partnership")]),
    # both places found, neither tied to the agreement
    (gold("Venskabsbyaftalen blev underskrevet. Der var også gæster fra Odense, Aalborg og Esbjerg.",
          [(("Odense", "Aalborg"), ("DK", "DK"))]),
     [("missed", "pair not attributed")]),
])
def test_causes(gazetteer, case, expected):
    assert sorted(notes(case, gazetteer)) == sorted(expected)


def test_a_matched_pair_has_no_note(gazetteer):
    assert notes(gold(SIGNED, [(("Copenhagen", "Aarhus"), ("DK", "DK"))]), gazetteer) == []


def test_causes_are_counted_in_stage_order():
    pairs = [{"kind": "missed", "cause": "pair not attributed"}, {"kind": "missed", "cause": "place not found"},
             {"kind": "false", "cause": "not a partnership"}, {"kind": "missed", "cause": "place not found"}]
    counts = cause_counts(pairs)
    assert list(counts["missed"].items()) == [("place not found", 2), ("pair not attributed", 1)]
    assert counts["false"] == {"not a partnership": 1}


def test_a_gold_name_matches_the_place_it_spells(gazetteer):
    # gold spells the place "Oryol"; the gazetteer's main name for it is "Orël"
    case = GoldDoc("case", "da", True, [{"parties": ["Aarhus", "Oryol"], "parties_country": ["DK", "RU"],
                                         "type": "twinning", "status": "signed", "date": None}],
                   "Aarhus og Orjol har i dag indgået en venskabsbyaftale.")
    extraction = pipeline(make_document(case.text, case.doc, language="da"), gazetteer)
    assert [p.place.name for p in extraction.partnerships[0].parties] == ["Århus", "Orël"]
    assert score_document(case, extraction).notes == []
