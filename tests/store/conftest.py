"""Store back ends for the contract suite: SQLite always; PostgreSQL from CITYPACT_TEST_PG_URL, else
a throw-away server started here (initdb into a temporary directory, a free port on 127.0.0.1,
stopped at the end of the session). Without PostgreSQL the PostgreSQL cases skip and say why;
with CI=true they fail instead."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from citypact.store import database_url, open_store

INSTALL_HINT = ("install Debian's postgresql package (scripts/start-postgres.sh does it and prints a URL), "
                "or set CITYPACT_TEST_PG_URL=postgresql://user@host:port/db")


class Unavailable(Exception):
    """PostgreSQL cannot be had on this machine; the message says why."""


def _run(command: list[str]) -> None:
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        raise Unavailable(f"{' '.join(command[-4:])} failed: {(result.stderr or result.stdout).strip()[-400:]}")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _binaries() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).parent
    raise Unavailable(f"no PostgreSQL server binaries (initdb) on this machine: {INSTALL_HINT}")


def _start_throwaway() -> tuple[str, list[str], Path]:
    """initdb + pg_ctl start as a non-root user (the server refuses to run as root)."""
    bin_dir = _binaries()
    prefix: list[str] = []
    base = Path(tempfile.mkdtemp(prefix="citypact-pg-"))
    if os.geteuid() == 0:
        try:
            user = pwd.getpwnam("postgres")
        except KeyError:
            raise Unavailable("running as root and there is no 'postgres' user to run the server") from None
        os.chown(base, user.pw_uid, user.pw_gid)
        prefix = ["runuser", "-u", "postgres", "--"]
    data = base / "data"
    _run(prefix + [str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
                   "--locale=C.UTF-8", "-N"])
    port = _free_port()
    options = (f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=off "
               "-c synchronous_commit=off -c full_page_writes=off")
    _run(prefix + [str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(base / "server.log"),
                   "-w", "-t", "60", "start"])
    stop = prefix + [str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"]
    return f"postgresql://postgres@127.0.0.1:{port}/postgres", stop, base


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    url = os.environ.get("CITYPACT_TEST_PG_URL")
    if url:
        yield url
        return
    try:
        url, stop, base = _start_throwaway()
    except (Unavailable, OSError, subprocess.TimeoutExpired) as exc:
        message = f"PostgreSQL unavailable: {exc}"
        if os.environ.get("CI") == "true":
            pytest.fail(message + " (CI=true: the PostgreSQL contract may not be skipped)")
        pytest.skip(message)
    yield url
    subprocess.run(stop, capture_output=True, timeout=60)
    shutil.rmtree(base, ignore_errors=True)


def _admin(server: str):
    return create_engine(database_url(server), isolation_level="AUTOCOMMIT")


@pytest.fixture(scope="session")
def postgres_template(postgres_server: str) -> Iterator[str]:
    """A database migrated once; each test gets a copy (CREATE DATABASE ... TEMPLATE)."""
    name = "citypact_tpl_" + uuid.uuid4().hex[:10]
    admin = _admin(postgres_server)
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    open_store(postgres_server.rsplit("/", 1)[0] + "/" + name).close()
    yield name
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("template") / "registry.db"
    open_store(str(path)).close()
    return path


def _database(server: str, template: str | None) -> Iterator[str]:
    name = "citypact_test_" + uuid.uuid4().hex[:10]
    admin = _admin(server)
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else "")))
    yield server.rsplit("/", 1)[0] + "/" + name
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path) -> Iterator[str]:
    """A URL or path of a new, migrated store on each back end."""
    if request.param == "sqlite":
        path = tmp_path / "registry.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        yield str(path)
        return
    server = request.getfixturevalue("postgres_server")
    yield from _database(server, request.getfixturevalue("postgres_template"))


@pytest.fixture
def store(store_url):
    s = open_store(store_url)
    yield s
    s.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_url(request, tmp_path) -> Iterator[str]:
    """A URL or path of an empty database (no schema yet) on each back end."""
    if request.param == "sqlite":
        yield str(tmp_path / "empty.db")
        return
    yield from _database(request.getfixturevalue("postgres_server"), None)
