import pytest

from citypact.analyse import pipeline
from citypact.read import iter_documents
from citypact.read.base import make_document
from citypact.store import open_store

from ..conftest import EXAMPLES

TOKEN = "s3cret-token"
SCRIPT_DOC = ("Lviv and Lublin signed a twinning agreement today <script>window.__pwned=1</script> "
              "<img src=x onerror=\"window.__pwned=2\">.")


@pytest.fixture(scope="session")
def registry_db(tmp_path_factory, gazetteer) -> str:
    path = tmp_path_factory.mktemp("api") / "registry.db"
    store = open_store(str(path))
    for document in iter_documents([str(EXAMPLES / "*.txt")]):
        store.ingest(pipeline(document, gazetteer))
    store.ingest(pipeline(make_document(SCRIPT_DOC, "hostile.txt", published="2025-01-10"), gazetteer))
    store.close()
    return str(path)


@pytest.fixture
def client(registry_db):
    from fastapi.testclient import TestClient

    from citypact.api import create_app

    with TestClient(create_app(registry_db, TOKEN)) as c:
        yield c
