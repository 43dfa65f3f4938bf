"""The documents of a chunk as raw bytes, before any parsing: what the prefilter scans first."""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from citypact.bulk.plan import FILES, JSONL_RANGE, Chunk
from citypact.errors import ReadError
from citypact.read.base import describe, too_large
from citypact.read.formats import CONTENT_TYPES
from citypact.settings import get_settings

_STREAM_ERRORS = (EOFError, OSError, zlib.error, ValueError)


@dataclass(frozen=True)
class RawItem:
    """One document as found: bytes (or, for a JSONL record, its object), or why it failed."""

    source: str
    data: bytes | None = None
    record: dict[str, Any] | None = None  # a JSONL object with `text` or `html`
    meta: dict[str, Any] = field(default_factory=dict)  # url, content_type, warc_date
    error: ReadError | None = None


def raw_items(chunk: Chunk) -> Iterator[RawItem]:
    limit = get_settings().max_file_bytes
    if chunk.kind == FILES:
        for path in chunk.paths:
            yield _file_item(path, limit)
    elif chunk.kind == JSONL_RANGE:
        yield from _jsonl_items(chunk, limit)
    else:
        yield from _warc_items(chunk, limit)


def _file_item(path: str, limit: int) -> RawItem:
    try:
        with open(path, "rb") as stream:
            data = stream.read(limit + 1)
    except IsADirectoryError:
        return RawItem(path, error=ReadError(path, "is a directory"))
    except FileNotFoundError:
        return RawItem(path, error=ReadError(path, "file not found"))
    except OSError as exc:
        return RawItem(path, error=ReadError(path, f"could not read ({describe(exc)})"))
    if len(data) > limit:
        return RawItem(path, error=too_large(path, None, limit))
    return RawItem(path, data)


def _jsonl_items(chunk: Chunk, limit: int) -> Iterator[RawItem]:
    path = chunk.paths[0]
    lineno = chunk.first_line - 1
    try:
        opener = gzip.open if path.lower().endswith(".gz") else open
        with opener(path, "rb") as stream:
            stream.seek(chunk.start)
            remaining = chunk.count or None
            while remaining is None or remaining > 0:
                line = stream.readline(limit + 1)
                if not line:
                    break
                lineno += 1
                if remaining is not None:
                    remaining -= len(line)
                if line.strip():
                    yield _jsonl_item(line, path, lineno, limit)
    except _STREAM_ERRORS as exc:
        yield RawItem(f"{path}:{lineno + 1}", error=ReadError(f"{path}:{lineno + 1}", f"unreadable ({describe(exc)})"))


def _jsonl_item(line: bytes, path: str, lineno: int, limit: int) -> RawItem:
    where, source = f"{path}:{lineno}", f"{path}#L{lineno}"
    if len(line) > limit:
        return RawItem(source, error=too_large(where, None, limit, "line"))
    try:
        record = json.loads(line.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return RawItem(source, error=ReadError(where, "not UTF-8"))
    except json.JSONDecodeError as exc:
        return RawItem(source, error=ReadError(where, f"not JSON: {exc.msg} (column {exc.colno})"))
    if not isinstance(record, dict):
        return RawItem(source, error=ReadError(where, f"not a JSON object (got {type(record).__name__})"))
    return RawItem(source, record=record)


def _warc_items(chunk: Chunk, limit: int) -> Iterator[RawItem]:
    from warcio.archiveiterator import ArchiveIterator

    path = chunk.paths[0]
    offset = chunk.start
    try:
        with open(path, "rb") as stream:
            stream.seek(chunk.start)
            records = ArchiveIterator(stream)
            for number, record in enumerate(records):
                if chunk.count and number >= chunk.count:
                    break
                item = _warc_item(record, path, limit)
                offset = records.get_record_offset()
                if item is not None:
                    yield RawItem(f"{path}#{offset}", item.data, meta=item.meta, error=item.error)
    except Exception as exc:  # noqa: BLE001 - warcio raises many types on damaged archives
        yield RawItem(f"{path}#{offset}", error=ReadError(f"{path}#{offset}", f"corrupt WARC record ({describe(exc)})"))


def _warc_item(record: Any, path: str, limit: int) -> RawItem | None:
    """A response record's payload; None for records that are not documents."""
    if record.rec_type != "response" or record.http_headers is None:
        return None
    http = record.http_headers
    content_type = http.get_header("Content-Type") or ""
    mime = content_type.split(";", 1)[0].strip().lower()
    if not (http.get_statuscode() or "").startswith("2") or (mime and mime not in CONTENT_TYPES):
        return None
    payload = record.content_stream().read(limit + 1)
    if len(payload) > limit:
        return RawItem(path, error=too_large(path, None, limit, "record payload"))
    meta = {"url": record.rec_headers.get_header("WARC-Target-URI"), "content_type": content_type or None,
            "warc_date": record.rec_headers.get_header("WARC-Date")}
    return RawItem(path, payload, meta=meta)
