"""Shared pieces of the read stage: building a Document and wording errors."""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from datetime import date, datetime

from citypact.errors import ReadError
from citypact.models import Document

# What iter_documents yields: a document, or the reason one input (or record) failed.
ReadResult = Document | ReadError

_NEWLINES = re.compile(r"\r\n?")
_LANG = re.compile(r"^([A-Za-z]{2,3})(?:[-_].*)?$")
_MAX_REASON_CHARS = 200


def content_hash(text: str) -> str:
    """The identity of a document in the store: sha256 of its text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def normalise_newlines(text: str) -> str:
    r"""\r\n and lone \r become \n; nothing else in the text changes."""
    return _NEWLINES.sub("\n", text)


def make_document(
    text: str,
    source: str,
    *,
    title: str | None = None,
    published: str | None = None,
    language: str | None = None,
    url: str | None = None,
) -> Document:
    """The one place a Document is built, so text normalisation and hash never diverge."""
    text = normalise_newlines(text)
    text = text.removeprefix("\ufeff")
    return Document(
        text=text,
        source=source,
        title=clean_field(title),
        published=iso_date(published),
        language=language_code(language),
        url=clean_field(url),
        content_hash=content_hash(text),
    )


def clean_field(value: object) -> str | None:
    """A metadata string stripped to one line, or None when empty or not a string."""
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None


def iso_date(value: object) -> str | None:
    """YYYY-MM-DD from an ISO date or datetime string (or date object); None otherwise."""
    if isinstance(value, (date, datetime)):
        return value.isoformat()[:10]
    if not isinstance(value, str):
        return None
    value = value.strip()
    match = re.match(r"^(\d{4})-(\d{2})-(\d{2})", value)
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3])).isoformat()
    except ValueError:
        return None


def language_code(value: object) -> str | None:
    """ISO 639-1 code from a tag such as 'da-DK', 'en_GB' or 'SV'; None if not a tag."""
    if not isinstance(value, str):
        return None
    match = _LANG.match(value.strip())
    if not match or len(match[1]) != 2:
        return None
    return match[1].lower()


def one_line(message: object) -> str:
    """An exception message squeezed onto one short line for a ReadError reason."""
    text = " ".join(str(message).split())
    if len(text) > _MAX_REASON_CHARS:
        text = text[: _MAX_REASON_CHARS - 1] + "…"
    return text


def describe(exc: BaseException) -> str:
    """'ExcType: message' on one line, for wrapping a library's error."""
    message = one_line(exc)
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__


def megabytes(n: int) -> str:
    """Bytes as MB with up to three significant digits (50 MB, 52.4 MB, 0.001 MB)."""
    return f"{n / 1_000_000:.3g} MB"


def too_large(source: str, size: int | None, limit: int, what: str = "file") -> ReadError:
    """'file too large (52.4 MB > limit 50 MB)'; without a known size, 'over the limit'."""
    if size is None:
        return ReadError(source, f"{what} too large (over the limit of {megabytes(limit)})")
    return ReadError(source, f"{what} too large ({megabytes(size)} > limit {megabytes(limit)})")


def with_metadata(document: Document, *, prefer: bool, **values: object) -> Document:
    """The document with metadata added: `prefer` replaces existing values, otherwise only
    missing ones are filled. The text, and so the hash, never changes."""
    cleaners = {"title": clean_field, "published": iso_date,
                "language": language_code, "url": clean_field}
    changes = {}
    for name, value in values.items():
        cleaned = cleaners[name](value)
        if cleaned is not None and (prefer or getattr(document, name) is None):
            changes[name] = cleaned
    return replace(document, **changes) if changes else document
