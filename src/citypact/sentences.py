"""Sentence and paragraph splitting that keeps exact character offsets."""

from __future__ import annotations

import re
from dataclasses import dataclass


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
# Words after which a full stop does not end a sentence: short abbreviations and initials.
_ABBREV = re.compile(r"(?:\b\w{1,3}|\b[A-ZÀ-ÞА-Я]|\d{1,2}|\b(?:bl\.a|m\.fl|m\.m|f\.eks|d\.v\.s|jf|ca|fx|nr|st|dr|mr|mrs|ms|prof|vs|etc|tj|ul|vul|просп|вул|м|р|ім|ст))\.$", re.IGNORECASE)
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
            if prev and stripped and _CONTINUES.search(prev) and stripped[0].islower() and not _BULLET.match(line):
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


def _split_block(block: str) -> list[tuple[int, int]]:
    spans = []
    cursor = 0
    for m in _END.finditer(block):
        candidate = block[cursor:m.end()]
        if _ABBREV.search(candidate.rstrip("\"'”’»)]")) and not candidate.rstrip().endswith(("!", "?", "…")):
            # abbreviation or a number like "5." in "5. februar": not an end
            last_word = re.search(r"(\S+)$", candidate)
            if last_word and len(last_word.group(1)) <= 5:
                continue
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
