"""`ingest --from-batch DIR`: the documents of a batch that report something, into the store.

Idempotent: the store knows a document by its content hash, so loading a batch twice, or a
batch that overlaps another, adds nothing the second time. Documents the cascade skipped or
found nothing in are not stored (the shards keep them, with the reason).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from citypact.bulk import shards
from citypact.bulk.serial import extraction_from_json
from citypact.errors import CitypactError


class NotABatch(CitypactError):
    """The folder holds no batch output."""


@dataclass
class LoadReport:
    documents: int = 0  # documents with findings in the shards
    new_documents: int = 0
    new_partnerships: list[int] = field(default_factory=list)
    status_changes: list[tuple[int, str, str]] = field(default_factory=list)


def load_batch(out_dir: Path, store, *, on_document: Callable[[LoadReport], None] | None = None) -> LoadReport:
    """Ingest every document with partnerships or a consultation, in plan order."""
    if shards.read_manifest(out_dir) is None:
        raise NotABatch(f"{out_dir}: not a batch output folder (no readable {shards.MANIFEST})")
    report = LoadReport()
    for row in shards.iter_rows(out_dir, columns=["extraction"]):
        if row["extraction"] is None:
            continue
        result = store.ingest(extraction_from_json(row["extraction"]))
        report.documents += 1
        report.new_documents += int(result.new_document)
        report.new_partnerships += result.new_partnerships
        report.status_changes += result.status_changes
        if on_document:
            on_document(report)
    return report
