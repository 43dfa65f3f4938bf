"""The input units of a batch: deterministic chunks of documents, each worth one Dask task.

A chunk is named by a hash of what it covers, so a re-run with the same inputs plans the same
chunks and can skip the ones whose shard exists. Large record files are cut too, so one big
archive keeps every worker busy: WARC files by record offsets, plain JSONL files by byte
ranges on line boundaries (a gzipped JSONL file cannot be entered in the middle: one chunk).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from citypact.read.formats import JSONL, WARC, suffix_format

# Documents per chunk. ~200 crawl pages are 0.2-0.5 s of work, well above the ~2 ms a Dask
# task costs, and small enough that a kill loses little and the progress bar moves.
DOCS_PER_CHUNK = 200
# A plain JSONL file is cut into ranges of about this many bytes.
JSONL_CHUNK_BYTES = 4_000_000

FILES, JSONL_RANGE, WARC_RANGE = "files", "jsonl", "warc"


@dataclass(frozen=True)
class Chunk:
    """Some documents: a group of files, a byte range of a JSONL file, or records of a WARC."""

    id: str
    kind: str
    paths: tuple[str, ...]
    start: int = 0  # byte offset of the first line / record (record kinds)
    count: int = 0  # records in a WARC chunk; bytes in a JSONL chunk (0: to the end)
    first_line: int = 1  # line number of the first line of a JSONL chunk

    def to_json(self) -> dict[str, object]:
        return {"id": self.id, "kind": self.kind, "paths": list(self.paths), "start": self.start,
                "count": self.count, "first_line": self.first_line}


def plan_chunks(inputs: Iterable[str], docs_per_chunk: int | None = None,
                exclude: Iterable[str | Path] = ()) -> list[Chunk]:
    """Every chunk of the inputs, in the order the inputs expand to (sorted within folders).
    Files under `exclude` (the batch's own output folder, its store) are left out, so a
    batch over '.' never reads its own shards."""
    from citypact.read import expand_inputs

    size = docs_per_chunk or DOCS_PER_CHUNK
    excluded = [os.path.realpath(p) for p in exclude]
    files: list[str] = []
    chunks: list[Chunk] = []
    for path in expand_inputs(inputs):
        real = os.path.realpath(path)
        if any(real == e or real.startswith(e + os.sep) for e in excluded):
            continue
        kind = _record_kind(path)
        if kind == WARC:
            chunks += warc_chunks(path, size)
        elif kind == JSONL:
            chunks += jsonl_chunks(path)
        else:
            files.append(path)
    for i in range(0, len(files), size):
        chunks.append(_chunk(FILES, tuple(files[i:i + size])))
    return chunks


def _record_kind(path: str) -> str | None:
    kind = suffix_format(path)
    if kind in (WARC, JSONL):
        return kind
    if kind is None and os.path.isfile(path):
        from citypact.read.sources import _peek_records  # WARC content behind another suffix

        return _peek_records(Path(path))
    return None


def _chunk(kind: str, paths: tuple[str, ...], start: int = 0, count: int = 0, first_line: int = 1,
           size: int = 0) -> Chunk:
    """The id hashes what the chunk covers (and the file size for ranges of a file)."""
    key = "\n".join((kind, *paths, str(start), str(count), str(size)))
    return Chunk(hashlib.sha1(key.encode()).hexdigest()[:20], kind, paths, start, count, first_line)


def warc_chunks(path: str, size: int) -> list[Chunk]:
    """Record offsets of a WARC, `size` records a chunk; an unreadable file is one chunk, so
    the worker reports its error."""
    offsets = list(_warc_offsets(path))
    file_size = _size(path)
    if not offsets:
        return [_chunk(WARC_RANGE, (path,), 0, 0, size=file_size)]
    return [_chunk(WARC_RANGE, (path,), offsets[i], len(offsets[i:i + size]), size=file_size)
            for i in range(0, len(offsets), size)]


def _warc_offsets(path: str) -> Iterator[int]:
    from warcio.archiveiterator import ArchiveIterator

    try:
        with open(path, "rb") as stream:
            records = ArchiveIterator(stream)
            for _record in records:
                yield records.get_record_offset()
    except Exception:  # noqa: BLE001 - the worker reads the damaged part again and reports it
        return


def jsonl_chunks(path: str) -> list[Chunk]:
    """Byte ranges of about JSONL_CHUNK_BYTES ending at line ends; a gzipped file is one range."""
    file_size = _size(path)
    if path.lower().endswith(".gz") or file_size <= JSONL_CHUNK_BYTES:
        return [_chunk(JSONL_RANGE, (path,), 0, 0, 1, size=file_size)]
    chunks, start, line = [], 0, 1
    with open(path, "rb") as stream:
        while start < file_size:
            stream.seek(min(start + JSONL_CHUNK_BYTES, file_size))
            if stream.tell() < file_size:
                stream.readline()  # to the end of the line the cut fell in
            end = stream.tell()
            stream.seek(start)
            lines = stream.read(end - start).count(b"\n")
            chunks.append(_chunk(JSONL_RANGE, (path,), start, end - start, line, size=file_size))
            start, line = end, line + lines
    return chunks


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return -1
