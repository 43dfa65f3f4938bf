"""PDF: the text layer of every page, pages joined by a blank line."""

from __future__ import annotations

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw

from citypact.errors import ReadError
from citypact.models import Document
from citypact.read.base import describe, make_document

PAGE_SEPARATOR = "\n\n"

# PDFium load errors worded so a person knows what to do about the file.
_LOAD_ERRORS = {
    pdfium_raw.FPDF_ERR_PASSWORD: "encrypted PDF (a password is needed to open it)",
    pdfium_raw.FPDF_ERR_SECURITY: "encrypted PDF (unsupported security handler)",
    pdfium_raw.FPDF_ERR_FORMAT: "not a valid PDF (truncated or corrupt)",
    pdfium_raw.FPDF_ERR_FILE: "not a valid PDF (could not be opened)",
}
# Control characters PDFium leaves in extracted text (soft-hyphen and line-end markers).
_ARTEFACTS = str.maketrans("", "", "\x02\x03\ufffe")
# Producer defaults that are not a title.
_NOT_TITLES = {"untitled", "anonymous", "unspecified"}


def read_pdf(data: bytes, source: str) -> Document:
    """A Document from a PDF's text layer (no OCR: a scanned PDF has no text)."""
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        reason = _LOAD_ERRORS.get(code, f"not a valid PDF ({describe(exc)})")
        raise ReadError(source, reason) from exc
    try:
        pages = [_page_text(pdf, index, source) for index in range(len(pdf))]
        title = _title(pdf)
    finally:
        pdf.close()
    text = PAGE_SEPARATOR.join(pages)
    if not text.strip():
        raise ReadError(source, "no text in PDF (scanned images? OCR is not supported)")
    return make_document(text, source, title=title)


def _page_text(pdf: pdfium.PdfDocument, index: int, source: str) -> str:
    try:
        page = pdf[index]
        textpage = page.get_textpage()
        try:
            text = textpage.get_text_range()
        finally:
            textpage.close()
            page.close()
    except pdfium.PdfiumError as exc:
        raise ReadError(source, f"corrupt PDF page {index + 1} ({describe(exc)})") from exc
    return text.translate(_ARTEFACTS).replace("\r\n", "\n").strip()


def _title(pdf: pdfium.PdfDocument) -> str | None:
    try:
        title = pdf.get_metadata_dict().get("Title", "")
    except pdfium.PdfiumError:
        return None
    title = title.strip()
    return None if title.lower() in _NOT_TITLES else title or None
