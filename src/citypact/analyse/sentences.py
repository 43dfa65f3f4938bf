"""Sentence and paragraph splitting that keeps exact character offsets."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from citypact import lexicon


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str
    paragraph: int  # index of the line-block the sentence belongs to
    list_item: bool  # starts with a bullet or an item number


# A sentence ends at . ! ? … (optionally closed by a quote or bracket) followed by space
# and an upper-case letter, a digit, an opening quote or a bullet.
_END = re.compile(r"""[.!?…]+["'”’»)\]]*(?=[ \t\u00a0]+["'“„«(\[]?[A-ZÀ-ÖØ-ÞĀ-ſА-ЯЁЄІЇҐΑ-ΩЂ-Џ0-9•\-–])""")
# Initials and item or day numbers ("5. februar") before a full stop do not end a sentence.
_INITIAL = re.compile(r"(?:(?<![\w.])[A-ZÀ-ÞА-ЯЁЄІЇҐ]|(?<![\w.])\d{1,2})\.$")


@lru_cache(maxsize=1)
def _abbreviation() -> re.Pattern[str]:
    """Shared abbreviations (lexicon/base.yaml) before a final stop."""
    words = sorted({str(a).lower() for a in lexicon.base().get("abbreviations") or []}, key=len, reverse=True)
    return re.compile(r"(?<![\w.])(?:" + "|".join(re.escape(w) for w in words) + r")\.$", re.IGNORECASE)
_BULLET = re.compile(r"^[ \t\u00a0]*(?:[-•*–—▪·]|\d{1,2}[.)]|[a-z][.)])[ \t\u00a0]+")
# A line break ends a sentence unless the line clearly continues (no end mark, next line lower-case).
_CONTINUES = re.compile(r"[\w,;\-–]$")


def split_sentences(text: str) -> list[Sentence]:
    sentences: list[Sentence] = []
    paragraph = 0
    pos = 0
    lines = text.split("\n")
    # merge wrapped lines: a line that ends mid-sentence and a next line starting lower-case
    blocks: list[tuple[int, int]] = []
    offset = 0
    for i, line in enumerate(lines):
        start, end = offset, offset + len(line)
        offset = end + 1
        if blocks and i > 0:
            prev_start, prev_end = blocks[-1]
            prev = text[prev_start:prev_end].rstrip()
            stripped = line.lstrip()
            if prev and stripped and _CONTINUES.search(prev) and not _BULLET.match(line) and (
                    stripped[0].islower() or _capitals_heading(prev) and _capitals_heading(stripped)):
                blocks[-1] = (prev_start, end)
                continue
        blocks.append((start, end))
    for start, end in blocks:
        block = text[start:end]
        if not block.strip():
            paragraph += 1
            continue
        for s, e in _split_block(block):
            s_abs, e_abs = start + s, start + e
            piece = text[s_abs:e_abs]
            sentences.append(
                Sentence(len(sentences), s_abs, e_abs, piece, paragraph, bool(_BULLET.match(piece)))
            )
        paragraph += 1
        pos = end
    del pos
    return sentences


def _capitals_heading(line: str) -> bool:
    """A line in capitals of several words: a heading, which may wrap onto the next line
    ('GEMELLAGGIO TRA IL COMUNE DI X ED IL' / 'COMUNE DI Y')."""
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 8 and len(line.split()) >= 2 and not any(c.islower() for c in letters)


def _split_block(block: str) -> list[tuple[int, int]]:
    spans = []
    cursor = 0
    for m in _END.finditer(block):
        candidate = block[cursor:m.end()]
        bare = candidate.rstrip()
        if bare.endswith(".") and (_INITIAL.search(bare) or _abbreviation().search(bare)):
            continue  # an abbreviation, an initial or a number like "5." in "5. februar"
        spans.append(_trim(block, cursor, m.end()))
        cursor = m.end()
    spans.append(_trim(block, cursor, len(block)))
    return [s for s in spans if s[1] > s[0]]


def _trim(block: str, start: int, end: int) -> tuple[int, int]:
    while start < end and block[start] in " \t\u00a0\r":
        start += 1
    while end > start and block[end - 1] in " \t\u00a0\r":
        end -= 1
    return start, end
