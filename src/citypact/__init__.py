"""citypact: a source-linked registry of city-to-city partnerships from documents."""

from __future__ import annotations

from pathlib import Path

from citypact.models import Document, Extraction

__all__ = ["Document", "Extraction", "extract"]
__version__ = "0.1.0"


def extract(text_or_path: str | Path | Document, *, published: str | None = None) -> Extraction:
    """Analyse one document: a Document, a path to a readable file, or a text string."""
    from citypact.analyse import pipeline
    from citypact.read import make_document, read_path

    if isinstance(text_or_path, Document):
        document = text_or_path
    elif isinstance(text_or_path, Path) or (
        isinstance(text_or_path, str) and "\n" not in text_or_path and len(text_or_path) < 1024
        and Path(text_or_path).is_file()
    ):
        document = read_path(text_or_path)
    else:
        document = make_document(str(text_or_path), source="<text>", published=published)
    return pipeline(document)
