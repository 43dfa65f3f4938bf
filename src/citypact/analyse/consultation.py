"""Consultation (public hearing) letters: title, authority, period, deadline, link, case numbers."""

from __future__ import annotations

import re

from citypact.analyse.dates import DateMention
from citypact.analyse.sentences import Sentence
from citypact.lexicon import Lexicon
from citypact.models import Consultation

_URL = re.compile(r"https?://[^\s<>\"')\]]+")
_QUOTED = re.compile(r"[‘'\"“„«]([^‘'\"“”„«»\n]{6,120})[’'\"”»]")
_CASE_NUMBER = re.compile(r"\b(?:[A-ZÆØÅ]{1,5}\s*)?\d{2,4}(?:\s*[-/.]\s*\d{2,})+\b")
# A line holding only a date is the letter's date.
_DATE_LINE_CHARS = 30


def is_consultation(text: str, lex: Lexicon, dates: list[DateMention]) -> bool:
    """A hearing letter: consultation vocabulary near the top and a deadline with a date."""
    consultation = lex.concept("consultation")
    marker, deadline = consultation.get("marker"), consultation.get("deadline")
    if not marker or not marker.search(text[:1500]):
        return False
    if not deadline:
        return False
    return any(
        deadline.search(text[max(0, d.start - 40):d.start]) for d in dates if d.value and len(d.value) == 10
    )


def extract(text: str, sentences: list[Sentence], lex: Lexicon, dates: list[DateMention]) -> Consultation:
    consultation = lex.concept("consultation")
    full = [d for d in dates if d.value and len(d.value) == 10]
    period = next((d for d in full if d.range_end), None)
    deadline = _deadline(text, full, consultation.get("deadline"))
    url_sentence = None
    if deadline is not None:
        url_sentence = next((s for s in sentences if s.start <= deadline.start < s.end), None)
    urls = _URL.findall(url_sentence.text if url_sentence else "") or _URL.findall(text)
    return Consultation(
        title=_title(text, sentences, consultation.get("marker")),
        authority=_authority(text, lex),
        period_start=period.value if period else None,
        period_end=period.range_end if period else (deadline.value if deadline else None),
        deadline=deadline.value if deadline else (period.range_end if period else None),
        letter_date=_letter_date(text, full),
        response_url=urls[0].rstrip(".,;>") if urls else None,
        case_numbers=tuple(_case_numbers(text, consultation.get("case_number"))),
        contact=_contact(text, consultation.get("signoff")),
    )


def _deadline(text: str, dates: list[DateMention], deadline_words) -> DateMention | None:
    if deadline_words is None:
        return None
    for d in dates:
        if deadline_words.search(text[max(0, d.start - 40):d.start]) and not d.range_end:
            return d
    return None


def _title(text: str, sentences: list[Sentence], marker) -> str | None:
    """The quoted name of what is consulted on, else the heading that names the hearing."""
    head = text[:1500]
    quoted = _QUOTED.search(head)
    if quoted:
        return quoted.group(1).strip()
    for s in sentences[:6]:
        if marker and marker.search(s.text) and len(s.text) < 120:
            return s.text.strip()
    return None


_CAPITALISED_RUN = r"(?:[A-ZÀ-ÞА-ЯЁЄІЇҐ][\w\-]*[ \t]+(?:(?:og|and|und|et|och|i|of|für|de)[ \t]+)?){0,4}"


def _authority(text: str, lex: Lexicon) -> str | None:
    """'Københavns Kommune, Teknik- og Miljøforvaltningen': the body, then its department.

    Authority words end compounds (Miljø*forvaltningen*), so they are matched as suffixes,
    with the capitalised words before them on the same line.
    """
    terms = (lex.raw.get("consultation") or {}).get("authority_suffix") or []
    if not terms:
        return None
    suffixes = "|".join(re.escape(t.rstrip("*")) for t in sorted(terms, key=len, reverse=True))
    pattern = re.compile(rf"{_CAPITALISED_RUN}[\w\-]*(?:{suffixes})\w*", re.IGNORECASE)
    names: list[str] = []
    for m in pattern.finditer(text):
        phrase = m.group(0).strip()
        if phrase[:1].isupper() and phrase not in names:
            names.append(phrase)
    if not names:
        return None
    names.sort(key=lambda n: (-text.count(n), text.find(n)))
    standalone = {t.rstrip("*").lower() for t in terms}
    # the body is named by a standalone authority word ("Københavns Kommune"), a department
    # by a compound ("Miljøforvaltningen")
    body = [n for n in names if " " in n and n.split()[-1].lower() in standalone]
    department = [n for n in names if n not in body]
    return ", ".join(body[:1] + department[:1])


def _letter_date(text: str, dates: list[DateMention]) -> str | None:
    for d in dates:
        line_start = text.rfind("\n", 0, d.start) + 1
        line_end = text.find("\n", d.end)
        line = text[line_start:line_end if line_end >= 0 else len(text)].strip()
        if len(line) <= _DATE_LINE_CHARS and len(d.text) >= len(line) - 12:
            return d.value
    return None


def _case_numbers(text: str, labels) -> list[str]:
    """Numbers after a case-number label ('Sagsnummer eDoc\\n2023-0368881')."""
    if labels is None:
        return []
    out: list[str] = []
    for m in labels.finditer(text):
        window = text[m.end():m.end() + 60]
        number = _CASE_NUMBER.search(window)
        if number and number.group(0).strip() not in out:
            out.append(number.group(0).strip())
    return out


def _contact(text: str, signoff) -> str | None:
    if signoff is None:
        return None
    m = None
    for m in signoff.finditer(text):
        pass
    if m is None:
        return None
    after = text[m.end():m.end() + 120]
    name = re.search(r"([A-ZÀ-ÞА-ЯЁЄІЇҐ][\w\-]+(?:[ \u00a0]+[A-ZÀ-ÞА-ЯЁЄІЇҐ][\w\-]+){1,3})", after)
    return name.group(1) if name else None
