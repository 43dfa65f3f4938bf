"""Cheap first stage: a multi-pattern scan for partnership and consultation vocabulary.

Documents with no hit skip language identification, the gazetteer and everything after
(most of a news crawl is about neither). The scan runs on raw text or raw HTML.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import ahocorasick

from citypact import lexicon


@dataclass(frozen=True)
class PrefilterResult:
    partnership: bool
    consultation: bool
    hits: int

    @property
    def passed(self) -> bool:
        return self.partnership or self.consultation


def _stems() -> dict[str, str]:
    stems: dict[str, str] = {}
    for code in lexicon.available_languages():
        lex = lexicon.load(code)
        consultation = {
            t.split()[0].rstrip("*").lower()
            for t in (lex.raw.get("consultation") or {}).get("marker", [])
        }
        for stem in lex.prefilter_stems():
            stems.setdefault(stem, "consultation" if stem in consultation else "partnership")
    return stems


@lru_cache(maxsize=1)
def automaton() -> ahocorasick.Automaton:
    auto = ahocorasick.Automaton()
    for stem, kind in _stems().items():
        auto.add_word(stem, kind)
    auto.make_automaton()
    return auto


def scan(text: str | bytes) -> PrefilterResult:
    """Scan raw text or bytes (decoded leniently) for any vocabulary hit."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="ignore")
    kinds = set()
    hits = 0
    for _, kind in automaton().iter(text.casefold()):
        kinds.add(kind)
        hits += 1
        if len(kinds) == 2 and hits > 3:
            break
    return PrefilterResult("partnership" in kinds, "consultation" in kinds, hits)
