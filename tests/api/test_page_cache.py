"""Cached list answers follow the store: a write by another process shows after at most one
background rebuild, a write through the API shows at once."""

import threading
import time
from pathlib import Path

from citypact.analyse import pipeline
from citypact.api.aggregate import GenerationCache
from citypact.read.base import make_document
from citypact.store import open_store

from .conftest import AUTH, _client
from .registry import copy_of


def test_stale_answer_while_one_rebuild_runs():
    cache, builds, release = GenerationCache(), [], threading.Event()

    def build(value):
        def run():
            builds.append(value)
            if value == "new":
                release.wait(5)
            return {"v": value}
        return run

    assert cache.get("k", 1, build("old")) == b'{"v":"old"}'
    assert cache.get("k", 1, build("unused")) == b'{"v":"old"}'  # same generation: no build
    assert cache.get("k", 2, build("new")) == b'{"v":"old"}'  # moved on: stale answer, rebuild behind
    assert cache.get("k", 2, build("again")) == b'{"v":"old"}'  # one rebuild at a time
    release.set()
    deadline = time.time() + 5
    while cache.get("k", 2, build("unused")) != b'{"v":"new"}' and time.time() < deadline:
        time.sleep(0.01)
    assert cache.get("k", 2, build("unused")) == b'{"v":"new"}'
    assert builds == ["old", "new"]


def test_list_follows_a_write_by_another_process(registry_db, tmp_path, gazetteer):
    db = copy_of(Path(registry_db), tmp_path)
    with _client(db, "token") as client:
        before = client.get("/api/partnerships").json()["count"]
        other = open_store(db)  # as `citypact ingest` in another process would
        other.ingest(pipeline(make_document("Tartu og Lviv har indgået en venskabsbyaftale.", "new.txt"), gazetteer))
        other.close()
        deadline, count = time.time() + 10, before
        while count == before and time.time() < deadline:
            count = client.get("/api/partnerships").json()["count"]
            time.sleep(0.02)
        assert count == before + 1


def test_list_shows_a_write_through_the_api_at_once(writer):
    before = writer.get("/api/partnerships?status=existing").json()["count"]
    record = writer.get("/api/partnerships").json()["data"][0]
    edited = writer.post(f"/api/partnerships/{record['id']}/curation", headers=AUTH,
                         json={"action": "edit", "field": "status", "value": "existing"})
    assert edited.status_code == 200
    after = writer.get("/api/partnerships?status=existing").json()["count"]
    assert after == before + (record["status"] != "existing")
