"""Place entities of a document: gazetteer mentions cleaned of persons and qualifiers,
ranked by the document's country context, plus groups of cities and capital references.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import lru_cache

from citypact.analyse.common_words import is_common_word, zipf
from citypact.analyse.sentences import Sentence
from citypact.gazetteer.build import EUROPE
from citypact.gazetteer.keys import fold_key
from citypact.lexicon import Lexicon, NameWordEndings
from citypact.models import Place, PlaceMention

# A word at a word start; callers keep those whose first letter is upper-case in any script.
_WORD = re.compile(r"(?<![\w’'ʼ\-])[^\W\d_][\w’'ʼ\-]*")


def _capitalised_words(text: str):
    return (m for m in _WORD.finditer(text) if m.group(0)[0].isupper())
_SEPARATOR = re.compile(r"^(?:[ \u00a0]*[,/][ \u00a0]*|[ \u00a0]*[-–—][ \u00a0]*)$")
# Group member lists: how far after the group noun the first member may start, and
# how much text may separate members ("Ґданськ, Ґдиня та Сопот").
GROUP_LEAD_CHARS = 40
MEMBER_GAP_CHARS = 12
# A line whose long words are capitalised at least this often is a title-case headline,
# where capitalised neighbours say nothing about person names.
TITLE_CASE_SHARE = 0.8
# A place flagged as part of a person's name makes its other mentions person names too,
# unless it is a city this big (then "Paris Hilton" does not unmake Paris elsewhere).
PERSON_PROPAGATION_MAX_POPULATION = 1_000_000
_OPENING_QUOTES = "\"“„«‘‚'"
# A city named by its adjective must be at least this big (smaller names collide with words).
ADJECTIVE_MIN_POPULATION = 20000
# The same for a case form found with a language's own endings.
INFLECTED_MIN_POPULATION = 10000
# More place names than this in one document is a list or a dump, not a report: skipped.
MAX_PLACE_MENTIONS = 5000
# A candidate in the language's home country wins over a bigger namesake elsewhere only when
# it has at least this share of its population (Valencia ES over VE, not Paris TX over FR).
HOME_SHARE = 0.1
# A town outside Europe smaller than this needs its country named in the text.
FAR_TOWN_MAX_POPULATION = 100_000
# Country cue ("польським містом", "the Polish city of") this close before a name.
COUNTRY_CUE_CHARS = 30


@dataclass(frozen=True)
class Entity:
    start: int
    end: int
    surface: str
    place: Place
    via: str = "name"  # name | group | capital
    # the other places the name could be, best first (for explanations, not for matching)
    alternatives: tuple[Place, ...] = field(default=(), compare=False, repr=False)


@dataclass
class DocumentPlaces:
    entities: list[Entity]
    countries: list[tuple[int, int, str]]  # (start, end, ISO2) of country names and adjectives
    persons: list[tuple[int, int]]  # spans of person names that matched place names
    context_countries: list[str] = field(default_factory=list)


class TooManyPlaces(ValueError):
    """A text that names more places than any report of partnerships does (a gazetteer dump)."""


def find_places(text: str, sentences: list[Sentence], lex: Lexicon, gz) -> DocumentPlaces:
    mentions = gz.scan(text)
    if len(mentions) > MAX_PLACE_MENTIONS:
        raise TooManyPlaces(f"{len(mentions)} place names (more than {MAX_PLACE_MENTIONS})")
    countries = _country_spans(text, mentions, lex)
    context = [c for c, _ in Counter(code for _, _, code in countries).most_common()]
    adjectives = _SpanIndex([(start, end) for start, end, _ in countries])
    # 'Ukrajinské město', 'українське місто': a country's adjective is not a town of that name
    places = [m for m in mentions if m.place.kind != "country" and not _covered(adjectives, m.start, m.end)]
    persons = _person_spans(text, places, sentences, lex, adjectives)
    places = [m for m in places if (m.start, m.end) not in persons]
    places = _drop_parenthesised_qualifiers(text, places)
    places = _with_multiword_forms(text, places, lex, gz)
    places = [_with_home_case_forms(m, lex, gz) for m in places]
    places += _lexicon_forms(text, places + [m for m in mentions if m.place.kind == "country"], countries, lex, gz)
    places = [m for m in places if not _is_lexicon_word(m.surface, lex)
              and not _common_word_abroad(text, m, lex) and not _after_street_word(text, m, lex)]
    places = _inside_lexicon_terms(text, places, lex)
    ranked = [_rank(text, m, countries, context, lex.home_countries, gz) for m in places]
    entities = [e for e in _distinct_names_distinct_places(ranked) if not _far_and_unsupported(e, context, lex)]
    entities += _small_places(text, sentences, entities, countries, sorted(persons), lex, gz)
    entities = [_as_district(text, e, lex) for e in sorted(entities, key=lambda e: e.start)
                if not _names_its_region(text, e, lex)]
    entities = _groups(text, entities, lex)
    entities.extend(_capitals(text, lex, countries, gz))
    entities.sort(key=lambda e: e.start)
    return DocumentPlaces(entities, countries, sorted(persons), context)


def _country_spans(text: str, mentions: list[PlaceMention], lex: Lexicon) -> list[tuple[int, int, str]]:
    spans = [(m.start, m.end, m.place.country or "") for m in mentions if m.place.kind == "country"]
    spans.extend(lex.scan("country_adjectives", text))
    return sorted(s for s in spans if s[2])


def _words_around(text: str, start: int, end: int) -> tuple[re.Match[str] | None, re.Match[str] | None]:
    before = re.search(r"(\S+)[ \u00a0]$", text[max(0, start - 40):start])
    after = re.match(r"[ \u00a0](\S+)", text[end:end + 40])
    return before, after


def _is_title_case_line(text: str, pos: int) -> bool:
    line_start = text.rfind("\n", 0, pos) + 1
    line_end = text.find("\n", pos)
    words = re.findall(r"\w+", text[line_start:line_end if line_end >= 0 else len(text)])
    long_words = [w for w in words if len(w) > 3]
    return len(long_words) >= 3 and sum(w[0].isupper() for w in long_words) / len(long_words) > TITLE_CASE_SHARE


def _person_spans(text: str, places: list[PlaceMention], sentences: list[Sentence], lex: Lexicon,
                  countries: _SpanIndex) -> set[tuple[int, int]]:
    """Place names that are part of a person's name (Anne Hidalgo, Nelson Mandela); a country's
    name or adjective next to a place is not a name part ('het Russische Jaroslavl')."""
    place_spans = {(m.start, m.end) for m in places}
    by_span = {(m.start, m.end): m for m in places}
    with_case = lex.with_case_endings  # "Pécs Eszékkel": a partner in the with-case, not a surname
    place_index = _SpanIndex(place_spans)
    starts = {s.start for s in sentences}
    roles = lex.pattern("roles")
    nouns = [p for p in (lex.concept("references").get("city_noun"), lex.concept("references").get("region_noun")) if p]
    nouns += list(lex.concept("group_nouns").values())
    # capitalised common nouns (German) that are lexicon terms are never name parts
    for section in ("agreement", "weak_agreement", "status", "themes", "not_partnership", "doc_type"):
        nouns += list(lex.concept(section).values())
    nouns += [p for p in (lex.pattern("anaphora"), lex.pattern("boilerplate")) if p]
    nouns.append(_organisation_words())

    def is_name_word(word: str, pos: int) -> bool:
        bare_word = word.strip(",.;:()\"'«»")
        if not _WORD.fullmatch(bare_word) or not bare_word[:1].isupper() or len(word) < 2:
            return False
        bare = word.strip(",.;:()\"'«»")
        if any(p.fullmatch(bare) for p in nouns) or (roles and roles.fullmatch(bare)):
            return False
        if any(p.match(text, pos) for p in nouns):
            return False  # the first word of a term ("Sister City Partnership", "Twin Towns")
        if not any(ch.islower() for ch in bare[1:]):
            return False
        return not _covered(place_index, pos, pos + 1) and not _covered(countries, pos, pos + 1)

    persons: set[tuple[int, int]] = set()
    side_by_side: set[tuple[int, int]] = set()  # weak evidence ("stedenband Groningen Moermansk"): not spread
    title_case: dict[int, bool] = {}  # by line start: a long line is looked at once
    for m in places:
        line_start = text.rfind("\n", 0, m.start) + 1
        if line_start not in title_case:
            title_case[line_start] = _is_title_case_line(text, m.start)
        if title_case[line_start]:
            continue
        if m.start and text[m.start - 1] in _OPENING_QUOTES:
            continue  # a quoted title ('"Kyiv Fryser"'), not a person
        before, after = _words_around(text, m.start, m.end)
        person = False
        if after and not re.search(r"[,.;:)]$", text[m.start:m.end]) and not after.group(1).startswith(("(", "[")) \
                and not (with_case and after.group(1).lower().rstrip(",.;:").endswith(with_case)) \
                and is_name_word(after.group(1), m.end + 1):
            person = True
        next_word = after.group(1).rstrip(",.;:") if after else ""
        neighbour = by_span.get((m.end + 1, m.end + 1 + len(next_word))) if next_word else None
        if neighbour is not None and next_word[0].isupper() and _uninflected(neighbour):
            person = True  # two place names side by side with no separator: First Last
            side_by_side.add((m.start, m.end))
        if _role_ends_at(text, m.start, roles):
            # "Prezydent Lublina Krzysztof Żuk": a city between a role and a name is the
            # role's city; "Mayor Hidalgo" with no name after it is a person
            if not (after and is_name_word(after.group(1), m.end + 1)):
                persons.add((m.start, m.end))
            continue
        if before and not person:
            word_start = m.start - len(before.group(0))
            word = before.group(1)
            if word_start not in starts and is_name_word(word, word_start) and not word.endswith((",", ".", ":")):
                person = True
        if person:
            persons.add((m.start, m.end))
    # the same surname again on its own ("Hidalgo said"); a big city's name is a city elsewhere
    person_surfaces = {m.surface for m in places if (m.start, m.end) in persons - side_by_side
                       and (m.place.population or 0) < PERSON_PROPAGATION_MAX_POPULATION}
    persons |= {(m.start, m.end) for m in places if m.surface in person_surfaces}
    return persons


@lru_cache(maxsize=1)
def _organisation_words() -> re.Pattern[str]:
    """Words of organisation names shared by all languages (lexicon/base.yaml)."""
    from citypact import lexicon

    return lexicon.compile_terms([str(w) for w in lexicon.base().get("organisation_words") or []])


def _uninflected(m: PlaceMention) -> bool:
    """Is the mention a place's name as such, not a case form ('Debrecennel')?"""
    key = fold_key(m.surface)
    return any(fold_key(p.name) == key for p in m.candidates)


def _role_ends_at(text: str, pos: int, roles: re.Pattern[str] | None) -> bool:
    if roles is None:
        return False
    window = text[max(0, pos - 60):pos].rstrip()
    return any(r.end() == len(window) for r in roles.finditer(window))


class _SpanIndex:
    """Sorted spans for overlap look-ups in O(log n) (a text may name thousands of places)."""

    def __init__(self, spans) -> None:
        self.spans = sorted(spans)
        self.starts = [s for s, _ in self.spans]
        # the furthest end reached by any span up to each position in the sorted list
        self.reach: list[int] = []
        furthest = -1
        for _, e in self.spans:
            furthest = max(furthest, e)
            self.reach.append(furthest)


def _covered(index: _SpanIndex, start: int, end: int) -> bool:
    """Does any span overlap [start, end)?"""
    import bisect

    i = bisect.bisect_left(index.starts, end) - 1
    return i >= 0 and index.reach[i] > start


def _lexicon_forms(text: str, taken: list[PlaceMention], countries, lex: Lexicon, gz) -> list[PlaceMention]:
    """Place names the gazetteer's generic endings miss, found with the language's own endings:
    case forms ('Oulun' → Oulu, 'Kauno' → Kaunas, 'Pihkvaga' → Pihkva) and city adjectives
    ('Der Düsseldorfer Stadtrat', 'Тернопільської міської ради').

    Only places of some size count (small ones collide with ordinary words), and an
    adjective before a region noun ('Житомирська область') names the region, not the city.
    """
    adjective_suffixes, case_endings = lex.city_adjective_suffixes, lex.case_endings
    restore = lex.nominative_endings or [""]
    if not adjective_suffixes and not case_endings:
        return []
    index = _SpanIndex([(m.start, m.end) for m in taken] + [(s, e) for s, e, _ in countries])
    region = lex.concept("references").get("region_noun")
    town_noun = lex.concept("references").get("city_noun")
    found = []
    for word in _capitalised_words(text):
        if _covered(index, word.start(), word.end()):
            continue
        surface = word.group(0).rstrip("-’'")
        candidates = _forms_lookup(surface, case_endings, restore, gz, INFLECTED_MIN_POPULATION,
                                   lex.stem_alternations)
        if not candidates and not (region and region.match(text, word.end() + 1)):
            # before a town noun ("Городнянської міської ради") the adjective surely names a town
            sure = bool(town_noun and town_noun.match(text, word.end() + 1))
            candidates = _forms_lookup(surface, adjective_suffixes, [""], gz, 0 if sure else ADJECTIVE_MIN_POPULATION)
        if candidates:
            found.append(PlaceMention(word.start(), word.start() + len(surface), surface, tuple(candidates)))
    return found


# Words of a place name in running text: letters with inner apostrophes; a space, no-break
# space or hyphen between words ("Slavonskog Broda", "Rostova-na-Donu").
_NAME_WORD = re.compile(r"[^\W\d_]+(?:[’'ʼ][^\W\d_]+)*")
_NAME_GAP = frozenset({" ", "\u00a0", "-"})


def _with_multiword_forms(text: str, places: list[PlaceMention], lex: Lexicon, gz) -> list[PlaceMention]:
    """Names of two or three words with every word in a case form ('Slavonskog Broda',
    'Бање Луке', 'Novega mesta', 'Nowego Sącza'), found with the language's endings of
    nouns and adjectives; they replace the shorter mentions they cover ('Sadom' → Sada)."""
    if not lex.case_endings:
        return places
    endings = lex.name_word_endings(fold_key)
    words = list(_NAME_WORD.finditer(text))
    found: list[PlaceMention] = []
    i = 0
    while i < len(words) - 1:
        mention, length = None, 1
        if words[i].group(0)[0].isupper() and _joined(text, words[i], words[i + 1]):
            mention, length = _multiword_at(text, words, i, endings, gz)
        if mention is not None:
            found.append(mention)
        i += length
    if not found:
        return places
    index = _SpanIndex([(m.start, m.end) for m in found])
    return [m for m in places if not _covered(index, m.start, m.end)] + found


@lru_cache(maxsize=200_000)
def _folded_word(word: str) -> str:
    """Words recur across documents; folding each once pays."""
    return fold_key(word)


def _joined(text: str, left: re.Match[str], right: re.Match[str]) -> bool:
    return right.start() - left.end() == 1 and text[left.end()] in _NAME_GAP


def _multiword_at(text: str, words: list[re.Match[str]], i: int, endings: NameWordEndings,
                  gz) -> tuple[PlaceMention | None, int]:
    """The longest multi-word name whose words the text's words at `i` are case forms of,
    and how many words it takes."""
    first = _folded_word(words[i].group(0))
    if not gz.multiword_first(first):
        return None, 1
    folded = [first, _folded_word(words[i + 1].group(0))]
    if i + 2 < len(words) and _joined(text, words[i + 1], words[i + 2]):
        folded.append(_folded_word(words[i + 2].group(0)))
    by_length: dict[int, list[Place]] = {}
    for key in gz.multiword_names(folded):
        name_words = key.split(" ")
        if len(name_words) > len(folded) or key == " ".join(folded[: len(name_words)]):
            continue  # exact names are the scanner's
        if all(_word_form_of(t, n, endings) for t, n in zip(folded, name_words)):
            found = by_length.setdefault(len(name_words), [])
            found.extend(p for p in gz.lookup(key) if p.kind != "country" and p not in found)
    for length in sorted(by_length, reverse=True):
        if by_length[length]:
            start, end = words[i].start(), words[i + length - 1].end()
            return PlaceMention(start, end, text[start:end], tuple(by_length[length])), length
    return None, 1


def _word_form_of(word: str, name_word: str, endings: NameWordEndings) -> bool:
    """'slavonskog' is a case form of 'slavonski', 'luci' of 'luka': the word minus a case
    ending, with the consonant the ending changed restored, plus a nominative ending is the
    name word; a stem keeps at least two letters."""
    if word == name_word:
        return True
    for cut in range(min(endings.longest, len(word) - 2) + 1):
        if (word[len(word) - cut:] if cut else "") not in endings.cases:
            continue
        stem = word[: len(word) - cut]
        for base in (stem, *(stem[: len(stem) - len(a)] + b for a, b in endings.alternations if stem.endswith(a))):
            if name_word.startswith(base) and name_word[len(base):] in endings.nominatives:
                return True
    return False


def _with_home_case_forms(m: PlaceMention, lex: Lexicon, gz) -> PlaceMention:
    """A name that is also a case form of a place in the language's home country, or of a
    bigger place than any it names, gets that place as a candidate too: Croatian 'Koprivnice'
    is Koprivnica (HR) in the genitive before it is Kopřivnice (CZ) without its diacritics,
    and 'Bučom' is Buča (Bucha, UA) before it is Buco (AO)."""
    if not lex.case_endings or " " in m.surface:
        return m
    heaviest = max((gz.weight(p) for p in m.candidates), default=0)
    forms = [p for p in _forms_lookup(m.surface, lex.case_endings, lex.nominative_endings or [""], gz,
                                      INFLECTED_MIN_POPULATION, lex.stem_alternations) if p not in m.candidates]
    bigger = [p for p in forms if gz.weight(p) > heaviest]
    at_home = [p for p in forms if p.country in lex.home_countries and p not in bigger]
    if not bigger and not at_home:
        return m
    return replace(m, candidates=(*bigger, *m.candidates, *at_home))


def _forms_lookup(surface: str, endings: list[str], restore: list[str], gz, min_population: int,
                  alternations: list[tuple[str, str]] = ()) -> list[Place]:
    lower = surface.lower()
    for ending in endings:
        if not lower.endswith(ending) or len(lower) - len(ending) < 3:
            continue
        stem = lower[: len(lower) - len(ending)]
        for base in (stem, *(stem[: len(stem) - len(a)] + b for a, b in alternations if stem.endswith(a))):
            for tail in restore:
                places = [p for p in gz.lookup(base + tail) if p.kind == "city" and p.population >= min_population]
                if places:
                    return places
    return []


def _drop_parenthesised_qualifiers(text: str, places: list[PlaceMention]) -> list[PlaceMention]:
    """'Noblesville (Indiana, USA)': a place inside brackets right after a place qualifies it."""
    out = []
    for m in places:
        open_at = text.rfind("(", 0, m.start)
        close_at = text.rfind(")", 0, m.start)
        if open_at > close_at and open_at >= 0:
            head = text[max(0, open_at - 3):open_at].strip()
            before_paren = [p for p in places if p.end <= open_at and open_at - p.end <= 2]
            if before_paren or not head:
                continue
        out.append(m)
    return out


def _distinct_names_distinct_places(ranked: list[tuple[Entity, list[Place]]]) -> list[Entity]:
    """Two different names in one text are two places unless nothing else fits: 'Dubrovnik
    and Ragusa', 'Komárno a Komárom' name twin towns, though each second name is also the
    first town's name in a neighbour's language. A place written with its own name (or
    with the only name that fits) is taken; another name for it moves to its next candidate."""
    def identity(place: Place) -> tuple[str, str]:
        return fold_key(place.name), place.country or ""  # GeoNames may hold a town twice

    named: dict[tuple[str, str], set[str]] = {}
    for entity, alternatives in ranked:
        surface = fold_key(entity.surface)
        if len(alternatives) == 1 or surface == fold_key(entity.place.name):
            named.setdefault(identity(entity.place), set()).add(surface)
    out = []
    for entity, alternatives in ranked:
        surface = fold_key(entity.surface)
        taken = named.get(identity(entity.place), set())
        if len(alternatives) > 1 and taken and surface not in taken:
            own = [p for p in alternatives if fold_key(p.name) == surface and identity(p) not in named]
            if own:
                entity = replace(entity, place=own[0])
        out.append(entity)
    return out


def _rank(text: str, m: PlaceMention, countries, context: list[str], home: list[str],
          gz) -> tuple[Entity, list[Place]]:
    """The best candidate: a country cue next to the name, then the document's countries,
    then prominence; the language's home countries only among candidates of similar size.
    The other candidates follow, in order."""
    if len(m.candidates) == 1:
        return Entity(m.start, m.end, m.surface, m.candidates[0]), list(m.candidates)
    cue = [code for s, e, code in countries if 0 <= m.start - e <= COUNTRY_CUE_CHARS]
    after = [code for s, e, code in countries if 0 <= s - m.end <= 25 and "(" in text[m.end:s]]
    local = cue[-1:] + after[:1]
    ranked = gz.rank(list(m.candidates), local + [c for c in context if c not in local])
    if local and ranked[0].country not in local:
        in_local = [p for p in ranked if p.country in local]
        ranked = in_local + [p for p in ranked if p.country not in local]
    best = ranked[0]
    if best.country not in local + context:
        at_home = [p for p in ranked if p.country in home and p.population >= HOME_SHARE * best.population]
        if at_home:
            best = at_home[0]
    alternatives = [best, *(p for p in ranked if p != best)]
    return Entity(m.start, m.end, m.surface, best, alternatives=tuple(alternatives[1:])), alternatives


def _lexicon_patterns(lex: Lexicon) -> list[re.Pattern[str]]:
    def make() -> list[re.Pattern[str]]:
        patterns = list(lex.concept("references").values()) + list(lex.concept("group_nouns").values())
        patterns += [p for p in (lex.pattern("roles"), lex.pattern("anaphora")) if p]
        for section in ("agreement", "weak_agreement", "status", "not_partnership"):
            patterns += list(lex.concept(section).values())
        return patterns

    return lex._compiled("patterns", "non_place_terms", make)


# A name of one to three capitalised words, perhaps joined by a short lower-case word
# ("Police nad Metují", "Celle di Bulgheria", "Väike-Maarja").
_SMALL_NAME = re.compile(r"(?<![\w’'ʼ\-])[^\W\d_a-zà-ÿ][\w’'ʼ]*(?:(?:[ \u00a0\-]+[a-zà-ÿ]{1,4})?[ \u00a0\-]+"
                         r"[^\W\d_a-zà-ÿ][\w’'ʼ]*){0,2}")
# How the country may follow a small place: "X (Norge)", "X, Danmark", "X – Germania", "X i Polen".
_COUNTRY_AFTER = re.compile(r"^[ \u00a0]*(?:[(,–—-][ \u00a0]*|[^\W\d_]{1,3}[ \u00a0]+)$")
COUNTRY_AFTER_CHARS = 12
# A one-word small place this common a word of the text's language is that word.
SMALL_COMMON_ZIPF = 3.0
# ... and at home, where the press names its own small towns often.
SMALL_HOME_COMMON_ZIPF = 4.0


def _small_places(text: str, sentences: list[Sentence], taken: list[Entity], countries, persons,
                  lex: Lexicon, gz) -> list[Entity]:
    """Villages and small towns (below the gazetteer's size) where the text supports them:
    the place's country named right after it ("Oppdal (Norge)", "Krk, Hrvatska"), or a
    partnership sentence of the language's own country naming it."""
    if not hasattr(gz, "small"):
        return []
    index = _SpanIndex([(e.start, e.end) for e in taken] + [(a, b) for a, b, _ in countries] + list(persons))
    terms = [p for p in (*lex.concept("agreement").values(), *lex.concept("weak_agreement").values()) if p]
    country_starts = sorted(a for a, _, _ in countries)
    sentence_starts = [x.start for x in sentences]

    def sentence_of(position: int) -> int:
        i = bisect.bisect_right(sentence_starts, position) - 1
        return sentences[i].index if i >= 0 else -1

    # one pass of the terms over the text, not one per sentence
    cue_sentences = {sentence_of(m.start()) for p in terms for m in p.finditer(text)}

    out: list[Entity] = []
    for m in _SMALL_NAME.finditer(text):
        i = bisect.bisect_left(country_starts, m.end())
        country_near = i < len(country_starts) and country_starts[i] - m.end() <= COUNTRY_AFTER_CHARS
        if not country_near and sentence_of(m.start()) not in cue_sentences:
            continue  # no support anywhere: skip the look-ups
        for start, end in _sub_spans(m.group(0), m.start()):
            if _covered(index, start, end):
                continue
            surface = text[start:end]
            places = gz.small(surface)
            if not places or _is_lexicon_word(surface, lex):
                continue
            after = [code for a, _, code in countries if 0 <= a - end <= COUNTRY_AFTER_CHARS
                     and _COUNTRY_AFTER.match(text[end:a])]
            place = next((p for p in places if p.country in after), None)
            if place is None and sentence_of(start) in cue_sentences:
                place = next((p for p in places if p.country in lex.home_countries), None)
            if place is not None and " " not in surface and "-" not in surface and zipf(surface.lower(), lex.code) >= (
                    SMALL_HOME_COMMON_ZIPF if place.country in lex.home_countries else SMALL_COMMON_ZIPF):
                continue  # a word of the language (a village's name is rarer still, abroad)
            if place is not None:
                out.append(Entity(start, end, surface, place, "small"))
                break
    return out


def _sub_spans(name: str, offset: int):
    """The whole name, then shorter names at its start and its end, longest first."""
    words = [(w.start(), w.end()) for w in re.finditer(r"[^ \u00a0]+", name)]
    spans = []
    for i in range(len(words)):
        for j in range(len(words), i, -1):
            spans.append((offset + words[i][0], offset + words[j - 1][1]))
    return sorted(set(spans), key=lambda s: (s[0] - s[1], s[0]))


def _names_its_region(text: str, e: Entity, lex: Lexicon) -> bool:
    """'Vitebskas apgabals', 'Lviv region': a town's name before a region noun names the
    region, which is no city party."""
    region = lex.concept("references").get("region_noun")
    return bool(region and e.place.kind == "city" and text[e.end:e.end + 1] in (" ", "\u00a0")
                and region.match(text, e.end + 1))


def _as_district(text: str, e: Entity, lex: Lexicon) -> Entity:
    """'Jelgavas novads', 'Telšių rajono savivaldybė': the municipality or district named
    after a town is a party of its own (Jelgava Municipality), not the town."""
    nouns = lex.concept("district_nouns")
    if not nouns or e.place.kind != "city" or text[e.end:e.end + 1] not in (" ", "\u00a0"):
        return e
    best = None
    for suffix, pattern in nouns.items():
        m = pattern.match(text, e.end + 1)
        if m and (best is None or m.end() > best[1].end()):
            best = (suffix, m)
    if best is None:
        return e
    suffix, m = best
    place = Place(None, f"{e.place.name} {suffix}", e.place.country, e.place.lat, e.place.lon, 0, "city")
    return Entity(e.start, m.end(), text[e.start:m.end()], place, e.via)


@lru_cache(maxsize=1)
def _street_words() -> frozenset[str]:
    from citypact import lexicon

    return lexicon.base_words("street_words")


def _after_street_word(text: str, m: PlaceMention, lex: Lexicon) -> bool:
    """'Passeig de Sant Antoni', 'Rua de Lisboa', 'вулиця Київська': a street's name."""
    words = re.findall(r"\w+", text[max(0, m.start - 30):m.start])[-2:]
    if not words or text[m.start - 1:m.start] not in (" ", "\u00a0"):
        return False
    of = lex.connector("of")
    if len(words) == 2 and of is not None and of.fullmatch(words[1]):
        return words[0].lower() in _street_words()
    return words[-1].lower() in _street_words()


def _far_and_unsupported(e: Entity, context: list[str], lex: Lexicon) -> bool:
    """A one-word name of a small town outside Europe whose country the text never names
    ('Antonino', 'Marko' read as towns in Brazil or Somalia): European pages name such a
    partner's country. Names of several words are specific enough."""
    place = e.place
    return (place.kind == "city" and " " not in e.surface.strip() and place.country not in EUROPE and place.country not in lex.home_countries
            and place.country not in context and place.population < FAR_TOWN_MAX_POPULATION)


def _common_word_abroad(text: str, m: PlaceMention, lex: Lexicon) -> bool:
    """A frequent word of the language that names a small town abroad ('Norden' in Danish,
    'Durante' in Spanish). The language's own towns are frequent words in its press."""
    if m.place.country in lex.home_countries or m.place.kind != "city":
        return False
    return is_common_word(m.surface, m.place.population, lex.code) and not _after_city_noun(text, m, lex)


def _after_city_noun(text: str, m: PlaceMention, lex: Lexicon) -> bool:
    """'Stadt Hof', 'Câmara Municipal de Batalha': a town noun right before the name, or
    before an of-word before it, makes it a name."""
    noun = lex.concept("references").get("city_noun")
    if noun is None:
        return False
    words = re.findall(r"\w+", text[max(0, m.start - 40):m.start])[-2:]
    if words and noun.fullmatch(words[-1]):
        return True
    of = lex.connector("of")
    return len(words) == 2 and bool(of and of.fullmatch(words[1]) and noun.fullmatch(words[0]))


def _is_lexicon_word(surface: str, lex: Lexicon) -> bool:
    """'Grad', 'Gradsko', 'Dome', 'Orașul': a word of the language's lexicon is not a place name."""
    word = surface.lower()
    return any(p.fullmatch(word) for p in _lexicon_patterns(lex))


# How far around a name a lexicon term holding it is looked for.
TERM_REACH_CHARS = 80


def _inside_lexicon_terms(text: str, places: list[PlaceMention], lex: Lexicon) -> list[PlaceMention]:
    """'Міський голова', 'Gradsko vijeće': a name inside a term of the lexicon (a role, a
    reference, an agreement word) is that term's word, not a place. Only names that are a
    word of some term are looked at, in a window around them."""
    words, stems = _term_words(lex)
    out = []
    for m in places:
        word = m.surface.lower()
        if (word in words or word.startswith(stems)) and _in_a_term(text, m, lex):
            continue
        out.append(m)
    return out


def _term_words(lex: Lexicon) -> tuple[frozenset[str], tuple[str, ...]]:
    """The words of the lexicon's role, reference and agreement terms, and their stems ('міськ*')."""
    def make() -> tuple[frozenset[str], tuple[str, ...]]:
        terms: list[str] = list(lex.raw.get("roles") or []) + list(lex.raw.get("anaphora") or [])
        for section in ("references", "group_nouns", "agreement", "weak_agreement", "status", "not_partnership"):
            for values in (lex.raw.get(section) or {}).values():
                terms.extend(values)
        words = {w.lower() for t in terms for w in str(t).split() if not w.endswith("*")}
        stems = {w.lower().rstrip("*") for t in terms for w in str(t).split() if w.endswith("*") and len(w) > 3}
        return frozenset(words), tuple(sorted(stems))

    return lex._compiled("words", "terms", make)


def _in_a_term(text: str, m: PlaceMention, lex: Lexicon) -> bool:
    start = max(0, m.start - TERM_REACH_CHARS)
    window = text[start:m.end + TERM_REACH_CHARS]
    a, b = m.start - start, m.end - start
    return any(t.start() <= a and b <= t.end() for p in _lexicon_patterns(lex) for t in p.finditer(window))


def _groups(text: str, entities: list[Entity], lex: Lexicon) -> list[Entity]:
    """A group noun followed by member cities ('Metropolia … Gdańsk, Gdynia i Sopot') is one party."""
    consumed: set[int] = set()
    groups: list[Entity] = []
    for concept, pattern in lex.concept("group_nouns").items():
        for gm in pattern.finditer(text):
            members: list[int] = []
            for i, ent in enumerate(entities):
                if ent.start < gm.end() or i in consumed or ent.place.kind != "city":
                    continue
                if not members:
                    if ent.start - gm.end() > GROUP_LEAD_CHARS or re.search(r"[.;:!?\n]", text[gm.end():ent.start]):
                        break
                    members.append(i)
                    continue
                gap = text[entities[members[-1]].end:ent.start]
                and_word = lex.connector("and")
                gap_ok = len(gap) <= MEMBER_GAP_CHARS and "\n" not in gap and (
                    _SEPARATOR.match(gap) or (and_word and and_word.search(gap)) or "," in gap
                )
                if not gap_ok:
                    break
                members.append(i)
            if len(members) < 2:
                continue
            member_places = tuple(entities[i].place for i in members)
            countries = {p.country for p in member_places}
            name = "-".join(p.name for p in member_places) + " " + concept.capitalize()
            group = Place(None, name, countries.pop() if len(countries) == 1 else None,
                          _mean([p.lat for p in member_places]), _mean([p.lon for p in member_places]),
                          sum(p.population for p in member_places), "group", member_places)
            end = entities[members[-1]].end
            groups.append(Entity(gm.start(), end, text[gm.start():end], group, "group"))
            consumed.update(members)
    return [e for i, e in enumerate(entities) if i not in consumed] + groups


def _mean(values: list[float | None]) -> float | None:
    real = [v for v in values if v is not None]
    return sum(real) / len(real) if real else None


def _capitals(text: str, lex: Lexicon, countries, gz) -> list[Entity]:
    """'den ukrainska huvudstaden', 'the capital of Ukraine', 'Danmarks hovedstad' → that capital."""
    pattern = lex.concept("references").get("capital")
    if not pattern:
        return []
    out = []
    for m in pattern.finditer(text):
        before = [code for s, e, code in countries if 0 <= m.start() - e <= 12 and not re.search(r"[.,;]", text[e:m.start()])]
        after = [code for s, e, code in countries if 0 <= s - m.end() <= 6]
        codes = before[-1:] or after[:1]
        if not codes:
            continue
        capital = gz.capital_of(codes[0])
        if capital is not None:
            out.append(Entity(m.start(), m.end(), m.group(0), capital, "capital"))
    return out
