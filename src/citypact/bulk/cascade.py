"""The crawl-aware cascade for one raw document: prefilter on the raw bytes first, and only
for the few pages that pass, HTML extraction, language identification and the gazetteer.

The raw scan must not drop a page the full pipeline would find something in, so it is
generous where raw markup differs from extracted text: character references are resolved,
and a page whose vocabulary hits were not confirmed is scanned again with its tags removed
(markup between two words can push them out of the prefilter's window). Bytes the scan
cannot read as text (PDF, DOCX, a legacy encoding) go the full way.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import replace
from typing import Any

from citypact.analyse import prefilter
from citypact.bulk.raw import RawItem
from citypact.bulk.serial import extraction_to_json
from citypact.errors import ReadError
from citypact.models import Document, Extraction
from citypact.read.base import describe

SKIPPED = "no partnership or consultation vocabulary"
# Characters that hide words from a byte scan: soft hyphen and zero-width joiners/spaces.
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_SCRIPT_STYLE = re.compile(r"<(script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]*>")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_UTF8_NAMES = frozenset({"utf-8", "utf8", "us-ascii", "ascii"})


def row_for(item: RawItem, analyse: Any) -> dict[str, Any]:
    """One shard row for one raw document; `analyse` is `citypact.analyse.pipeline`."""
    row = empty_row(item.source)
    row["url"] = item.meta.get("url") or (item.record or {}).get("url")
    if item.error is not None:
        row["error"] = str(item.error)
        return row
    try:
        text = _scannable(item)
        if text is not None and not passes(text):
            row["skipped"] = SKIPPED
            return row
        extraction = analyse(_document(item))
    except ReadError as exc:
        row["error"] = str(exc)
        return row
    except Exception as exc:  # noqa: BLE001 - one bad document must not stop the chunk
        row["error"] = f"{item.source}: analysis failed ({describe(exc)})"
        return row
    fill_row(row, extraction)
    return row


def empty_row(source: str) -> dict[str, Any]:
    return {"source": source, "url": None, "content_hash": None, "skipped": None, "error": None,
            "language": None, "doc_type": None, "title": None, "published": None, "partnerships": 0,
            "consultation": False, "extract_json": None, "extraction": None}


def fill_row(row: dict[str, Any], extraction: Extraction) -> None:
    """The contract JSON for every analysed document; the whole extraction (text, places with
    coordinates), which the store needs, only for documents with findings."""
    doc = extraction.document
    confident = sum(1 for p in extraction.partnerships if p.confidence >= 0.5)
    row.update(url=doc.url or row["url"], content_hash=doc.content_hash, skipped=extraction.skipped,
               language=extraction.language, doc_type=extraction.doc_type, title=doc.title,
               published=doc.published, partnerships=confident, consultation=extraction.consultation is not None,
               extract_json=json.dumps(extraction.to_json(), ensure_ascii=False))
    if extraction.partnerships or extraction.consultation is not None:
        row["extraction"] = extraction_to_json(extraction)


def passes(text: str) -> bool:
    """The prefilter on raw text or markup, with a tag-free second look when hits were unconfirmed."""
    if "&" in text:
        text = html.unescape(text)
    if _INVISIBLE.search(text):  # rare; a search is far cheaper than str.translate on every page
        text = _INVISIBLE.sub("", text)
    screen = prefilter.scan(text)
    if screen.passed:
        return True
    if screen.hits and "<" in text:
        return prefilter.scan(_TAG.sub(" ", _SCRIPT_STYLE.sub(" ", text))).passed
    return False


def _scannable(item: RawItem) -> str | None:
    """The text the raw scan reads; None when only the full reader can read the bytes."""
    if item.record is not None:
        value = item.record.get("text") or item.record.get("html")
        return value if isinstance(value, str) else None
    data = item.data or b""
    if data[:5] == b"%PDF-" or data[:2] == b"PK" or b"%PDF-" in data[:1024]:
        return None
    charset = _declared_charset(item.meta.get("content_type"), data)
    if charset is not None and charset not in _UTF8_NAMES:
        try:
            return data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None  # another encoding: the reader detects it


def _declared_charset(content_type: str | None, data: bytes) -> str | None:
    match = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", content_type or "", re.IGNORECASE)
    if match:
        return match[1].lower()
    meta = _CHARSET.search(data[:4096])
    return meta[1].decode("ascii").lower() if meta else None


def _document(item: RawItem) -> Document:
    """What the read stage makes of the item, named by where it was found."""
    from citypact.read import read_bytes
    from citypact.read.base import with_metadata
    from citypact.read.records import record_document

    if item.record is not None:
        return record_document(item.record, item.source)
    meta = item.meta
    document = read_bytes(item.data or b"", meta.get("url") or item.source,
                          content_type=meta.get("content_type"), url=meta.get("url"))
    if meta.get("warc_date"):
        document = with_metadata(document, prefer=False, published=meta["warc_date"])
    return replace(document, source=item.source)
