"""The page's own date line dates relative words when the page has no other date."""

import pytest

from citypact.analyse import pipeline
from citypact.read.base import make_document


@pytest.mark.parametrize("lang,text,published,expected", [
    ("en", "Posted 30 March 2016, 07:00\n\nLeeds and Lviv signed a twinning agreement today.", None, "2016-03-30"),
    # a line holding only a date and a time, at the foot of the page
    ("sv", "Lund och Tjernihiv har i dag undertecknat ett vänortsavtal.\n\nKontakt: kommunens pressrum\n7-09-2016, 13:36",
     None, "2016-09-07"),
    # a labelled date field of a council's register
    ("en", "Date of decision: | 09.03.2022 |\n\nThe council approved the twinning of Leeds and Lviv.", None,
     "2022-03-09"),
    # a known publication date wins over the text's
    ("en", "Posted 30 March 2016, 07:00\n\nLeeds and Lviv signed a twinning agreement today.", "2024-05-10",
     "2024-05-10"),
])
def test_relative_dates_count_from_the_date_line(gazetteer, lang, text, published, expected):
    extraction = pipeline(make_document(text, "case", language=lang, published=published), gazetteer)
    assert [p.date for p in extraction.partnerships] == [expected]
