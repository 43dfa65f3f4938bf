"""The publishing town from a page's web address."""

import pytest

from citypact.analyse.publisher import address_candidates, from_address


@pytest.mark.parametrize("url,names,country", [
    ("https://www.randers.dk/om-os/venskabsbyer/", ["randers"], "DK"),
    ("https://www.rana.kommune.no/", ["rana"], "NO"),
    ("https://stadt-ulm.de/partnerstaedte", ["ulm"], "DE"),
    ("https://www.bad-homburg.de/", ["bad homburg", "homburg", "bad"], "DE"),
    ("https://www.example.com/news", ["example"], None),
    ("not an address", [], None),
    (None, [], None),
])
def test_address_candidates(url, names, country):
    assert address_candidates(url) == (names, country)


@pytest.mark.parametrize("url,expected", [
    ("https://www.aarhus.dk/venskabsbyer", ("Århus", "DK")),  # GeoNames spells it so
    ("https://www.aarhus.de/", None),  # a Danish town's name under another country's domain
    ("https://www.tv2fyn.dk/nyheder", None),
    ("https://www.oppdal.kommune.no/aktuelt", ("Oppdal", "NO")),  # a village below the gazetteer's size
])
def test_from_address(gazetteer, url, expected):
    place = from_address(url, [], gazetteer)
    assert (place.name, place.country) == expected if expected else place is None


def test_a_town_inside_an_institution_name_is_not_the_publisher(gazetteer):
    from citypact.analyse import pipeline
    from citypact.read.base import make_document

    text = ("Savivaldybė bendradarbiaus su Kauno universitetu.\n\nPasirašyta bendradarbiavimo sutartis tarp "
            "Kauno universiteto ir Alytaus rajono savivaldybės. Sutartį pasirašė Kauno universiteto rektorius.")
    extraction = pipeline(make_document(text, "case", language="lt"), gazetteer)
    assert [[p.place.name for p in x.parties] for x in extraction.partnerships if x.confidence >= 0.5] == []
