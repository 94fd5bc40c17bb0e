"""The built portal in a real browser: headless Chromium through Selenium, served from 127.0.0.1.

Without Chromium the tests are skipped on a workstation and fail in CI (the CI variable set)."""

from __future__ import annotations

import base64
import json
import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.chromium import CHROMEDRIVER, CHROMIUM, served, start
from tests.test_site import build_site

PHONE = (390, 844)
DESKTOP = (1280, 900)
SCREENSHOTS = Path("/tmp")


def _require_chromium() -> None:
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not (p.is_file() and os.access(p, os.X_OK))]
    if missing:
        message = f"Chromium not installed: {', '.join(missing)} (apt-get install chromium chromium-driver)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="module")
def site_url(tmp_path_factory):
    _require_chromium()
    site = build_site(tmp_path_factory.mktemp("browser") / "project") / "site"
    with served(site) as url:
        yield url


@pytest.fixture(scope="module")
def browser(site_url, tmp_path_factory):
    profile = tmp_path_factory.mktemp("chromium-profile")
    driver = start(profile, DESKTOP, performance_log=True)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def _viewport(driver, size, mobile=False) -> None:
    width, height = size
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile},
    )


def _open(driver, url: str) -> None:
    driver.get(url)
    driver.execute_script("return document.fonts && document.fonts.ready")
    assert driver.execute_script("return document.readyState") == "complete"


def _full_screenshot(driver, path: Path) -> None:
    """The whole page, not only the viewport."""
    metrics = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})
    size = metrics.get("cssContentSize") or metrics["contentSize"]
    shot = driver.execute_cdp_cmd(
        "Page.captureScreenshot",
        {
            "format": "png",
            "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": size["width"], "height": min(size["height"], 6000), "scale": 1},
        },
    )
    path.write_bytes(base64.b64decode(shot["data"]))


def test_district_page_fits_a_phone(browser, site_url):
    _viewport(browser, PHONE, mobile=True)
    try:
        _open(browser, site_url + "districts/3101/")
        assert browser.execute_script("return window.innerWidth") == PHONE[0]
        h1 = browser.find_element("css selector", "article h1")
        assert h1.text == "อำเภอเมืองบุรีรัมย์ จังหวัดบุรีรัมย์"
        overflow = browser.execute_script(
            "return [document.documentElement.scrollWidth, document.body.scrollWidth, window.innerWidth]"
        )
        _full_screenshot(browser, SCREENSHOTS / "district_phone.png")
        assert overflow[0] <= overflow[2] + 1, f"page wider than the phone: {overflow}"
        assert overflow[1] <= overflow[2] + 1, f"body wider than the phone: {overflow}"
        # the heading is fully on screen, and each table is inside a box no wider than the screen
        right = browser.execute_script("return document.querySelector('article h1').getBoundingClientRect().right")
        assert right <= PHONE[0] + 1
        boxes = browser.execute_script("""
            return [...document.querySelectorAll('article table')].map(t => {
              const box = t.closest('.md-typeset__scrollwrap') || t.parentElement;
              const r = box.getBoundingClientRect();
              return [r.left, r.right, getComputedStyle(box).overflowX];
            });""")
        assert len(boxes) == 4
        for left, rightmost, _ in boxes:
            assert left >= -1 and rightmost <= PHONE[0] + 1, boxes
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def test_province_link_opens_the_district_page(browser, site_url):
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    _viewport(browser, DESKTOP)
    try:
        _open(browser, site_url + "provinces/31/")
        assert browser.find_element("css selector", "article h1").text == "จังหวัดบุรีรัมย์"
        _full_screenshot(browser, SCREENSHOTS / "province_desktop.png")
        link = browser.find_element("css selector", 'article a[href="../../districts/3101/"]')
        assert link.text == "เมืองบุรีรัมย์"
        link.click()
        WebDriverWait(browser, 10).until(EC.url_to_be(site_url + "districts/3101/"))
        WebDriverWait(browser, 10).until(
            lambda d: d.find_element("css selector", "article h1").text == "อำเภอเมืองบุรีรัมย์ จังหวัดบุรีรัมย์"
        )
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def _requested_urls(driver) -> set[str]:
    """Every URL the page asked for: Resource Timing entries plus Chrome's own network log."""
    urls = set(
        driver.execute_script(
            "return performance.getEntriesByType('resource').map(e => e.name)"
            ".concat(performance.getEntriesByType('navigation').map(e => e.name))"
        )
    )
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            urls.add(message["params"]["request"]["url"])
    return urls


def test_pages_request_nothing_from_other_hosts(browser, site_url):
    browser.get_log("performance")  # drop what earlier tests logged
    urls = set()
    for path in ("", "districts/3101/", "provinces/31/", "curriculum/1-2/", "plans/", "downloads/", "about/"):
        _open(browser, site_url + path)
        browser.execute_script("return new Promise(r => setTimeout(r, 300))")  # late loads: search worker, etc.
        urls |= _requested_urls(browser)
    http_urls = {u for u in urls if urlsplit(u).scheme in ("http", "https", "ws", "wss")}
    assert any(u.endswith(".css") for u in http_urls) and any(u.endswith(".js") for u in http_urls), http_urls
    assert {urlsplit(u).hostname for u in http_urls} == {"127.0.0.1"}, sorted(
        u for u in http_urls if urlsplit(u).hostname != "127.0.0.1"
    )
    others = {u for u in urls if urlsplit(u).scheme not in ("http", "https", "data", "blob", "about")}
    assert others == set(), others


def test_missing_chromium_skips_locally_and_fails_in_ci(monkeypatch, tmp_path):
    import tests.test_browser as this

    monkeypatch.setattr(this, "CHROMIUM", tmp_path / "no-chromium")
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception):
        this._require_chromium()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception):
        this._require_chromium()
