"""Names of several words in a case form: every word inflects, nouns and adjectives alike,
with the consonant changes of the language ('Banjoj Luci' ← 'Banja Luka')."""

import pytest

from citypact import lexicon
from citypact.analyse import entities
from citypact.gazetteer.keys import fold_key


@pytest.mark.parametrize("lang,text,name,country", [
    ("hr", "Gradonačelnik Slavonskog Broda potpisao je sporazum.", "Slavonski Brod", "HR"),
    ("bs", "Tuzla je potpisala sporazum sa Novim Sadom.", "Novi Sad", "RS"),
    ("sr", "Делегација је боравила у Бањој Луци.", "Banja Luka", "BA"),
    ("sr", "Градоначелник Новог Сада је потписао повељу.", "Novi Sad", "RS"),
    ("sl", "Černivci so Novemu mestu ponudili pobratenje.", "Novo Mesto", "SI"),
    ("sl", "Župan Murske Sobote je podpisal pismo.", "Murska Sobota", "SI"),
    ("pl", "Prezydent Nowego Sącza podpisał umowę.", "Nowy Sącz", "PL"),
    ("pl", "Spotkanie odbyło się w Zielonej Górze.", "Zielona Góra", "PL"),
    ("uk", "Міський голова Білої Церкви підписав угоду.", "Bila Tserkva", "UA"),
    ("ru", "Кельн приостановил связи с Нижним Новгородом.", "Nizhniy Novgorod", "RU"),
])
def test_case_form_of_a_multiword_name(gazetteer, lang, text, name, country):
    found = entities.find_places(text, [], lexicon.load(lang), gazetteer).entities
    places = {(e.place.name, e.place.country) for e in found}
    assert (name, country) in places, places
    entity = next(e for e in found if e.place.name == name)
    assert text[entity.start:entity.end] == entity.surface and " " in entity.surface


@pytest.mark.parametrize("lang,word,name_word,expected", [
    ("hr", "slavonskog", "slavonski", True),
    ("hr", "luci", "luka", True),       # k → c before -i
    ("hr", "broda", "brod", True),
    ("hr", "brodarica", "brod", False),  # a longer word, not an ending
    ("pl", "gorze", "gora", True),       # r → rz before -e
    ("pl", "nowego", "nowy", True),
    ("en", "newport", "new", False),
])
def test_word_form_of(lang, word, name_word, expected):
    endings = lexicon.load(lang).name_word_endings(fold_key)
    assert entities._word_form_of(fold_key(word), fold_key(name_word), endings) is expected


def test_a_second_name_for_a_named_town_is_the_other_town(gazetteer):
    """'Komárno a Komárom': Komárom is also Komárno's Hungarian name, but written next to
    Komárno it names the Hungarian town."""
    text = "Komárno a Komárom predĺžili dohodu o spolupráci."
    found = entities.find_places(text, [], lexicon.load("sk"), gazetteer).entities
    assert {(e.surface, e.place.country) for e in found} == {("Komárno", "SK"), ("Komárom", "HU")}


def test_home_country_case_form_beats_a_foreign_fold(gazetteer):
    text = "Grad pobratim Koprivnice, mađarski Kaposvár, poslao je delegaciju."
    found = entities.find_places(text, [], lexicon.load("hr"), gazetteer).entities
    assert ("Koprivnica", "HR") in {(e.place.name, e.place.country) for e in found}


def test_a_role_word_is_not_a_place(gazetteer):
    text = "Міський голова Житомира підписав угоду."
    found = entities.find_places(text, [], lexicon.load("uk"), gazetteer).entities
    assert [e.surface for e in found] == ["Житомира"]


@pytest.mark.parametrize("spelling,name", [
    ("Charkiw", "Kharkiv"), ("Charków", "Kharkiv"), ("Mykolajiw", "Mykolayiv"), ("Tschernihiw", "Chernihiv"),
    ("Kyjev", "Kyiv"), ("Butša", "Bucha"), ("Buča", "Bucha"), ("Lwów", "Lviv"), ("Tjernihiv", "Chernihiv"),
    ("Σότσι", "Sochi"), ("Πλόβντιβ", "Plovdiv"),
])
def test_spellings_of_cyrillic_names_in_other_languages(gazetteer, spelling, name):
    """Each language's romanisation of Ukrainian, Russian and Belarusian names (and the Greek
    spelling of Bulgarian ones) reaches the place."""
    assert name in [p.name for p in gazetteer.lookup(spelling)]


def test_transliteration_keeps_unknown_letters_out():
    from citypact.gazetteer.build import transliterate

    assert transliterate("Харків", {"х": "ch", "а": "a", "р": "r", "к": "k", "і": "i", "в": "w"}, {"ів": "ów"}) == "Charków"
    assert transliterate("Харків", {"х": "ch"}, {}) is None


def test_a_country_adjective_is_not_a_town(gazetteer):
    """Czech 'Ukrajinské' is also Ukrainsk read with Czech letters: next to 'město' it is the adjective."""
    text = "Ukrajinské město Čerkasy nabídlo Zlínu uzavření smlouvy o partnerství měst."
    found = entities.find_places(text, [], lexicon.load("cs"), gazetteer).entities
    assert [e.place.name for e in found] == ["Cherkasy", "Zlín"]
