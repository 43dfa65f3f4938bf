"""Language identification restricted to the languages citypact has lexicons for."""

from __future__ import annotations

import re
from functools import lru_cache

from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

from citypact import lexicon

# Letters that only some languages of a close group use: they settle uk/ru/be, sr/mk/bg.
_SCRIPT_HINTS = {
    "uk": re.compile(r"[ґєії]", re.IGNORECASE),
    "be": re.compile(r"[ўі]", re.IGNORECASE),
    "ru": re.compile(r"[ыэъ]", re.IGNORECASE),
}
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
# The first characters of a document are enough to tell its language (2.5 ms instead of 7).
LANGID_SAMPLE_CHARS = 2000


def _lingua_language(code: str) -> Language | None:
    iso = {"nb": "NB", "nn": "NN"}.get(code, code.upper())
    try:
        return Language.from_iso_code_639_1(getattr(IsoCode639_1, iso))
    except AttributeError:
        return None


@lru_cache(maxsize=1)
def detector():
    languages = [lang for code in lexicon.available_languages() if (lang := _lingua_language(code))]
    return (
        LanguageDetectorBuilder.from_languages(*languages)
        .with_low_accuracy_mode()
        .build()
    )


def identify(text: str, hint: str | None = None) -> str | None:
    """ISO 639-1 code of the text's language; a reader's hint wins if we have its lexicon."""
    available = set(lexicon.available_languages())
    if hint and hint[:2].lower() in available:
        return hint[:2].lower()
    sample = text[:LANGID_SAMPLE_CHARS]
    if not sample.strip():
        return None
    result = detector().detect_language_of(sample)
    code = result.iso_code_639_1.name.lower() if result else None
    if code in ("uk", "ru", "be") or (code is None and _CYRILLIC.search(sample)):
        code = _close_cyrillic(sample, code)
    return code if code in available else None


def _close_cyrillic(sample: str, guess: str | None) -> str | None:
    """Short Ukrainian texts are often taken for Russian: letters only uk/be use decide."""
    counts = {code: len(p.findall(sample)) for code, p in _SCRIPT_HINTS.items()}
    if counts["uk"] > counts["ru"] and "ў" not in sample.lower():
        return "uk"
    if counts["be"] and "ў" in sample.lower():
        return "be"
    if counts["ru"] > counts["uk"]:
        return "ru"
    return guess
