"""Attributes of a partnership: themes, term, signatories and event date."""

from __future__ import annotations

import re
from functools import lru_cache

from citypact.analyse.dates import DateMention
from citypact.analyse.entities import Entity
from citypact.analyse.sentences import Sentence
from citypact.lexicon import Lexicon
from citypact.models import THEMES, Signatory

_NAME_WORD = r"[A-ZÀ-ÖØ-ÞĀ-ſА-ЯЁЄІЇҐЂ-ЏΑ-Ω][\w’'ʼ]+(?:-[A-ZÀ-ÖØ-ÞА-ЯЁЄІЇҐ]?[\w’'ʼ]+)?"
_NAME = rf"{_NAME_WORD}(?:[ \u00a0]+(?:(?:van|von|de|der|da|di|del|la|le)[ \u00a0]+)?{_NAME_WORD}){{1,3}}"
# Words that look like name parts but end a name (a party letter in brackets, a title).
_NAME_STOP = re.compile(r"\s*\(")


def themes(texts: list[str], lex: Lexicon) -> tuple[str, ...]:
    found = {concept for _, _, concept in lex.scan("themes", "\n".join(texts))}
    return tuple(t for t in THEMES if t in found)




def duration_years(texts: list[str], lex: Lexicon) -> int | None:
    """The term of an agreement ('for three years', 'treårig', 'на 5 років')."""
    return lex.years("duration", texts, 50)


def anniversary_years(texts: list[str], lex: Lexicon) -> int | None:
    """The age of a partnership ('30 år som vänorter', 'celebrate 80 years as twin towns',
    '30-lecie partnerstwa')."""
    return lex.years("anniversary", texts, 150)


def signatories(text: str, paragraphs: list[tuple[int, int]], lex: Lexicon, entities: list[Entity]) -> tuple[Signatory, ...]:
    """Persons named with a role ('overborgmester Sophie Hæstorp Andersen', 'Anne Hidalgo, Mayor of Paris')."""
    roles = lex.pattern("roles")
    if roles is None:
        return ()
    found: dict[str, Signatory] = {}
    for start, end in paragraphs:
        chunk = text[start:end]
        for m in roles.finditer(chunk):
            role = m.group(0)
            names, place = _names_after_role(text, start + m.end(), end, entities, lex)
            if names:
                party = place or _role_party(text, start + m.start(), start + m.end(), entities, lex)
                for name in names:
                    found.setdefault(name, Signatory(name, role, party))
                continue
            before = re.search(rf"({_NAME}),[ \u00a0]+$", chunk[:m.start()])
            if before:
                name = _clean_name(before.group(1))
                party = _role_party(text, start + m.start(), start + m.end(), entities, lex)
                found.setdefault(name, Signatory(name, role, party))
    return tuple(found.values())


def _names_after_role(text: str, pos: int, end: int, entities: list[Entity], lex: Lexicon) -> tuple[list[str], str | None]:
    """The names a role introduces, past the towns it belongs to and any titles:
    'gradonačelnik Sarajeva Alija Behmen', 'primátor Spišskej Belej JUDr. Štefan Bieľak',
    'Gradonačelnici Zagreba i Opatije, Milan Bandić i Amir Muzur'."""
    and_word = lex.connector("and")
    noun = lex.concept("references").get("city_noun")
    place = None
    at = pos
    lead = re.match(r"[ \u00a0]+(\w+)", text[at:end])
    if lead and noun and noun.fullmatch(lead.group(1)):
        at += lead.end()  # "župan Občine Vidovec", "primátor mesta Žilina"
    while True:  # the role's towns ("Zagreba i Opatije")
        gap = re.match(r"[ \u00a0]+", text[at:end])
        nxt = at + (gap.end() if gap else 0)
        e = next((e for e in entities if e.start == nxt and e.place.kind in ("city", "group")), None)
        if e is None:
            break
        place = place or e.place.name
        at = e.end
        joint = re.match(r"[ \u00a0]+", text[at:end])
        after_joint = at + (joint.end() if joint else 0)
        conj = and_word.match(text, after_joint) if and_word else None
        if conj and any(x.start == conj.end() + 1 for x in entities):
            at = conj.end()
    if place is not None:
        comma = re.match(r",?", text[at:end])
        at += comma.end()
    names = []
    while True:
        m = re.match(rf"[ \u00a0]+{_titles()}({_NAME})", text[at:end])
        if not m or any(e.start < at + m.end() and at + m.start(1) < e.end for e in entities):
            break
        names.append(_clean_name(m.group(1)))
        at += m.end()
        conj = re.match(r"[ \u00a0]+", text[at:end])
        after = at + (conj.end() if conj else 0)
        word = and_word.match(text, after) if and_word else None
        if not word:
            break
        at = word.end()
    return names, place


@lru_cache(maxsize=1)
def _titles() -> str:
    """Optional titles before a name, as a regex prefix."""
    from citypact import lexicon

    words = sorted((re.escape(w) for w in lexicon.base_words("name_titles")), key=len, reverse=True)
    return rf"(?:(?i:{'|'.join(words)})\.?[ \u00a0]+)*" if words else ""


def _clean_name(name: str) -> str:
    return re.sub(r"[\s\u00a0]+", " ", name).strip()


def _role_party(text: str, start: int, end: int, entities: list[Entity], lex: Lexicon) -> str | None:
    """'Kyivs borgmester', 'Mayor of Paris', 'borgmester i Kyiv': the party the role belongs to."""
    for e in entities:
        if 0 <= start - e.end <= 2 and e.place.kind in ("city", "group"):
            return e.place.name
        of = lex.connector("of")
        if 0 <= e.start - end <= 6 and of and of.fullmatch(text[end:e.start].strip()) and e.place.kind in ("city", "group"):
            return e.place.name
    return None


def event_date(sentence: Sentence, dates: list[DateMention], status_positions: list[int]) -> str | None:
    """The date of the clause's event: the date nearest its status verb, at the text's precision."""
    inside = [d for d in dates if sentence.start <= d.start and d.end <= sentence.end and d.value]
    if not inside:
        return None
    if not status_positions:
        return inside[0].value
    return min(inside, key=lambda d: min(abs(d.start - p) for p in status_positions)).value


def paragraph_spans(sentences: list[Sentence]) -> dict[int, tuple[int, int]]:
    spans: dict[int, tuple[int, int]] = {}
    for s in sentences:
        start, end = spans.get(s.paragraph, (s.start, s.end))
        spans[s.paragraph] = (min(start, s.start), max(end, s.end))
    return spans
