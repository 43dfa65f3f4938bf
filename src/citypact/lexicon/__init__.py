"""Per-language lexicons: language knowledge as data (`lexicon/<xx>.yaml`).

A term is a lower-case word or phrase; a trailing `*` on a word matches any
word that starts with it (`venskabsby*` matches `venskabsbyaftalen`). Terms are
compiled into one regex per concept, matched case-insensitively at word
boundaries. See docs/adding-a-language.md for every section.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import yaml

from citypact.errors import LexiconError
from citypact.models import PARTNERSHIP_TYPES, STATUSES, THEMES

LEXICON_DIR = Path(__file__).parent
# libyaml's loader when present (ten times faster); the base loader keeps every scalar a string
_LOADER = getattr(yaml, "CBaseLoader", yaml.BaseLoader)

# Sections holding {concept: [terms]} and the concepts each allows.
CONCEPT_SECTIONS: dict[str, tuple[str, ...] | None] = {
    "agreement": PARTNERSHIP_TYPES,
    "weak_agreement": PARTNERSHIP_TYPES,
    "status": STATUSES + ("start", "mandate", "intent"),
    "not_partnership": None,
    "themes": THEMES,
    "group_nouns": ("metropolis", "association", "union", "region"),
    "country_adjectives": None,
    "doc_type": ("press_release", "decision", "news", "consultation"),
    "references": ("both", "capital", "publisher", "city_noun", "region_noun"),
    "consultation": ("marker", "deadline", "period", "signoff", "case_number", "authority_suffix"),
    # an administrative unit named after its seat: English suffix -> nouns ("Jelgavas novads")
    "district_nouns": None,
}
# Sections holding a plain list of terms.
LIST_SECTIONS = (
    "prefilter", "anaphora", "irrealis", "negation", "time_limited", "roles",
    "boilerplate", "list_intro", "this_year", "infinitive", "city_adjective_suffixes", "home_countries",
    "case_endings", "nominative_endings", "adjective_case_endings", "adjective_nominative_endings",
    "with_case_endings",
)
CONNECTOR_KEYS = ("with", "between", "and", "of")
REQUIRED = ("code", "name", "agreement", "status", "connectors")


# `...` in a term: up to this many characters of the same clause (a separable verb's object:
# "wees het voorstel af", "lehnte den Antrag ab").
TERM_GAP_CHARS = 80


def term_regex(term: str) -> str:
    """Regex source for one term: words separated by flexible space/hyphen, `*` = stem,
    `...` = a gap within the clause before the next word."""
    space = r"[\s\u00a0]+"
    out, separator = [], ""
    for word in term.split():
        if word == "...":
            separator = space + rf"(?:[^.;!?\n]{{0,{TERM_GAP_CHARS}}}?{space})?"
            continue
        piece = re.escape(word[:-1]) + r"[\w\-’'ʼ]*" if word.endswith("*") else re.escape(word)
        out.append((separator if out else "") + piece)
        separator = space
    return "".join(out)


def compile_terms(terms: list[str]) -> re.Pattern[str] | None:
    if not terms:
        return None
    # longest first so that alternation prefers the longer phrase
    ordered = sorted(set(terms), key=len, reverse=True)
    # a term written in capitals (IT, EU) is an acronym and matches only in capitals
    body = "|".join(
        f"(?-i:{term_regex(t)})" if t.isupper() and len(t) >= 2 else term_regex(t.lower()) for t in ordered
    )
    return re.compile(rf"(?<![\w])(?:{body})(?![\w])", re.IGNORECASE)


@dataclass(frozen=True)
class NameWordEndings:
    cases: frozenset[str]
    nominatives: frozenset[str]
    alternations: tuple[tuple[str, str], ...]
    longest: int


@dataclass(frozen=True, eq=False)
class Lexicon:
    code: str
    name: str
    raw: dict[str, Any]
    # compiled patterns, made on first use: a process that needs one section of 30
    # languages (the prefilter) does not pay for compiling all of them
    compiled: dict[tuple[str, str], Any] = field(default_factory=dict, repr=False)

    def _compiled(self, kind: str, name: str, make):
        key = (kind, name)
        if key not in self.compiled:
            self.compiled[key] = make()
        return self.compiled[key]

    def concept(self, section: str) -> dict[str, re.Pattern[str]]:
        def make() -> dict[str, re.Pattern[str]]:
            out = {}
            for concept, terms in (self.raw.get(section) or {}).items():
                pattern = compile_terms(list(terms))
                if pattern is not None:
                    out[concept] = pattern
            return out

        return self._compiled("concept", section, make)

    def scan(self, section: str, text: str) -> list[tuple[int, int, str]]:
        """(start, end, concept) of every term of a section, non-overlapping within a concept
        (a list section is one concept named after it).

        An Aho–Corasick pass finds where a term's literal head occurs; only there is the
        term's own regex tried. Much faster than a regex alternation over the whole text.
        """
        lowered = text.lower()
        if len(lowered) != len(text):  # a few letters change length when lowered: use the regexes
            if section in LIST_SECTIONS:
                pattern = self.pattern(section)
                return [(m.start(), m.end(), section) for m in pattern.finditer(text)] if pattern else []
            return [(m.start(), m.end(), c) for c, p in self.concept(section).items() for m in p.finditer(text)]
        automaton = _heads(self, section)
        if automaton is None:
            return []
        found: dict[str, list[tuple[int, int]]] = {}
        for end, (head_length, entries) in automaton.iter(lowered):
            start = end - head_length + 1
            if start > 0 and (text[start - 1].isalnum() or text[start - 1] == "_"):
                continue
            for concept, regex in entries:
                m = regex.match(text, start)
                if m:
                    found.setdefault(concept, []).append((start, m.end()))
        out = []
        for concept, spans in found.items():
            last_end = -1
            for start, end in sorted(spans, key=lambda s: (s[0], -s[1])):
                if start >= last_end:
                    out.append((start, end, concept))
                    last_end = end
        return sorted(out)

    def pattern(self, name: str) -> re.Pattern[str] | None:
        return self._compiled("list", name, lambda: compile_terms(list(self.raw.get(name) or [])))

    def connector(self, name: str) -> re.Pattern[str] | None:
        return self._compiled("connector", name,
                              lambda: compile_terms(list((self.raw.get("connectors") or {}).get(name) or [])))

    def years(self, section: str, texts: list[str], most: int) -> int | None:
        """The number of years a `{n}` pattern of a section ('duration', 'anniversary') reads
        in the first text that has one, as a digit or a number word of `numbers`."""
        def make() -> list[re.Pattern[str]]:
            words = "|".join(sorted((re.escape(w) for w in self.numbers), key=len, reverse=True))
            slot = rf"(?P<n>\d{{1,3}}{'|' + words if words else ''})"
            return [re.compile(r"(?<!\w)" + template.replace("{n}", slot), re.IGNORECASE)
                    for template in self.raw.get(section) or []]

        for pattern in self._compiled("years", section, make):
            for text in texts:
                m = pattern.search(text)
                if m:
                    n = m.group("n").lower()
                    value = int(n) if n.isdigit() else self.numbers.get(n)
                    if value and 0 < value <= most:
                        return value
        return None

    @property
    def numbers(self) -> dict[str, int]:
        return {str(k).lower(): int(v) for k, v in (self.raw.get("numbers") or {}).items()}

    @property
    def duration(self) -> list[str]:
        return list(self.raw.get("duration") or [])

    @property
    def relative_days(self) -> dict[str, int]:
        return {str(k).lower(): int(v) for k, v in (self.raw.get("relative_days") or {}).items()}

    @property
    def relative_years(self) -> dict[str, int]:
        return {str(k).lower(): int(v) for k, v in (self.raw.get("relative_years") or {}).items()}

    @property
    def home_countries(self) -> list[str]:
        return [str(c).upper() for c in self.raw.get("home_countries") or []]

    @property
    def case_endings(self) -> list[str]:
        return sorted((str(s).lower() for s in self.raw.get("case_endings") or []), key=len, reverse=True)

    @property
    def with_case_endings(self) -> tuple[str, ...]:
        """Endings that mean "with" on a name (Hungarian -val/-vel, Estonian -ga)."""
        return tuple(sorted((str(s).lower() for s in self.raw.get("with_case_endings") or []), key=len, reverse=True))

    @property
    def nominative_endings(self) -> list[str]:
        return [str(s).lower() for s in self.raw.get("nominative_endings") or []]

    def name_word_endings(self, fold) -> NameWordEndings:
        """Folded endings of every word of a multi-word place name, nouns' and adjectives'
        together, so that 'Novim Sadom' reaches 'novi sad' and 'Banjoj Luci' 'banja luka'."""
        def make() -> NameWordEndings:
            cases = [*(self.raw.get("case_endings") or []), *(self.raw.get("adjective_case_endings") or [])]
            nominatives = [*(self.raw.get("nominative_endings") or []),
                           *(self.raw.get("adjective_nominative_endings") or [])]
            folded_cases = frozenset(fold(str(e)) for e in cases) | {""}
            return NameWordEndings(folded_cases, frozenset(fold(str(e)) for e in nominatives) | {""},
                                   tuple((fold(a), fold(b)) for a, b in self.stem_alternations),
                                   max(map(len, folded_cases)))

        return self._compiled("endings", "name_words", make)

    @property
    def stem_alternations(self) -> list[tuple[str, str]]:
        """(consonant before a case ending, the same consonant in the nominative): 'Rijeci' ← 'Rijeka'."""
        pairs = (self.raw.get("stem_alternations") or {}).items()
        return sorted(((str(a).lower(), str(b).lower()) for a, b in pairs), key=lambda ab: -len(ab[0]))

    @property
    def city_adjective_suffixes(self) -> list[str]:
        return sorted((str(s).lower() for s in self.raw.get("city_adjective_suffixes") or []), key=len, reverse=True)

    @property
    def relative_months(self) -> dict[str, int]:
        return {str(k).lower(): int(v) for k, v in (self.raw.get("relative_months") or {}).items()}

    def prefilter_stems(self) -> set[str]:
        """Lower-case stems for the cheap multi-pattern prefilter."""
        stems = {t.rstrip("*").lower() for t in self.raw.get("prefilter") or []}
        for section in ("agreement", "consultation"):
            for concept, terms in (self.raw.get(section) or {}).items():
                if section == "consultation" and concept != "marker":
                    continue
                stems.update(t.split()[0].rstrip("*").lower() for t in terms)
        return {s for s in stems if len(s) >= 4}


def validate(raw: dict[str, Any], origin: str) -> None:
    """Schema check with errors that name the file, the key and the valid options."""
    for key in REQUIRED:
        if key not in raw:
            raise LexiconError(f"{origin}: missing required section '{key}'")
    known = set(CONCEPT_SECTIONS) | set(LIST_SECTIONS) | set(REQUIRED) | {
        "numbers", "duration", "relative_days", "relative_months", "relative_years", "scripts", "notes",
        "stem_alternations", "anniversary",
    }
    for key in raw:
        if key not in known:
            raise LexiconError(f"{origin}: unknown section '{key}' (valid: {', '.join(sorted(known))})")
    for section, allowed in CONCEPT_SECTIONS.items():
        value = raw.get(section) or {}
        if not isinstance(value, dict):
            raise LexiconError(f"{origin}: section '{section}' must map concepts to term lists")
        for concept, terms in value.items():
            if allowed is not None and concept not in allowed:
                raise LexiconError(
                    f"{origin}: {section}.{concept} is not a known concept (valid: {', '.join(allowed)})"
                )
            if not isinstance(terms, list) or not all(isinstance(t, str) for t in terms):
                raise LexiconError(f"{origin}: {section}.{concept} must be a list of strings")
    alternations = raw.get("stem_alternations") or {}
    if not isinstance(alternations, dict) or not all(isinstance(k, str) and isinstance(v, str)
                                                     for k, v in alternations.items()):
        raise LexiconError(f"{origin}: section 'stem_alternations' must map letters to letters")
    for section in LIST_SECTIONS:
        value = raw.get(section) or []
        if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
            raise LexiconError(f"{origin}: section '{section}' must be a list of strings")
    connectors = raw.get("connectors") or {}
    for key in connectors:
        if key not in CONNECTOR_KEYS:
            raise LexiconError(f"{origin}: connectors.{key} unknown (valid: {', '.join(CONNECTOR_KEYS)})")
    for section in ("duration", "anniversary"):
        for pattern in raw.get(section) or []:
            if "{n}" not in pattern:
                raise LexiconError(f"{origin}: {section} pattern {pattern!r} lacks the '{{n}}' slot")
            try:
                re.compile(pattern.replace("{n}", "(?P<n>x)"))
            except re.error as exc:
                raise LexiconError(f"{origin}: {section} pattern {pattern!r} does not compile: {exc}") from exc
    for section in ("agreement", "status", "themes"):
        seen: dict[str, str] = {}
        for concept, terms in (raw.get(section) or {}).items():
            for term in terms:
                if term in seen and seen[term] != concept:
                    raise LexiconError(
                        f"{origin}: term {term!r} sits under both {section}.{seen[term]} and {section}.{concept}"
                    )
                seen[term] = concept


def build(raw: dict[str, Any], origin: str, *, compile_all: bool = False) -> Lexicon:
    validate(raw, origin)
    lex = Lexicon(str(raw["code"]), str(raw["name"]), raw)
    if compile_all:  # the schema check: every pattern must compile
        for section in CONCEPT_SECTIONS:
            lex.concept(section)
        for section in LIST_SECTIONS:
            lex.pattern(section)
        for key in CONNECTOR_KEYS:
            lex.connector(key)
    return lex


@cache
def _heads(lex: Lexicon, section: str):
    """Aho–Corasick automaton: lower-cased literal head of each term → (concept, term regex)."""
    import ahocorasick

    raw = lex.raw.get(section) or {}
    if isinstance(raw, list):
        raw = {section: raw}
    heads: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
    for concept, terms in raw.items():
        for term in terms:
            head = term.split()[0].split("*")[0].lower()
            if not head:
                continue
            body = f"(?-i:{term_regex(term)})" if term.isupper() and len(term) >= 2 else term_regex(term.lower())
            heads.setdefault(head, []).append((concept, re.compile(body + r"(?![\w])", re.IGNORECASE)))
    if not heads:
        return None
    automaton = ahocorasick.Automaton()
    for head, entries in heads.items():
        automaton.add_word(head, (len(head), entries))
    automaton.make_automaton()
    return automaton


def available_languages() -> list[str]:
    return sorted(p.stem for p in LEXICON_DIR.glob("*.yaml") if p.stem != "base")


@cache
def load(code: str) -> Lexicon:
    """The lexicon of one language, loaded once per process."""
    path = LEXICON_DIR / f"{code}.yaml"
    if not path.exists():
        raise LexiconError(f"no lexicon for language '{code}' (have: {', '.join(available_languages())})")
    with path.open(encoding="utf-8") as fh:
        raw = yaml.load(fh, Loader=_LOADER) or {}  # every scalar a string: "no", "on" stay words
    return build(raw, str(path))


@lru_cache(maxsize=1)
def base() -> dict[str, Any]:
    """Material shared by all languages (lexicon/base.yaml)."""
    path = LEXICON_DIR / "base.yaml"
    with path.open(encoding="utf-8") as fh:
        return yaml.load(fh, Loader=_LOADER) or {}


@lru_cache(maxsize=32)
def base_words(section: str) -> frozenset[str]:
    """A word list of lexicon/base.yaml, lower-cased (street words, domain words, titles)."""
    return frozenset(str(w).lower() for w in base().get(section) or [])
