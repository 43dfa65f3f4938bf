"""Bulk inputs holding many documents: JSONL (one JSON object a line) and WARC crawls."""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import IO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord

from citypact.errors import ReadError
from citypact.models import Document
from citypact.read.base import (
    ReadResult,
    clean_field,
    describe,
    make_document,
    too_large,
    with_metadata,
)
from citypact.read.formats import CONTENT_TYPES, read_bytes
from citypact.read.html import read_html

# Errors a damaged gzip or WARC stream raises while being read.
_STREAM_ERRORS = (ArchiveLoadFailed, EOFError, OSError, zlib.error, ValueError)
_READ_CHUNK = 1 << 20


def iter_jsonl(path: Path, source: str, *, max_bytes: int) -> Iterator[ReadResult]:
    """One Document per line (`file.jsonl#L12`); a bad line yields a ReadError
    (`file.jsonl:12: reason`) and reading goes on."""
    opener = gzip.open if source.lower().endswith(".gz") else open
    lineno = 0
    try:
        with opener(path, "rb") as stream:
            for lineno, line in _lines(stream, max_bytes):
                if line is None:
                    yield too_large(f"{source}:{lineno}", None, max_bytes, "line")
                elif line.strip():
                    yield _jsonl_record(line, source, lineno)
    except _STREAM_ERRORS as exc:
        yield ReadError(f"{source}:{lineno + 1}", f"unreadable ({describe(exc)})")


def _lines(stream: IO[bytes], max_bytes: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, line) pairs; None for a line over the limit, which is skipped
    without holding it in memory."""
    lineno = 0
    while line := stream.readline(max_bytes + 1):
        lineno += 1
        if len(line) > max_bytes and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):
                line = stream.readline(_READ_CHUNK)
            yield lineno, None
        else:
            yield lineno, line


def _jsonl_record(line: bytes, source: str, lineno: int) -> ReadResult:
    where = f"{source}:{lineno}"
    try:
        record = json.loads(line.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return ReadError(where, "not UTF-8")
    except json.JSONDecodeError as exc:
        return ReadError(where, f"not JSON: {exc.msg} (column {exc.colno})")
    if not isinstance(record, dict):
        return ReadError(where, f"not a JSON object (got {type(record).__name__})")
    try:
        return record_document(record, f"{source}#L{lineno}")
    except ReadError as exc:
        return ReadError(where, exc.reason)


def record_document(record: dict[str, object], source: str) -> Document:
    """A Document from a JSON object with `text` or `html`; the object's own metadata
    (title, published/date, language/lang, url) wins over what the HTML says."""
    text, html = record.get("text"), record.get("html")
    url = clean_field(record.get("url"))
    if isinstance(text, str) and text.strip():
        document = make_document(text, source)
    elif isinstance(html, str) and html.strip():
        document = read_html(html, source, url=url)
    else:
        raise ReadError(source, "no 'text' or 'html' field with content")
    return with_metadata(
        document,
        prefer=True,
        title=record.get("title"),
        published=record.get("published") or record.get("date"),
        language=record.get("language") or record.get("lang"),
        url=url,
    )


def iter_warc(path: Path, source: str, *, max_bytes: int) -> Iterator[ReadResult]:
    """One Document per HTML/text response record (`file.warc.gz#OFFSET`). Other record
    types, non-2xx responses and non-text payloads are skipped; a corrupt record yields
    one ReadError and ends the file, keeping what was read before it."""
    with open(path, "rb") as stream:
        records = ArchiveIterator(stream)
        try:
            for record in records:
                result = _warc_record(record, source, max_bytes)
                offset = records.get_record_offset()
                if result is not None:
                    yield _at_offset(result, source, offset)
        except _STREAM_ERRORS as exc:
            offset = getattr(records, "offset", "?")
            yield ReadError(f"{source}#{offset}", f"corrupt WARC record ({describe(exc)})")


def _warc_record(record: ArcWarcRecord, source: str, max_bytes: int) -> ReadResult | None:
    """The record's document, an error, or None for a record that is not a document."""
    if record.rec_type != "response" or record.http_headers is None:
        return None
    http = record.http_headers
    status = http.get_statuscode() or ""
    content_type = http.get_header("Content-Type") or ""
    mime = content_type.split(";", 1)[0].strip().lower()
    if not status.startswith("2") or (mime and mime not in CONTENT_TYPES):
        return None
    if record.length and record.length > max_bytes:
        return too_large(source, record.length, max_bytes, "record")
    url = record.rec_headers.get_header("WARC-Target-URI")
    payload = record.content_stream().read(max_bytes + 1)
    if len(payload) > max_bytes:  # a chunked or compressed payload can outgrow its record
        return too_large(source, None, max_bytes, "record payload")
    try:
        document = read_bytes(payload, url or source, content_type=content_type or None, url=url)
    except ReadError as exc:
        return ReadError(source, exc.reason)
    warc_date = record.rec_headers.get_header("WARC-Date")
    return with_metadata(document, prefer=False, published=warc_date)


def _at_offset(result: ReadResult, source: str, offset: int) -> ReadResult:
    """Name a record's document or error `file.warc.gz#OFFSET`."""
    where = f"{source}#{offset}"
    if isinstance(result, ReadError):
        return ReadError(where, result.reason)
    return replace(result, source=where)
