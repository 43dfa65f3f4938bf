"""The web UI in real headless Chromium (Debian's /usr/bin/chromium driven by Playwright)."""

import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

from ..api.conftest import TOKEN, registry_db  # noqa: F401 - the shared registry fixture

pytestmark = pytest.mark.browser
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(registry_db):
    import uvicorn

    from citypact.api import create_app

    port = _free_port()
    config = uvicorn.Config(create_app(registry_db, TOKEN), host="127.0.0.1", port=port, log_level="warning")
    instance = uvicorn.Server(config)
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    deadline = time.time() + 20
    while not instance.started and time.time() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    instance.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if not Path(CHROMIUM).exists():
        message = "Chromium is not installed (apt-get install chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:  # launch() gives every run a fresh temporary profile
        browser = p.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run", "--disable-quic"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1300, "height": 900})
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
    page.on("pageerror", lambda e: page.console_errors.append(str(e)))
    yield page
    context.close()


@pytest.mark.parametrize("path", ["/", "/partnerships", "/partnerships/1", "/places/1", "/map", "/graph",
                                  "/consultations", "/documents/1", "/docs"])
def test_every_page_opens_without_console_errors(server, page, path):
    response = page.goto(server + path)
    assert response.status == 200
    page.wait_for_load_state("networkidle")
    assert page.console_errors == []


def test_filter_the_table_and_open_a_partnership(server, page):
    page.goto(server + "/partnerships")
    page.fill("input[name=q]", "Zhytomyr")
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    rows = page.locator("table.records tbody tr")
    assert rows.count() == 4
    page.select_option("select[name=status]", "proposed")
    page.click("button[type=submit]")
    assert page.locator("table.records tbody tr").count() == 1
    page.locator("table.records tbody tr a").first.click()
    page.wait_for_load_state("networkidle")
    mark = page.locator("blockquote.evidence mark").first
    assert "запропонувало" in mark.inner_text()


def test_partnership_page_highlights_evidence(server, page):
    page.goto(server + "/partnerships/1")
    assert page.locator("blockquote.evidence mark").count() >= 1
    page.screenshot(path=str(SCREENSHOTS / "partnership.png"), full_page=False)
    page.locator("ol.timeline a").first.click()
    page.wait_for_load_state("networkidle")
    assert page.locator("pre.source mark").count() >= 1


def test_map_and_graph_draw(server, page):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(server + "/map")
    page.wait_for_function("document.getElementById('map').dataset.drawn !== undefined", timeout=10000)
    assert int(page.get_attribute("#map", "data-drawn")) >= 7
    assert page.get_attribute("#map", "data-error") is None
    page.screenshot(path=str(SCREENSHOTS / "map.png"), full_page=False)
    page.goto(server + "/graph")
    page.wait_for_function("document.getElementById('graph').dataset.drawn !== undefined", timeout=10000)
    assert int(page.get_attribute("#graph", "data-drawn")) >= 7
    assert page.console_errors == []


def test_script_in_a_document_never_runs(server, page):
    page.goto(server + "/partnerships?city=Lviv")
    page.locator("table.records tbody tr a").first.click()
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__pwned") is None
    assert "<script>window.__pwned=1</script>" in page.locator("blockquote.evidence").first.inner_text()
    page.locator("ol.timeline a").first.click()
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__pwned") is None
    assert page.locator("pre.source img").count() == 0
