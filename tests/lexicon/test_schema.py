"""Every lexicon file passes the schema check; the check itself names file, key and options."""

import pytest
import yaml

from citypact import lexicon
from citypact.errors import LexiconError

LANGUAGES = lexicon.available_languages()


@pytest.mark.parametrize("code", LANGUAGES)
def test_lexicon_loads_and_compiles(code):
    lex = lexicon.load(code)
    lexicon.build(lex.raw, f"{code}.yaml", compile_all=True)  # every pattern compiles
    assert lex.code == code
    assert lex.concept("agreement"), "a lexicon must name agreements"
    assert lex.concept("status").get("signed"), "a lexicon must know signing verbs"
    assert lex.connector("with") and lex.connector("and")


@pytest.mark.parametrize("code", LANGUAGES)
def test_lexicon_has_a_test_table(code):
    from pathlib import Path

    table = Path(__file__).parents[1] / "lang" / code / "cases.yaml"
    assert table.exists(), f"tests/lang/{code}/cases.yaml is missing"
    raw = yaml.safe_load(table.read_text(encoding="utf-8"))
    cases = raw["cases"]
    assert sum(bool(c.get("partnerships")) for c in cases) >= 10
    assert sum(not c.get("partnerships") for c in cases) >= 5


def test_unknown_concept_is_named_with_the_valid_options():
    raw = {"code": "xx", "name": "X", "agreement": {"twining": ["x"]}, "status": {"signed": ["y"]}, "connectors": {}}
    with pytest.raises(LexiconError, match=r"agreement\.twining is not a known concept \(valid: twinning"):
        lexicon.build(raw, "xx.yaml")


def test_term_under_two_concepts_is_rejected():
    raw = {"code": "xx", "name": "X", "agreement": {"twinning": ["pact"], "friendship": ["pact"]},
           "status": {"signed": ["y"]}, "connectors": {}}
    with pytest.raises(LexiconError, match="sits under both"):
        lexicon.build(raw, "xx.yaml")


def test_duration_pattern_needs_slot():
    raw = {"code": "xx", "name": "X", "agreement": {}, "status": {}, "connectors": {}, "duration": ["years"]}
    with pytest.raises(LexiconError, match="lacks the"):
        lexicon.build(raw, "xx.yaml")


@pytest.mark.parametrize(
    "term,text,hit",
    [
        ("venskabsby*", "venskabsbyaftalen", True),
        ("venskabsby*", "en venskabs by", False),
        ("twin town*", "twin   towns", True),
        ("IT", "IT-løsninger", True),
        ("IT", "it is", False),
        ("no", "no", True),
    ],
)
def test_term_syntax(term, text, hit):
    pattern = lexicon.compile_terms([term])
    assert bool(pattern.search(text)) is hit


@pytest.mark.parametrize("text,hit", [
    ("wees het voorstel voor een stedenband af", True),
    ("wees af", True),
    ("wees op de graaf", False),      # the particle must be a word of its own
    ("wees het voorstel. Af", False),  # within the clause
])
def test_gap_in_a_term(text, hit):
    import re

    from citypact.lexicon import term_regex

    assert bool(re.search(term_regex("wees ... af") + r"(?!\w)", text, re.IGNORECASE)) is hit
