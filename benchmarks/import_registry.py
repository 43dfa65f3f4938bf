"""Import the 25,917-row Wikipedia twin-town list and print time and resolution rate.

Usage: python benchmarks/import_registry.py [CSV] (default ../shared/registry/twin_cities_wikipedia.csv)
"""

import sys
import tempfile
import time
from pathlib import Path

from citypact.gazetteer import Gazetteer
from citypact.known import import_registry
from citypact.store import open_store

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    csv_path = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "registry" / "twin_cities_wikipedia.csv"
    started = time.perf_counter()
    gz = Gazetteer.load(min_population=500)
    loaded = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(str(Path(tmp) / "registry.db"))
        report = import_registry(csv_path, store, gz, report_path=Path(tmp) / "report.csv")
        records = store.count_partnerships()
        store.close()
    print(f"gazetteer (cities >= 500) ready in {loaded:.1f} s")
    print(report.summary())
    print(f"records: {records}; import rate {report.rows / report.seconds:.0f} rows/s; "
          f"within 25 km: {report.within_25km / report.mentions:.1%} (target 95 %)")


if __name__ == "__main__":
    main()
