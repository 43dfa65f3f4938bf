"""The HTTP API through httpx: lists, details, filters, the error envelope, tokens, CSP."""

import pytest

from .conftest import SCRIPT_DOC, TOKEN

PAGES = ["/", "/partnerships", "/map", "/graph", "/consultations", "/docs"]


def test_list_shape_and_default_page(client):
    body = client.get("/api/partnerships").json()
    assert set(body) == {"data", "count"} and body["count"] == 8
    record = body["data"][0]
    assert {"id", "parties", "type", "status", "date", "themes", "duration_years", "expires", "signatories",
            "events", "sources"} <= set(record)
    assert {"name", "country", "geonames_id", "lat", "lon", "kind"} <= set(record["parties"][0])
    assert client.get("/api/partnerships", params={"limit": 2, "offset": 2}).json()["data"][0]["id"] == 3


@pytest.mark.parametrize("params,count", [
    ({"city": "Kyiv"}, 3), ({"country": "PL"}, 3), ({"type": "friendship"}, 1), ({"status": "proposed"}, 2),
    ({"theme": "veterans"}, 1), ({"since": "2022"}, 2), ({"q": "zhyt"}, 4),
])
def test_filters(client, params, count):
    assert client.get("/api/partnerships", params=params).json()["count"] == count


@pytest.mark.parametrize("path", ["/api/partnerships/1", "/api/places/1", "/api/documents/1", "/api/stats",
                                  "/api/consultations", "/api/places", "/api/map", "/api/graph", "/openapi.json"])
def test_json_twins(client, path):
    response = client.get(path)
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/json")


def test_detail_has_timeline_and_evidence(client):
    record = client.get("/api/partnerships/1").json()
    assert record["events"] and record["events"][0]["evidence"]
    assert record["sources"]


@pytest.mark.parametrize("path,status", [
    ("/api/partnerships/99999", 404), ("/api/partnerships?status=bogus", 422), ("/api/partnerships?since=';DROP", 422),
    ("/api/partnerships?limit=100000", 422), ("/nowhere", 404), ("/api/places/abc", 422),
])
def test_one_error_envelope(client, path, status):
    response = client.get(path)
    assert response.status_code == status
    assert set(response.json()) == {"error"} and response.json()["error"]["status"] == status


@pytest.mark.parametrize("value", ["' OR 1=1 --", "%\"; DROP TABLE partnerships; --", "<script>", "ü" * 150])
def test_injection_strings_in_filters(client, value):
    response = client.get("/api/partnerships", params={"city": value, "q": value})
    assert response.status_code in (200, 422)
    assert client.get("/api/partnerships").json()["count"] == 8


def test_writes_need_the_token(client):
    body = {"action": "confirm", "reason": "checked"}
    assert client.post("/api/partnerships/1/curation", json=body).status_code == 401
    assert client.post("/api/partnerships/1/curation", json=body,
                       headers={"Authorization": "Bearer wrong"}).status_code == 401
    ok = client.post("/api/partnerships/1/curation", json=body, headers={"Authorization": f"Bearer {TOKEN}"})
    assert ok.status_code == 200 and ok.json()["review_state"] == "confirmed"


def test_read_only_without_a_token(registry_db):
    from fastapi.testclient import TestClient

    from citypact.api import create_app

    with TestClient(create_app(registry_db, None)) as c:
        assert c.post("/api/partnerships/1/curation", json={"action": "confirm"}).status_code == 403


def test_upload_ingests(client):
    files = {"file": ("note.txt", "Tartu og Lviv har indgået en venskabsbyaftale.".encode(), "text/plain")}
    headers = {"Authorization": f"Bearer {TOKEN}"}
    response = client.post("/api/documents", files=files, headers=headers)
    assert response.status_code == 200, response.text
    assert response.json()["new_partnerships"]
    again = client.post("/api/documents", files=files, headers=headers).json()
    assert again["new_document"] is False


def test_request_size_limit(client):
    response = client.post("/api/documents", content=b"x" * 11_000_000,
                           headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "text/plain"})
    assert response.status_code == 413


@pytest.mark.parametrize("path", PAGES)
def test_pages_have_csp_and_no_inline_script(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert "<script>" not in response.text  # every script is a file


def test_untrusted_text_is_escaped(client):
    hostile = [r for r in client.get("/api/partnerships", params={"city": "Lviv"}).json()["data"]][0]
    page = client.get(f"/partnerships/{hostile['id']}").text
    assert "<script>window.__pwned" not in page and "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in page
    document = client.get(f"/documents/{hostile['events'][0]['document_id']}").text
    assert "<img src=x" not in document and SCRIPT_DOC[:20] in document
