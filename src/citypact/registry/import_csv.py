"""Import a known registry (a CSV of partnerships) into the store as `existing` records.

Each side of each row is a place mention, resolved by `Resolver` and reported (one report
row per mention, in input order). A place that does not resolve is kept, never dropped: it
becomes a place without GeoNames id, with the input name, the ISO2 code of the input
country when known, and the input coordinates, stored with `resolved = false`. Those
coordinates are the registry's, not GeoNames': they place the mention on a map, they never
make it a resolved place.

Optional columns `type`, `status` and `date` (as `export --format csv` writes them) set
those of a row; without them every row is a `twinning` that is `existing`.
"""

from __future__ import annotations

import csv
import math
import time
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from citypact.models import PARTNERSHIP_TYPES, STATUSES, Place
from citypact.registry.resolve import NEAR_KM, Resolution, Resolver

DEFAULT_COLUMNS: dict[str, str] = {c: c for c in
                                   ("city1", "country1", "lat1", "lng1", "city2", "country2", "lat2", "lng2")}
REQUIRED_COLUMNS = ("city1", "city2")
REPORT_COLUMNS = ["input_name", "input_country", "geonames_id", "name", "country", "lat", "lon", "distance_km"]
# Rows written to the store per transaction.
BATCH_ROWS = 5000


class RegistryFileError(ValueError):
    """The registry file is missing, unreadable or lacks a needed column."""


@dataclass
class ImportReport:
    rows: int = 0
    mentions: int = 0
    resolved: int = 0
    within_25km: int = 0
    unresolved: int = 0
    seconds: float = 0.0
    records: int = 0  # distinct records the rows went into
    skipped_rows: int = 0  # rows without two distinct places
    by_how: Counter = field(default_factory=Counter)  # how the near mentions resolved
    errors: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.within_25km / self.mentions if self.mentions else 0.0

    def summary(self) -> str:
        return (f"{self.rows} rows, {self.mentions} place mentions: {self.resolved} resolved, "
                f"{self.within_25km} within {NEAR_KM:.0f} km of the given coordinates ({self.rate:.1%}), "
                f"{self.unresolved} unresolved (kept, flagged); {self.records} records, "
                f"{self.skipped_rows} rows skipped; {self.seconds:.1f} s")


def column_mapping(columns: Mapping[str, str | None] | None) -> dict[str, str | None]:
    """The default columns overridden by `columns` (logical name → CSV header; None: absent)."""
    mapping: dict[str, str | None] = dict(DEFAULT_COLUMNS)
    for key, value in (columns or {}).items():
        if key not in DEFAULT_COLUMNS:
            raise RegistryFileError(f"unknown column role '{key}' (valid: {', '.join(DEFAULT_COLUMNS)})")
        mapping[key] = value or None
    return mapping


def read_rows(path: Path, columns: Mapping[str, str | None] | None = None) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, row by logical column name) of a registry CSV; roles whose column the
    file lacks are None (a mapped column that is missing is an error, except coordinates and
    countries at their default names)."""
    mapping = column_mapping(columns)
    path = Path(path)
    try:
        fh = path.open(encoding="utf-8-sig", newline="")
    except FileNotFoundError:
        raise RegistryFileError(f"{path}: no such file") from None
    except OSError as exc:
        raise RegistryFileError(f"{path}: cannot read ({exc.strerror or exc})") from None
    with fh:
        try:
            reader = csv.DictReader(fh)
            header = reader.fieldnames or []
        except (UnicodeDecodeError, csv.Error) as exc:
            raise RegistryFileError(f"{path}: not a UTF-8 CSV file ({exc})") from None
        explicit = {k for k, v in (columns or {}).items() if v}
        missing = [f"{role} ({mapping[role]})" for role in mapping
                   if mapping[role] and mapping[role] not in header and (role in REQUIRED_COLUMNS or role in explicit)]
        if missing:
            raise RegistryFileError(f"{path}: missing columns {', '.join(missing)} (has: {', '.join(header) or 'none'})")
        used = {role: name for role, name in mapping.items() if name and name in header}
        extra = [c for c in ("type", "status", "date") if c in header]
        try:
            for number, row in enumerate(reader, start=2):
                out = {role: (row.get(name) or "").strip() for role, name in used.items()}
                for role in mapping:
                    out.setdefault(role, None)
                for c in extra:
                    out[c] = (row.get(c) or "").strip()
                yield number, out
        except (UnicodeDecodeError, csv.Error) as exc:
            raise RegistryFileError(f"{path}: unreadable CSV ({exc})") from None


def _float(value: str | None) -> float | None:
    try:
        number = float(value) if value not in (None, "") else None
    except ValueError:
        return None
    return number if number is not None and math.isfinite(number) else None


def side(row: Mapping[str, Any], i: int) -> tuple[str, str, float | None, float | None]:
    """(name, country, lat, lon) of side i (1 or 2) of a row."""
    lat, lon = _float(row.get(f"lat{i}")), _float(row.get(f"lng{i}"))
    if lat is not None and lon is not None and not (-90 <= lat <= 90 and -180 <= lon <= 180):
        lat = lon = None
    return row.get(f"city{i}") or "", row.get(f"country{i}") or "", lat, lon


class CachedResolver:
    """A Resolver with a memo of the mentions seen (the same place recurs on many rows)."""

    def __init__(self, resolver: Resolver) -> None:
        self.resolver = resolver
        self._memo: dict[tuple[str, str, float | None, float | None], Resolution] = {}

    def __call__(self, name: str, country: str, lat: float | None, lon: float | None) -> Resolution:
        key = (name, country, lat, lon)
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = self.resolver.resolve(name, country, lat, lon)
        return found


def party(resolution: Resolution) -> Place:
    """The place a mention stands for: the resolved place, else the input kept as it is."""
    if resolution.place is not None:
        return resolution.place
    return Place(None, resolution.input_name, resolution.country, resolution.lat, resolution.lon, 0, "city")


def report_row(r: Resolution) -> list[Any]:
    p = r.place
    if p is None:
        return [r.input_name, r.input_country, "", "", "", "", "", ""]
    return [r.input_name, r.input_country, p.geonames_id if p.geonames_id is not None else "", p.name,
            p.country or "", p.lat if p.lat is not None else "", p.lon if p.lon is not None else "",
            f"{r.distance_km:.1f}" if r.distance_km is not None else ""]


def make_resolver(min_population: int = 500, gazetteer: Any = None) -> Resolver:
    if gazetteer is None:
        from citypact.gazetteer import Gazetteer
        from citypact.settings import get_settings

        s = get_settings()
        gazetteer = Gazetteer.load(min_population=min_population, cache_dir=s.cache_dir, overrides=s.overrides)
    return Resolver(gazetteer)


def import_registry(path: Path | str, store: Any, *, columns: Mapping[str, str | None] | None = None,
                    report_path: Path | str | None = None, min_population: int = 500,
                    resolver: Resolver | None = None, type: str = "twinning", status: str = "existing",
                    source: str | None = None) -> ImportReport:
    """Load a registry CSV into the store; every side of every row resolved and reported."""
    started = time.perf_counter()
    path = Path(path)
    rows = read_rows(path, columns)
    first = next(rows, None)  # fail on a missing file or column before loading the gazetteer
    resolve = CachedResolver(resolver or make_resolver(min_population))
    report = ImportReport()
    source = source or f"import:{path.name}"
    pending: dict[tuple[str, str, str | None], list[tuple[list[Place], list[bool]]]] = defaultdict(list)
    record_ids: set[int] = set()

    def flush(force: bool = False) -> None:
        for (type_, status_, date), batch in list(pending.items()):
            if batch and (force or len(batch) >= BATCH_ROWS):
                ids = _add(store, batch, type_, status_, date, source)
                record_ids.update(i for i in ids if i != -1)
                report.skipped_rows += sum(1 for i in ids if i == -1)
                pending[(type_, status_, date)] = []

    report_file = Path(report_path).open("w", encoding="utf-8", newline="") if report_path else None  # noqa: SIM115
    writer = csv.writer(report_file) if report_file else None
    try:
        if writer:
            writer.writerow(REPORT_COLUMNS)
        for number, row in ([] if first is None else _chain(first, rows)):
            report.rows += 1
            sides = [resolve(*side(row, i)) for i in (1, 2)]
            for r in sides:
                report.mentions += 1
                if r.resolved:
                    report.resolved += 1
                    if r.near:
                        report.within_25km += 1
                        report.by_how[r.how] += 1
                else:
                    report.unresolved += 1
                if writer:
                    writer.writerow(report_row(r))
            if not all(r.input_name for r in sides):
                report.skipped_rows += 1
                report.errors.append(f"{path}:{number}: a side has no name")
                continue
            type_ = row.get("type") if row.get("type") in PARTNERSHIP_TYPES else type
            status_ = row.get("status") if row.get("status") in STATUSES else status
            pending[(type_, status_, row.get("date") or None)].append(
                ([party(r) for r in sides], [r.resolved for r in sides]))
            flush()
        flush(force=True)
    finally:
        if report_file:
            report_file.close()
    report.records = len(record_ids)
    report.seconds = time.perf_counter() - started
    return report


def _chain(first: tuple[int, dict[str, Any]], rest: Iterator[tuple[int, dict[str, Any]]]) -> Iterator[tuple[int, dict[str, Any]]]:
    yield first
    yield from rest


def _add(store: Any, batch: list[tuple[list[Place], list[bool]]], type_: str, status: str,
         date: str | None, source: str) -> list[int]:
    """Write a batch through the store's bulk call (one transaction), or row by row."""
    if hasattr(store, "add_known_many"):
        return list(store.add_known_many(batch, type=type_, status=status, source=source, date=date))
    return [store.add_known(places, type=type_, status=status, source=source, date=date, resolved=flags)
            for places, flags in batch]
