"""The HTTP API through httpx: list shape, filters, sorting, pages, details and JSON twins."""

import pytest

PAGES_AND_TWINS = [("/", "/api/stats"), ("/partnerships", "/api/partnerships"),
                   ("/partnerships/1", "/api/partnerships/1"), ("/places/1", "/api/places/1"),
                   ("/documents", "/api/documents"), ("/documents/1", "/api/documents/1"),
                   ("/map", "/api/map"), ("/graph", "/api/graph"), ("/consultations", "/api/consultations")]


def test_list_shape_and_default_page(client):
    body = client.get("/api/partnerships").json()
    assert set(body) == {"data", "count"} and body["count"] == 8 and len(body["data"]) == 8
    record = body["data"][0]
    assert {"id", "parties", "type", "status", "date", "themes", "duration_years", "expires", "signatories",
            "events", "sources"} <= set(record)
    assert {"name", "country", "geonames_id", "lat", "lon", "kind"} <= set(record["parties"][0])
    assert client.get("/api/partnerships", params={"limit": 2, "offset": 2}).json()["data"][0]["id"] == 3


def test_default_page_is_at_least_fifty(bulk_db):
    from .conftest import _client

    with _client(bulk_db, None) as c:
        body = c.get("/api/partnerships").json()
        assert body["count"] == 2000 and len(body["data"]) == 50
        assert len(c.get("/api/places").json()["data"]) == 50
        last = c.get("/api/partnerships", params={"offset": 1990, "limit": 50}).json()["data"]
        assert len(last) == 10


@pytest.mark.parametrize("params,count", [
    ({"city": "Kyiv"}, 3), ({"country": "PL"}, 3), ({"type": "friendship"}, 1), ({"status": "proposed"}, 2),
    ({"theme": "veterans"}, 1), ({"since": "2022"}, 2), ({"q": "zhyt"}, 4), ({"city": "Kyiv", "type": "friendship"}, 1),
    ({"status": ""}, 8),
])
def test_filters(client, params, count):
    assert client.get("/api/partnerships", params=params).json()["count"] == count


def test_sorting(client):
    ids = [r["id"] for r in client.get("/api/partnerships", params={"sort": "-id"}).json()["data"]]
    assert ids == sorted(ids, reverse=True)
    dates = [r["date"] for r in client.get("/api/partnerships", params={"sort": "date"}).json()["data"] if r["date"]]
    assert dates == sorted(dates)


@pytest.mark.parametrize("page,twin", PAGES_AND_TWINS)
def test_every_page_has_a_json_twin(client, page, twin):
    html = client.get(page)
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
    assert f'href="{twin}' in html.text  # the page links its twin
    response = client.get(twin)
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/json")


def test_detail_has_timeline_evidence_and_sources(client, example_texts):
    record = client.get("/api/partnerships/1").json()
    event = record["events"][0]
    assert event["evidence"] and record["sources"] and "audit" in record
    document = client.get(f"/api/documents/{event['document_id']}").json()
    for span in event["evidence"]:
        assert document["text"][span["start"]:span["end"]] == span["text"]


def test_place_with_its_partners(client):
    kyiv = client.get("/api/places", params={"q": "kyiv"}).json()["data"][0]
    place = client.get(f"/api/places/{kyiv['place_id']}").json()
    assert place["name"] == "Kyiv" and place["country"] == "UA" and len(place["partnerships"]) == 3
    assert all(any(p["name"] == "Kyiv" for p in r["parties"]) for r in place["partnerships"])


def test_consultations_with_deadlines(client):
    body = client.get("/api/consultations").json()
    assert body["count"] == 1 and body["data"][0]["deadline"]
    deadline = body["data"][0]["deadline"]
    assert client.get("/api/consultations", params={"open_on": deadline}).json()["count"] == 1
    assert client.get("/api/consultations", params={"open_on": "2999-01-01"}).json()["count"] == 0


def test_stats(client):
    stats = client.get("/api/stats").json()
    assert stats["partnerships"] == 8 and stats["documents"] == 6 and stats["by_status"]["signed"] >= 1


def test_map_and_graph_data(client):
    data = client.get("/api/map").json()
    assert len(data["links"]) >= 8 and all(len(p) == 4 for p in data["places"])
    assert {link[2] for link in data["links"]} >= {"signed", "proposed"}
    kyiv = client.get("/api/places", params={"q": "kyiv"}).json()["data"][0]["place_id"]
    assert len(client.get("/api/map", params={"place": kyiv}).json()["links"]) == 3
    graph = client.get("/api/graph", params={"status": "proposed"}).json()
    assert graph["edges"] and all(e[2] == "proposed" for e in graph["edges"])


def test_openapi_describes_every_resource(client):
    spec = client.get("/openapi.json").json()
    for path in ["/api/partnerships", "/api/partnerships/{pid}", "/api/places", "/api/places/{place_id}",
                 "/api/documents/{doc_id}", "/api/consultations", "/api/stats", "/api/map", "/api/graph"]:
        assert path in spec["paths"]
    assert "PartnershipsPublic" in spec["components"]["schemas"]
    docs = client.get("/docs").text
    assert "/static/vendor/swagger-ui-5.35.0/swagger-ui-bundle.js" in docs and "cdn" not in docs.lower()
