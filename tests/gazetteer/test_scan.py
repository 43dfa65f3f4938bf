import pytest

from citypact.gazetteer import Gazetteer

COPENHAGEN, AARHUS, KYIV, STOCKHOLM, LVIV = 2618425, 2624652, 703448, 2673730, 702550
ZHYTOMYR, GDANSK, GDYNIA, SOPOT, PARDUBICE = 686967, 3099434, 3099424, 3085151, 3068582
NOBLESVILLE, TROSTIANETS, KUPIANSK, PARIS = 4924198, 691255, 703656, 2988507
BUCHA, IRPIN, BORODIANKA, MOSCOW, WARSAW, KRAKOW = 711350, 707565, 711635, 524901, 756135, 3094802
PRAGUE, HAMBURG, BERLIN, LYON, RIGA, TALLINN = 3067696, 2911298, 2950159, 2996944, 456172, 588409
HELSINKI, UKRAINE, POLAND, US, DENMARK, INDIANA = 658225, 690791, 798544, 6252001, 2623032, 4921868
KATOWICE = 3096472

# (language, sentence, [(surface, geonames id)] in text order)
CASES = [
    ("da", "Københavns Kommune og Aarhus har en aftale med Kyiv.",
     [("Københavns", COPENHAGEN), ("Aarhus", AARHUS), ("Kyiv", KYIV)]),
    ("da", "Det var Kyivs borgmester, der kontaktede København.",
     [("Kyivs", KYIV), ("København", COPENHAGEN)]),
    ("sv", "Stockholms stad vill samarbeta med Kyiv och Lviv.",
     [("Stockholms", STOCKHOLM), ("Kyiv", KYIV), ("Lviv", LVIV)]),
    ("uk", "Житомир підписав угоду з Гдинею, а Тростянцю передали генератори з Ґданська.",
     [("Житомир", ZHYTOMYR), ("Гдинею", GDYNIA), ("Тростянцю", TROSTIANETS),
      ("Ґданська", GDANSK)]),
    ("uk", "Ми вже передали генераторні станції Тростянцю та Куп’янську.",
     [("Тростянцю", TROSTIANETS), ("Куп’янську", KUPIANSK)]),
    ("uk", "з польським містом Гдиня та чеським містом Пардубіце; місто Ноблсвілл",
     [("Гдиня", GDYNIA), ("Пардубіце", PARDUBICE), ("Ноблсвілл", NOBLESVILLE)]),
    ("uk", "Мер Києва приїхав до Житомира, а потім у Києві.",
     [("Києва", KYIV), ("Житомира", ZHYTOMYR), ("Києві", KYIV)]),
    ("ru", "Делегация из Киева посетила Житомире и Москву.",
     [("Киева", KYIV), ("Житомире", ZHYTOMYR), ("Москву", MOSCOW)]),
    ("pl", "Umowa między Gdańskiem, Gdynią i Sopotem; w Krakowie i w Gdyni, potem w Warszawie.",
     [("Gdańskiem", GDANSK), ("Gdynią", GDYNIA), ("Sopotem", SOPOT), ("Krakowie", KRAKOW),
      ("Gdyni", GDYNIA), ("Warszawie", WARSAW)]),
    ("pl", "Delegacja z Katowic przyjechała do Gdańska.",
     [("Katowic", KATOWICE), ("Gdańska", GDANSK)]),
    ("cs", "Praha podepsala smlouvu s Kyjevem; setkání v Pardubicích.",
     [("Praha", PRAGUE), ("Kyjevem", KYIV), ("Pardubicích", PARDUBICE)]),
    ("de", "Die Partnerstadt Hamburgs ist Kiew; Treffen in Berlin.",
     [("Hamburgs", HAMBURG), ("Kiew", KYIV), ("Berlin", BERLIN)]),
    ("fr", "Lyon et Paris ont signé un pacte d'amitié avec Kyiv à l'Hôtel de Ville.",
     [("Lyon", LYON), ("Paris", PARIS), ("Kyiv", KYIV)]),
    ("en", "Paris and Kyiv signed; Bucha, Irpin and Borodyanka were visited.",
     [("Paris", PARIS), ("Kyiv", KYIV), ("Bucha", BUCHA), ("Irpin", IRPIN),
      ("Borodyanka", BORODIANKA)]),
    ("lv", "Rīgā un Tallinnas.", [("Rīgā", RIGA), ("Tallinnas", TALLINN)]),
    ("fi", "Helsingissä ja Tallinnassa.", [("Helsingissä", HELSINKI), ("Tallinnassa", TALLINN)]),
    ("hu", "Kijevben tárgyaltak.", [("Kijevben", KYIV)]),
]


@pytest.mark.parametrize("lang, text, expected", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_scan_sentences(gz: Gazetteer, lang: str, text: str, expected: list) -> None:
    mentions = gz.scan(text)
    assert [(m.surface, m.place.geonames_id) for m in mentions] == expected
    for m in mentions:
        assert text[m.start:m.end] == m.surface


def test_exact_offsets(gz: Gazetteer) -> None:
    text = "De to hovedstæder København og Kyiv har indgået en venskabsbyaftale."
    (cph, kyiv) = gz.scan(text)
    assert (cph.start, cph.end) == (18, 27)
    assert (kyiv.start, kyiv.end) == (31, 35)


def test_candidates_ranked_by_weight(gz: Gazetteer) -> None:
    (paris,) = gz.scan("Paris")
    assert paris.place.geonames_id == PARIS and len(paris.candidates) > 1
    namesakes = [p for p in paris.candidates if p.name == "Paris"]  # all by main name
    weights = [gz.weight(p) for p in namesakes]
    assert weights == sorted(weights, reverse=True) and len(namesakes) > 1


def test_lower_case_words_are_not_names(gz: Gazetteer) -> None:
    assert gz.scan("the city of paris, nice and warm") == []


def test_common_word_at_sentence_start_is_no_name(gz: Gazetteer) -> None:
    text = "Her er de 55 medlemmer. Større fokus. We live in Nice."
    assert [m.surface for m in gz.scan(text)] == ["Nice"]


def test_codes_and_short_alternate_names_are_not_indexed(gz: Gazetteer) -> None:
    assert gz.scan("THE FOR MED IEV") == []
    assert gz.lookup("IEV") == []


def test_country_mentions(gz: Gazetteer) -> None:
    text = "Україна, Ukraina, Ukraine, Україною, Польщі, Danmarks, США and the USA."
    found = [(m.surface, m.place.geonames_id, m.place.kind) for m in gz.scan(text)]
    assert found == [
        ("Україна", UKRAINE, "country"), ("Ukraina", UKRAINE, "country"),
        ("Ukraine", UKRAINE, "country"), ("Україною", UKRAINE, "country"),
        ("Польщі", POLAND, "country"), ("Danmarks", DENMARK, "country"),
        ("США", US, "country"), ("USA", US, "country"),
    ]


def test_abbreviation_needs_exact_case(gz: Gazetteer) -> None:
    assert all(p.geonames_id != US for m in gz.scan("Usa") for p in m.candidates)
    assert gz.scan("the US and the UK")[0].place.geonames_id == US


def test_us_state_region(gz: Gazetteer) -> None:
    found = [(m.surface, m.place.kind, m.place.geonames_id)
             for m in gz.scan("Місто Ноблсвілл (штат Індіана, США)")]
    assert found == [("Ноблсвілл", "city", NOBLESVILLE), ("Індіана", "region", INDIANA),
                     ("США", "country", US)]


@pytest.mark.parametrize("text", ["Metropolia Gdańsk-Gdynia-Sopot", "Метрополія Гданськ-Гдиня-Сопот"])
def test_group_entry(gz: Gazetteer, text: str) -> None:
    (m,) = gz.scan(f"Umowa z {text} podpisana.")
    assert m.surface == text
    assert m.place.kind == "group"
    assert [p.geonames_id for p in m.place.members] == [GDANSK, GDYNIA, SOPOT]
    assert m.place.lat is not None


def test_overrides_add_and_remove(gz: Gazetteer) -> None:
    found = [(m.surface, m.place.geonames_id) for m in gz.scan("Zoppotowo und Kopenhagen.")]
    assert found == [("Zoppotowo", SOPOT)]
    assert gz.lookup("Kopenhagen") == []
    assert gz.lookup("København")[0].geonames_id == COPENHAGEN  # other names stay


def test_lookup_with_country(gz: Gazetteer) -> None:
    assert gz.lookup("Paris")[0].geonames_id == PARIS
    us = gz.lookup("Paris", "US")
    assert us and all(p.country == "US" for p in us)
    assert gz.lookup("Kyiv", "PL") == []
    assert gz.lookup("Zhytomyr", "UA")[0].geonames_id == ZHYTOMYR


def test_candidates_of_inflected_forms(gz: Gazetteer) -> None:
    assert gz.candidates("Тростянцю")[0].geonames_id == TROSTIANETS
    assert gz.candidates("Københavns")[0].geonames_id == COPENHAGEN
    assert gz.candidates("Gdyni")[0].geonames_id == GDYNIA
    assert gz.candidates("Xyzzyq") == []


def test_rank_prefers_context_country(gz: Gazetteer) -> None:
    candidates = gz.candidates("Valencia")
    assert gz.rank(candidates, ["VE"])[0].country == "VE"
    assert gz.rank(candidates, [])[0].country == "ES"
    # a namesake far smaller than the best candidate is not lifted by the context
    assert gz.rank(gz.candidates("Paris"), ["US"])[0].geonames_id == PARIS


def test_ids_capitals_and_countries(gz: Gazetteer) -> None:
    assert gz.by_id(KYIV).name == "Kyiv"
    assert gz.by_id(1) is None
    assert gz.capital_of("UA").geonames_id == KYIV
    assert gz.capital_of("dk").geonames_id == COPENHAGEN
    assert gz.country_name("UA") == "Ukraine"
    assert gz.country_name("XX") is None
    assert gz.country_code("Україна") == "UA"
    assert gz.country_code("Danmark") == "DK"
    assert gz.country_code("Польщі") == "PL"
    assert gz.country_code("Atlantis") is None


def test_cached_artefact_reloads(gz: Gazetteer, gz_cache, user_overrides) -> None:
    again = Gazetteer.load(min_population=5000, cache_dir=gz_cache, overrides=user_overrides)
    text = "Житомир і Ґданськ"
    assert again.scan(text) == gz.scan(text)
    assert len(list(gz_cache.glob("gazetteer-5000-*.pickle"))) == 1
