"""The raw-bytes prefilter drops no document the full pipeline would find something in.

Measured on the example documents and every text of the per-language test tables: the
pipeline runs with its prefilter switched off, and each text in which it then finds a
partnership or a consultation must pass the raw scan, as plain text and as an HTML page
(markup between the sentences, accented letters as character references).
"""

import html
from pathlib import Path

import pytest
import yaml

from citypact import analyse
from citypact.analyse.prefilter import PrefilterResult
from citypact.bulk.cascade import passes
from citypact.models import Document
from citypact.read.base import make_document

from ..conftest import EXAMPLES

TABLES = sorted((Path(__file__).resolve().parents[1] / "lang").glob("*/cases.yaml"))


def _texts() -> list[tuple[str, str, str | None]]:
    texts = [(p.name, p.read_text(encoding="utf-8"), None) for p in sorted(EXAMPLES.glob("*.txt"))]
    for table in TABLES:
        data = yaml.safe_load(table.read_text(encoding="utf-8"))
        for number, case in enumerate(data["cases"]):
            texts.append((f"{table.parent.name}#{number}", case["text"], data.get("published")))
    return texts


def _as_page(text: str) -> str:
    """A crawl-like page: menus around, tags between sentences, references for non-ASCII letters."""
    body = "".join(f"<span class='s'>{html.escape(s)}</span>\n<!-- ad slot -->\n" for s in text.split(". "))
    body = "".join(f"&#{ord(c)};" if ord(c) > 127 and i % 2 else c for i, c in enumerate(body))
    return (f"<html><head><title>News</title><script>var x = 1;</script></head><body><nav><a href='/'>Home</a>"
            f"</nav><article>{body}</article><footer>Contact</footer></body></html>")


@pytest.fixture(scope="module")
def findings(gazetteer):
    """(name, text) of every text the pipeline finds something in without its prefilter."""
    original = analyse.prefilter.scan
    analyse.prefilter.scan = lambda _text: PrefilterResult(True, True, 1)
    try:
        found = []
        for name, text, published in _texts():
            document: Document = make_document(text, name, published=published)
            extraction = analyse.pipeline(document, gazetteer)
            if extraction.partnerships or extraction.consultation is not None:
                found.append((name, text))
        return found
    finally:
        analyse.prefilter.scan = original


def test_prefilter_keeps_every_text_with_findings(findings):
    assert len(findings) > 400  # the measurement covers the tables, not a handful
    assert [name for name, text in findings if not passes(text)] == []


def test_prefilter_keeps_them_as_raw_html_pages(findings):
    assert [name for name, text in findings if not passes(_as_page(text))] == []
