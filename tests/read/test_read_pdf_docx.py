"""PDF (pypdfium2) and DOCX (python-docx): text, metadata and damaged files."""

from __future__ import annotations

import io
import zipfile

import pytest
from read_builders import PDF_PAGES, docx_bytes, pdf_bytes

from citypact.errors import ReadError
from citypact.read import read_bytes, read_path
from citypact.read.docx import MAX_UNPACKED_BYTES, read_docx


def _reason(path: str) -> str:
    with pytest.raises(ReadError) as caught:
        read_path(path)
    assert str(caught.value).startswith(f"{path}: ")
    assert "\n" not in str(caught.value)
    return caught.value.reason


def test_pdf_pages_joined_by_blank_line(write) -> None:
    document = read_path(write("council.pdf", pdf_bytes()))
    assert document.text == "\n\n".join("\n".join(lines) for lines in PDF_PAGES)
    assert document.title == "Byrådsmøde 12. maj"


def test_pdf_sniffed_from_magic_bytes() -> None:
    document = read_bytes(pdf_bytes(), "attachment", content_type="application/octet-stream")
    assert "venskabsbyaftale med Mykolaiv" in document.text


def test_truncated_pdf(write) -> None:
    data = pdf_bytes()
    assert _reason(write("cut.pdf", data[: len(data) // 2])) == (
        "not a valid PDF (truncated or corrupt)")


def test_encrypted_pdf(write) -> None:
    assert _reason(write("locked.pdf", pdf_bytes(encrypt="pw"))) == (
        "encrypted PDF (a password is needed to open it)")


def test_pdf_without_text_layer(write) -> None:
    assert _reason(write("scan.pdf", pdf_bytes(pages=((),)))).startswith("no text in PDF")


def test_not_a_pdf_despite_suffix(write) -> None:
    assert _reason(write("fake.pdf", b"<html>nope</html>")).startswith("not a valid PDF")


def test_docx_paragraphs_and_table(write) -> None:
    document = read_path(write("aftale.docx", docx_bytes()))
    assert document.text == (
        "Odense Kommune indgår en samarbejdsaftale med Zaporizjzja.\n"
        "Tema\tPeriode\n"
        "Energi\t2024–2026\n"
        "Aftalen underskrives i juni."
    )
    assert document.title == "Samarbejdsaftale Odense–Zaporizjzja"
    assert document.language == "da"


def test_docx_sniffed_from_zip_content(write) -> None:
    assert read_path(write("upload.bin", docx_bytes())).text.startswith("Odense Kommune")


def _bomb(member_bytes: int) -> bytes:
    """A valid DOCX plus one highly compressible member of the given size."""
    buffer = io.BytesIO(docx_bytes())
    with (
        zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf,
        zf.open("word/media/filler.bin", "w", force_zip64=True) as member,
    ):
        chunk = b"\0" * (1 << 20)
        for _ in range(member_bytes >> 20):
            member.write(chunk)
    return buffer.getvalue()


def test_zip_bomb_docx_refused_by_inflate_ratio(write) -> None:
    reason = _reason(write("bomb.docx", _bomb(20 << 20)))
    assert reason.startswith("DOCX entry word/media/filler.bin inflates")
    assert reason.endswith("(zip bomb?)")


def test_zip_bomb_docx_refused_by_total_size() -> None:
    data = _bomb(8 << 20)
    with pytest.raises(ReadError) as caught:
        read_docx(data, "big.docx", max_unpacked=4_000_000)
    assert caught.value.reason.startswith("DOCX too large when unpacked (")
    assert caught.value.reason.endswith(" MB > limit 4 MB; zip bomb?)")
    assert MAX_UNPACKED_BYTES >= 100_000_000


def test_corrupt_zip_docx(write) -> None:
    data = docx_bytes()
    assert _reason(write("broken.docx", data[:200])).startswith("not a valid DOCX (corrupt zip")
    assert _reason(write("junk.docx", b"not a zip at all")).startswith(
        "not a valid DOCX (corrupt zip")


def test_zip_that_is_not_a_docx(write) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("readme.txt", "hello")
    assert _reason(write("archive.zip", buffer.getvalue())) == (
        "unsupported format (zip archive, not a DOCX)")
    assert _reason(write("mislabelled.docx", buffer.getvalue())) == (
        "unsupported format (zip archive, not a DOCX)")


def test_legacy_word_file(write) -> None:
    assert _reason(write("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)).startswith(
        "unsupported format (legacy Office file")
