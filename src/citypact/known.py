"""Known registries: import a CSV of partnerships (resolving names to GeoNames places),
compare extracted partnerships with it, and report how each place mention resolved."""

from __future__ import annotations

import csv
import math
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from citypact.models import Place

DEFAULT_COLUMNS = ("city1", "country1", "lat1", "lng1", "city2", "country2", "lat2", "lng2")
REPORT_COLUMNS = ["input_name", "input_country", "geonames_id", "name", "country", "lat", "lon", "distance_km"]
# A resolved place this far from the row's coordinates is counted as a miss in the report's rate.
NEAR_KM = 25.0
# Words that qualify a name rather than name the place ("Kraków County", "Sakai Prefecture").
QUALIFIER_WORDS = re.compile(
    r"\b(?:county|prefecture|district|raion|rayon|municipality|municipal|city|town|borough|village|"
    r"commune|gmina|urban|rural|oblast|province|region|metropolitan|parish|township|council|"
    r"city of|town of|powiat|kreis|landkreis|okres|općina|opština|obec)\b",
    re.IGNORECASE,
)
# Constituent countries and territories written as countries in registries.
COUNTRY_ALIASES = {
    "england": "GB", "scotland": "GB", "wales": "GB", "northern ireland": "GB", "united kingdom": "GB",
    "uk": "GB", "czech republic": "CZ", "czechia": "CZ", "russia": "RU", "south korea": "KR",
    "north korea": "KP", "taiwan": "TW", "republic of china": "TW", "people's republic of china": "CN",
    "china": "CN", "vietnam": "VN", "iran": "IR", "syria": "SY", "laos": "LA", "moldova": "MD",
    "bolivia": "BO", "venezuela": "VE", "tanzania": "TZ", "macedonia": "MK", "north macedonia": "MK",
    "republic of macedonia": "MK", "kosovo": "XK", "palestine": "PS", "state of palestine": "PS",
    "ivory coast": "CI", "côte d'ivoire": "CI", "cape verde": "CV", "east timor": "TL",
    "democratic republic of the congo": "CD", "republic of the congo": "CG", "the bahamas": "BS",
    "the gambia": "GM", "federated states of micronesia": "FM", "vatican city": "VA", "brunei": "BN",
    "eswatini": "SZ", "swaziland": "SZ", "turkey": "TR", "türkiye": "TR", "united states": "US",
    "usa": "US", "bosnia and herzegovina": "BA", "netherlands": "NL", "the netherlands": "NL",
    "faroe islands": "FO", "greenland": "GL", "åland islands": "AX", "puerto rico": "PR",
    "northern cyprus": "CY", "transnistria": "MD", "abkhazia": "GE", "south ossetia": "GE",
    "crimea": "UA", "republic of ireland": "IE", "ireland": "IE", "artsakh": "AZ", "hong kong": "HK", "macau": "MO", "guam": "GU",
    "martinique": "MQ", "guadeloupe": "GP", "réunion": "RE", "french guiana": "GF", "new caledonia": "NC",
    "french polynesia": "PF", "curaçao": "CW", "aruba": "AW", "gibraltar": "GI", "isle of man": "IM",
    "jersey": "JE", "guernsey": "GG", "bermuda": "BM", "myanmar": "MM", "burma": "MM",
}


@dataclass
class Resolution:
    input_name: str
    input_country: str
    place: Place | None
    distance_km: float | None
    lat: float | None
    lon: float | None

    def row(self) -> list[Any]:
        p = self.place
        return [self.input_name, self.input_country, p.geonames_id if p else "", p.name if p else "",
                p.country if p else "", p.lat if p else "", p.lon if p else "",
                f"{self.distance_km:.1f}" if self.distance_km is not None else ""]


@dataclass
class ImportReport:
    rows: int = 0
    mentions: int = 0
    resolved: int = 0
    within_25km: int = 0
    unresolved: int = 0
    skipped_rows: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)

    def summary(self) -> str:
        rate = self.within_25km / self.mentions if self.mentions else 0.0
        return (f"{self.rows} rows, {self.mentions} place mentions: {self.resolved} resolved, "
                f"{self.within_25km} within {NEAR_KM:.0f} km ({rate:.1%}), {self.unresolved} unresolved "
                f"(kept, flagged); {self.seconds:.1f} s")


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(a)))


def country_code(name: str, gz) -> str | None:
    """'England, United Kingdom' → GB; 'Czech Republic' → CZ; 'DE' → DE."""
    text = name.strip()
    if not text:
        return None
    for part in [text] + [p.strip() for p in reversed(text.split(","))]:
        alias = COUNTRY_ALIASES.get(part.casefold())
        if alias:
            return alias
        code = gz.country_code(part)
        if code:
            return code
    return None


def name_variants(name: str) -> list[str]:
    """The name as written, then without qualifiers: '(rural gmina)', 'Kusatsu, Shiga', 'A – B', 'X County'."""
    variants: list[str] = []

    def add(value: str) -> None:
        value = re.sub(r"\s+", " ", value).strip(" ,.-–")
        if value and value not in variants:
            variants.append(value)

    add(name)
    bare = re.sub(r"\s*\([^)]*\)", "", name)
    add(bare)
    add(bare.split(",")[0])
    for part in re.split(r"\s+[–—-]\s+|/", bare):
        add(part.split(",")[0])
    for value in list(variants):
        add(QUALIFIER_WORDS.sub("", value))
        add(re.sub(r"^St\.?\s", "Saint ", value))
        add(re.sub(r"^Saint\s", "St. ", value))
        add(re.sub(r"^Greater\s", "", value))
        add(re.sub(r"\s+(?:[IVXL]+|\d+)\.?$", "", value))  # "Budapest XV", "Praha 6"
    # a district named with its city in brackets: "Steglitz-Zehlendorf (Berlin)"
    for inner in re.findall(r"\(([^)]*)\)", name):
        add(inner.split(",")[0])
    return variants


def resolve(name: str, country: str | None, lat: float | None, lon: float | None, gz) -> Place | None:
    """The GeoNames place a registry name refers to, within its country. Coordinates only choose
    among places whose name matches; they never stand in for a name that matches nothing."""
    matches: list[Place] = []
    for variant in name_variants(name):
        found = [p for p in gz.lookup(variant, country) if p.kind == "city"] if country else \
            [p for p in gz.lookup(variant) if p.kind == "city"]
        if found and (lat is None or lon is None):
            return found[0]  # without coordinates the name as written wins
        matches += [p for p in found if p not in matches]
    if not matches:
        return None
    return min(matches, key=lambda p: haversine_km(lat, lon, p.lat, p.lon) if p.lat is not None else math.inf)


def _float(value: str | None) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except ValueError:
        return None


def read_rows(path: Path, columns: tuple[str, ...]) -> Iterable[tuple[int, dict[str, str]]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in columns if c not in (reader.fieldnames or [])]
        if missing:
            raise ValueError(f"{path}: missing columns {', '.join(missing)} (has: {', '.join(reader.fieldnames or [])})")
        for number, row in enumerate(reader, start=2):
            yield number, row


def import_registry(path: Path, store, gz, *, columns: tuple[str, ...] = DEFAULT_COLUMNS,
                    report_path: Path | None = None, type_: str = "twinning", status: str = "existing",
                    batch: int = 2000) -> ImportReport:
    """Load a CSV of known partnerships as `existing` records; every side of every row is
    resolved and reported; unresolved places are kept with their name and flagged."""
    started = time.perf_counter()
    report = ImportReport()
    report_file = report_path.open("w", encoding="utf-8", newline="") if report_path else None
    writer = csv.writer(report_file) if report_file else None
    if writer:
        writer.writerow(REPORT_COLUMNS)
    cache: dict[tuple[str, str, str | None, float | None, float | None], Resolution] = {}
    pending: list[tuple[list[Place], list[bool]]] = []
    source = f"import:{path.name}"
    try:
        for number, row in read_rows(path, columns):
            report.rows += 1
            sides = []
            for i in (0, 4):
                name, country_name = row[columns[i]].strip(), row[columns[i + 1]].strip()
                lat, lon = _float(row[columns[i + 2]]), _float(row[columns[i + 3]])
                key = (name, country_name, None, lat, lon)
                if key not in cache:
                    code = country_code(country_name, gz)
                    place = resolve(name, code, lat, lon, gz) if name else None
                    distance = haversine_km(lat, lon, place.lat, place.lon) if (
                        place and lat is not None and lon is not None and place.lat is not None) else None
                    cache[key] = Resolution(name, country_name, place, distance, lat, lon)
                sides.append(cache[key])
            for side in sides:
                report.mentions += 1
                if side.place is not None:
                    report.resolved += 1
                    if side.distance_km is None or side.distance_km <= NEAR_KM:
                        report.within_25km += 1
                else:
                    report.unresolved += 1
                if writer:
                    writer.writerow(side.row())
            if not sides[0].input_name or not sides[1].input_name:
                report.skipped_rows += 1
                report.errors.append(f"{path}:{number}: a side has no name")
                continue
            parties = [s.place or Place(None, s.input_name, country_code(s.input_country, gz), None, None)
                       for s in sides]
            pending.append((parties, [s.place is not None for s in sides]))
            if len(pending) >= batch:
                store.add_known_many(pending, type=type_, status=status, source=source)
                pending = []
        if pending:
            store.add_known_many(pending, type=type_, status=status, source=source)
    finally:
        if report_file:
            report_file.close()
    report.seconds = time.perf_counter() - started
    return report


@dataclass
class Comparison:
    id: int
    parties: str
    type: str
    status: str
    verdict: str  # new | known | contradicted
    known_status: str | None


def compare(path: Path, store, gz, *, columns: tuple[str, ...] = DEFAULT_COLUMNS,
            status_column: str = "status") -> list[Comparison]:
    """Each extracted partnership in the store: new, already known in the CSV, or contradicted
    (the CSV knows it with a final status such as ended or suspended that the store does not)."""
    known: dict[frozenset[str], str | None] = {}
    for _, row in read_rows(path, columns):
        keys = []
        for i in (0, 4):
            code = country_code(row[columns[i + 1]], gz)
            place = resolve(row[columns[i]], code, _float(row[columns[i + 2]]), _float(row[columns[i + 3]]), gz)
            keys.append(place.key if place else f"name:{row[columns[i]].casefold()}|{code or ''}")
        known[frozenset(keys)] = (row.get(status_column) or "existing").strip() or "existing"
    out = []
    for record in store.list_partnerships():
        if all(e["document_id"] is None for e in record["events"]):
            continue  # records that came from an import are not extractions
        keys = frozenset(_record_place_key(p) for p in record["parties"])
        names = " – ".join(p["name"] for p in record["parties"])
        if keys not in known:
            verdict, known_status = "new", None
        else:
            known_status = known[keys]
            final = {"ended", "suspended"}
            verdict = "contradicted" if (known_status in final) != (record["status"] in final) else "known"
        out.append(Comparison(record["id"], names, record["type"], record["status"], verdict, known_status))
    return out


def _record_place_key(party: dict[str, Any]) -> str:
    if party.get("geonames_id") is not None:
        return f"gn:{party['geonames_id']}"
    if party.get("members"):
        return "group:" + "+".join(sorted(f"gn:{m['geonames_id']}" for m in party["members"]))
    return f"name:{party['name'].casefold()}|{party.get('country') or ''}"
