import pytest

from citypact.analyse.dates import find_dates


@pytest.mark.parametrize(
    "lang,text,published,expected",
    [
        ("da", "i høring fra 5. februar – 5. marts 2025", None, [("2025-02-05", "2025-03-05")]),
        ("da", "siden februar 2022", None, [("2022-02", None)]),
        ("da", "04-02-2025", None, [("2025-02-04", None)]),
        ("da", "I dag underskrev vi aftalen", "2023-05-02", [("2023-05-02", None)]),
        ("da", "I dag underskrev vi aftalen", None, [(None, None)]),
        ("sv", "Stockholm den 11 maj 2022", None, [("2022-05-11", None)]),
        ("en", "visited yesterday the capital", "2022-05-02", [("2022-05-01", None)]),
        ("en", "on March 5, 2024", None, [("2024-03-05", None)]),
        ("en", "signed in 1995", None, [("1995", None)]),
        ("en", "case KS 2022/428 and plan 2025-2035", None, []),
        ("en", "last month", "2024-01-15", [("2023-12", None)]),
        ("de", "am 3. Oktober 2021", None, [("2021-10-03", None)]),
        ("fr", "le 12 mars 2023", None, [("2023-03-12", None)]),
        ("pl", "w maju 2022 r.", None, [("2022-05", None)]),
    ],
)
def test_dates(lang, text, published, expected):
    found = [(d.value, d.range_end) for d in find_dates(text, lang, published)]
    assert found == expected


def test_partial_day_month_takes_publication_year_or_none():
    assert [d.value for d in find_dates("Про це 9 листопада повідомила", "uk", None)] == [None]
    assert [d.value for d in find_dates("Про це 9 листопада повідомила", "uk", "2023-11-10")] == ["2023-11-09"]


def test_offsets(example_texts):
    text = example_texts["seed_004_da.txt"]
    for d in find_dates(text, "da"):
        assert text[d.start:d.end] == d.text
