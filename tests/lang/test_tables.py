"""The per-language test tables (tests/lang/<xx>/cases.yaml) as a gate: every covered
language keeps its precision, recall and document accuracy, and the whole set its
overall figures. Floors sit at or just below the measured level; lowering one is a
visible change to this file."""

from pathlib import Path

import pytest

from citypact import lexicon
from citypact.analyse import pipeline
from citypact.evaluate import evaluate, load_cases
from citypact.read.base import make_document

TABLES = Path(__file__).parent
OVERALL_FLOORS = {"pair_precision": 0.99, "pair_recall": 0.95, "document_accuracy": 0.97,
                  "type_accuracy": 0.97, "status_accuracy": 0.97, "date_accuracy": 0.97}
LANGUAGE_FLOORS = {"pair_precision": 0.9, "pair_recall": 0.7, "document_accuracy": 0.84}


@pytest.fixture(scope="module")
def report(gazetteer):
    def run(gold):
        document = make_document(gold.text or "", gold.doc, published=gold.published, language=gold.lang)
        return pipeline(document, gazetteer)

    return evaluate(load_cases(TABLES), run)


@pytest.mark.parametrize("metric,floor", sorted(OVERALL_FLOORS.items()))
def test_overall_floor(report, metric, floor):
    assert not report["errors"], report["errors"]
    assert report["overall"][metric] >= floor, report["overall"]


@pytest.mark.parametrize("code", lexicon.available_languages())
def test_language_floor(report, code):
    figures = report["languages"][code]
    low = {m: figures[m] for m, floor in LANGUAGE_FLOORS.items()
           if figures[m] is not None and figures[m] < floor}
    assert not low, f"{code}: {low} below {LANGUAGE_FLOORS}"
