"""The analyse stage: one Document in, one Extraction out. No shared mutable state.

`pipeline()` reads top to bottom as the stages of DESIGN.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from citypact import lexicon
from citypact.analyse import attributes, consultation, doctype, langid, prefilter, publisher
from citypact.analyse.attribution import (
    STATUS_RANK,
    TYPE_SPECIFICITY,
    Context,
    Mention,
    find_cues,
    find_mentions,
    is_institution,
    sentence_index,
)
from citypact.analyse.dates import DateMention, find_dates
from citypact.analyse.entities import Entity, TooManyPlaces, find_places
from citypact.analyse.sentences import Sentence, split_sentences
from citypact.models import Document, Extraction, Partnership, Party, Span

# A boilerplate heading ("Read also", "Flere pressemeddelelser") only cuts the text when it
# starts a short line after the first this-many characters (titles may contain the words).
BOILERPLATE_MIN_OFFSET = 200
BOILERPLATE_LINE_CHARS = 80
# The status words whose position tells which date in a clause is the event's.
STATUS_WORDS = {
    "proposed": ("proposed", "intent"), "approved": ("approved", "mandate"), "signed": ("signed", "start"),
    "renewed": ("renewed",), "suspended": ("suspended",), "ended": ("ended",), "existing": ("existing",),
}
# Evidence spans kept per partnership: the representative clause first, then others.
MAX_EVIDENCE = 3


def pipeline(document: Document, gazetteer=None) -> Extraction:
    text = document.text
    # 1. cheap prefilter: no partnership or consultation vocabulary, no further work
    screen = prefilter.scan(text)
    if not screen.passed:
        return Extraction(document, document.language, "other", skipped="no partnership or consultation vocabulary")
    # 2. language and sentences
    lang = langid.identify(text, document.language)
    if lang is None:
        return Extraction(document, None, "other", skipped="language not supported")
    lex = lexicon.load(lang)
    sentences = split_sentences(text)
    live = _before_boilerplate(text, sentences, lex)
    dates = find_dates(text, lang, document.published)
    # 6a. consultation letters
    consult = None
    if screen.consultation and consultation.is_consultation(text, lex, dates):
        consult = consultation.extract(text, sentences, lex, dates)
    partnerships: tuple[Partnership, ...] = ()
    diagnostics: dict = {}
    if screen.partnership:
        # 3. places; 4. triggers and who-with-whom; 5. attributes
        gz = gazetteer if gazetteer is not None else _default_gazetteer()
        try:
            places = find_places(text, sentences, lex, gz)
        except TooManyPlaces as exc:
            return Extraction(document, lang, "other", skipped=str(exc))
        institutions = _institution_spans(text, lex, places.entities)
        by_address = publisher.from_address(document.url, places.entities, gz)
        # a town named only inside an institution's name ("Klaipėdos universitetas") publishes nothing
        plain = [e for e in places.entities if not is_institution(text, institutions, e)]
        home = by_address or publisher.from_text(text, plain, lex)
        doc_date = _document_date(text, [d for d in dates if live and d.end <= live[-1].end])
        published = document.published
        if published is None and doc_date is not None:
            # relative words ("today", "on Wednesday") and ages count from the page's own date line
            published = doc_date
            dates = find_dates(text, lang, published)
        ctx = Context(text, lex, sentences, places.entities, home, institutions,
                      published=published, home_from_address=by_address is not None)
        mentions, attached = find_mentions(ctx, live)
        partnerships = _partnerships(ctx, mentions, attached, dates, doc_date, _about_partnerships(ctx, live, attached))
        # what `eval --explain` needs to say which stage missed a pair (references, no copies)
        diagnostics = {"places": places.entities, "analysed_end": live[-1].end if live else 0}
    # 6b. document type
    kind = doctype.classify(text, lex, bool(partnerships), consult is not None)
    return Extraction(document, lang, kind, partnerships, consult, extra=diagnostics)


def _default_gazetteer():
    from citypact.gazetteer import get_gazetteer

    return get_gazetteer()


def _before_boilerplate(text: str, sentences: list[Sentence], lex) -> list[Sentence]:
    """Sentences before the first related-news list or footer heading."""
    pattern = lex.pattern("boilerplate")
    if pattern is None:
        return sentences
    cut = len(text)
    for m in pattern.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        line_end = text.find("\n", m.start())
        line = text[line_start:line_end if line_end >= 0 else len(text)]
        if m.start() >= BOILERPLATE_MIN_OFFSET and line_start == m.start() - (len(line) - len(line.lstrip())) \
                and len(line.strip()) <= BOILERPLATE_LINE_CHARS:
            cut = line_start
            break
    return [s for s in sentences if s.end <= cut]


def _institution_spans(text: str, lex, entities: list[Entity]) -> list[tuple[int, int]]:
    """Institution words (university, hospital, church), except inside a place's own name
    ('Біла Церква' is a town, not a church)."""
    pattern = lex.concept("not_partnership").get("institution")
    if pattern is None:
        return []
    return [(m.start(), m.end()) for m in pattern.finditer(text)
            if not any(e.start <= m.start() and m.end() <= e.end for e in entities)]


# What may follow a page's date on its date line: a time, separators ("28 Fevereiro, 2025 | 16:25").
_AFTER_DATELINE = re.compile(r"^[\s,.|·–—-]*(?:\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\s*(?:h|Uhr)?)?[\s,.|·]*$")
# A page's own date stands in its first characters, before the report's text.
DATELINE_CHARS = 600


def _document_date(text: str, dates: list[DateMention]) -> str | None:
    """A dateline ('Stockholm den 11 maj 2022'), a line holding only a full date, perhaps
    with a time ('Posted 30 марта 2016, 07:00'), near the top of the page."""
    for d in dates:
        if not d.value or len(d.value) != 10:
            continue
        line_start = text.rfind("\n", 0, d.start) + 1
        line_end = text.find("\n", d.end)
        line = text[line_start:line_end if line_end >= 0 else len(text)].strip()
        # a label before the date is allowed: "Date: …", "Дата реєстрації: | …"
        head = re.sub(r"[\s:|]+$", "", text[line_start:d.start]).strip()
        tail = text[d.end:line_end if line_end >= 0 else len(text)]
        if len(head.split()) > 3 or re.search(r"[.:;]", head):
            continue
        if len(line) <= 60 and line.endswith(d.text):
            return d.value
        if _AFTER_DATELINE.match(tail) and (len(line) <= 40 or d.start < DATELINE_CHARS and len(line) <= 80):
            return d.value  # a line of its own anywhere ("7-09-2016, 13:36"), or a longer one at the top
    return None


@dataclass
class _Record:
    mentions: list[Mention]
    attached: list[Sentence]


def _about_partnerships(ctx: Context, live: list[Sentence], attached: dict[int, int]) -> list[str]:
    """Sentences on what the page's partnerships are for, naming no place ('Twinning means
    cultural, scientific and sporting exchange'): their themes are every record's when
    all records share one town (the page's)."""
    named = {sentence_index(ctx, e.start) for e in ctx.entities}
    # one pass of the agreement terms over the text, not one cue scan per sentence
    with_term = {sentence_index(ctx, m.start()) for p in ctx.lex.concept("agreement").values() if p
                 for m in p.finditer(ctx.text)}
    return [s.text for s in live if s.index in with_term and s.index not in attached and s.index not in named]


def _partnerships(ctx: Context, mentions: list[Mention], attached: dict[int, int],
                  dates: list[DateMention], doc_date: str | None,
                  general: list[str] = ()) -> tuple[Partnership, ...]:
    """One record per pair per document, at the latest event the document reports."""
    records: dict[frozenset[str], _Record] = {}
    for m in mentions:
        records.setdefault(m.pair_key, _Record([], [])).mentions.append(m)
    by_index = {s.index: s for s in ctx.sentences}
    for sentence_no, mention_index in attached.items():
        m = mentions[mention_index]
        if m.sentence.index != sentence_no:
            records[m.pair_key].attached.append(by_index[sentence_no])
    if not records or not frozenset.intersection(*records):
        general = []  # a page on many towns' partnerships: its general sentences are not each one's
    paragraphs = attributes.paragraph_spans(ctx.sentences)
    out = [_build(ctx, rec, dates, doc_date, paragraphs, general) for rec in records.values()]
    out.sort(key=lambda p: p.evidence[0].start if p.evidence else 0)
    return tuple(out)


def _representative(mentions: list[Mention]) -> Mention:
    return max(mentions, key=lambda m: (m.confidence >= 0.5, STATUS_RANK[m.status],
                                        TYPE_SPECIFICITY[m.type], m.confidence, -m.sentence.index))


def _build(ctx: Context, rec: _Record, dates: list[DateMention], doc_date: str | None,
           paragraphs: dict[int, tuple[int, int]], general: list[str] = ()) -> Partnership:
    best = _representative(rec.mentions)
    spans = list(best.evidence)
    for m in sorted(rec.mentions, key=lambda m: m.sentence.index):
        for span in m.evidence:
            if span not in spans:
                spans.append(span)
    scope_sentences = [m.sentence for m in rec.mentions] + rec.attached + _colon_scope(ctx, rec)
    texts = [s.text for s in scope_sentences] + [ctx.text[a:b] for a, b in best.evidence]
    # the event's date: from the representative clause, else from another report of the same event
    same_event = [best] + [m for m in rec.mentions if m is not best and m.status == best.status]
    date = next((d for d in (_clause_date(ctx, m, dates) for m in same_event) if d), None)
    if date is None and best.status in ("proposed", "approved") and doc_date:
        date = doc_date
    duration = attributes.duration_years(texts, ctx.lex)
    age = _anniversary_years(ctx, best)
    if age is not None:
        # "celebrate 30 years as twin towns": an age, not a term; dated from the publication
        duration = None
        if date is None and ctx.published:
            date = f"{int(ctx.published[:4]) - age:04d}"
    signing_paragraphs = sorted({
        paragraphs[ctx.sentences[sentence_index(ctx, a)].paragraph]
        for m in rec.mentions if m.signing for a, _ in m.evidence
    })
    signatories = attributes.signatories(ctx.text, signing_paragraphs, ctx.lex, ctx.entities) if best.status in ("signed", "renewed") else ()
    parties = tuple(Party(e.place, e.surface or e.place.name) for e in best.parties)
    status = best.status
    if status == "signed" and _background(date, ctx.published, dates):
        status = "existing"  # "the charter was signed in 1957", on a page of today: the partnership exists
    return Partnership(
        parties=parties,
        type=best.type,
        status=status,
        date=date,
        themes=attributes.themes([*texts, *general], ctx.lex),
        duration_years=duration,
        signatories=signatories,
        evidence=tuple(Span(a, b, ctx.text[a:b]) for a, b in spans[:MAX_EVIDENCE]),
        confidence=best.confidence,
    )


# A signing this many years before the page's date is background, not the page's news.
BACKGROUND_YEARS = 2


def _background(date: str | None, published: str | None, dates: list[DateMention]) -> bool:
    """Was the signing long before the page was written? The page's date is its
    publication date, else the latest year it names."""
    if not date or not date[:4].isdigit():
        return False
    years = [int(d.value[:4]) for d in dates if d.value and d.value[:4].isdigit()]
    reference = int(published[:4]) if published else max(years, default=0)
    return int(date[:4]) <= reference - BACKGROUND_YEARS


def _anniversary_years(ctx: Context, mention: Mention) -> int | None:
    """The age of an existing partnership when its clause states one ('30 år som vänorter')."""
    if mention.status != "existing":
        return None
    text = ctx.text[mention.clause[0]:mention.clause[1]]
    return attributes.anniversary_years([text], ctx.lex) or attributes.duration_years([text], ctx.lex)


def _clause_date(ctx: Context, mention: Mention, dates: list[DateMention]) -> str | None:
    clause = replace(mention.sentence, start=mention.clause[0], end=mention.clause[1],
                     text=ctx.text[mention.clause[0]:mention.clause[1]])
    positions = [clause.start + c.start for c in find_cues(clause.text, ctx.lex).statuses
                 if c.concept in STATUS_WORDS[mention.status]]
    return attributes.event_date(clause, dates, positions)


def _colon_scope(ctx: Context, rec: _Record) -> list[Sentence]:
    """'… will cooperate on the following:' — the rest of the paragraph and the list after it."""
    out: list[Sentence] = []
    for s in [m.sentence for m in rec.mentions] + rec.attached:
        if ":" not in s.text:
            continue
        for nxt in ctx.sentences[s.index + 1:]:
            if nxt.paragraph == s.paragraph or nxt.list_item:
                out.append(nxt)
            elif nxt.paragraph - s.paragraph > 1 and not nxt.list_item or not nxt.list_item:
                break
    return out
