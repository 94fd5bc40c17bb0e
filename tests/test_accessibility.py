"""Accessibility to WCAG 2.1 AA and the pages a Thai government site carries (issue #7), on the default workbook's
site: axe-core in headless Chromium at desktop and phone width, sorting and filtering tables by keyboard, lang="th",
headings in order, text alternatives for the map and charts, and "ปรับปรุงข้อมูลล่าสุด" with the footer's links.

axe-core comes from npm (package.json; `make test` runs npm ci): without it, or without Chromium, the browser tests
are skipped on a workstation and fail in CI (the CI variable set)."""

from __future__ import annotations

import json
import os
import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from generator import programme
from tests import axe
from tests.chromium import served, start
from tests.test_browser import _require_chromium

ROOT = Path(__file__).resolve().parent.parent
THAI_MONTHS = ("มกราคม กุมภาพันธ์ มีนาคม เมษายน พฤษภาคม มิถุนายน กรกฎาคม สิงหาคม กันยายน ตุลาคม พฤศจิกายน ธันวาคม").split()
LAST_UPDATED = re.compile(r"ปรับปรุงข้อมูลล่าสุด (\d{1,2}) (" + "|".join(THAI_MONTHS) + r") (25\d\d)")
FOOTER_LINKS = {
    "นโยบายเว็บไซต์": "website-policy",
    "นโยบายคุ้มครองข้อมูลส่วนบุคคล": "privacy",
    "แผนผังเว็บไซต์": "sitemap",
    "ติดต่อเรา": "contacts",
}


@pytest.fixture(scope="module")
def site(built_site) -> Path:
    """The default workbook's site (it has the festival and the seed letter), with the fonts and table script,
    built once a session (tests/conftest.py)."""
    return built_site


@pytest.fixture(scope="module")
def site_url(site):
    _require_chromium()
    with served(site) as url:
        yield url


@pytest.fixture(scope="module")
def browser(site_url, tmp_path_factory):
    profile = tmp_path_factory.mktemp("a11y-chromium")
    driver = start(profile, (1280, 900), performance_log=True)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def _require_axe() -> None:
    if not axe.available():
        message = f"axe-core missing: {axe.AXE.relative_to(ROOT)} (run npm ci)"
        if os.environ.get("CI"):
            pytest.fail(message + "; make test installs it with npm")
        pytest.skip(message)


def _open(driver, url: str, width: str) -> None:
    w, h, mobile = axe.WIDTHS[width]
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride", {"width": w, "height": h, "deviceScaleFactor": 1, "mobile": mobile}
    )
    driver.get(url)
    driver.execute_async_script("document.fonts.ready.then(() => arguments[0]())")


# ---------------------------------------------------------------- axe-core


@pytest.mark.parametrize("width", list(axe.WIDTHS))
@pytest.mark.parametrize("name", list(axe.PAGES))
def test_axe_finds_no_serious_or_critical_violation(browser, site, site_url, name, width):
    _require_axe()
    path = axe.page_paths(site)[name]
    assert path is not None, f"{name}: no such page in the default workbook's site"
    _open(browser, site_url + path, width)
    result = axe.check(browser)
    assert result["passes"] > 20, result  # axe really ran its rules on a real page
    bad = axe.blocking(result)
    assert not bad, f"/{path} at {width} width:\n{axe.describe(bad)}"


# ---------------------------------------------------------------- keyboard


def test_table_sorts_and_filters_from_the_keyboard(browser, site_url):
    from selenium.webdriver.common.keys import Keys

    _open(browser, site_url + "provinces/31/", "desktop")
    buttons = browser.find_elements("css selector", ".data-table th button.sort")
    assert buttons, "the district table of a province has sort buttons"
    first = buttons[0]
    th = first.find_element("xpath", "..")
    rows = "return [...document.querySelectorAll('.data-table tbody tr')].map(r => r.cells[0].textContent.trim())"
    first.send_keys(Keys.ENTER)  # a <button>: reachable by Tab, pressed with Enter ...
    assert th.get_attribute("aria-sort") == "ascending"
    ascending = browser.execute_script(rows)
    first.send_keys(Keys.SPACE)  # ... or Space
    assert th.get_attribute("aria-sort") == "descending"
    names = browser.execute_script(rows)
    assert names == ascending[::-1] and len(set(names)) == len(names) > 10

    box = browser.find_element("css selector", ".table-filter input")
    label = browser.find_element("css selector", f"label[for='{box.get_attribute('id')}']")
    assert label.text == "กรองตาราง"
    box.send_keys(names[0])
    shown = browser.execute_script(
        "return [...document.querySelectorAll('.data-table tbody tr')].filter(r => !r.hidden).length"
    )
    assert shown >= 1 and shown < len(names)
    status = browser.find_element("css selector", ".table-filter [role=status]").text
    assert status.startswith(f"แสดง {shown} จาก ")


def test_a_table_wider_than_a_phone_can_be_scrolled_by_keyboard(browser, site_url):
    _open(browser, site_url + "provinces/31/", "phone")
    browser.execute_script("window.dispatchEvent(new Event('resize'))")
    browser.implicitly_wait(0)
    scrollers = browser.execute_script("""
        return [...document.querySelectorAll('.md-typeset table, .md-typeset__scrollwrap')]
          .filter(e => e.scrollWidth > e.clientWidth + 1)
          .map(e => e.closest('[tabindex="0"]') !== null || e.querySelector('[tabindex="0"]') !== null);""")
    assert scrollers and all(scrollers), scrollers


# ---------------------------------------------------------------- what the visitor's browser keeps and fetches


def test_no_cookie_and_nothing_from_another_host(browser, site_url):
    """What the privacy policy says: no cookies, no trackers, no outside fonts or scripts."""
    browser.get_log("performance")  # drop what earlier tests loaded
    for path in ("", "districts/3101/", "privacy/"):
        _open(browser, site_url + path, "desktop")
    assert browser.execute_script("return document.cookie") == ""
    urls = set()
    for entry in browser.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.add(message["params"]["request"]["url"])
    outside = sorted(u for u in urls if u.startswith(("http:", "https:")) and not u.startswith(site_url))
    assert not outside, outside


# ---------------------------------------------------------------- the built HTML


def _html(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def test_every_page_is_declared_thai(site):
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 900
    wrong = [
        p.relative_to(site).as_posix()
        for p in pages
        if not re.search(r'<html lang="th"', p.read_text(encoding="utf-8")[:500])
    ]
    assert not wrong, wrong[:10]


def test_headings_never_skip_a_level(site):
    """h1, then h2, h3 ... in the content of every page: a level may go back up, never jump down by two."""
    problems = []
    for page in sorted(site.rglob("index.html")):
        text = page.read_text(encoding="utf-8")
        article = text[text.find("<article") : text.find("</article>")]
        levels = [int(n) for n in re.findall(r"<h([1-6])[\s>]", article)]
        if levels and levels[0] != 1:
            problems.append(f"{page.relative_to(site)}: starts at h{levels[0]}")
        for before, after in zip(levels, levels[1:]):
            if after > before + 1:
                problems.append(f"{page.relative_to(site)}: h{before} then h{after}")
                break
    assert not problems, "\n".join(problems[:20])


def test_every_chart_and_map_has_a_text_alternative(site):
    """Every SVG in the content is an image with a title and a description, a labelled group (the map, whose
    provinces are links with their own labels), or hidden from screen readers as decoration."""
    missing = []
    for path in ("", "provinces/31/", "districts/3101/", "festival/"):
        if not (site / path / "index.html").is_file():
            continue
        text = _html(site, path)
        article = text[text.find("<article") : text.find("</article>")]
        for svg in re.findall(r"<svg\b[^>]*>", article):
            labelled = re.search(r'aria-label(ledby)?="[^"]+"', svg)
            if 'aria-hidden="true"' in svg or (re.search(r'role="(img|group)"', svg) and labelled):
                continue
            missing.append(f"/{path}: {svg[:160]}")
    assert not missing, "\n".join(missing)
    assert 'role="img" aria-labelledby="chart-progress-title chart-progress-desc"' in _html(site, "")
    assert "ตารางแทนแผนที่" in _html(site, "")  # the map's table alternative


@pytest.mark.parametrize("path", ["", "districts/3101/", "privacy/"])
def test_every_page_says_when_the_data_was_last_updated(site, path):
    found = LAST_UPDATED.search(_html(site, path))
    assert found, f"/{path}: no ปรับปรุงข้อมูลล่าสุด in Buddhist Era"
    assert 2560 <= int(found.group(3)) <= 2600


def test_footer_links_lead_to_the_policy_pages_and_contacts(site):
    text = _html(site, "districts/3101/")
    footer = text[text.find("<footer") :]
    for label, target in FOOTER_LINKS.items():
        assert f'<a href="../../{target}/">{label}</a>' in footer, label
        assert (site / target / "index.html").is_file(), f"footer link to /{target}/ has no page"


def test_sitemap_lists_every_section_and_every_province(site):
    text = _html(site, "sitemap")
    provinces = sorted(p.name for p in (site / "provinces").iterdir() if p.is_dir())
    assert len(provinces) == 76
    linked = re.findall(r'href="\.\./provinces/(\d\d)/"', text)
    assert sorted(linked) == provinces
    for section in (
        "programme",
        "provinces",
        "districts",
        "curriculum",
        "plans",
        "festival",
        "awards",
        "documents",
        "downloads",
        "about",
        "contacts",
        "privacy",
        "website-policy",
    ):
        assert f'href="../{section}/"' in text, section


def test_programme_page_figures_come_from_the_source_letter():
    text = (ROOT / "docs" / "programme.md").read_text(encoding="utf-8")
    for figure in (
        programme.NETWORKS,
        programme.PEOPLE_PER_NETWORK,
        programme.PEOPLE,
        programme.BUDGET_PER_DISTRICT,
        programme.BUDGET,
    ):
        assert f"{figure:,}" in text, figure
    assert f"ร้อยละ {int(programme.KPI_PASS_SHARE * 100)}" in text
    assert programme.PEOPLE == programme.NETWORKS * programme.PEOPLE_PER_NETWORK == 17_560
    assert programme.BUDGET == Decimal(21_950_000)
    for unit in ("กรมการพัฒนาชุมชน", "สำนักงานพัฒนาชุมชนจังหวัด", "สำนักงานพัฒนาชุมชนอำเภอ"):
        assert unit in text
    for deadline in ("20 มกราคม 2567", "6 – 8 มีนาคม 2567", "29 มีนาคม 2567"):
        assert deadline in text
