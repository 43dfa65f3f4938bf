"""Case forms of Cyrillic names whose stem changes (Тростянець -> Тростянцю,
Київ -> Києві), from the Ukrainian and Russian pymorphy3 analysers.

Forms that the scanner reaches anyway as name + whitelisted ending (Житомир + у) are
left out of the index to keep it small.
"""

from __future__ import annotations

from functools import cache, lru_cache
from typing import Any

from citypact.gazetteer.keys import fold_key

ANALYSER_LANGUAGES = ("uk", "ru")
LEMMA_CACHE_SIZE = 50_000


@cache
def analyser(lang: str) -> Any:
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang=lang)


def _name_parse(morph: Any, word: str) -> Any | None:
    """The parse that reads `word` as a nominative noun, a place name if there is one."""
    low = word.lower()
    nouns = [p for p in morph.parse(word) if "NOUN" in p.tag.grammemes and p.normal_form == low]
    if not nouns:
        return None
    return next((p for p in nouns if "Geox" in p.tag.grammemes), nouns[0])


def case_forms(word: str) -> set[str]:
    """Case forms of a one-word name in the number it is used in (Суми stays plural)."""
    forms: set[str] = set()
    for lang in ANALYSER_LANGUAGES:
        parse = _name_parse(analyser(lang), word)
        if parse is None or "Fixd" in parse.tag.grammemes:
            continue
        number = parse.tag.number
        forms.update(f.word for f in parse.lexeme if f.tag.number == number)
    return forms


def _reachable(form_key: str, name_key: str, endings: frozenset[str] | set[str]) -> bool:
    return form_key.startswith(name_key) and form_key[len(name_key):] in endings


def inflect_all(words: dict[int, set[str]], endings: set[str]) -> dict[int, set[str]]:
    """Place index -> case forms of its Cyrillic one-word names not reachable by endings."""
    out: dict[int, set[str]] = {}
    for idx, names in words.items():
        extra: set[str] = set()
        for name in names:
            name_key = fold_key(name)
            extra.update(f for f in case_forms(name)
                         if not _reachable(fold_key(f), name_key, endings))
        if extra:
            out[idx] = extra
    return out


@lru_cache(maxsize=LEMMA_CACHE_SIZE)
def lemmas(word: str) -> tuple[str, ...]:
    """Nominative forms a capitalised Cyrillic word may be a case form of."""
    found: list[str] = []
    for lang in ANALYSER_LANGUAGES:
        for p in analyser(lang).parse(word):
            if "NOUN" in p.tag.grammemes and p.normal_form not in found and p.normal_form != word.lower():
                found.append(p.normal_form)
    return tuple(found)
