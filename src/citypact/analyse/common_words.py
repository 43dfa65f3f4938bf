"""Town names that are common words of the text's language ('Norden', 'Durante',
'Republica', 'Korábban'): frequency lists (wordfreq) tell them from names.

A small town's name is rare in running text; a word used as often as the everyday
vocabulary of the language is that word, unless the place is big enough to be
named that often (Madrid, Essen).
"""

from __future__ import annotations

from functools import lru_cache

from citypact import lexicon

# A one-word name this frequent in the text's language (Zipf scale: 4 = once per
# 100,000 words) is a word when its place is smaller than the population below.
COMMON_WORD_ZIPF = 4.0
COMMON_WORD_MAX_POPULATION = 100_000


@lru_cache(maxsize=64)
def _wordlist_code(lang: str) -> str | None:
    from wordfreq import available_languages

    code = str((lexicon.base().get("wordfreq_languages") or {}).get(lang, lang))
    return code if code in available_languages(wordlist="small") else None


@lru_cache(maxsize=200_000)
def zipf(word: str, lang: str) -> float:
    """How common a word is in a language (0 when the language has no list)."""
    code = _wordlist_code(lang)
    if code is None:
        return 0.0
    from wordfreq import zipf_frequency

    return zipf_frequency(word, code, wordlist="small")


def is_common_word(surface: str, population: int, lang: str) -> bool:
    if " " in surface or "-" in surface or population >= COMMON_WORD_MAX_POPULATION:
        return False
    return zipf(surface.lower(), lang) >= COMMON_WORD_ZIPF
