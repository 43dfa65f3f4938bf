from pathlib import Path

import pytest

from .registry import bulk_registry, copy_of, example_registry

TOKEN = "s3cret-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="session")
def registry_db(tmp_path_factory, gazetteer) -> str:
    return str(example_registry(tmp_path_factory.getbasetemp(), gazetteer))


@pytest.fixture(scope="session")
def bulk_db(tmp_path_factory) -> str:
    return str(bulk_registry(tmp_path_factory.getbasetemp(), 2000))


def _client(db: str, token: str | None):
    from fastapi.testclient import TestClient

    from citypact.api import create_app

    return TestClient(create_app(db, token), raise_server_exceptions=False)


@pytest.fixture
def client(registry_db):
    """Reads only: the example registry is shared by every test."""
    with _client(registry_db, TOKEN) as c:
        yield c


@pytest.fixture
def writer(registry_db, tmp_path):
    """A client on a private copy of the example registry, for tests that write."""
    with _client(copy_of(Path(registry_db), tmp_path), TOKEN) as c:
        yield c
