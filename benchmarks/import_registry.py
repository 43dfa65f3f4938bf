"""Import the 25,917-row Wikipedia twin-town list into a fresh SQLite store and print the
time (gazetteer, resolver, import) and the share of place mentions resolved within 25 km of
the coordinates the list gives.

Usage: python benchmarks/import_registry.py [CSV] [--report OUT.csv]
(default CSV: ../shared/registry/twin_cities_wikipedia.csv; targets: < 120 s, >= 95 %)
"""

import argparse
import tempfile
import time
from pathlib import Path

from citypact.registry.import_csv import import_registry, make_resolver
from citypact.store import open_store

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "registry" / "twin_cities_wikipedia.csv"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--report", type=Path, default=None)
    args = parser.parse_args()
    started = time.perf_counter()
    resolver = make_resolver(500)
    ready = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(str(Path(tmp) / "registry.db"))
        report = import_registry(args.csv, store, resolver=resolver,
                                 report_path=args.report or Path(tmp) / "report.csv")
        records = store.count_partnerships()
        store.close()
    total = time.perf_counter() - started
    print(f"gazetteer (cities >= 500) and {resolver.division_count} GeoNames divisions ready in {ready:.1f} s")
    print(report.summary())
    print("near mentions by how they resolved: " + ", ".join(f"{k} {v}" for k, v in report.by_how.most_common()))
    print(f"records in the store: {records}")
    print(f"total {total:.1f} s (target < 120 s); within 25 km: {report.rate:.1%} (target >= 95 %)")


if __name__ == "__main__":
    main()
