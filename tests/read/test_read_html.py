"""HTML: main text without menus and lists, metadata, encodings, broken markup."""

from __future__ import annotations

import pytest
from read_builders import ARTICLE_HTML

from citypact.errors import ReadError
from citypact.read import read_bytes, read_path

BOILERPLATE = ("Forside", "Borgerservice", "Genveje", "Affald og genbrug", "Læs også",
               "Ny cykelbro", "Budgetaftale for 2024", "Cookiepolitik", "Rådhuspladsen 1")


def test_article_without_menus_sidebar_read_also_and_footer(write) -> None:
    path = write("news/kyiv.html", ARTICLE_HTML)
    document = read_path(path)
    assert "De to hovedstæder København og Kyiv har indgået en venskabsbyaftale" in document.text
    assert "Vitaliy Klitschko underskrev aftalen" in document.text
    for text in BOILERPLATE:
        assert text not in document.text, text
    assert document.title == "København og Kyiv indgår venskabsbyaftale"
    assert document.published == "2023-06-01"
    assert document.language == "da"
    assert document.source == path


def test_english_read_also_list_dropped() -> None:
    page = """<html lang="en-GB"><head><title>Paris and Kyiv</title>
    <meta name="date" content="2022-05-11"></head><body>
    <nav><a href="/">Home</a> <a href="/news">News</a> <a href="/contact">Contact us</a></nav>
    <div id="content"><h1>Paris and Kyiv sign a pact of friendship</h1>
    <p>The mayors of Paris and Kyiv co-signed a pact of friendship and cooperation yesterday
    at the Hôtel de Ville, reaffirming the support of the French capital.</p>
    <p>The pact covers culture, reconstruction and help for displaced families, and follows an
    earlier agreement signed in 2015 between the two cities.</p>
    <h3>Read also</h3><ul><li><a href="/1">Metro line 14 extension opens</a></li>
    <li><a href="/2">Budget vote postponed</a></li></ul></div>
    <footer>Legal notice · Cookies</footer></body></html>"""
    document = read_bytes(page.encode(), "https://example.org/paris-kyiv",
                          content_type="text/html", url="https://example.org/paris-kyiv")
    assert "co-signed a pact of friendship" in document.text
    for text in ("Read also", "Metro line 14", "Contact us", "Legal notice"):
        assert text not in document.text
    assert (document.published, document.language) == ("2022-05-11", "en")
    assert document.url == "https://example.org/paris-kyiv"


def test_no_date_is_not_guessed_from_a_copyright_line() -> None:
    page = ARTICLE_HTML.replace('<meta property="article:published_time" '
                                'content="2023-06-01T10:00:00+02:00">', "")
    page = page.replace("Cookiepolitik", "© 2021 Københavns Kommune")
    assert read_bytes(page.encode(), "page.html").published is None


def test_legacy_charset_from_meta(write) -> None:
    page = ARTICLE_HTML.replace('charset="utf-8"', 'charset="windows-1252"')
    document = read_path(write("cp1252.htm", page.encode("cp1252")))
    assert "hovedstæder København" in document.text


def test_charset_from_content_type() -> None:
    page = "<html><body><p>Київ і Житомир підписали меморандум про співпрацю.</p></body></html>"
    content_type = "text/html; charset=windows-1251"
    document = read_bytes(page.encode("cp1251"), "page", content_type=content_type)
    assert document.text == "Київ і Житомир підписали меморандум про співпрацю."


def test_html_sniffed_without_suffix(write) -> None:
    document = read_path(write("download", ARTICLE_HTML))
    assert document.title == "København og Kyiv indgår venskabsbyaftale"


def test_small_page_falls_back_to_visible_text() -> None:
    document = read_bytes(b"<html><body><div>Kort tekst her.</div></body></html>", "x.html")
    assert document.text == "Kort tekst her."


@pytest.mark.parametrize(
    "page",
    [
        "<html><head><title>Tom</title></head><body></body></html>",
        "<html><body><script>var x = 1;</script><nav><ul></ul></nav></body></html>",
        "<div>" * 100_000 + "dybt",
        "<<<>>>",
    ],
    ids=["empty-body", "script-only", "deeply-nested", "garbage"],
)
def test_pages_without_text_raise(page: str) -> None:
    with pytest.raises(ReadError) as caught:
        read_bytes(page.encode(), "bad.html")
    assert caught.value.reason.startswith("no text in HTML")
    assert "\n" not in str(caught.value)


def test_stray_nul_bytes_in_a_page_are_dropped() -> None:
    page = ARTICLE_HTML.replace("Aftalen gælder", "Aftalen\x00 gælder").encode()
    assert "Aftalen gælder i tre år" in read_bytes(page, "nul.html").text


def test_feeds_are_not_read_as_pages() -> None:
    feed = b'<?xml version="1.0"?><rss version="2.0"><channel><title>Nyt</title></channel></rss>'
    with pytest.raises(ReadError, match="RSS/Atom feed"):
        read_bytes(feed, "https://kk.example/rss", content_type="text/xml")
