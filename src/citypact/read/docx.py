"""DOCX: body paragraphs and tables in document order, after a zip-bomb check."""

from __future__ import annotations

import io
import zipfile

import docx
from docx.table import Table
from docx.text.paragraph import Paragraph

from citypact.errors import ReadError
from citypact.models import Document
from citypact.read.base import describe, make_document, megabytes

# python-docx loads every part into memory: refuse archives that unpack beyond this.
MAX_UNPACKED_BYTES = 200_000_000
# An entry inflating more than this many times (and beyond the size below) is a zip
# bomb; real Word XML compresses about 5-20x (the same bound as Apache POI's 1 %).
MAX_INFLATE_RATIO = 100
_RATIO_CHECK_FROM_BYTES = 1_000_000
MAX_ENTRIES = 10_000
CELL_SEPARATOR = "\t"


def read_docx(data: bytes, source: str, *, max_unpacked: int = MAX_UNPACKED_BYTES) -> Document:
    """A Document from a .docx file: paragraphs and table rows, title from core properties."""
    check_zip(data, source, max_unpacked=max_unpacked)
    try:
        document = docx.Document(io.BytesIO(data))
        blocks = [_block_text(block) for block in document.iter_inner_content()]
        properties = document.core_properties
        title, language = properties.title, properties.language
    except ReadError:
        raise
    except Exception as exc:  # python-docx raises many types on malformed parts
        raise ReadError(source, f"corrupt DOCX ({describe(exc)})") from exc
    text = "\n".join(block for block in blocks if block)
    if not text.strip():
        raise ReadError(source, "no text in DOCX")
    return make_document(text, source, title=title, language=language)


def check_zip(data: bytes, source: str, *, max_unpacked: int = MAX_UNPACKED_BYTES) -> None:
    """Refuse a corrupt zip, or one that would unpack to far more than it weighs."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        raise ReadError(source, f"not a valid DOCX (corrupt zip: {describe(exc)})") from exc
    if len(entries) > MAX_ENTRIES:
        raise ReadError(source, f"DOCX has too many zip entries ({len(entries)})")
    if not any(entry.filename == "word/document.xml" for entry in entries):
        raise ReadError(source, "not a DOCX (zip without word/document.xml)")
    total = sum(entry.file_size for entry in entries)
    if total > max_unpacked:
        raise ReadError(
            source,
            f"DOCX too large when unpacked ({megabytes(total)} > limit "
            f"{megabytes(max_unpacked)}; zip bomb?)",
        )
    for entry in entries:
        if (entry.file_size > _RATIO_CHECK_FROM_BYTES
                and entry.file_size > MAX_INFLATE_RATIO * max(entry.compress_size, 1)):
            raise ReadError(
                source,
                f"DOCX entry {entry.filename} inflates {megabytes(entry.compress_size)} "
                f"to {megabytes(entry.file_size)} (zip bomb?)",
            )


def _block_text(block: Paragraph | Table) -> str:
    if isinstance(block, Paragraph):
        return block.text
    return table_text(block)


def table_text(table: Table) -> str:
    """Rows on lines, cells separated by tabs; a merged cell is written once."""
    lines = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append(" ".join(cell.text.split("\n")))
        if any(cell.strip() for cell in cells):
            lines.append(CELL_SEPARATOR.join(cells))
    return "\n".join(lines)
