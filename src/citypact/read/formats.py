"""Which reader a piece of bytes needs: magic bytes, then content type, then file suffix."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import PurePosixPath

from citypact.errors import ReadError
from citypact.models import Document
from citypact.read.base import with_metadata
from citypact.read.docx import read_docx
from citypact.read.html import read_html
from citypact.read.pdf import read_pdf
from citypact.read.text import read_text

TEXT, HTML, PDF, DOCX = "text", "html", "pdf", "docx"
JSONL, WARC = "jsonl", "warc"  # many documents per file: read by iter_documents

_SUFFIXES = {
    ".txt": TEXT, ".text": TEXT, ".md": TEXT, ".markdown": TEXT,
    ".html": HTML, ".htm": HTML, ".xhtml": HTML, ".shtml": HTML,
    ".pdf": PDF, ".docx": DOCX,
    ".jsonl": JSONL, ".ndjson": JSONL, ".warc": WARC,
}
CONTENT_TYPES = {
    "text/plain": TEXT, "text/markdown": TEXT, "text/x-markdown": TEXT,
    "text/html": HTML, "application/xhtml+xml": HTML,
    "application/pdf": PDF,
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": DOCX,
}
_UNSUPPORTED_MAGIC = (
    (b"\xd0\xcf\x11\xe0", "legacy Office file (.doc/.xls): save it as .docx"),
    (b"{\\rtf", "RTF file: save it as .docx or .txt"),
)
_HTML_START = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b",
    re.IGNORECASE | re.DOTALL,
)
_FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/feed+json"})
_FEED_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:rss|feed|rdf:RDF)\b",
                         re.IGNORECASE | re.DOTALL)
_HTML_TAGS = re.compile(rb"<(?:head|body|title|p|div)\b[^>]*>", re.IGNORECASE)
_SNIFF_BYTES = 2048
_PDF_HEADER_WINDOW = 1024


def read_bytes(
    data: bytes,
    source: str,
    *,
    content_type: str | None = None,
    url: str | None = None,
) -> Document:
    """One Document from bytes, the format sniffed from content, content type and suffix."""
    kind = sniff_format(data, source, content_type=content_type)
    charset = _charset(content_type)
    if kind == PDF:
        return read_pdf(data, source)
    if kind == DOCX:
        return read_docx(data, source)
    if kind == HTML:
        return read_html(data, source, url=url, declared=charset)
    if kind in (JSONL, WARC):
        raise ReadError(source, f"a {kind.upper()} file holds many documents: read it with "
                                "iter_documents")
    document = read_text(data, source, declared=charset)
    return with_metadata(document, prefer=True, url=url)


def sniff_format(data: bytes, source: str, *, content_type: str | None = None) -> str:
    """The reader for these bytes. Binary magic wins (it cannot be text whatever the name
    says), then the declared content type, then the suffix, then a look at the markup."""
    if b"%PDF-" in data[:_PDF_HEADER_WINDOW]:  # readers accept junk before the header
        return PDF
    if data.startswith(b"PK\x03\x04"):
        return _zip_format(data, source)
    for magic, reason in _UNSUPPORTED_MAGIC:
        if data.startswith(magic):
            raise ReadError(source, f"unsupported format ({reason})")
    if data.startswith(b"WARC/"):
        return WARC
    head = data[:_SNIFF_BYTES].lstrip(b"\xef\xbb\xbf")
    if _mime(content_type) in _FEED_TYPES or _FEED_START.match(head):
        raise ReadError(source, "unsupported format (an RSS/Atom feed: follow it with "
                                "`citypact watch`)")
    declared = CONTENT_TYPES.get(_mime(content_type))
    if declared:
        return declared
    by_suffix = suffix_format(source)
    if by_suffix:
        return by_suffix
    if _HTML_START.match(head) or len(_HTML_TAGS.findall(head)) >= 2:
        return HTML
    return TEXT


def suffix_format(source: str) -> str | None:
    """The format a file name (or URL path) announces, if citypact knows it."""
    path = PurePosixPath(source.split("?", 1)[0].split("#", 1)[0].lower())
    suffixes = path.suffixes
    if suffixes[-2:] in ([".warc", ".gz"], [".arc", ".gz"]):
        return WARC
    if suffixes[-2:] in ([".jsonl", ".gz"], [".ndjson", ".gz"]):
        return JSONL
    return _SUFFIXES.get(path.suffix)


def _zip_format(data: bytes, source: str) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return DOCX  # a broken zip: the DOCX reader words the error
    if "word/document.xml" in names:
        return DOCX
    if "content.xml" in names:
        raise ReadError(source, "unsupported format (OpenDocument file: save it as .docx)")
    raise ReadError(source, "unsupported format (zip archive, not a DOCX)")


def _mime(content_type: str | None) -> str:
    return (content_type or "").split(";", 1)[0].strip().lower()


def _charset(content_type: str | None) -> str | None:
    match = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", content_type or "", re.IGNORECASE)
    return match[1] if match else None


