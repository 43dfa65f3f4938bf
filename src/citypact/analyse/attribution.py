"""Who with whom: partnership mentions in clauses, from trigger terms and constructions.

A sentence becomes a partnership mention only when it names an agreement (or a
cooperation word with a signing/start verb) AND a construction ties two parties to it:
"between A and B", "A … with B [and C]", "A and B <verb>", "A's twin town B", a
reference to "the two cities", or the publishing city as "we". Cities that merely
co-occur with agreement vocabulary in a longer list are left out: precision first.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace
from functools import cached_property
from itertools import combinations

from citypact.analyse.entities import Entity
from citypact.analyse.sentences import Sentence
from citypact.gazetteer.keys import fold_key
from citypact.lexicon import Lexicon
from citypact.models import Place

STATUS_RANK = {"existing": 0, "proposed": 1, "approved": 2, "signed": 3, "renewed": 4, "suspended": 5, "ended": 6}
TYPE_SPECIFICITY = {"twinning": 4, "friendship": 3, "memorandum": 2, "cooperation": 1, "other": 0}

# How far after "with"/"between" the first party may start (covers "with the Polish city of").
FIRST_PARTY_CHARS = 60
# How much text may separate two items of a coordinated list of parties.
LIST_GAP_CHARS = 40
# ... and at most this many words besides "and" ("i Danmark, ", "(Germany) and the town of ");
# more is a clause of its own (", mayor of the town council of ").
LIST_GAP_WORDS = 4
_WORDS = re.compile(r"[^\W\d_]+")
# A list of partners after "X is twinned with:" runs at most this many lines of this length.
LIST_BLOCK_LINES = 80
LIST_LINE_CHARS = 120
# A modal or intent word governs an event word at most this far after it.
MODAL_REACH_CHARS = 50
# How many sentences back "the two cities" may reach.
CONTEXT_SENTENCES = 4
# How many sentences after the last one about a partnership a sentence may still continue it.
CONTINUATION_SENTENCES = 12
# A time-limited adjective this close before an agreement term makes it a cooperation agreement.
TIME_LIMITED_CHARS = 20
# Institution words this close to a place name make it an institution, not the city.
INSTITUTION_BEFORE_CHARS = 25
INSTITUTION_AFTER_CHARS = 15
# Confidence of mentions by how their parties were found (calibrated on the example documents
# and the per-language test tables; below 0.5 a mention is kept for review only).
CONFIDENCE = {
    "construction": 0.92,
    "two_places": 0.8,
    "reference": 0.8,
    "publisher": 0.7,
    "previous_sentence": 0.6,
}


@dataclass(frozen=True)
class Cue:
    start: int
    end: int
    concept: str


@dataclass
class Cues:
    agreements: list[Cue] = field(default_factory=list)
    weak: list[Cue] = field(default_factory=list)
    statuses: list[Cue] = field(default_factory=list)
    anaphora: list[Cue] = field(default_factory=list)
    irrealis: list[Cue] = field(default_factory=list)
    negation: list[Cue] = field(default_factory=list)
    not_partnership: list[Cue] = field(default_factory=list)
    time_limited: list[Cue] = field(default_factory=list)
    both: list[Cue] = field(default_factory=list)
    publisher: list[Cue] = field(default_factory=list)
    list_intro: list[Cue] = field(default_factory=list)
    infinitive_verbs: list[Cue] = field(default_factory=list)  # status verbs right after "to"/"att"

    @property
    def status_concepts(self) -> set[str]:
        return {c.concept for c in self.statuses}


@dataclass(frozen=True)
class Mention:
    """One sentence's report of a partnership between two parties."""

    sentence: Sentence
    parties: tuple[Entity, Entity]
    type: str
    status: str
    confidence: float
    evidence: tuple[tuple[int, int], ...]
    signing: bool  # the clause reports a signature (for signatories)
    clause: tuple[int, int] = (0, 0)  # the clause within the sentence that reports it

    @property
    def pair_key(self) -> frozenset[str]:
        return frozenset(p.place.key for p in self.parties)


def find_cues(text: str, lex: Lexicon) -> Cues:
    """Every trigger of the lexicon in a piece of text, with offsets relative to it."""

    def scan(section: str) -> list[Cue]:
        return [Cue(start, end, concept) for start, end, concept in lex.scan(section, text)]

    cues = Cues()
    cues.agreements = scan("agreement")
    cues.weak = scan("weak_agreement")
    cues.statuses = scan("status")
    cues.not_partnership = scan("not_partnership")
    for name in ("anaphora", "irrealis", "negation", "time_limited", "list_intro"):
        setattr(cues, name, scan(name))
    markers = [end for _, end, _ in lex.scan("infinitive", text)]
    if markers:
        cues.infinitive_verbs = [
            c for c in cues.statuses
            if c.concept in ("signed", "start") and any(0 < c.start - e <= 2 for e in markers)
        ]
    references = scan("references")
    cues.both = [c for c in references if c.concept == "both"]
    cues.publisher = [c for c in references if c.concept == "publisher"]
    # a weak word inside a strong term ("cooperation" in "cooperation agreement") is not weak
    cues.weak = [w for w in cues.weak if not any(a.start <= w.start < a.end for a in cues.agreements)]
    return cues


def _cues_by_sentence(ctx: Context, live: list[Sentence]) -> dict[int, Cues]:
    """One scan of the analysed text per lexicon pattern, then bucketed by sentence."""
    if not live:
        return {}
    start, end = live[0].start, live[-1].end
    whole = find_cues(ctx.text[start:end], ctx.lex)
    ordered = sorted(live, key=lambda s: s.start)
    starts = [s.start - start for s in ordered]
    buckets = {s.index: Cues() for s in live}
    for name, cues in vars(whole).items():
        for cue in cues:
            i = bisect.bisect_right(starts, cue.start) - 1
            if i < 0 or cue.end > ordered[i].end - start:
                continue  # across a sentence boundary
            offset = starts[i]
            getattr(buckets[ordered[i].index], name).append(replace(cue, start=cue.start - offset,
                                                                    end=cue.end - offset))
    return buckets


@dataclass
class Context:
    """Document-level facts the clause analysis needs."""

    text: str
    lex: Lexicon
    sentences: list[Sentence]
    entities: list[Entity]
    home: Place | None  # the publishing city, for "we" / "our city"
    institution_spans: list[tuple[int, int]] = field(default_factory=list)
    published: str | None = None  # ISO date of publication, for ages and relative dates
    home_from_address: bool = False  # the page is on the town's own web site

    @cached_property
    def sentence_starts(self) -> list[int]:
        return [x.start for x in self.sentences]


def find_mentions(ctx: Context, live: list[Sentence]) -> tuple[list[Mention], dict[int, int]]:
    """Partnership mentions in the sentences to analyse, and sentence → mention attachments.

    The attachment map sends each sentence that talks about an agreement without naming
    new parties ("the agreement will run for three years") to the index of the mention
    it continues, so themes, terms and signatories can be collected from it.
    """
    mentions: list[Mention] = []
    attached: dict[int, int] = {}
    cues_by_sentence = _cues_by_sentence(ctx, live)
    last_touched = -1  # the last sentence that reported or continued a partnership
    for s in live:
        cues = cues_by_sentence[s.index]
        found = _sentence_mentions(ctx, s, cues, cues_by_sentence) or _list_block(ctx, s, cues)
        if found:
            mentions.extend(found)
            attached[s.index] = len(mentions) - 1
            last_touched = s.index
            continue
        if not mentions or s.index - last_touched > CONTINUATION_SENTENCES:
            continue
        last = len(mentions) - 1
        if _talks_about_agreement(cues) and _continues(ctx, s, cues, mentions, last):
            attached[s.index] = last
            last_touched = s.index
            update = _anaphoric_update(s, cues, mentions[last])
            if update is not None:
                mentions[last] = update
    return mentions, attached


def _talks_about_agreement(cues: Cues) -> bool:
    return bool(cues.agreements or cues.weak or cues.anaphora)


def _list_block(ctx: Context, s: Sentence, cues: Cues) -> list[Mention]:
    """'Gdańsk is twinned with:' followed by one partner per line (encyclopaedia lists)."""
    if not cues.agreements or not s.text.rstrip().endswith(":"):
        return []
    subjects = _distinct([e for e in _sentence_entities(ctx, s) if e.place.kind in ("city", "group")])
    if not subjects and ctx.home is not None:
        # "Our twin towns:" on a town's own page
        subjects = [Entity(s.start, s.start, "", ctx.home, "publisher")]
    if len(subjects) != 1:
        return []
    status, delta = _status(cues, None)
    type_ = _type(cues, True)
    out = []
    skipped = 0
    shape = None  # every item is written like the first: "Bremen, Germany (1976)" or "Bremen"
    for line in _lines(ctx.sentences[s.index + 1:s.index + 1 + LIST_BLOCK_LINES]):
        if line.paragraph - s.paragraph > 2 * (len(out) + skipped + 1) or len(line.text) > LIST_LINE_CHARS:
            break
        first = [e for e in _sentence_entities(ctx, line) if e.place.kind in ("city", "group")][:1]
        if not first and (line.text.rstrip().endswith(":") or _ITEM_MARK.match(line.text).group(0).strip()):
            skipped += 1  # a sub-heading of the list ("In Europe:"), an item naming no known town
            continue
        lead = ctx.text[line.start:first[0].start] if first else ""
        if not first or not _item_lead(ctx, lead):
            break
        item_shape = bool(ctx.text[first[0].end:line.end].strip())
        if shape is not None and item_shape != shape:
            break
        shape = item_shape
        if first[0].place.key != subjects[0].place.key:
            out.append(Mention(line, (subjects[0], first[0]), type_, status,
                               round(CONFIDENCE["construction"] + delta - 0.05, 2),
                               ((line.start, line.end),), False, (line.start, line.end)))
    return out


def _lines(sentences: list[Sentence]):
    """Each text line of the sentences on its own (list items the splitter joined)."""
    for x in sentences:
        offset = 0
        for part in x.text.split("\n"):
            if part.strip():
                yield replace(x, start=x.start + offset, end=x.start + offset + len(part), text=part)
            offset += len(part) + 1


# What may open a list item before its town: a bullet or a number ("3.", "IV –", "b)").
_ITEM_MARK = re.compile(r"^[\s\-•*–—·▪]*(?:(?:\d{1,3}|[IVXLivxl]{1,6}|[a-z])[.)º°]?[\s]*[-–—.):]?)?[\s\-•*–—]*")


def _item_lead(ctx: Context, lead: str) -> bool:
    """Is the text before a list item's town only a mark, articles and a town noun
    ('• ', 'IV – a Cidade de ', 'Comuna ', '3. Stadt ')?"""
    rest = _ITEM_MARK.sub("", lead, count=1)
    noun = ctx.lex.concept("references").get("city_noun")
    of = ctx.lex.connector("of")
    for word in _WORDS.findall(rest):
        if len(word) <= 2 or (noun and noun.fullmatch(word)) or (of and of.fullmatch(word)):
            continue
        return False
    return not re.search(r"[,;:.!?]", rest)


def _continues(ctx: Context, s: Sentence, cues: Cues, mentions: list[Mention], last: int) -> bool:
    """Does a sentence about an agreement, naming no new party, continue the last mention?

    Yes when it refers back ("the agreement"), stays in the mention's paragraph, names one
    of its parties, or when the document so far reports only one partnership.
    """
    mention = mentions[last]
    if _names_other_parties(ctx, s, mention):
        return False
    names_party = any(e.place.key in mention.pair_key for e in _sentence_entities(ctx, s))
    single_topic = len({m.pair_key for m in mentions}) == 1
    return bool(cues.anaphora) or s.paragraph == mention.sentence.paragraph or names_party or single_topic


def _names_other_parties(ctx: Context, s: Sentence, mention: Mention) -> bool:
    keys = mention.pair_key
    return any(e.place.key not in keys for e in _sentence_entities(ctx, s) if e.place.kind != "country")


def _anaphoric_update(s: Sentence, cues: Cues, mention: Mention) -> Mention | None:
    """'The agreement was signed by the mayor': a later sentence moves the status on."""
    if not cues.anaphora or not cues.statuses or cues.irrealis or cues.negation:
        return None
    status, _ = _status(cues, None)
    if STATUS_RANK[status] < STATUS_RANK[mention.status]:
        return None
    # the same or a later stage: the sentence is evidence, and it may name who signed
    return replace(
        mention, status=status, evidence=mention.evidence + ((s.start, s.end),),
        signing=mention.signing or (status in ("signed", "renewed") and "signed" in cues.status_concepts),
    )


def _sentence_entities(ctx: Context, s: Sentence) -> list[Entity]:
    ents = [e for e in ctx.entities if s.start <= e.start and e.end <= s.end]
    return [e for e in ents if not _is_institution(ctx, e)]


def _is_institution(ctx: Context, e: Entity) -> bool:
    return is_institution(ctx.text, ctx.institution_spans, e)


def is_institution(text: str, institution_spans: list[tuple[int, int]], e: Entity) -> bool:
    """Is the place part of an institution's name ('Klaipėdos universitetas', 'University of X')?"""
    for start, end in institution_spans:
        # within the same clause: a comma, a sentence end or a line break parts them
        if 0 <= e.start - end <= INSTITUTION_BEFORE_CHARS and not re.search(r"[,;.!?\n]", text[end:e.start]):
            return True
        if 0 <= start - e.end <= INSTITUTION_AFTER_CHARS and not re.search(r"[,;.!?\n]", text[e.end:start]):
            return True
    return False


def _sentence_mentions(ctx: Context, s: Sentence, cues: Cues, all_cues: dict[int, Cues]) -> list[Mention]:
    """Mentions of a sentence; a sentence of several clauses, each with its own agreement
    or event word ('A and B became twin towns in 1944, and A has been twinned with C
    since 1959'), is read clause by clause."""
    clauses = _clauses(ctx, s)
    if len(clauses) < 2:
        return _clause_mentions(ctx, s, s, cues, all_cues)
    out = []
    for start, end in clauses:
        clause = replace(s, start=s.start + start, end=s.start + end, text=s.text[start:end])
        out += _clause_mentions(ctx, s, clause, find_cues(clause.text, ctx.lex), all_cues)
    return out


def _clauses(ctx: Context, s: Sentence) -> list[tuple[int, int]]:
    """Clause spans split at ';' and at ', and'; kept only when every clause has a trigger."""
    and_word = ctx.lex.connector("and")
    cuts = [0]
    for m in re.finditer(r";\s*|,\s+", s.text):
        if m.group(0).startswith(";") or (and_word and and_word.match(s.text, m.end())):
            cuts.append(m.end())
    if len(cuts) == 1:
        return [(0, len(s.text))]
    spans = [(a, b) for a, b in zip(cuts, cuts[1:] + [len(s.text)])]
    for a, b in spans:
        cues = find_cues(s.text[a:b], ctx.lex)
        if not (cues.agreements or cues.weak or cues.statuses):
            return [(0, len(s.text))]
    return spans


def _clause_mentions(ctx: Context, s: Sentence, clause: Sentence, cues: Cues,
                     all_cues: dict[int, Cues]) -> list[Mention]:
    strong = bool(cues.agreements)
    verbs = cues.status_concepts
    weak_ok = bool(cues.weak) and bool(verbs & {"signed", "start", "approved", "renewed", "suspended", "ended", "proposed"})
    if not strong and not weak_ok:
        # a cooperation word with an age ("celebrate 30 years of partnership") or signed next
        weak_ok = bool(cues.weak) and (ctx.lex.years("anniversary", [clause.text], 150) is not None
                                       or _next_sentence_signs(ctx, s, all_cues))
    if not (strong or weak_ok):
        return []
    kinds = {c.concept for c in cues.not_partnership}
    if "treaty" in kinds or (not strong and kinds & {"aid", "honour", "visit", "sport", "network", "institution"}):
        return []
    ents = _sentence_entities(ctx, clause)
    pairs = _pairs(ctx, clause, cues, ents)
    if not pairs:
        return []
    header = _header_cues(ctx, s, all_cues)
    status, confidence_delta = _status(cues, header)
    type_ = _type(cues, strong)
    signing = status in ("signed", "renewed") and bool(verbs & {"signed", "renewed"})
    negated = bool(cues.negation) and _negation_governs(s.text, cues)
    out = []
    for a, b, how in pairs:
        confidence = CONFIDENCE[how] + confidence_delta - (0.0 if strong else 0.07)
        if negated:
            confidence = min(confidence, 0.3)
        out.append(Mention(s, (a, b), type_, status, round(max(0.05, min(confidence, 0.99)), 2),
                           ((s.start, s.end),), signing, (clause.start, clause.end)))
    return out


def _next_sentence_signs(ctx: Context, s: Sentence, all_cues: dict[int, Cues]) -> bool:
    """'X begins cooperation with Y. The corresponding agreement was signed by …'."""
    nxt = all_cues.get(s.index + 1)
    return bool(nxt and nxt.anaphora and {c.concept for c in nxt.statuses} & {"signed"})


def _negation_governs(text: str, cues: Cues) -> bool:
    """A negation shortly before a trigger, or one that holds it ('wees het voorstel voor
    een stedenband … af', 'lehnte den Antrag auf eine Partnerschaft ab')."""
    targets = cues.statuses + cues.agreements + cues.weak
    return any(0 <= t.start - n.end <= MODAL_REACH_CHARS or n.start < t.start and t.end <= n.end
               for n in cues.negation for t in targets)


def _header_cues(ctx: Context, s: Sentence, all_cues: dict[int, Cues]) -> Cues | None:
    """Status words of the clause that introduces a list ('proposes that the board decides the following:')."""
    index = s.index - 1
    steps = 0
    while index >= 0 and steps < 4:
        prev = ctx.sentences[index]
        cues = all_cues.get(index) or find_cues(prev.text, ctx.lex)
        if prev.text.rstrip().endswith(":") or cues.list_intro:
            return cues
        if not prev.list_item:
            return None
        index -= 1
        steps += 1
    return None


def _governing_modals(cues: Cues) -> list[Cue]:
    """Modal, conditional and intent words that come before an event word they can govern
    ('vil indgå', 'wants to sign'); 'med et fælles ønske om' after the verb governs nothing."""
    events = [c for c in cues.statuses if c.concept != "intent"] + cues.agreements + cues.weak
    modals = cues.irrealis + [c for c in cues.statuses if c.concept == "intent"]
    return [m for m in modals if any(0 <= e.start - m.end <= MODAL_REACH_CHARS for e in events)]


def _status(cues: Cues, header: Cues | None) -> tuple[str, float]:
    """The clause's status and a confidence adjustment."""
    governing = _governing_modals(cues)
    concepts = {c.concept for c in cues.statuses if c.concept != "intent" or c in governing}
    concepts |= header.status_concepts if header else set()
    # a wish, plan or infinitive ("wants to sign", "att ingå") is not an event
    irrealis = bool(governing or cues.infinitive_verbs)
    for final in ("ended", "suspended"):
        if final in concepts and not irrealis:
            return final, 0.0
    if "renewed" in concepts and not irrealis:
        return "renewed", 0.0
    if "renewed" in concepts:
        return "proposed", -0.15  # "the agreements will be renewed": still to come
    if "proposed" in concepts:
        return "proposed", 0.0
    if "intent" in concepts:
        # talk of wanting, planning or discussing an agreement is kept for review only
        return "proposed", -0.5 if not concepts & {"signed", "approved", "start", "mandate"} else -0.15
    if "mandate" in concepts:
        return "approved", 0.0
    if "approved" in concepts:
        return "approved", 0.0  # a council's approval is the clause's event; "signed" describes the text
    if "existing" in concepts and "signed" not in concepts:
        return "existing", 0.0  # an anniversary: "the cooperation began in 1994"
    if {"signed", "start"} & concepts:
        return ("proposed", -0.15) if irrealis else ("signed", 0.0)
    if "existing" in concepts:
        return "existing", 0.0
    return "existing", -0.05


def _type(cues: Cues, strong: bool) -> str:
    if strong:
        best = max(cues.agreements, key=lambda c: (c.end - c.start, TYPE_SPECIFICITY[c.concept]))
        limited = any(0 <= best.start - t.end <= TIME_LIMITED_CHARS for t in cues.time_limited)
        return "cooperation" if limited and best.concept == "twinning" else best.concept
    return cues.weak[0].concept if cues.weak else "other"


# ---------------------------------------------------------------- constructions


def _pairs(ctx: Context, s: Sentence, cues: Cues, ents: list[Entity]) -> list[tuple[Entity, Entity, str]]:
    parties = [e for e in ents if e.place.kind in ("city", "group", "region")]
    found = (
        _home_in_list(ctx, s, parties) or _between(ctx, s, cues, parties) or _with(ctx, s, cues, parties)
        or _with_case(ctx, s, parties)
        or _term_of(ctx, s, cues, parties) or _possessor_of_term(ctx, s, cues, parties) or _coordinated(ctx, s, parties)
        or _after_term(ctx, s, cues, parties) or _group_of_towns(ctx, s, cues, parties)
    )
    if found:
        return _valid(found)
    distinct = _distinct(parties)
    if len(distinct) == 2:
        return _valid([(distinct[0], distinct[1], "two_places")])
    if len(distinct) == 0 and cues.both:
        pair = _antecedents(ctx, s)
        return _valid([(pair[0], pair[1], "reference")]) if pair else []
    # "we signed with X"; on the town's own page also "a new twin town, X"
    if len(distinct) == 1 and ctx.home is not None and (cues.publisher or cues.agreements):
        home = Entity(s.start, s.start, "", ctx.home, "publisher")
        return _valid([(home, distinct[0], "publisher")])
    if len(distinct) == 0:
        pair = _previous_sentence_pair(ctx, s)
        return _valid([(pair[0], pair[1], "previous_sentence")]) if pair else []
    return []


def _valid(pairs: list[tuple[Entity, Entity, str]]) -> list[tuple[Entity, Entity, str]]:
    """Drop self-pairs and region-to-region pairs; keep each pair once."""
    seen: set[frozenset[str]] = set()
    out = []
    for a, b, how in pairs:
        key = frozenset((a.place.key, b.place.key))
        if len(key) < 2 or key in seen:
            continue
        if a.place.kind == "region" and b.place.kind == "region":
            continue
        if _member_of(a.place, b.place) or _member_of(b.place, a.place) or _seat_of(a.place, b.place):
            continue
        seen.add(key)
        out.append((a, b, how))
    return out


def _seat_of(a: Place, b: Place) -> bool:
    """A town and the municipality or district named after it ('Bauska', 'Bauska Municipality')."""
    if a.country != b.country:
        return False
    return a.name.startswith(b.name + " ") or b.name.startswith(a.name + " ")


def _member_of(place: Place, group: Place) -> bool:
    return group.kind == "group" and any(m.key == place.key for m in group.members)


def _distinct(ents: list[Entity]) -> list[Entity]:
    seen: dict[str, Entity] = {}
    for e in ents:
        seen.setdefault(e.place.key, e)
    return list(seen.values())


def _abs(s: Sentence, cue: Cue) -> tuple[int, int]:
    return s.start + cue.start, s.start + cue.end


def _list_after(ctx: Context, position: int, s: Sentence, parties: list[Entity]) -> list[Entity]:
    """The coordinated list of parties that starts just after `position`."""
    after = [e for e in parties if e.start >= position]
    if not after:
        return []
    first = after[0]
    lead = ctx.text[position:first.start]
    if len(lead) > FIRST_PARTY_CHARS or re.search(r"[.;!?]", lead):
        return []
    items = [first]
    and_word = ctx.lex.connector("and")
    for e in after[1:]:
        gap = ctx.text[items[-1].end:e.start]
        if len(gap) > LIST_GAP_CHARS or re.search(r"[.;!?:]", gap):
            break
        if "," in gap or (and_word and and_word.search(gap)) or re.fullmatch(r"\s*[-–—/]\s*", gap):
            if _has_verb_like_gap(ctx, gap) or len(_WORDS.findall(and_word.sub(" ", gap) if and_word else gap)) > LIST_GAP_WORDS:
                break
            items.append(e)
        else:
            break
    return items


def _has_verb_like_gap(ctx: Context, gap: str) -> bool:
    """A status verb or a person's role between two names ends the list ('with Lublin, and
    Rzeszów signed …', 'com Braga, a vereadora de Coimbra')."""
    roles = ctx.lex.pattern("roles")
    return any(p.search(gap) for p in ctx.lex.concept("status").values()) or bool(roles and roles.search(gap))


def _between(ctx: Context, s: Sentence, cues: Cues, parties: list[Entity]) -> list[tuple[Entity, Entity, str]]:
    pattern = ctx.lex.connector("between")
    if not pattern:
        return []
    out = []
    for m in pattern.finditer(s.text):
        start = s.start + m.end()
        listed = _distinct(_list_after(ctx, start, s, parties))
        if len(listed) >= 2:
            out += [(a, b, "construction") for a, b in combinations(listed, 2)]
        elif any(0 <= c.start - m.end() <= 6 for c in cues.both):
            pair = _antecedents(ctx, s, before=s.start + m.start())
            if pair:
                out.append((pair[0], pair[1], "reference"))
    return out


# An agreement word this close after the objects of "with" ties them to the clause.
TERM_AFTER_OBJECTS_CHARS = 30


def _with(ctx: Context, s: Sentence, cues: Cues, parties: list[Entity]) -> list[tuple[Entity, Entity, str]]:
    pattern = ctx.lex.connector("with")
    if not pattern:
        return []
    triggers = [_abs(s, c) for c in cues.agreements + cues.weak + cues.statuses]
    terms = [_abs(s, c) for c in cues.agreements + cues.weak]
    out = []
    segment_start = s.start  # a later "with" takes its subject after the previous one's objects
    for m in pattern.finditer(s.text):
        at = s.start + m.start()
        objects = _distinct(_list_after(ctx, s.start + m.end(), s, parties))
        if not objects:
            continue
        previous_start, segment_start = segment_start, max(o.end for o in objects)
        # the "with" must belong to the agreement clause: a trigger before it in the sentence,
        # or the agreement word right after its objects, as verb-final clauses have it
        # ("hat mit Poltawa und Mykolajiw Partnerschaften geschlossen")
        end = max(o.end for o in objects)
        if not any(t_start < at for t_start, _ in triggers) and not any(
                0 <= t_start - end <= TERM_AFTER_OBJECTS_CHARS and not re.search(r"[.;!?]", ctx.text[end:t_start])
                for t_start, _ in terms):
            continue
        object_keys = {o.place.key for o in objects}
        before = [e for e in parties if previous_start <= e.start and e.end <= at and e.place.key not in object_keys]
        # the clause subject comes first, possibly as a list ("Hamburg and Dresden … with X")
        subjects = _distinct([e for e in _list_after(ctx, before[0].start, s, before) if e.end <= at]) if before else []
        if len(subjects) > 1 and previous_start > s.start:
            # "…, geminada com A, B, geminada com C": the town just before this "with"
            subjects = subjects[-1:]
        bound = _bound_subject(ctx, before, at, triggers)
        if bound is not None:
            # "Kharkiv ensured the support of Lublin, Chernihiv twinned with Rzeszów"
            subjects = [bound]
        how = "construction"
        if not subjects:
            # "we signed with X"; or, on the town's page, "agreements will be signed with X, Y and Z"
            publisher = [c for c in cues.publisher if s.start + c.end <= at]
            strong = any(t_start < at for t_start, _ in terms) and bool(cues.agreements)
            if (publisher or strong) and ctx.home is not None and ctx.home.key not in object_keys:
                subjects = [Entity(s.start, s.start, "", ctx.home, "publisher")]
                how = "publisher"
        out += [(a, b, how) for a in subjects for b in objects]
    return out


def _with_case(ctx: Context, s: Sentence, parties: list[Entity]) -> list[tuple[Entity, Entity, str]]:
    """'Ungvár Nyíregyházával, Debrecennel … partnerkapcsolatot ápol': names in a case that
    means "with" are the partners of the name before them in the nominative."""
    endings = ctx.lex.with_case_endings
    if not endings:
        return []

    def with_case(e: Entity) -> bool:
        word = e.surface.lower()
        return word.endswith(endings) and fold_key(word) != fold_key(e.place.name)

    objects = [e for e in parties if with_case(e)]
    if not objects:
        return []
    subjects = _distinct([e for e in parties if e.end <= objects[0].start and not with_case(e)])[-1:]
    return [(subjects[0], o, "construction") for o in _distinct(objects)] if subjects else []


# A town at most this many words before "twinned with" is that participle's subject.
BOUND_SUBJECT_WORDS = 3


def _bound_subject(ctx: Context, before: list[Entity], at: int, triggers: list[tuple[int, int]]) -> Entity | None:
    """The town right before a trigger that right precedes "with" ('Chernihiv twinned with')."""
    if not before:
        return None
    last = before[-1]
    gap = ctx.text[last.end:at]
    if re.search(r"[,.;:!?()]", gap) or len(_WORDS.findall(gap)) > BOUND_SUBJECT_WORDS:
        return None
    return last if any(last.end <= t_start < at for t_start, _ in triggers) else None


def _after_term(ctx: Context, s: Sentence, cues: Cues, parties: list[Entity]) -> list[tuple[Entity, Entity, str]]:
    """'Lviv's twin towns include Lublin, Wrocław and Rzeszów': a list right after the term."""
    out = []
    for cue in cues.agreements:
        start, end = _abs(s, cue)
        objects = _distinct(_list_after(ctx, end, s, parties))
        if not objects:
            continue
        keys = {o.place.key for o in objects}
        subjects = _distinct([e for e in parties if e.end <= start and e.place.key not in keys])[:1]
        out += [(a, b, "construction") for a in subjects for b in objects]
    return out


def _term_of(ctx: Context, s: Sentence, cues: Cues, parties: list[Entity]) -> list[tuple[Entity, Entity, str]]:
    """'Hamburg und Dresden gehören zu den Partnerstädten von Sankt Petersburg'."""
    of = ctx.lex.connector("of")
    if not of:
        return []
    out = []
    for cue in cues.agreements:
        start, end = _abs(s, cue)
        m = of.match(ctx.text, end + 1) if ctx.text[end:end + 1] == " " else None
        if not m:
            continue
        listed = _distinct(_list_after(ctx, m.end(), s, parties))
        before = [e for e in parties if e.end <= start]
        if not listed or not before:
            continue
        first = before[0]
        members = _distinct([e for e in _list_after(ctx, first.start, s, parties) if e.end <= start])
        if len(members) == 1 and len(listed) > 1:
            # "X har vänorter i A, B och C": one subject, the list after the term its partners
            out += [(members[0], b, "construction") for b in listed]
        else:
            out += [(a, listed[0], "construction") for a in members]
    return out


def _home_in_list(ctx: Context, s: Sentence, parties: list[Entity]) -> list[tuple[Entity, Entity, str]]:
    """'A, B, C and Randers are twin towns' on Randers' own page: the publisher is the one
    town each of the others is twinned with."""
    cities = [e for e in parties if e.place.kind == "city"]
    if ctx.home is None or len(_distinct(cities)) < 3:
        return []
    home = [e for e in cities if e.place.key == ctx.home.key]
    others = [e for e in cities if e.place.key != ctx.home.key]
    if not home or len(_distinct(others)) < 2:
        return []
    # the others one list, with the home town in it or beside it ("…with Aiud, the others being A, B, C")
    listed = _distinct(_list_after(ctx, others[0].start, s, cities))
    if {e.place.key for e in _distinct(others)} - {e.place.key for e in listed}:
        return []
    return [(home[0], e, "construction") for e in _distinct(others)]


# "Kyiv’s new sister cities", "Kyivs nye venskabsbyer": a possessor, a few adjectives, the term.
_POSSESSIVE_GAP = re.compile(r"^(['’ʼ]s?)?[ \u00a0]+(?:[^\W\d_]+[ \u00a0]+){0,2}$")


def _possessive(e: Entity, gap: str) -> bool:
    """'Kyiv’s new …' or a genitive 'Kyivs nye …', then at most two words before the term."""
    m = _POSSESSIVE_GAP.match(gap)
    if not m:
        return False
    genitive = e.surface.lower().endswith("s") and fold_key(e.surface) != fold_key(e.place.name)
    return bool(m.group(1)) or genitive


def _possessor_of_term(ctx: Context, s: Sentence, cues: Cues, parties: list[Entity]) -> list[tuple[Entity, Entity, str]]:
    """'Paris, Hamburg and Madrid became Kyiv’s new sister cities': the list before a town
    that owns the term are that town's partners."""
    out = []
    for cue in cues.agreements:
        start, _ = _abs(s, cue)
        owners = [e for e in parties if e.end <= start and _possessive(e, ctx.text[e.end:start])]
        if not owners:
            continue
        owner = owners[-1]
        before = [e for e in parties if e.end <= owner.start and e.place.key != owner.place.key]
        if not before:
            continue
        gap = ctx.text[before[-1].end:owner.start]
        if not _WORDS.findall(gap) or re.search(r"[.;:!?]", gap):
            continue  # "A and Kyiv's …" is a coordination, not a list of partners
        members = _distinct([e for e in _list_after(ctx, before[0].start, s, before) if e.end <= owner.start])
        out += [(owner, m, "construction") for m in members]
    return out


def _group_of_towns(ctx: Context, s: Sentence, cues: Cues, parties: list[Entity]) -> list[tuple[Entity, Entity, str]]:
    """'Karlskrona, Horten, Lovisa og Ólafsfjörður' at a twin-town meeting: three or more towns
    in one list with a partnership word and nothing else linking them are one group of
    twin towns (Nordic chains), each pair of them partners."""
    cities = _distinct([e for e in parties if e.place.kind == "city"])
    if len(cities) < 3 or not cues.agreements:
        return []
    listed = _distinct(_list_after(ctx, cities[0].start, s, [e for e in parties if e.place.kind == "city"]))
    if len(listed) != len(cities) or _after_with(ctx, s, cities[0].start):
        return []  # "з містами-побратимами A, B, C": the objects of "with" are someone else's partners
    return [(a, b, "construction") for a, b in combinations(listed, 2)]


def _after_with(ctx: Context, s: Sentence, position: int) -> bool:
    """Does a "with" open the stretch of the sentence just before `position`?"""
    pattern = ctx.lex.connector("with")
    head = ctx.text[s.start:position]
    return bool(pattern) and any(len(head) - m.end() <= FIRST_PARTY_CHARS and not re.search(r"[.;:!?]", head[m.end():])
                                 for m in pattern.finditer(head))


def _coordinated(ctx: Context, s: Sentence, parties: list[Entity]) -> list[tuple[Entity, Entity, str]]:
    """'København og Kyiv har indgået …': two parties joined by 'and', and no third one."""
    and_word = ctx.lex.connector("and")
    if not and_word or len(_distinct(parties)) != 2 or _after_with(ctx, s, parties[0].start):
        return []
    for a, b in zip(parties, parties[1:]):
        gap = ctx.text[a.end:b.start]
        # "Gent en het Japanse Kanazawa": the and-word, perhaps an article and a country adjective
        if len(gap) <= LIST_GAP_CHARS and and_word.search(gap) and not re.search(r"[.;:!?,]", gap) \
                and a.place.key != b.place.key and not _has_verb_like_gap(ctx, gap):
            return [(a, b, "construction")]
    return []


def _antecedents(ctx: Context, s: Sentence, before: int | None = None) -> tuple[Entity, Entity] | None:
    """'the two cities': the two most recent distinct cities before the reference."""
    limit = before if before is not None else s.start
    window_start = ctx.sentences[max(0, s.index - CONTEXT_SENTENCES)].start
    recent: list[Entity] = []
    for e in reversed([e for e in ctx.entities if window_start <= e.start < limit]):
        if e.place.kind not in ("city", "group") or _is_institution(ctx, e):
            continue
        if all(r.place.key != e.place.key for r in recent):
            recent.append(e)
        if len(recent) == 2:
            # "the twin towns" after a sentence naming more towns than two is that list's
            # partnerships again, not a pair of its last two
            # or to one town per line of a list
            sentence = ctx.sentences[sentence_index(ctx, recent[0].start)]
            named = _distinct([x for x in _sentence_entities(ctx, sentence) if x.place.kind in ("city", "group")])
            one_per_line = len(named) == 1 and sentence_index(ctx, recent[1].start) != sentence.index
            return None if len(named) > 2 or one_per_line and _line_list(ctx, sentence) else (recent[1], recent[0])
    return None


def _line_list(ctx: Context, sentence: Sentence) -> bool:
    """Is the sentence a short line that names one place, between others like it?"""
    def short_place_line(x: Sentence) -> bool:
        own_line = (x.start == 0 or ctx.text[x.start - 1] == "\n") and ctx.text[x.end:x.end + 1] in ("", "\n")
        return own_line and len(x.text) <= LIST_LINE_CHARS and len(_sentence_entities(ctx, x)) >= 1
    neighbours = ctx.sentences[max(0, sentence.index - 1):sentence.index + 2]
    return short_place_line(sentence) and sum(short_place_line(x) for x in neighbours) >= 2


def sentence_index(ctx: Context, position: int) -> int:
    """The index of the sentence that holds (or last started before) a text position."""
    return max(0, bisect.bisect_right(ctx.sentence_starts, position) - 1)


def _previous_sentence_pair(ctx: Context, s: Sentence) -> tuple[Entity, Entity] | None:
    """The mayors of A and B met. They signed a twinning agreement."""
    if s.index == 0:
        return None
    prev = ctx.sentences[s.index - 1]
    if prev.paragraph != s.paragraph:
        return None
    distinct = _distinct([e for e in _sentence_entities(ctx, prev) if e.place.kind in ("city", "group")])
    return (distinct[0], distinct[1]) if len(distinct) == 2 else None
