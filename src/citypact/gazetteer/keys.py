"""Matching keys: text folded so that spelling variants of one name meet, with a map
from every key position back to the original text so that offsets stay exact.

Folding: lower case; ґ→г, і/ї/й/ы→и, є/э/ё→е, ø→o, æ→ae, ł→l, ß→ss; diacritics
stripped; ь and ъ dropped; apostrophes dropped inside Cyrillic words (Куп’янськ) and
read as a word break elsewhere (d'Amsterdam); hyphens, punctuation and whitespace
become one space; doubled letters collapse (Ноблсвілл = Ноблсвил); Cyrillic
look-alike letters inside mostly-Latin words become Latin, and the reverse.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# What one source character becomes.
_KEEP, _DROP, _SPACE, _APOS = 0, 1, 2, 3

_SPECIAL = {
    "ґ": "г", "і": "и", "ї": "и", "й": "и", "ы": "и", "є": "е", "э": "е", "ё": "е",
    "ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "ß": "ss", "đ": "d", "ð": "d", "þ": "th",
    "ı": "i", "ς": "σ", "ј": "j",
}
_DROPPED = {"ь", "ъ"}
APOSTROPHES = "'’ʼ`‘ʹ′´"

# Letters that look the same in Latin and Cyrillic script (upper and lower case).
_CYR_LOOKALIKE = "АВЕКМНОРСТУХаеорсухіјѕ"
_LAT_LOOKALIKE = "ABEKMHOPCTYXaeopcyxijs"
_CYR_TO_LAT = str.maketrans(_CYR_LOOKALIKE, _LAT_LOOKALIKE)
_LAT_TO_CYR = str.maketrans(_LAT_LOOKALIKE, _CYR_LOOKALIKE)
_SCRIPT_SEAM = re.compile(r"[A-Za-z][\u0400-\u04FF]|[\u0400-\u04FF][A-Za-z]")
_WORD = re.compile(r"\w+")
_LATIN = re.compile(r"[A-Za-z\u00C0-\u024F]")
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")

_APOS_MARK = "\x01"
# ord -> folded text of every character seen so far ("" dropped, " " separator).
_table: dict[int, str] = {}
_nonunit: set[str] = set()  # characters that fold to other than exactly one character
_nonunit_re = re.compile("(?!)")
_CYR_APOS = re.compile("(?<=[\u0400-\u04ff])" + _APOS_MARK + "+")
_COLLAPSE = re.compile(r"(?<=([^\W\d_]))\1+|(?<= ) +")


@dataclass(frozen=True)
class Folded:
    """A key string and, per key character, the source span it came from."""

    key: str
    starts: list[int]  # source index of the character each key character came from
    length: int  # length of the source text

    def span(self, key_start: int, key_end: int) -> tuple[int, int]:
        """Source offsets covering key[key_start:key_end], with the dropped letters,
        marks and collapsed doubles that belong to its last character."""
        start = self.starts[key_start]
        if key_end < len(self.key):
            return start, max(self.starts[key_end], self.starts[key_end - 1] + 1)
        return start, self.length


def _classify(ch: str) -> tuple[int, str]:
    if ch in APOSTROPHES:
        return _APOS, ""
    low = ch.lower()
    if low in _DROPPED:
        return _DROP, ""
    if not ch.isalnum():
        if unicodedata.category(ch) == "Mn":
            return _DROP, ""
        return _SPACE, " "
    out = []
    for c in unicodedata.normalize("NFD", low):
        if unicodedata.category(c) == "Mn":
            continue
        out.append(_SPECIAL.get(c, c))
    folded = "".join(out)
    return (_KEEP, folded) if folded else (_DROP, "")


def _learn(text: str) -> None:
    """Add the characters of `text` not yet in the translation table."""
    global _nonunit_re
    new = {ch for ch in set(text) if ord(ch) not in _table}
    if not new:
        return
    for ch in new:
        kind, out = _classify(ch)
        out = _APOS_MARK if kind == _APOS else out
        _table[ord(ch)] = out
        if len(out) != 1:
            _nonunit.add(ch)
    if _nonunit:
        _nonunit_re = re.compile("[" + "".join(re.escape(c) for c in sorted(_nonunit)) + "]")


def _delete(key: str, starts: list[int], pattern: re.Pattern[str]) -> tuple[str, list[int]]:
    """Remove the matches of `pattern` from `key`, keeping `starts` aligned."""
    keys: list[str] = []
    kept: list[int] = []
    pos = 0
    for m in pattern.finditer(key):
        keys.append(key[pos:m.start()])
        kept.extend(starts[pos:m.start()])
        pos = m.end()
    if pos == 0:
        return key, starts
    keys.append(key[pos:])
    kept.extend(starts[pos:])
    return "".join(keys), kept


def _expand_starts(text: str) -> list[int]:
    """Source index per character of text.translate(_table)."""
    starts: list[int] = []
    pos = 0
    for m in _nonunit_re.finditer(text):
        i = m.start()
        starts.extend(range(pos, i))
        starts.extend([i] * len(_table[ord(text[i])]))
        pos = i + 1
    starts.extend(range(pos, len(text)))
    return starts


def _unmix(word: str) -> str:
    """Rewrite look-alike letters of a mixed-script word into its majority script."""
    latin = len(_LATIN.findall(word))
    cyrillic = len(_CYRILLIC.findall(word))
    return word.translate(_CYR_TO_LAT if latin >= cyrillic else _LAT_TO_CYR)


def unmix_scripts(text: str) -> str:
    """Same-length text with look-alike letters of mixed-script words unified."""
    if not _SCRIPT_SEAM.search(text):
        return text
    return _WORD.sub(lambda m: _unmix(m.group()) if _SCRIPT_SEAM.search(m.group()) else m.group(), text)


def fold(text: str) -> Folded:
    """Fold `text` into a matching key, keeping the offset map."""
    text = unmix_scripts(text)
    _learn(text)
    key = text.translate(_table)
    starts = _expand_starts(text)
    if _APOS_MARK in key:
        key, starts = _delete(key, starts, _CYR_APOS)
        key = key.replace(_APOS_MARK, " ")
    key, starts = _delete(key, starts, _COLLAPSE)
    return Folded(key, starts, len(text))


def fold_key(text: str) -> str:
    """The key alone, trimmed: how names are stored in the index."""
    return fold(text).key.strip()
