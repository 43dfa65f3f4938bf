"""The web UI in real headless Chromium: every page, the table, evidence, map, graph, writes, and
a document that carries a script."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from ..api.conftest import TOKEN
from ..api.registry import bulk_registry, copy_of, example_registry
from .conftest import LiveServer

pytestmark = pytest.mark.browser
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
PAGES = ["/", "/partnerships", "/partnerships/1", "/places/1", "/map", "/graph", "/consultations",
         "/documents", "/documents/1", "/upload", "/docs"]
# Counts the pixels of a canvas that differ from its first (background) pixel.
INKED = """selector => {
  const c = document.querySelector(selector), d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let n = 0;
  for (let i = 0; i < d.length; i += 4) { if (d[i] !== d[0] || d[i + 1] !== d[1] || d[i + 2] !== d[2]) n++; }
  return n;
}"""


@pytest.fixture(scope="module")
def server(tmp_path_factory, gazetteer):
    db = example_registry(tmp_path_factory.getbasetemp(), gazetteer)
    with LiveServer(str(db), TOKEN) as live:
        yield live.url


@pytest.fixture(scope="module")
def writable_server(tmp_path_factory, gazetteer):
    db = example_registry(tmp_path_factory.getbasetemp(), gazetteer)
    with LiveServer(copy_of(db, tmp_path_factory.mktemp("writes")), TOKEN) as live:
        yield live.url


def _open(page, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_load_state("networkidle")


@pytest.mark.parametrize("path", PAGES)
def test_every_page_opens_without_errors(server, page, path):
    _open(page, server + path)
    assert page.locator("h1, #swagger-ui .info").first.is_visible()
    assert page.problems == []


def test_filter_sort_and_page_the_table(server, page):
    _open(page, server + "/partnerships")
    assert page.locator("table.records tbody tr").count() == 8
    page.fill("input[name=q]", "Zhytomyr")
    page.click("form#filters button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.locator("table.records tbody tr").count() == 4
    page.select_option("select[name=status]", "proposed")
    page.click("form#filters button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.locator("table.records tbody tr").count() == 1
    assert "Noblesville" in page.locator("table.records tbody").inner_text()
    _open(page, server + "/partnerships?limit=3")
    page.click("text=next →")
    page.wait_for_load_state("networkidle")
    assert page.locator("table.records tbody tr td:first-child").first.inner_text() == "4"
    page.click("thead >> text=#")  # sort by id, descending
    page.wait_for_load_state("networkidle")
    ids = [int(t) for t in page.locator("table.records tbody tr td:first-child").all_inner_texts()]
    assert ids == sorted(ids, reverse=True)
    assert page.problems == []


def test_open_a_partnership_and_see_its_evidence(server, page):
    _open(page, server + "/partnerships?q=Zhytomyr&status=proposed")
    page.locator("table.records tbody tr a").first.click()
    page.wait_for_load_state("networkidle")
    mark = page.locator("blockquote.evidence mark").first
    assert mark.is_visible() and "Noblesville" in page.locator("h1").inner_text()
    background = mark.evaluate("e => getComputedStyle(e).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")  # highlighted, not just wrapped
    sentence = mark.inner_text()
    page.locator("ol.timeline a").first.click()  # the source, scrolled to the evidence
    page.wait_for_load_state("networkidle")
    assert "/documents/" in page.url and "#ev-" in page.url
    assert page.locator("pre.source mark").first.inner_text() == sentence
    assert page.problems == []


def test_partnership_screenshot(server, page):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    _open(page, server + "/partnerships/1")
    assert page.locator("blockquote.evidence mark").count() >= 1
    page.screenshot(path=str(SCREENSHOTS / "partnership.png"))


def test_map_draws_lines_by_status(server, page):
    _open(page, server + "/map")
    page.wait_for_selector("#map[data-drawn]", state="attached", timeout=10_000)
    assert int(page.get_attribute("#map", "data-drawn")) == 8
    assert page.evaluate(INKED, "#map") > 5000  # land outlines and links
    assert "signed" in page.locator("#map-legend").inner_text()
    page.screenshot(path=str(SCREENSHOTS / "map.png"))
    page.select_option("select[name=status]", "proposed")
    page.click("form.filters button[type=submit]")
    page.wait_for_selector("#map[data-drawn]", state="attached")
    assert int(page.get_attribute("#map", "data-drawn")) == 2
    assert page.problems == []


def test_graph_draws(server, page):
    _open(page, server + "/graph")
    page.wait_for_selector("#graph[data-drawn]", state="attached", timeout=10_000)
    assert int(page.get_attribute("#graph", "data-drawn")) >= 7
    assert page.evaluate(INKED, "#graph") > 500
    assert page.problems == []


def test_place_page_lists_and_maps_partners(server, page):
    _open(page, server + "/partnerships?city=Kyiv")
    page.locator("table.records tbody a", has_text="Kyiv").first.click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text().startswith("Kyiv")
    assert page.locator("main ul li").count() == 3
    page.wait_for_selector("#map[data-drawn]", state="attached")
    assert int(page.get_attribute("#map", "data-drawn")) == 3
    assert page.problems == []


def test_consultation_deadline_is_shown(server, page):
    _open(page, server + "/consultations")
    row = page.locator("table.records tbody tr").first
    assert row.locator("td").nth(3).inner_text()[:2] == "20"  # an ISO deadline
    assert page.problems == []


def test_script_in_a_document_never_runs(server, page):
    _open(page, server + "/partnerships?city=Lviv")
    page.locator("table.records tbody tr td:first-child a").first.click()
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__pwned") is None
    evidence = page.locator("blockquote.evidence").first.inner_text()
    assert "<script>window.__pwned=1</script>" in evidence  # shown as text
    assert page.locator("main script, main img").count() == 0
    page.locator("ol.timeline a").first.click()
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__pwned") is None
    assert '<img src=x onerror="window.__pwned=2">' in page.locator("pre.source").inner_text()
    assert page.locator("main script, main img").count() == 0
    assert page.problems == []


def test_upload_and_curate_from_the_browser(writable_server, page):
    _open(page, writable_server + "/upload")
    page.fill("input[name=token]", "wrong")
    page.set_input_files("input[name=file]", files=[{"name": "note.txt", "mimeType": "text/plain",
                                                      "buffer": "Tartu og Lviv har indgået en venskabsbyaftale.".encode()}])
    page.click("#upload-form button")
    page.wait_for_selector("#upload-result.failed")
    assert "token" in page.locator("#upload-result").inner_text()
    page.problems.clear()  # the refused request is logged by the browser as a 401
    page.fill("input[name=token]", TOKEN)
    page.click("#upload-form button")
    page.wait_for_selector("#upload-result.ok a[href^='/partnerships/']", timeout=20_000)
    page.locator("#upload-result a[href^='/partnerships/']").first.click()
    page.wait_for_load_state("networkidle")
    assert "Tartu" in page.locator("h1").inner_text()
    assert page.input_value("#curate-form input[name=token]") == TOKEN  # kept for this tab
    page.select_option("#curate-form select[name=action]", "confirm")
    page.fill("#curate-form input[name=reason]", "checked with Tartu city hall")
    with page.expect_navigation():
        page.click("#curate-form button")
    page.wait_for_load_state("networkidle")
    assert "confirmed" in page.locator("dl.facts").inner_text()
    assert "checked with Tartu city hall" in page.locator("main").inner_text()
    assert page.problems == []


def test_map_and_graph_draw_quickly_at_scale(tmp_path_factory, page):
    db = bulk_registry(tmp_path_factory.getbasetemp(), 2000)
    with LiveServer(str(db), None) as live:
        _open(page, live.url + "/partnerships")
        assert "2000" in page.locator("h1").inner_text()
        assert page.locator("table.records tbody tr").count() == 50
        start = time.monotonic()
        _open(page, live.url + "/map")
        page.wait_for_selector("#map[data-drawn]", state="attached", timeout=10_000)
        assert int(page.get_attribute("#map", "data-drawn")) == 2000
        _open(page, live.url + "/graph")
        page.wait_for_selector("#graph[data-drawn]", state="attached", timeout=10_000)
        assert time.monotonic() - start < 8
        assert page.problems == []


def test_map_draws_26000_links_in_a_few_seconds(server, page):
    """The browser side at the size of the Wikipedia list: a synthetic /api/map answer."""
    import json
    import random

    rnd = random.Random(5)
    places = [[i, f"City {i}", round(rnd.uniform(-55, 70), 4), round(rnd.uniform(-170, 170), 4)] for i in range(9000)]
    links = [[rnd.randrange(9000), rnd.randrange(9000), rnd.choice(["signed", "existing"]), k] for k in range(26_000)]
    body = json.dumps({"places": places, "links": links})
    page.route("**/api/map*", lambda route: route.fulfill(status=200, content_type="application/json", body=body))
    start = time.monotonic()
    _open(page, server + "/map")
    page.wait_for_selector("#map[data-drawn]", state="attached", timeout=10_000)
    assert int(page.get_attribute("#map", "data-drawn")) == 26_000
    assert time.monotonic() - start < 5
    assert page.problems == []
