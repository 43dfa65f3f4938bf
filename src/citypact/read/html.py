"""HTML: the main text of a page (no menus, sidebars, footers or "read also" lists)."""

from __future__ import annotations

import re
from datetime import date

import trafilatura
from lxml import etree
from lxml.html import HtmlElement

from citypact.errors import ReadError
from citypact.models import Document
from citypact.read.base import describe, make_document
from citypact.read.text import decode_bytes

# A charset declared in the first bytes of a page (<meta charset> or http-equiv).
_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE
)
_META_SCAN_BYTES = 4096
_LANG_XPATHS = (
    "/html/@lang",
    "/html/@xml:lang",
    (
        "//meta[translate(@http-equiv,'CONTENT-LANGUAGE','content-language')"
        "='content-language']/@content"
    ),
    "//meta[@property='og:locale']/@content",
)


def read_html(
    data: bytes | str,
    source: str,
    *,
    url: str | None = None,
    declared: str | None = None,
) -> Document:
    """A Document from an HTML page: trafilatura's main text and metadata."""
    markup = data if isinstance(data, str) else decode_bytes(
        data, source, declared=declared or meta_charset(data), stray_nul=True
    )
    markup = markup.replace("\x00", "")
    try:
        return _extract(markup, source, url)
    except RecursionError:
        raise ReadError(source, "HTML nested too deeply to parse") from None
    except (etree.LxmlError, ValueError, TypeError) as exc:
        raise ReadError(source, f"broken HTML ({describe(exc)})") from exc


def meta_charset(data: bytes) -> str | None:
    """The charset a page declares about itself, if any."""
    match = _META_CHARSET.search(data[:_META_SCAN_BYTES])
    return match[1].decode("ascii") if match else None


def _extract(markup: str, source: str, url: str | None) -> Document:
    tree = trafilatura.load_html(markup)
    if tree is None:
        raise ReadError(source, "no text in HTML (page could not be parsed)")
    language = html_language(tree)
    # The tree is pruned in place by the extractor: read the language first.
    result = trafilatura.bare_extraction(
        tree,
        url=url,
        with_metadata=True,
        include_comments=False,
        date_extraction_params=_date_params(),
    )
    text = (result.text or "") if result is not None else ""
    if not text.strip():
        text = _fallback_text(markup)
    if not text.strip():
        raise ReadError(source, "no text in HTML")
    return make_document(
        text,
        source,
        title=getattr(result, "title", None),
        published=getattr(result, "date", None),
        language=language,
        url=url,
    )


def _date_params() -> dict[str, object]:
    """Dates from markup and metadata only: the extensive text search turns a footer's
    "© 2021" into 2021-01-01, and a wrong publication date misplaces relative dates."""
    return {
        "original_date": True,
        "extensive_search": False,
        "max_date": date.today().isoformat(),
    }


def _fallback_text(markup: str) -> str:
    """All visible text, for pages where no main-text block was found."""
    tree = trafilatura.load_html(markup)
    if tree is None:
        return ""
    _, text, _ = trafilatura.baseline(tree)
    if text.strip():
        return text
    fresh = trafilatura.load_html(markup)
    return trafilatura.html2txt(fresh) if fresh is not None else ""


def html_language(tree: HtmlElement) -> str | None:
    """The language tag the page declares (html lang, Content-Language, og:locale)."""
    namespaces = {"xml": "http://www.w3.org/XML/1998/namespace"}
    for xpath in _LANG_XPATHS:
        try:
            values = tree.xpath(xpath, namespaces=namespaces)
        except etree.XPathError:
            continue
        for value in values:
            if isinstance(value, str) and value.strip():
                return value.strip()
    return None
