"""Inputs as a user gives them (files, folders, globs, URLs) turned into documents."""

from __future__ import annotations

import glob
import gzip
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from citypact.errors import ReadError
from citypact.models import Document
from citypact.read.base import ReadResult, describe, too_large
from citypact.read.formats import JSONL, WARC, read_bytes, suffix_format
from citypact.read.http import fetch_url, is_url
from citypact.read.records import iter_jsonl, iter_warc
from citypact.settings import get_settings

_GLOB_CHARS = frozenset("*?[")


def expand_inputs(inputs: Iterable[str]) -> Iterator[str]:
    """Files, folders (recursive, sorted, hidden entries skipped), globs and URLs, each
    file once. An input matching nothing is passed on so reading it reports why."""
    seen: set[str] = set()
    for given in inputs:
        for item in _expand_one(str(given)):
            key = item if is_url(item) else os.path.realpath(item)
            if key not in seen:
                seen.add(key)
                yield item


def _expand_one(given: str) -> Iterator[str]:
    if is_url(given):
        yield given
    elif os.path.isdir(given):
        yield from _walk(given)
    elif os.path.exists(given) or not _GLOB_CHARS & set(given):
        yield given
    else:
        matches = sorted(glob.glob(given, recursive=True))
        if not matches:
            yield given
        for match in matches:
            yield from (_walk(match) if os.path.isdir(match) else [match])


def _walk(folder: str) -> Iterator[str]:
    """Files under a folder in sorted order, skipping names that start with a dot."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield os.path.join(root, name)


def iter_documents(
    inputs: Iterable[str], *, max_bytes: int | None = None
) -> Iterator[ReadResult]:
    """Every document in the inputs, or a ReadError for each input (or record) that
    failed; one bad input never stops the others."""
    limit = max_bytes if max_bytes is not None else get_settings().max_file_bytes
    for item in expand_inputs(inputs):
        try:
            yield from _read_item(item, limit)
        except ReadError as exc:
            yield exc
        except Exception as exc:  # noqa: BLE001 - a parser bug on one odd file must not end the batch
            yield ReadError(item, f"unexpected error ({describe(exc)})")


def _read_item(item: str, limit: int) -> Iterator[ReadResult]:
    if is_url(item):
        yield fetch_url(item, max_bytes=limit)
        return
    path = _checked_file(item)
    kind = suffix_format(item) or _peek_records(path)
    if kind == JSONL:
        yield from iter_jsonl(path, item, max_bytes=limit)
    elif kind == WARC:
        yield from iter_warc(path, item, max_bytes=limit)
    else:
        yield read_path(item, max_bytes=limit)


def read_path(path: str | Path, *, max_bytes: int | None = None) -> Document:
    """One file as a Document; `source` is the path as given. Raises ReadError."""
    source = str(path)
    limit = max_bytes if max_bytes is not None else get_settings().max_file_bytes
    checked = _checked_file(source)
    try:
        size = checked.stat().st_size
        if size > limit:
            raise too_large(source, size, limit)
        with checked.open("rb") as stream:
            data = stream.read(limit + 1)  # the file may have grown since stat()
    except OSError as exc:
        raise _os_error(source, exc) from exc
    if len(data) > limit:
        raise too_large(source, len(data), limit)
    return read_bytes(data, source)


def _checked_file(source: str) -> Path:
    path = Path(source)
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        raise _os_error(source, exc) from exc
    if stat.S_ISDIR(mode):
        raise ReadError(source, "is a directory")
    if not stat.S_ISREG(mode):
        raise ReadError(source, "not a regular file (device, pipe or socket)")
    return path


def _os_error(source: str, exc: OSError) -> ReadError:
    if isinstance(exc, FileNotFoundError):
        if _GLOB_CHARS & set(source):
            return ReadError(source, "no file matches this pattern")
        return ReadError(source, "file not found")
    if isinstance(exc, PermissionError):
        return ReadError(source, "permission denied")
    return ReadError(source, f"could not read ({describe(exc)})")


def _peek_records(path: Path) -> str | None:
    """WARC content behind an unknown suffix (plain or gzipped) is read record by record."""
    try:
        with path.open("rb") as stream:
            head = stream.read(2)
            stream.seek(0)
            if head == b"\x1f\x8b":
                with gzip.open(stream) as unpacked:
                    head = unpacked.read(5)
            else:
                head = stream.read(5)
    except (OSError, EOFError):
        return None
    return WARC if head == b"WARC/" else None
