"""The gazetteer: load (or build once and cache) the index, scan texts for place
mentions with exact offsets, look names up, rank candidates.

Candidate lookup (`scan`, `candidates`, `lookup`) is kept apart from ranking by
context (`rank`), so the analysis layer decides with what it knows of the document.
"""

from __future__ import annotations

import bisect
import logging
import os
import pickle
import re
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from citypact.gazetteer.build import (
    ABBREVIATION,
    ALTERNATE,
    EUROPE,
    FORM_BITS,
    FORM_MASK,
    INFLECTED,
    KEY_LENGTH_BITS,
    MULTIWORD_PREFIX_CHARS,
    NAME,
    STEM,
    IndexData,
    abbreviation_form,
    artefact_name,
    build_index,
    default_override_path,
    multiword_prefix,
)
from citypact.gazetteer.keys import Folded, fold, fold_key
from citypact.models import Place, PlaceMention

log = logging.getLogger(__name__)

_LENGTH_MASK = (1 << KEY_LENGTH_BITS) - 1
_WORD_REST = re.compile(r"\w*")
_CYRILLIC_WORD = re.compile(r"^[\u0400-\u04FF'’ʼ]+$")
_ALT, _GENERATED, _ENDING = 1, 2, 4  # how the text reached a candidate
# A capital so marks a capital city in ranking by prominence.
CAPITAL_WEIGHT = 3
# Texts in European languages mostly name European places: a European namesake counts
# this much more (Salamanca ES over Salamanca MX, Valencia ES over Valencia VE).
EUROPE_WEIGHT = 2
# How much a candidate counts besides its prominence, by how the text reached it:
# a place whose main GeoNames name is the matched name counts more than one reached
# through an imported alternate name (Zaragoza ES over Tijuana, whose alternate
# names include "Zaragoza"; Kalmar SE over Colmar, alias "Kalmar"), an exact name
# more than a case form (Bucha over Buch + a), though a case form of a much bigger
# place wins (Оршы is Orsha, not Orchies, "Орши" in Russian). Among case forms, stems
# of alternate names collide more often (Trnavy is Trnava, not Tirana).
# Generated case forms (pymorphy3) are as sure as names; a name + ending or a stem is a
# guess, never preferred to an exact name, and a capital counts no more there.
QUALITY_WEIGHT = {  # by the _ALT | _GENERATED | _ENDING bits of a candidate
    0: 4.0, _ALT: 1.0,
    _GENERATED: 2.0, _GENERATED | _ALT: 0.5,
    _ENDING: 1.0, _ENDING | _ALT: 0.05,
}
# A candidate in a context country is preferred only if it has at least this share of
# the first candidate's weight: a document naming Turkey does not make "Казань" the
# Turkish village rather than Kazan.
CONTEXT_SHARE = 0.05
# The longest ending tried when splitting a surface form into name + ending.
MAX_ENDING_CHARS = 5
# Names shorter than this are matched only without an ending.
MIN_INFLECTED_NAME_CHARS = 4
# What may stand between a sentence end and the next sentence's first word.
_SENTENCE_LEAD = re.compile(
    r"(?:(?:^|[.!?:;…\n•·–—-])[\s\"'«»“”„‘’()\[\]*]*|[\"«“„‘*(]\s*)$"
)
_LOOKBACK_CHARS = 12
# A lower-case particle this short may open a name ('s-Hertogenbosch).
MAX_PARTICLE_CHARS = 2


@dataclass(frozen=True)
class _Match:
    start: int  # key offsets, end exclusive, ending included
    end: int
    name_length: int
    exact: bool
    places: tuple[tuple[int, int], ...]  # (place index, bits _ALT | _GENERATED | _ENDING)

    @property
    def order(self) -> tuple[int, int, bool, int]:
        return (-(self.end - self.start), -self.name_length, not self.exact, self.start)


class Gazetteer:
    """Places (GeoNames cities, countries, US states, override regions and groups)."""

    def __init__(self, data: IndexData) -> None:
        self._d = data
        self._places = data.places
        self._by_id = {}
        for i, p in enumerate(data.places):
            if p.geonames_id is not None:
                self._by_id.setdefault(p.geonames_id, i)
        self._capital_ids = {data.places[i].geonames_id for i in data.capitals.values()}
        self._multiword_firsts: frozenset[str] | None = None
        # where `small` finds places below this gazetteer's size (set by `load`)
        self.min_population: int | None = None
        self.cache_dir: Path | None = None

    # ------------------------------------------------------------ loading

    @classmethod
    def load(cls, min_population: int = 5000, cache_dir: Path | str | None = None,
             overrides: Path | str | Sequence[Path | str] | None = None) -> Gazetteer:
        """Load the cached artefact for these inputs, building it on first use."""
        files = [default_override_path(), *_paths(overrides)]
        if cache_dir is None:
            from citypact.settings import get_settings

            cache_dir = get_settings().cache_dir
        path = Path(cache_dir) / artefact_name(min_population, files)
        data = _read_artefact(path)
        if data is None:
            data = build_index(min_population, files)
            _write_artefact(path, data)
        gazetteer = cls(data)
        gazetteer.min_population, gazetteer.cache_dir = min_population, Path(cache_dir)
        return gazetteer

    def small(self, name: str) -> tuple[Place, ...]:
        """European places smaller than this gazetteer's named `name`, biggest first
        (gazetteer/small.py); none for a gazetteer not loaded from a cache."""
        if self.cache_dir is None or self.min_population is None:
            return ()
        from citypact.gazetteer.small import small_places

        return small_places(self.min_population, str(self.cache_dir)).get(fold_key(name), ())

    # ------------------------------------------------------------ scanning

    def scan(self, text: str) -> list[PlaceMention]:
        """Every place mention, non-overlapping, longest first, with exact offsets."""
        folded = fold(text)
        matches = [m for m in self._matches(folded.key)
                   if self._capitalised(text, folded, m) and not self._common_word(text, folded, m)]
        matches = [m for m in (self._abbreviations(text, folded, m) for m in matches) if m]
        chosen = _non_overlapping(_merged(matches))
        mentions = []
        for m in chosen:
            start, end = folded.span(m.start, m.end)
            places = tuple(self._ordered(m.places))
            mentions.append(PlaceMention(start, end, text[start:end], places))
        return mentions

    def _matches(self, key: str) -> Iterable[_Match]:
        d = self._d
        n = len(key)
        for last, value in d.automaton.iter(key):
            length = value & _LENGTH_MASK
            start = last - length + 1
            if start > 0 and key[start - 1].isalnum():
                continue
            end = _WORD_REST.match(key, last + 1).end() if last + 1 < n else n
            suffix = key[last + 1:end]
            if suffix and length < MIN_INFLECTED_NAME_CHARS:
                continue
            places = self._accepted(d.entries[value >> KEY_LENGTH_BITS], suffix, key[last])
            if places:
                yield _Match(start, end, length, not suffix, places)

    def _accepted(self, entry: tuple[int, ...], suffix: str,
                  final: str) -> tuple[tuple[int, int], ...]:
        """(place, quality) of an entry's places whose form allows `suffix` after the key;
        abbreviations as -1 - place, checked against the surface later."""
        d = self._d
        full_ok = not suffix or suffix in d.endings or (final + suffix) in d.endings
        stem_ok = suffix in d.stem_endings and (bool(suffix) or final in d.bare_stem_finals)
        out = []
        for v in entry:
            form = v & FORM_MASK
            place = v >> FORM_BITS
            quality = (_ALT if v & ALTERNATE else 0) | (_ENDING if suffix else 0)
            if form == NAME and full_ok:
                out.append((place, quality))
            elif form == INFLECTED and full_ok:
                out.append((place, quality | (0 if suffix else _GENERATED)))
            elif form == STEM and stem_ok:
                out.append((place, quality | _ENDING))
            elif form == ABBREVIATION and not suffix:
                out.append((-1 - place, quality))
        return tuple(out)

    def _abbreviations(self, text: str, folded: Folded, m: _Match) -> _Match | None:
        """Keep abbreviation places only where the text writes them exactly so."""
        if all(i >= 0 for i, _ in m.places):
            return m
        start, end = folded.span(m.start, m.end)
        surface_ok = abbreviation_form(text[start:end]) in self._d.abbreviations
        places = tuple((i if i >= 0 else -1 - i, q) for i, q in m.places if i >= 0 or surface_ok)
        return replace(m, places=places) if places else None

    @staticmethod
    def _capitalised(text: str, folded: Folded, m: _Match) -> bool:
        """Names are capitalised in European languages: a lower-case word is no name."""
        first = text[folded.starts[m.start]]
        if not first.islower():
            return True
        name_end = min(m.start + MAX_PARTICLE_CHARS + 1, m.start + m.name_length - 1)
        space = folded.key.find(" ", m.start, name_end)
        return space > 0 and not text[folded.starts[space + 1]].islower()

    def _common_word(self, text: str, folded: Folded, m: _Match) -> bool:
        """A common word opening a sentence, or in capitals, is only capitalised; an
        inflected match that is itself a common word is none."""
        words = self._d.stopwords
        whole = folded.key[m.start:m.end]
        if whole in words and not m.exact:
            return True  # Sophie is no inflection of Sophia
        if folded.key[m.start:m.start + m.name_length] not in words and whole not in words:
            return False
        start, end = folded.span(m.start, m.end)
        if text[start:end].isupper():
            return True
        return bool(_SENTENCE_LEAD.search(text, max(0, start - _LOOKBACK_CHARS), start))

    # ------------------------------------------------------------ lookups

    def candidates(self, surface: str) -> list[Place]:
        """Candidate places for a surface form, inflected forms included, best first."""
        key = fold_key(surface)
        found: list[tuple[int, int]] = []
        value = self._d.automaton.get(key, None)
        if value is not None:
            exact = self._accepted(self._d.entries[value >> KEY_LENGTH_BITS], "", key[-1])
            found.extend((i if i >= 0 else -1 - i, q) for i, q in exact
                         if i >= 0 or abbreviation_form(surface) in self._d.abbreviations)
        for cut in range(len(key) - 1, max(len(key) - MAX_ENDING_CHARS, 2) - 1, -1):
            value = self._d.automaton.get(key[:cut], None)
            if value is not None:
                found.extend((i, q) for i, q in self._accepted(
                    self._d.entries[value >> KEY_LENGTH_BITS], key[cut:], key[cut - 1]) if i >= 0)
                if found:
                    break
        if found:
            return self._ordered(found)
        return self._lemma_candidates(surface)

    def _lemma_candidates(self, surface: str) -> list[Place]:
        """Fallback for Cyrillic case forms the index lacks: the noun lemmas."""
        if not _CYRILLIC_WORD.match(surface.strip()):
            return []
        from citypact.gazetteer.morph import lemmas

        for lemma in lemmas(surface.strip()):
            found = self.lookup(lemma)
            if found:
                return found
        return []

    def multiword_first(self, word: str) -> bool:
        """Can a name of several words start with this folded word (in some case form)?"""
        if self._multiword_firsts is None:
            self._multiword_firsts = frozenset(prefix.split(" ")[0] for prefix in self._d.multiword)
        return word[:MULTIWORD_PREFIX_CHARS[0]] in self._multiword_firsts

    def multiword_names(self, words: list[str]) -> tuple[str, ...]:
        """Keys of names of two or three words that may be these folded words in a case form."""
        return self._d.multiword.get(multiword_prefix(words), ())

    def lookup(self, name: str, country: str | None = None) -> list[Place]:
        """Places whose name (not an inflected form) folds to the key of `name`, those
        whose main name it is first."""
        value = self._d.automaton.get(fold_key(name), None)
        if value is None:
            return []
        found = [(v >> FORM_BITS, _ALT if v & ALTERNATE else 0)
                 for v in self._d.entries[value >> KEY_LENGTH_BITS]
                 if v & FORM_MASK in (NAME, ABBREVIATION)]
        places = self._ordered(found)
        if country:
            places = [p for p in places if p.country == country.upper()]
        return places

    def rank(self, candidates: Iterable[Place], context_countries: Iterable[str]) -> list[Place]:
        """Candidates in the context countries first (in context order), then in the
        given order, which `scan`, `candidates` and `lookup` make best first (exact
        before inflected, main name before alternate name, then weight). A context
        country lifts only candidates of some weight next to the first one."""
        order = {c.upper(): i for i, c in reversed(list(enumerate(context_countries)))}
        places = list(candidates)
        if not places:
            return []
        floor = CONTEXT_SHARE * self.weight(places[0])
        keyed = [(order.get(p.country or "", len(order)) if self.weight(p) >= floor else len(order),
                  i) for i, p in enumerate(places)]
        return [places[i] for _, i in sorted(keyed)]

    def weight(self, p: Place, capital: bool = True) -> float:
        """Prominence: population, more for a capital and for a European place."""
        w = p.population * (CAPITAL_WEIGHT if capital and p.geonames_id in self._capital_ids else 1)
        return w * (EUROPE_WEIGHT if p.country in EUROPE else 1)

    def _ordered(self, found: Iterable[tuple[int, int]]) -> list[Place]:
        """Places of (index, quality) pairs, best first by weight times the weight of
        the best way the text reached each (QUALITY_WEIGHT). Where the best is an exact
        name, case forms of other names are dropped, so that no context lifts them."""
        best: dict[int, int] = {}
        for i, q in found:
            if i not in best or QUALITY_WEIGHT[q] > QUALITY_WEIGHT[best[i]]:
                best[i] = q
        ranked = sorted(best.items(), key=lambda t: (
            -self.weight(self._places[t[0]], capital=not t[1] & _ENDING) * QUALITY_WEIGHT[t[1]],
            t[0]))
        if ranked and not ranked[0][1] & _ENDING:
            ranked = [(i, q) for i, q in ranked if not q & _ENDING]
        return [self._places[i] for i, _ in ranked]

    def by_id(self, geonames_id: int) -> Place | None:
        i = self._by_id.get(int(geonames_id))
        return None if i is None else self._places[i]

    def capital_of(self, country_code: str) -> Place | None:
        i = self._d.capitals.get(country_code.upper())
        return None if i is None else self._places[i]

    def country_name(self, code: str) -> str | None:
        i = self._d.countries.get((code or "").upper())
        return None if i is None else self._places[i].name

    def country_code(self, name: str) -> str | None:
        """ISO2 code of a country name in any European language, or of an ISO code."""
        code = self._d.country_keys.get(fold_key(name))
        if code:
            return code
        if name.upper() in self._d.countries:
            return name.upper()
        found = [p for p in self.candidates(name) if p.kind == "country"]
        return found[0].country if found else None

    @property
    def places(self) -> Sequence[Place]:
        return self._places


# ---------------------------------------------------------------- helpers



def _merged(matches: list[_Match]) -> list[_Match]:
    """One match per span: the candidates of every name that covers it (Твери is both
    a case form of Тверия and Тверь + ending), so ranking sees them all."""
    by_span: dict[tuple[int, int], _Match] = {}
    for m in matches:
        other = by_span.get((m.start, m.end))
        if other is None:
            by_span[(m.start, m.end)] = m
        else:
            by_span[(m.start, m.end)] = replace(
                other, name_length=max(other.name_length, m.name_length),
                exact=other.exact or m.exact, places=other.places + m.places)
    return list(by_span.values())


def _non_overlapping(matches: list[_Match]) -> list[_Match]:
    """Greedy: longest span first, then longest name, exact before inflected."""
    starts: list[int] = []  # the taken spans never overlap, so sorted starts give sorted ends
    ends: list[int] = []
    chosen = []
    for m in sorted(matches, key=lambda m: m.order):
        i = bisect.bisect_left(starts, m.end)  # taken spans starting before m ends: up to i
        if i > 0 and ends[i - 1] > m.start:
            continue
        starts.insert(i, m.start)
        ends.insert(i, m.end)
        chosen.append(m)
    return sorted(chosen, key=lambda m: m.start)


def _paths(overrides: Path | str | Sequence[Path | str] | None) -> list[Path]:
    if overrides is None:
        return []
    if isinstance(overrides, (str, Path)):
        return [Path(overrides)]
    return [Path(p) for p in overrides]


def _read_artefact(path: Path) -> IndexData | None:
    if not path.exists():
        return None
    try:
        with path.open("rb") as fh:
            data = pickle.load(fh)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError) as exc:
        log.warning("gazetteer cache %s unreadable (%s); rebuilding", path, exc)
        return None
    return data if isinstance(data, IndexData) else None


def _write_artefact(path: Path, data: IndexData) -> None:
    """Write atomically, so parallel workers never read half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(data, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@lru_cache(maxsize=4)
def get_gazetteer(min_population: int | None = None) -> Gazetteer:
    """The process-wide gazetteer configured by the settings (cache dir, overrides)."""
    from citypact.settings import get_settings

    s = get_settings()
    return Gazetteer.load(min_population or s.min_city_population, s.cache_dir, s.overrides)
