"""Errors, tokens, limits and untrusted text: one error envelope, constant-time token, CSP, escaping."""

import pytest

from .conftest import AUTH, TOKEN, _client
from .registry import SCRIPT_DOC

PAGES = ["/", "/partnerships", "/partnerships/1", "/places/1", "/map", "/graph", "/consultations",
         "/documents", "/documents/1", "/upload", "/docs"]


@pytest.mark.parametrize("method,path,status", [
    ("GET", "/api/partnerships/99999", 404), ("GET", "/partnerships/99999", 404), ("GET", "/nowhere", 404),
    ("GET", "/api/places/99999", 404), ("GET", "/api/documents/99999", 404), ("GET", "/static/nothing.js", 404),
    ("GET", "/api/partnerships?status=bogus", 422), ("GET", "/api/partnerships?since=';DROP", 422),
    ("GET", "/api/partnerships?limit=100000", 422), ("GET", "/api/partnerships?sort=evil", 422),
    ("GET", "/api/places/abc", 422), ("GET", "/api/consultations?open_on=tomorrow", 422),
    ("DELETE", "/api/partnerships/1", 405), ("POST", "/api/partnerships/1/curation", 401),
])
def test_one_error_envelope(client, method, path, status):
    response = client.request(method, path)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"} and body["error"]["status"] == status and body["error"]["message"]


def test_server_errors_use_the_envelope(registry_db, monkeypatch):
    with _client(registry_db, None) as c:
        store = c.app.state.citypact.store
        monkeypatch.setattr(store, "stats", lambda: 1 / 0)
        response = c.get("/api/stats")
        assert response.status_code == 500
        assert response.json() == {"error": {"status": 500, "message": "internal error: ZeroDivisionError"}}


@pytest.mark.parametrize("value", ["' OR 1=1 --", "%\"; DROP TABLE partnerships; --", "<script>", "ü" * 150])
def test_injection_strings_in_filters(client, value):
    response = client.get("/api/partnerships", params={"city": value, "q": value})
    assert response.status_code == 200 and response.json()["count"] == 0
    assert client.get("/api/partnerships").json()["count"] == 8


@pytest.mark.parametrize("header", [None, "Bearer wrong", f"Basic {TOKEN}", f"Bearer {TOKEN}x", "Bearer "])
def test_writes_need_the_token(writer, header):
    headers = {"Authorization": header} if header else {}
    response = writer.post("/api/partnerships/1/curation", json={"action": "confirm"}, headers=headers)
    assert response.status_code == 401 and response.json()["error"]["status"] == 401
    files = {"file": ("a.txt", b"Tartu og Lviv har indgaaet en venskabsbyaftale.", "text/plain")}
    assert writer.post("/api/documents", files=files, headers=headers).status_code == 401


def test_token_is_compared_in_constant_time():
    import inspect

    from citypact.api import deps

    assert "hmac.compare_digest" in inspect.getsource(deps.require_token)


def test_curation(writer):
    ok = writer.post("/api/partnerships/1/curation", json={"action": "confirm", "reason": "checked"}, headers=AUTH)
    assert ok.status_code == 200 and ok.json()["review_state"] == "confirmed"
    edit = writer.post("/api/partnerships/1/curation", headers=AUTH,
                       json={"action": "edit", "field": "duration_years", "value": 5, "reason": "council paper"})
    assert edit.json()["duration_years"] == 5 and edit.json()["audit"][-1]["action"] == "edit"
    bad = writer.post("/api/partnerships/1/curation", headers=AUTH, json={"action": "edit", "field": "id", "value": 9})
    assert bad.status_code == 422 and "field" in bad.json()["error"]["message"]  # the schema names the fields
    themes = writer.post("/api/partnerships/1/curation", headers=AUTH,
                         json={"action": "edit", "field": "themes", "value": ["culture", "youth"]})
    assert themes.status_code == 200 and themes.json()["themes"] == ["culture", "youth"]
    wrong_value = writer.post("/api/partnerships/1/curation", headers=AUTH,
                              json={"action": "edit", "field": "status", "value": "forgotten"})
    assert wrong_value.status_code == 422
    itself = writer.post("/api/partnerships/1/curation", headers=AUTH, json={"action": "merge", "merge_id": 1})
    assert itself.status_code == 409 and "itself" in itself.json()["error"]["message"]
    huge = writer.get(f"/api/partnerships/{2**64}")
    assert huge.status_code == 422  # beyond SQL's integers: a client error, not a driver error
    reject = writer.post("/api/partnerships/2/curation", json={"action": "reject"}, headers=AUTH)
    assert reject.status_code == 200
    assert writer.get("/api/partnerships").json()["count"] == 7
    assert writer.post("/api/partnerships/999/curation", json={"action": "confirm"}, headers=AUTH).status_code == 404


def test_read_only_without_a_token(registry_db):
    with _client(registry_db, None) as c:
        response = c.post("/api/partnerships/1/curation", json={"action": "confirm"}, headers=AUTH)
        assert response.status_code == 403 and "read-only" in response.json()["error"]["message"]
        assert "upload-form" not in c.get("/upload").text and "curate-form" not in c.get("/partnerships/1").text
    with _client(registry_db, "") as c:  # an empty token is no token
        assert c.post("/api/partnerships/1/curation", json={"action": "confirm"}, headers={"Authorization": "Bearer "}
                      ).status_code == 403


def test_upload_ingests_and_refreshes_the_map(writer):
    before = len(writer.get("/api/map").json()["links"])
    files = {"file": ("note.txt", "Tartu og Lviv har indgået en venskabsbyaftale.".encode(), "text/plain")}
    response = writer.post("/api/documents", files=files, headers=AUTH)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["new_document"] and body["new_partnerships"] and body["extraction"]["partnerships"]
    assert len(writer.get("/api/map").json()["links"]) == before + 1  # the cached map was dropped
    assert writer.post("/api/documents", files=files, headers=AUTH).json()["new_document"] is False


def test_request_size_limit(writer):
    response = writer.post("/api/documents", content=b"x" * 11_000_000,
                           headers={**AUTH, "Content-Type": "text/plain"})
    assert response.status_code == 413 and response.json()["error"]["status"] == 413


@pytest.mark.parametrize("path", PAGES)
def test_pages_have_csp_and_no_inline_script(client, path):
    response = client.get(path)
    assert response.status_code == 200
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert response.headers["x-content-type-options"] == "nosniff"
    html = response.text
    assert "<script>" not in html and " on" + "click=" not in html  # every script is a file
    for tag in html.split("<script")[1:]:
        assert tag.lstrip().startswith('src="/static/')


def test_untrusted_text_is_escaped(client):
    hostile = client.get("/api/partnerships", params={"city": "Lviv"}).json()["data"][0]
    assert {p["name"] for p in hostile["parties"]} == {"Lviv", "Lublin"}
    page = client.get(f"/partnerships/{hostile['id']}").text
    assert "<script>window.__pwned" not in page and "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in page
    document = client.get(f"/documents/{hostile['events'][0]['document_id']}").text
    assert "<img src=x" not in document and "&lt;img src=x" in document and SCRIPT_DOC[:20] in document


def test_highlight_parameter_is_checked(client):
    assert client.get("/documents/1", params={"highlight": "5-2"}).status_code == 200
    assert "<mark" not in client.get("/documents/1", params={"highlight": "x-y"}).text
    assert client.get("/documents/1", params={"highlight": "0-99999999"}).status_code == 200
