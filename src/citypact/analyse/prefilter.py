"""Cheap first stage: is a document about a partnership or a consultation at all?

Two steps, both far cheaper than HTML extraction, language identification and the
gazetteer: one Aho–Corasick scan of the casefolded raw text or HTML for the stems of every
lexicon (which also says which languages' words were seen), then, for the few pages with a
hit, the agreement terms (or consultation markers) of just those languages: a page that
only says "partner" or "cooperation" in passing, or "calle" for "call for comments", stops here.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick

from citypact import lexicon

# The second step looks only at this much text around each hit (a clause or two) ...
WINDOW_CHARS = 200
# ... around at most this many hits, in the languages whose stems were seen.
MAX_WINDOWS = 40
# Status words that make a mere cooperation word worth analysing ("розпочинає співпрацю").
WEAK_WITH = ("signed", "start", "approved", "proposed", "renewed", "suspended", "ended", "mandate")


@dataclass(frozen=True)
class PrefilterResult:
    partnership: bool
    consultation: bool
    hits: int

    @property
    def passed(self) -> bool:
        return self.partnership or self.consultation


def _stems() -> dict[str, tuple[str, frozenset[str]]]:
    """stem → (kind, languages)."""
    stems: dict[str, tuple[str, set[str]]] = {}
    for code in lexicon.available_languages():
        lex = lexicon.load(code)
        consultation = {
            t.split()[0].rstrip("*").lower()
            for t in (lex.raw.get("consultation") or {}).get("marker", [])
        }
        for stem in lex.prefilter_stems():
            kind = "consultation" if stem in consultation else "partnership"
            entry = stems.setdefault(stem, (kind, set()))
            entry[1].add(code)
    return {stem: (kind, frozenset(langs)) for stem, (kind, langs) in stems.items()}


@lru_cache(maxsize=1)
def automaton() -> ahocorasick.Automaton:
    auto = ahocorasick.Automaton()
    for stem, value in _stems().items():
        auto.add_word(stem, value)
    auto.make_automaton()
    return auto


def scan(text: str | bytes) -> PrefilterResult:
    """Scan raw text or bytes (decoded leniently) for partnership or consultation vocabulary."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="ignore")
    folded = text.casefold()
    langs_of: dict[str, Counter[str]] = {"partnership": Counter(), "consultation": Counter()}
    positions: dict[str, list[int]] = {"partnership": [], "consultation": []}
    hits = 0
    for end, (kind, langs) in automaton().iter(folded):
        hits += 1
        langs_of[kind].update(langs)
        seen = positions[kind]
        if len(seen) < MAX_WINDOWS and (not seen or end - seen[-1] > WINDOW_CHARS):
            seen.append(end)
    partnership = bool(langs_of["partnership"]) and _confirmed(
        _windows(text, positions["partnership"]), list(langs_of["partnership"]))
    consultation = bool(langs_of["consultation"]) and _consultation_confirmed(
        _windows(text, positions["consultation"]), list(langs_of["consultation"]))
    return PrefilterResult(partnership, consultation, hits)


def _windows(text: str, positions: list[int]) -> str:
    """The text around the hits (casefolding keeps positions for the scripts we read)."""
    return "\n\n".join(text[max(0, p - WINDOW_CHARS):p + WINDOW_CHARS] for p in positions)


def _confirmed(text: str, languages: list[str]) -> bool:
    """An agreement term of one of the languages, or a cooperation word with a status word or
    an anniversary ('30 years of partnership')."""
    for code in languages:
        lex = lexicon.load(code)
        if lex.scan("agreement", text):
            return True
        if lex.scan("weak_agreement", text) and (any(c in WEAK_WITH for _, _, c in lex.scan("status", text))
                                                 or lex.years("anniversary", [text], 150)):
            return True
    return False


def _consultation_confirmed(text: str, languages: list[str]) -> bool:
    """A whole consultation marker of one of the languages ('call for comments', not 'calle')."""
    for code in languages:
        marker = lexicon.load(code).concept("consultation").get("marker")
        if marker is not None and marker.search(text):
            return True
    return False
