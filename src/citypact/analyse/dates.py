"""Dates in text: absolute, partial and relative, found by a regex built from CLDR month names.

`find_dates(text, lang, published)` returns `DateMention`s with exact offsets and an ISO
value at the precision the text allows (`2022`, `2022-05`, `2022-05-11`), or `None`
when the year is unknown and there is no publication date to anchor it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

import babel

from citypact import lexicon

# Locales whose CLDR data a language also needs (Serbian is written in two scripts).
_EXTRA_LOCALES = {"sr": ("sr_Latn",), "nb": ("nn",), "bs": ("bs_Cyrl",)}


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    text: str
    value: str | None  # ISO at the precision of the text
    relative: bool = False
    range_end: str | None = None  # second date of a range ("5. februar – 5. marts 2025")
    parts: tuple[int | None, int | None, int | None] = (None, None, None)  # year, month, day


def _month_forms(lang: str) -> dict[str, int]:
    forms: dict[str, int] = {}
    for code in (lang, "en", *_EXTRA_LOCALES.get(lang, ())):
        try:
            locale = babel.Locale.parse(code)
        except (babel.UnknownLocaleError, ValueError):
            continue
        for context in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                for number, name in locale.months[context][width].items():
                    name = name.lower().strip(".")
                    for prefix in ("de ", "d’", "d'"):
                        name = name.removeprefix(prefix)
                    if len(name) >= 3:
                        forms[name] = number
    return forms


def _month_stem(form: str) -> str:
    """Inflected month names (травні, maju, oktoobris, spalį) share a stem with the CLDR form."""
    if len(form) >= 6:
        return form[:-2]
    return form[:-1] if len(form) >= 4 else form


def _month_alternation(forms: dict[str, int]) -> str:
    parts = []
    for form in sorted(forms, key=len, reverse=True):
        # inflected month names (травні, maju, květnu): a stem plus a short ending
        stem = _month_stem(form)
        parts.append(re.escape(stem) + (r"\w{0,6}" if stem != form else r"\.?"))
    return "|".join(parts)


@cache
def _patterns(lang: str) -> tuple[dict[str, int], list[re.Pattern[str]]]:
    forms = _month_forms(lang)
    mon = f"(?P<mon>{_month_alternation(forms)})"
    year = r"(?P<y>(?:19|20)\d\d)"
    day = r"(?P<d>[0-3]?\d)"
    flags = re.IGNORECASE
    patterns = [
        rf"(?<![\d/.\-]){year}-(?P<m>[01]?\d)-{day}(?![\d\-])",
        rf"(?<![\d/.\-]){day}[./\-](?P<m>[01]?\d)[./\-]{year}(?![\d\-/])",
        # year first (hu, lt, lv, et), perhaps with a word for "year": "2023. gada 11. maijā"
        rf"(?<!\d){year}\.?(?:\s+\w{{1,6}}\.?)?\s+{day}\.\s*{mon}(?!\w)",
        rf"(?<!\d){year}\.?(?:\s+\w{{1,6}}\.?)?\s+{mon}(?:\s+{day}(?:\.|\s*d\.)?(?!\d))?(?!\w)",
        rf"(?<![\d.]){day}\.?\s*(?:de\s+|d[’'])?{mon}(?:,?\s*(?:de\s+|del\s+)?{year})?(?!\w)",
        rf"(?<!\w){mon}\s+{day}(?:st|nd|rd|th)?,?\s+{year}(?!\d)",
        rf"(?<!\w){mon}\s+(?:de\s+|del\s+|of\s+)?{year}(?!\d)",
        rf"(?<![\w/\-.]){year}(?![\w/\-]|\.\d)",
    ]
    return forms, [re.compile(p, flags) for p in patterns]


def _month_number(forms: dict[str, int], text: str) -> int | None:
    word = text.lower().strip(".")
    if word in forms:
        return forms[word]
    best = None
    for form, number in forms.items():
        stem = _month_stem(form)
        if word.startswith(stem) and (best is None or len(stem) > best[0]):
            best = (len(stem), number)
    return best[1] if best else None


def _iso(year: int | None, month: int | None, day: int | None) -> str | None:
    if year is None:
        return None
    if month is None:
        return f"{year:04d}"
    if day is None:
        return f"{year:04d}-{month:02d}"
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def find_dates(text: str, lang: str, published: str | None = None) -> list[DateMention]:
    """All date mentions, non-overlapping, earlier patterns (more precise) first."""
    forms, patterns = _patterns(lang)
    taken: list[tuple[int, int]] = []
    found: list[DateMention] = []
    pub = _parse_iso(published)
    this_year = _this_year_spans(text, lang)
    for pattern in patterns:
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            groups = m.groupdict()
            month = int(groups["m"]) if groups.get("m") else None
            if groups.get("mon"):
                month = _month_number(forms, groups["mon"])
                if month is None:
                    continue
            if month is not None and not 1 <= month <= 12:
                continue
            day = int(groups["d"]) if groups.get("d") else None
            year = int(groups["y"]) if groups.get("y") else None
            if year is None and pub is not None and month is not None:
                year = pub.year  # "9 листопада" in a dated article: the publication year
            value = _iso(year, month, day)
            taken.append((m.start(), m.end()))
            found.append(DateMention(m.start(), m.end(), m.group(0), value, parts=(year, month, day)))
    found.extend(_month_only(text, forms, this_year, pub, taken))
    found.extend(_relative(text, lang, pub, taken))
    found.sort(key=lambda d: d.start)
    return _join_ranges(text, found)


def _this_year_spans(text: str, lang: str) -> list[tuple[int, int]]:
    spans = []
    for code in (lang, "en"):
        try:
            pattern = lexicon.load(code).pattern("this_year")
        except Exception:  # noqa: BLE001 - a language without a lexicon has no such phrases
            continue
        if pattern:
            spans.extend((m.start(), m.end()) for m in pattern.finditer(text))
    return spans


def _month_only(text, forms, this_year, pub, taken) -> list[DateMention]:
    """'since May this year' / 'з травня цього року': a month anchored by a this-year phrase."""
    out = []
    for ty_start, ty_end in this_year:
        window_start = max(0, ty_start - 30)
        for m in re.finditer(r"\w+", text[window_start:ty_start]):
            s, e = window_start + m.start(), window_start + m.end()
            if any(s < te and ts < e for ts, te in taken):
                continue
            month = _month_number(forms, m.group(0)) if len(m.group(0)) >= 3 else None
            if month:
                value = _iso(pub.year, month, None) if pub else None
                taken.append((s, ty_end))
                out.append(DateMention(s, ty_end, text[s:ty_end], value, relative=True))
    return out


def _relative(text, lang, pub, taken) -> list[DateMention]:
    try:
        lex = lexicon.load(lang)
    except Exception:  # noqa: BLE001 - no lexicon, no relative phrases
        return []
    pattern, meaning = _relative_phrases(lex)
    if pattern is None:
        return []
    out = []
    for m in pattern.finditer(text):
        if m.group(0).lower() not in meaning or any(m.start() < e and s < m.end() for s, e in taken):
            continue
        unit, delta = meaning[m.group(0).lower()]
        value = None
        if pub is not None:
            if unit == "days":
                value = (pub + dt.timedelta(days=delta)).isoformat()
            elif unit == "years":
                value = f"{pub.year + delta:04d}"
            else:
                month_index = pub.year * 12 + pub.month - 1 + delta
                value = f"{month_index // 12:04d}-{month_index % 12 + 1:02d}"
        taken.append((m.start(), m.end()))
        out.append(DateMention(m.start(), m.end(), m.group(0), value, relative=True))
    return out


def _relative_phrases(lex) -> tuple[re.Pattern[str] | None, dict[str, tuple[str, int]]]:
    """One pattern for every relative phrase of a language (longest first), and what each means."""
    def make() -> tuple[re.Pattern[str] | None, dict[str, tuple[str, int]]]:
        meaning: dict[str, tuple[str, int]] = {}
        for table, unit in ((lex.relative_days, "days"), (lex.relative_months, "months"),
                            (lex.relative_years, "years")):
            for phrase, delta in table.items():
                meaning.setdefault(phrase.lower(), (unit, delta))
        if not meaning:
            return None, meaning
        alternatives = "|".join(re.escape(p) for p in sorted(meaning, key=len, reverse=True))
        return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE), meaning

    return lex._compiled("dates", "relative", make)


_RANGE_GAP = re.compile(r"^\s*(?:[-–—]|til|to|until|till|bis|au|à|al|do|по|до|–)\s*$", re.IGNORECASE)


def _join_ranges(text: str, dates: list[DateMention]) -> list[DateMention]:
    """'5. februar – 5. marts 2025': the first date borrows the year of the second."""
    out: list[DateMention] = []
    i = 0
    while i < len(dates):
        current = dates[i]
        if i + 1 < len(dates) and _RANGE_GAP.match(text[current.end:dates[i + 1].start]):
            nxt = dates[i + 1]
            first = current.value
            year, month, day = current.parts
            if first is None and nxt.parts[0] is not None:
                first = _iso(nxt.parts[0], month, day)
            out.append(DateMention(current.start, nxt.end, text[current.start:nxt.end], first, False, nxt.value))
            i += 2
            continue
        out.append(current)
        i += 1
    return out



def _parse_iso(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None
