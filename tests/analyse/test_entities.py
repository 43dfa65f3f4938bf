"""Place entities: person names that are also towns are dropped, organisation names and
quoted titles that contain a town are not person names."""

import pytest

from citypact import lexicon
from citypact.analyse.entities import find_places
from citypact.analyse.sentences import split_sentences


def surfaces(text, lang, gazetteer):
    found = find_places(text, split_sentences(text), lexicon.load(lang), gazetteer)
    return [(text[e.start:e.end], e.place.country) for e in found.entities]


@pytest.mark.parametrize("lang,text,kept,dropped", [
    # a club named after a town is no person: the town stays a town in the rest of the text
    ("da", "Medlemmer af Aarhus City Lions Club samlede penge ind. Gaven blev sendt fra Aarhus til Lviv i sidste uge.", ["Aarhus"], []),
    ("en", "The members of the local Rotary Club Lviv thanked their friends in Aarhus. Lviv has been a twin town of Aarhus since the war.", ["Lviv", "Aarhus"], []),
    # a term after a town ("Sister City") is not a surname
    ("en", "Members of the Leeds Sister City Association met in the town hall. Leeds is a sister city of Lviv.",
     ["Leeds", "Lviv"], []),
    # a quoted campaign title that starts with a town
    ("sv", "Insamlingen \"Lviv Hjälper\" gav pengar. Lviv är vänort till Umeå.", ["Lviv", "Umeå"], []),
    # a bracketed qualifier after a town is no surname
    ("bg", "Общинският съвет одобри побратимяване между Община Габрово (Република България) и Община Пльосе.",
     ["Габрово"], []),
    # a person whose surname is a small town is dropped, and so is the surname repeated alone
    ("en", "Mayor Ann Hidalgo met Judith Marlow. Later Marlow said the twin town of Aarhus was glad.",
     ["Aarhus"], ["Marlow"]),
])
def test_person_names_and_organisations(gazetteer, lang, text, kept, dropped):
    found = [s for s, _ in surfaces(text, lang, gazetteer)]
    for name in kept:
        assert found.count(name) == text.count(name), (name, found)
    for name in dropped:
        assert name not in found, (name, found)


@pytest.mark.parametrize("lang,text,word", [
    # an everyday word that is also the name of a small town abroad
    ("da", "Samarbejdet i Norden er tæt, siger borgmesteren i Aarhus.", "Norden"),
    ("es", "Durante la visita a Sevilla se habló del hermanamiento.", "Durante"),
])
def test_common_words_are_no_towns_abroad(gazetteer, lang, text, word):
    assert word not in [s for s, _ in surfaces(text, lang, gazetteer)]


def test_a_home_country_town_may_be_a_common_word(gazetteer):
    # 'batalha' (battle) is a frequent Portuguese word and a Portuguese town
    text = "O município da Batalha assinou um acordo de geminação com Arras."
    assert "Batalha" in [s for s, _ in surfaces(text, "pt", gazetteer)]


def test_towns_side_by_side_are_not_a_name_elsewhere(gazetteer):
    # read as "First Last" where they stand together, but the town alone is still a town
    text = "Na veertig jaar is de stedenband Eindhoven Minsk voorbij, besloot de gemeenteraad van Eindhoven."
    assert [s for s, _ in surfaces(text, "nl", gazetteer)].count("Eindhoven") == 1


@pytest.mark.parametrize("text,kept", [
    ("Il sindaco Antonina Rossi ha presentato il gemellaggio con Cecina.", False),
    ("Il gemellaggio con Antonina, in Brasile, è stato firmato dal sindaco.", True),
])
def test_a_small_town_far_away_needs_its_country(gazetteer, text, kept):
    assert (("Antonina", "BR") in surfaces(text, "it", gazetteer)) is kept


@pytest.mark.parametrize("lang,text,street", [
    ("ca", "La cerimònia es va fer al Passeig de Sant Antoni amb l'alcalde de Tarragona.", "Sant Antoni"),
    ("pt", "A delegação de Braga visitou a Rua de Lisboa no centro da cidade.", "Lisboa"),
])
def test_a_street_named_after_a_town_is_no_party(gazetteer, lang, text, street):
    assert street not in [s for s, _ in surfaces(text, lang, gazetteer)]


@pytest.mark.parametrize("lang,text,name,country", [
    # a village named with its country beside it
    ("sv", "Vänorterna är Oppdal (Norge) och Hvidovre i Danmark.", "Oppdal", "NO"),
    # a small town of the language's own country in a partnership sentence
    ("hr", "Pakrac i Rockenhausen potpisali su sporazum o bratimljenju.", "Pakrac", "HR"),
])
def test_small_places_where_the_text_supports_them(gazetteer, lang, text, name, country):
    assert (name, country) in [(text[e.start:e.end], e.place.country)
                               for e in find_places(text, split_sentences(text), lexicon.load(lang), gazetteer).entities]


def test_no_small_place_without_support(gazetteer):
    # the same village in a sentence about nothing partnership-like, with no country beside it
    text = "Vi kørte forbi Oppdal på vej hjem."
    assert "Oppdal" not in [s for s, _ in surfaces(text, "da", gazetteer)]


def test_a_town_before_a_region_noun_names_the_region(gazetteer):
    text = "Līgums ar Vitebskas apgabala izpildkomiteju tika parakstīts Rīgā."
    assert "Vitebskas" not in [s for s, _ in surfaces(text, "lv", gazetteer)]


def test_an_institution_word_in_the_previous_sentence_does_not_claim_a_town(gazetteer):
    from citypact.analyse import pipeline
    from citypact.read.base import make_document

    text = ("Київрада визнала угоди з містами Російської Федерації недійсними.\n"
            "1 березня Чернівці розірвали побратимство з містами Подольськом і Брянськом.")
    pairs = [{p.place.name for p in x.parties} for x in pipeline(make_document(text, "c", language="uk"), gazetteer).partnerships]
    assert {"Chernivtsi", "Podolsk"} in pairs and {"Chernivtsi", "Bryansk"} in pairs
