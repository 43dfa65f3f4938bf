"""Store back ends for the contract suite: SQLite always, PostgreSQL from CITYPACT_TEST_PG_URL
or a throw-away server started by scripts/start-postgres.sh. In CI a missing server fails."""

import os
import subprocess
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def postgres_server() -> str:
    url = os.environ.get("CITYPACT_TEST_PG_URL")
    if url:
        return url
    try:
        result = subprocess.run([str(ROOT / "scripts" / "start-postgres.sh")], capture_output=True, text=True,
                                timeout=300, check=True)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as exc:
        detail = getattr(exc, "stderr", "") or str(exc)
        message = f"no PostgreSQL server: scripts/start-postgres.sh failed: {detail.strip()}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return result.stdout.strip().splitlines()[-1]


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        yield str(tmp_path / "registry.db")
        return
    server = request.getfixturevalue("postgres_server")
    name = "citypact_test_" + uuid.uuid4().hex[:10]
    from citypact.store import database_url

    admin = create_engine(database_url(server), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    base = server.rsplit("/", 1)[0]
    yield f"{base}/{name}"
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def store(store_url):
    from citypact.store import open_store

    s = open_store(store_url)
    yield s
    s.close()
