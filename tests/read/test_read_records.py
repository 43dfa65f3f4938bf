"""JSONL and WARC: one Document per record, one ReadError per bad record."""

from __future__ import annotations

import gzip
import json

import pytest
from read_builders import ARTICLE_HTML, warc_bytes

from citypact.errors import ReadError
from citypact.models import Document
from citypact.read import iter_documents, read_path

PAGE_WITHOUT_DATE = """<html lang="pl"><head><title>Gdańsk i Żytomierz</title></head><body>
<article><h1>Gdańsk i Żytomierz</h1><p>Gdańsk podpisał umowę o partnerstwie z Żytomierzem.
Współpraca obejmie kulturę, edukację i odbudowę miasta po wojnie.</p></article></body></html>"""


def _jsonl(*lines: object) -> str:
    return "".join((line if isinstance(line, str) else json.dumps(line, ensure_ascii=False))
                   + "\n" for line in lines)


def test_jsonl_records_and_bad_lines(write) -> None:
    path = write("feed.jsonl", _jsonl(
        {"text": "Lviv og Aarhus\r\nindgår aftale.", "url": "https://a.example/1",
         "published": "2024-02-03T10:00:00Z", "title": "Aftale", "lang": "da"},
        "{not json",
        "",
        {"html": ARTICLE_HTML, "published": "2023-07-01"},
        [1, 2],
        {"title": "no text"},
        {"text": "Третій документ.", "language": "uk-UA"},
    ))
    results = list(iter_documents([path]))
    assert [type(r).__name__ for r in results] == [
        "Document", "ReadError", "Document", "ReadError", "ReadError", "Document"]
    first, bad, html, not_object, no_text, last = results
    assert first == Document(
        text="Lviv og Aarhus\nindgår aftale.", source=f"{path}#L1", title="Aftale",
        published="2024-02-03", language="da", url="https://a.example/1",
        content_hash=first.content_hash)
    assert str(bad).startswith(f"{path}:2: not JSON: ")
    assert html.source == f"{path}#L4"
    assert "hovedstæder København og Kyiv" in html.text
    assert (html.title, html.published, html.language) == (
        "København og Kyiv indgår venskabsbyaftale", "2023-07-01", "da")
    assert str(not_object) == f"{path}:5: not a JSON object (got list)"
    assert str(no_text) == f"{path}:6: no 'text' or 'html' field with content"
    assert (last.source, last.language) == (f"{path}#L7", "uk")


def test_gzipped_jsonl(write) -> None:
    path = write("feed.jsonl.gz", gzip.compress(_jsonl({"text": "Malmö och Charkiv."}).encode()))
    (document,) = iter_documents([path])
    assert isinstance(document, Document)
    assert (document.text, document.source) == ("Malmö och Charkiv.", f"{path}#L1")


def test_overlong_jsonl_line_is_skipped(write) -> None:
    path = write("big.jsonl", _jsonl({"text": "x" * 500}, {"text": "kort"}))
    too_long, short = iter_documents([path], max_bytes=100)
    assert isinstance(too_long, ReadError)
    assert str(too_long) == f"{path}:1: line too large (over the limit of 0.0001 MB)"
    assert isinstance(short, Document) and short.text == "kort"


def test_read_path_refuses_a_many_record_file(write) -> None:
    with pytest.raises(ReadError, match="holds many documents"):
        read_path(write("feed.jsonl", _jsonl({"text": "a"})))


@pytest.mark.parametrize("gz", [True, False], ids=["warc.gz", "warc"])
def test_warc_good_record_then_garbage(write, gz: bool) -> None:
    data = warc_bytes([
        ("https://gdansk.example/news/1", "text/html; charset=utf-8",
         PAGE_WITHOUT_DATE.encode(), "2023-04-05T06:07:08Z"),
        ("https://kk.example/kyiv", "text/html", ARTICLE_HTML.encode(), "2024-01-01T00:00:00Z"),
        ("https://kk.example/logo.png", "image/png", b"\x89PNG\r\n\x1a\n\0\0", None),
    ], gzip=gz)
    name = "crawl.warc.gz" if gz else "crawl.warc"
    path = write(name, data + b"garbage bytes \x00\x01 that are not a WARC record\r\n\r\n")
    results = list(iter_documents([path]))
    assert [type(r).__name__ for r in results] == ["Document", "Document", "ReadError"]
    gdansk, copenhagen, error = results
    assert gdansk.source == f"{path}#0"
    assert gdansk.url == "https://gdansk.example/news/1"
    assert gdansk.published == "2023-04-05"  # from WARC-Date: the page has no date
    assert gdansk.language == "pl"
    assert "Gdańsk podpisał umowę o partnerstwie" in gdansk.text
    assert copenhagen.published == "2023-06-01"  # the page's own date wins over WARC-Date
    assert copenhagen.source.startswith(f"{path}#") and copenhagen.source != gdansk.source
    assert str(error).startswith(f"{path}#")
    assert "corrupt WARC record" in str(error) and "\n" not in str(error)


def test_warc_sniffed_without_suffix(write) -> None:
    data = warc_bytes([("https://e.example/", "text/plain", "Vänort: Uppsala.".encode(), None)],
                      gzip=True)
    (document,) = iter_documents([write("crawl.bin", data)])
    assert isinstance(document, Document) and document.text == "Vänort: Uppsala."


def test_oversized_warc_record_is_reported_and_reading_goes_on(write) -> None:
    data = warc_bytes([
        ("https://e.example/big", "text/plain", b"x" * 5000, None),
        ("https://e.example/small", "text/plain", b"Lille tekst.", None),
    ], gzip=True)
    path = write("crawl.warc.gz", data)
    big, small = iter_documents([path], max_bytes=1000)
    assert isinstance(big, ReadError) and big.source == f"{path}#0"
    assert big.reason.startswith("record too large (0.005")  # the HTTP headers count too
    assert big.reason.endswith(" MB > limit 0.001 MB)")
    assert isinstance(small, Document) and small.text == "Lille tekst."


def test_truncated_gzip_jsonl_keeps_earlier_lines(write) -> None:
    packed = gzip.compress(_jsonl(*({"text": f"linje {n}"} for n in range(200))).encode())
    path = write("cut.jsonl.gz", packed[: len(packed) // 2])
    results = list(iter_documents([path]))
    assert all(isinstance(r, Document) for r in results[:-1])
    assert isinstance(results[-1], ReadError) and "unreadable" in results[-1].reason
