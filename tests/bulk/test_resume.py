"""A real `kill -9` of a running batch, then a re-run: no document twice, none lost, and the
same result as an uninterrupted run."""

import os
import signal
import subprocess
import sys
import time

from citypact.bulk import shards
from citypact.store import open_store

from .helpers import PARTNER_HTML, PLAIN_HTML

PAGES = 400


def _command(folder, out, *extra):
    return [sys.executable, "-m", "citypact.bulk.batch", str(folder), "--out", str(out), "--workers", "2", *extra]


def _rows(out):
    return sorted((r["source"], r["skipped"], r["extract_json"]) for r in shards.iter_rows(out))


def test_resume_after_kill_9(tmp_path, gazetteer):
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(PAGES):
        html = PARTNER_HTML.replace("Lublin", "Kraków") if i % 40 == 0 else PLAIN_HTML.replace("nine", f"nine {i}")
        (folder / f"page{i:04d}.html").write_text(html, encoding="utf-8")
    out = tmp_path / "out"
    env = os.environ | {"PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(_command(folder, out, "--chunk-size", "5"), env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.time() + 120
        while time.time() < deadline and len(shards.done_chunks(out)) < 3:
            time.sleep(0.02)
        os.kill(process.pid, signal.SIGKILL)  # the client process, as the OOM killer would
        process.wait()
    finally:
        time.sleep(0.2)
        try:
            os.killpg(process.pid, signal.SIGKILL)  # its orphaned worker processes
        except ProcessLookupError:
            pass
    done_at_kill = len(shards.done_chunks(out))
    assert 3 <= done_at_kill < PAGES // 5, "the kill must land mid-run"

    resumed = subprocess.run(_command(folder, out, "--db", str(tmp_path / "r.db")), check=False, env=env,
                             capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    assert f"({done_at_kill} done before)" in resumed.stderr.replace("\n", " ")
    rows = _rows(out)
    sources = [r[0] for r in rows]
    assert len(sources) == len(set(sources)) == PAGES  # none twice, none lost
    assert sorted(sources) == sorted(str(p) for p in folder.glob("*.html"))

    clean = subprocess.run(_command(folder, tmp_path / "clean", "--chunk-size", "5"), check=False, env=env,
                           capture_output=True, text=True, timeout=300)
    assert clean.returncode == 0, clean.stderr
    assert _rows(tmp_path / "clean") == rows
    store = open_store(str(tmp_path / "r.db"))
    assert store.count_partnerships() == 1 and len(store.list_documents()) == 1  # ten copies, one document
    store.close()
