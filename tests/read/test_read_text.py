"""Plain text: encodings, newlines, empty and binary files, the example documents."""

from __future__ import annotations

import codecs
import hashlib
from pathlib import Path

import pytest

from citypact.errors import ReadError
from citypact.read import read_bytes, read_path

DEV_DOCS = sorted(Path("/work/shared/dev/docs").glob("*.txt"))

DANISH = "Københavns Kommune og Kyiv har indgået en venskabsbyaftale om kultur, klima og unge.\n"
FRENCH = "La ville de Lyon a signé un accord de coopération avec Kharkiv l'été dernier.\n"
UKRAINIAN = "Житомир підписав угоду про співпрацю з Гданськом. Місто отримало генератори.\n"
SWEDISH = "Stockholms stad föreslår ett tidsbegränsat samarbetsavtal med Kyiv.\n"
SHORT_DANISH = "Søren og Åse\n"
SHORT_UKRAINIAN = "Привіт, Київ!\n"

ENCODED = [
    ("utf-8", DANISH, DANISH.encode("utf-8")),
    ("utf-8-bom", UKRAINIAN, codecs.BOM_UTF8 + UKRAINIAN.encode("utf-8")),
    ("utf-16-le-bom", UKRAINIAN, UKRAINIAN.encode("utf-16")),  # Python writes LE + BOM
    ("utf-16-be-bom", DANISH, codecs.BOM_UTF16_BE + DANISH.encode("utf-16-be")),
    ("utf-16-le", DANISH, DANISH.encode("utf-16-le")),
    ("utf-16-be", UKRAINIAN, UKRAINIAN.encode("utf-16-be")),
    ("cp1251", UKRAINIAN, UKRAINIAN.encode("cp1251")),
    ("cp1251-short", SHORT_UKRAINIAN, SHORT_UKRAINIAN.encode("cp1251")),
    ("koi8-u", UKRAINIAN, UKRAINIAN.encode("koi8_u")),
    ("cp1252-da", DANISH, DANISH.encode("cp1252")),
    ("cp1252-fr", FRENCH, FRENCH.encode("cp1252")),
    ("cp1252-short", SHORT_DANISH, SHORT_DANISH.encode("cp1252")),
    ("latin-1-sv", SWEDISH, SWEDISH.encode("latin-1")),
    ("latin-1-fr", FRENCH, FRENCH.encode("latin-1")),
    ("cp1250-pl", "Gdańsk podpisał umowę z Żytomierzem. Łódź też.\n",
     "Gdańsk podpisał umowę z Żytomierzem. Łódź też.\n".encode("cp1250")),
]


@pytest.mark.parametrize(("name", "text", "data"), ENCODED, ids=[e[0] for e in ENCODED])
def test_encodings_read_right(write, name: str, text: str, data: bytes) -> None:
    document = read_path(write(f"{name}.txt", data))
    assert document.text == text


def test_document_fields(write) -> None:
    path = write("note.txt", DANISH)
    document = read_path(path)
    assert document.source == path
    assert document.content_hash == hashlib.sha256(DANISH.encode()).hexdigest()
    assert (document.title, document.published, document.language, document.url) == (
        None, None, None, None)


def test_newlines_normalised_and_nothing_else_changes(write) -> None:
    raw = "  Linje 1\r\nLinje 2\rLinje 3\n\n\tindrykket  \n"
    expected = "  Linje 1\nLinje 2\nLinje 3\n\n\tindrykket  \n"
    assert read_path(write("crlf.txt", raw)).text == expected


def test_markdown_is_text(write) -> None:
    markdown = "# Vänort\n\n* Uppsala och **Kyiv**\n"
    assert read_path(write("notes.md", markdown)).text == markdown


def test_unknown_suffix_is_sniffed_as_text(write) -> None:
    assert read_path(write("README", SWEDISH)).text == SWEDISH


@pytest.mark.parametrize("doc", DEV_DOCS, ids=[d.name for d in DEV_DOCS])
def test_example_documents_read_to_their_exact_content(doc: Path) -> None:
    assert len(DEV_DOCS) == 5
    assert read_path(doc).text == doc.read_text(encoding="utf-8")


def test_read_bytes_text() -> None:
    document = read_bytes(UKRAINIAN.encode("cp1251"), "memory", content_type="text/plain")
    assert document.text == UKRAINIAN
    assert document.source == "memory"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b" \n\t\r\n", "no text (only whitespace)"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01", "not a text file (binary content)"),
        (bytes(range(1, 32)) * 50, "not a text file (binary content)"),
    ],
    ids=["empty", "whitespace", "png-with-nul", "control-bytes"],
)
def test_unreadable_text(write, data: bytes, reason: str) -> None:
    path = write("bad.txt", data)
    with pytest.raises(ReadError) as caught:
        read_path(path)
    assert caught.value.reason == reason
    assert str(caught.value) == f"{path}: {reason}"


def test_utf8_with_one_stray_legacy_byte_stays_utf8(write) -> None:
    data = (DANISH * 3).encode("utf-8") + "Pris: 5 €\n".encode("cp1252")
    assert read_path(write("mixed.txt", data)).text == DANISH * 3 + "Pris: 5 \ufffd\n"
