"""Map and graph data at the size of the imported Wikipedia list (about 26,000 partnerships)."""

import random
import time

from citypact.api.aggregate import GRAPH_NODES, PayloadCache, graph_payload, map_payload

N = 26_000


def _records(n: int) -> list[dict]:
    rnd = random.Random(3)
    places = [{"place_id": i, "name": f"City {i}", "country": "XX", "lat": rnd.uniform(-60, 70),
               "lon": rnd.uniform(-180, 180), "kind": "city"} for i in range(9000)]
    return [{"id": k, "status": rnd.choice(["signed", "existing", "proposed"]), "parties": rnd.sample(places, 2)}
            for k in range(n)]


def test_map_payload_is_compact_at_full_size():
    records = _records(N)
    start = time.perf_counter()
    data = map_payload(records)
    elapsed = time.perf_counter() - start
    assert len(data["links"]) == N and len(data["places"]) <= 9000
    assert elapsed < 2.0  # generous: about 0.1 s on a 2-core machine


def test_group_party_sits_at_its_members_centroid():
    group = {"place_id": 9, "name": "Metropolis", "kind": "group", "lat": None, "lon": None,
             "members": [{"name": "A", "lat": 10.0, "lon": 20.0}, {"name": "B", "lat": 20.0, "lon": 40.0}]}
    city = {"place_id": 1, "name": "Zhytomyr", "lat": 50.25, "lon": 28.66, "kind": "city"}
    data = map_payload([{"id": 1, "status": "signed", "parties": [city, group]}])
    assert data["places"][1][2:] == [15.0, 30.0] and data["links"] == [[0, 1, "signed", 1]]


def test_graph_keeps_the_best_connected_places():
    data = graph_payload(_records(N))
    assert len(data["nodes"]) == GRAPH_NODES and 8000 < data["total_places"] <= 9000
    kept = {n["id"] for n in data["nodes"]}
    assert all(a in kept and b in kept for a, b, _ in data["edges"])


def test_cache_serves_until_cleared():
    cache, calls = PayloadCache(), []

    def build() -> dict:
        calls.append(1)
        return {"n": len(calls)}

    assert cache.get("k", build) == cache.get("k", build) == b'{"n":1}'
    cache.clear()
    assert cache.get("k", build) == b'{"n":2}'
