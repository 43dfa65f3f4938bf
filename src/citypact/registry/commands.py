"""The registry commands as plain functions for the CLI: each prints a summary to stderr,
machine output to stdout (or a file) and returns the exit code. Unresolved places are no
failure (exit 0); a missing or unreadable file, a missing column or a store that cannot be
opened is one line on stderr and exit 1."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import IO, Any

from citypact.errors import CitypactError
from citypact.registry.compare import COMPARE_COLUMNS, compare
from citypact.registry.export import FORMATS, export
from citypact.registry.import_csv import RegistryFileError, column_mapping, import_registry

COMPARE_FORMATS = ("table", "csv", "json")


def _fail(message: str, err: IO[str]) -> int:
    print(f"citypact: error: {message}", file=err)
    return 1


def parse_columns(spec: str | Mapping[str, str | None] | None) -> dict[str, str | None]:
    """Column roles from 'city1=from,country1=from_country,...' (or a mapping); an empty
    value marks a column the file does not have ('lat1=,lng1=')."""
    if spec is None or isinstance(spec, Mapping):
        return column_mapping(spec)
    pairs: dict[str, str | None] = {}
    for item in filter(None, (s.strip() for s in spec.split(","))):
        role, sep, name = item.partition("=")
        if not sep:
            raise RegistryFileError(f"column mapping '{item}' is not ROLE=COLUMN")
        pairs[role.strip()] = name.strip() or None
    return column_mapping(pairs)


def _open_store(db: str) -> Any:
    from citypact.store import open_store

    return open_store(db)


def import_command(path: str | Path, db: str, report: str | Path | None = None,
                   columns: str | Mapping[str, str | None] | None = None, min_population: int = 500,
                   type: str = "twinning", status: str = "existing", err: IO[str] | None = None,
                   resolver: Any = None) -> int:
    """`citypact import FILE.csv [--report OUT.csv] [--columns ...] [--min-population N]`."""
    err = err or sys.stderr
    try:
        mapping = parse_columns(columns)
        path = Path(path)
        if not path.is_file():
            return _fail(f"{path}: no such file", err)
        store = _open_store(db)
        try:
            result = import_registry(path, store, columns=mapping, report_path=report, min_population=min_population,
                                     type=type, status=status, resolver=resolver)
        finally:
            store.close()
    except (RegistryFileError, CitypactError, OSError, ValueError) as exc:
        return _fail(str(exc), err)
    print(result.summary(), file=err)
    for line in result.errors[:10]:
        print(f"citypact: warning: {line}", file=err)
    if len(result.errors) > 10:
        print(f"citypact: warning: … and {len(result.errors) - 10} more rows without two names", file=err)
    if report:
        print(f"report of every place mention: {report}", file=err)
    return 0


def compare_command(path: str | Path, db: str, format: str = "table",
                    columns: str | Mapping[str, str | None] | None = None, min_population: int = 500,
                    out: IO[str] | None = None, err: IO[str] | None = None, resolver: Any = None) -> int:
    """`citypact compare FILE.csv [--format table|csv|json]`: each extracted record new,
    known or contradicted."""
    out, err = out or sys.stdout, err or sys.stderr
    if format not in COMPARE_FORMATS:
        return _fail(f"unknown format '{format}' (valid: {', '.join(COMPARE_FORMATS)})", err)
    try:
        mapping = parse_columns(columns)
        store = _open_store(db)
        try:
            rows = compare(path, store, columns=mapping, min_population=min_population, resolver=resolver)
        finally:
            store.close()
    except (RegistryFileError, CitypactError, OSError, ValueError) as exc:
        return _fail(str(exc), err)
    if format == "json":
        json.dump(rows, out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif format == "csv":
        writer = csv.DictWriter(out, fieldnames=COMPARE_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: ("" if v is None else v) for k, v in r.items()} for r in rows)
    else:
        widths = {c: max([len(c)] + [len(str(r[c] or "")) for r in rows]) for c in COMPARE_COLUMNS}
        print("  ".join(c.ljust(widths[c]) for c in COMPARE_COLUMNS).rstrip(), file=out)
        for r in rows:
            print("  ".join(str(r[c] or "").ljust(widths[c]) for c in COMPARE_COLUMNS).rstrip(), file=out)
    counts = {v: sum(1 for r in rows if r["verdict"] == v) for v in ("new", "known", "contradicted")}
    print(f"{len(rows)} extracted partnerships: {counts['new']} new, {counts['known']} known, "
          f"{counts['contradicted']} contradicted", file=err)
    return 0


def export_command(db: str, format: str, out: str | Path | None = None, err: IO[str] | None = None) -> int:
    """`citypact export --format csv|json|geojson|graphml [--out FILE]` (stdout without --out)."""
    err = err or sys.stderr
    if format not in FORMATS:
        return _fail(f"unknown export format '{format}' (valid: {', '.join(FORMATS)})", err)
    try:
        store = _open_store(db)
        try:
            count = export(store, format, out)
        finally:
            store.close()
    except (CitypactError, OSError) as exc:
        return _fail(str(exc), err)
    print(f"exported {count} partnerships as {format}" + (f" to {out}" if out and out != "-" else ""), file=err)
    return 0
