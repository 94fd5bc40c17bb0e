"""The reader's details (issue #16, item 5), on the default workbook's site in headless Chromium: a Thai 404 page
with the search box and the main sections, whose links work at any depth; map links crawlers follow (href as well
as xlink:href); downloads listed by what they hold, with format, size and date; a compact /contacts/; a province
page printed on at most two A4 pages; a letter page with its number as written, no internal id, one numeral system.
axe-core finds nothing on these pages at phone and desktop width."""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests import axe
from tests.chromium import serving, start
from tests.test_accessibility import _require_axe
from tests.test_browser import _require_chromium

ROOT = Path(__file__).resolve().parent.parent
SECTIONS = {
    "หน้าแรก": "",
    "อำเภอ": "districts/",
    "จังหวัด": "provinces/",
    "หลักสูตร": "curriculum/",
    "ดาวน์โหลด": "downloads/",
    "ติดต่อ": "contacts/",
}
CONTACTS_HEIGHT_BEFORE = 10_772  # px at 390 px wide, before this issue: 75 of its 76 rows were dashes
THAI = re.compile(r"[\u0e00-\u0e7f]")
THAI_DIGITS, ARABIC_DIGITS = re.compile(r"[๐-๙]"), re.compile(r"[0-9]")
SIZE = re.compile(r"(\d+(?:\.\d)?) (KB|MB|ไบต์)")
DATE = re.compile(
    r"\d{1,2} (?:ม\.ค\.|ก\.พ\.|มี\.ค\.|เม\.ย\.|พ\.ค\.|มิ\.ย\.|ก\.ค\.|ส\.ค\.|ก\.ย\.|ต\.ค\.|พ\.ย\.|ธ\.ค\.) 25\d\d"
)
BARE_FILE_NAME = re.compile(r"^[\w.-]+\.(?:csv|xlsx|json)$")
# Web addresses and a preview build's host name are addresses, not numbers a reader reads
ADDRESS = re.compile(r"https?://\S+|\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?\b")


@pytest.fixture(scope="module")
def site(built_site) -> Path:
    return built_site  # the default workbook's site, built once a session (tests/conftest.py)


@pytest.fixture(scope="module")
def site_url(site):
    """The site served as GitHub Pages serves it: a missing address answers 404 with the site's 404.html."""
    _require_chromium()

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def send_error(self, code, message=None, explain=None):
            if code != 404:
                return super().send_error(code, message, explain)
            body = (site / "404.html").read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(site)))
    with serving(server):
        yield f"http://127.0.0.1:{server.server_address[1]}/"


@pytest.fixture(scope="module")
def browser(site_url, tmp_path_factory):
    profile = tmp_path_factory.mktemp("reader-chromium")
    driver = start(profile, (1280, 900))
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def _open(driver, url: str, width: int = 1280, mobile: bool = False) -> None:
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": 844 if mobile else 900, "deviceScaleFactor": 1, "mobile": mobile},
    )
    driver.get(url)
    driver.execute_async_script("document.fonts.ready.then(() => arguments[0]())")


def _status(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


# ---------------------------------------------------------------- 404


@pytest.mark.parametrize("missing", ["no-such-page/", "districts/9999/", "a/b/c/d/e/"])
def test_404_page_is_thai_with_search_and_sections_that_work_at_any_depth(browser, site_url, missing):
    status, _ = _status(site_url + missing)
    assert status == 404
    _open(browser, site_url + missing)
    page = browser.execute_script("""
        const links = [...document.querySelectorAll('nav[aria-label="หมวดหลักของเว็บไซต์"] a')];
        return {lang: document.documentElement.lang, h1: document.querySelector('article h1, .md-content h1').innerText,
                title: document.title, search: !!document.querySelector('input.md-search__input[type="text"]'),
                links: links.map(a => [a.innerText, a.href])};""")
    assert page["lang"] == "th"
    assert page["h1"] == "ไม่พบหน้าที่ต้องการ" and "404" not in page["h1"] and "Not found" not in page["h1"]
    assert page["title"].startswith("ไม่พบหน้าที่ต้องการ")
    assert page["search"], "the header's search box is missing"
    assert [label for label, _ in page["links"]] == list(SECTIONS)
    for label, href in page["links"]:
        assert href == site_url + SECTIONS[label], (label, href)  # absolute: the same from any depth
        status, body = _status(href)
        assert status == 200 and "ไม่พบหน้าที่ต้องการ".encode() not in body, (label, href, status)


def test_404_search_box_opens_and_finds(browser, site_url):
    _open(browser, site_url + "no-such-page/")
    browser.execute_script("document.querySelector('label[for=__search]').click()")
    field = browser.find_element("css selector", "input.md-search__input")
    field.send_keys("บุรีรัมย์")
    browser.implicitly_wait(0)
    for _ in range(100):
        found = browser.execute_script("return document.querySelectorAll('.md-search-result__item').length")
        if found:
            break
        browser.execute_script("return new Promise(r => setTimeout(r, 100))")
    assert found, "searching from the 404 page found nothing"


# ---------------------------------------------------------------- map links


@pytest.mark.parametrize("path, count", [("index.html", 76), ("provinces/31/index.html", 76)])
def test_every_map_link_has_href_equal_to_its_xlink_href(site, path, count):
    page = (site / path).read_text(encoding="utf-8")
    svg = re.search(r'<svg[^>]*class="map-svg".*?</svg>', page, re.S).group(0)
    links = re.findall(r"<a\b[^>]*>", svg)
    assert len(links) == count
    for link in links:
        href = re.search(r'\shref="([^"]*)"', link)
        xlink = re.search(r'\sxlink:href="([^"]*)"', link)
        assert href and xlink and href.group(1) == xlink.group(1), link
        assert (site / Path(path).parent / href.group(1) / "index.html").resolve().is_file(), link


def test_a_map_link_is_followed_in_the_browser(browser, site_url):
    _open(browser, site_url)
    target = browser.execute_script("""
        const a = document.querySelector('svg.map-svg a[href$="31/"]');
        a.querySelector('path').dispatchEvent(new MouseEvent('click', {bubbles: true, cancelable: true, view: window}));
        return a.getAttribute('href');""")
    for _ in range(100):
        if browser.current_url.endswith("provinces/31/"):
            break
        browser.execute_script("return new Promise(r => setTimeout(r, 100))")
    assert target == "provinces/31/" and browser.current_url == site_url + "provinces/31/"


# ---------------------------------------------------------------- downloads


def test_downloads_are_listed_by_what_they_hold_with_format_size_and_date(browser, site, site_url):
    _open(browser, site_url + "downloads/")
    links = browser.execute_script("""
        return [...document.querySelectorAll('article a')].filter(a => /\\.(csv|xlsx|json)$/.test(a.pathname))
          .map(a => {
            const next = a.nextSibling, row = a.closest('tr');
            return {text: a.innerText.trim(), path: a.pathname,
                    tail: next && next.nodeType === 3 ? next.textContent : '',
                    row: row ? row.innerText : '', first: row ? row.cells[0].innerText.trim() : ''};
          });""")
    files = sorted(
        p.relative_to(site).as_posix()
        for p in (site / "downloads").rglob("*")
        if p.is_file() and p.suffix in (".csv", ".xlsx", ".json")
    )
    assert sorted(link["path"].lstrip("/") for link in links) == files  # every built file, once
    assert len([f for f in files if f.startswith("downloads/provinces/")]) == 76 * 4
    for link in links:
        assert not BARE_FILE_NAME.match(link["text"]), link
        assert THAI.search(link["text"]), link
        facts = link["tail"] if SIZE.search(link["tail"]) else link["row"]
        kind = {".csv": "CSV", ".xlsx": "Excel", ".json": "JSON"}[Path(link["path"]).suffix]
        assert kind in facts, link
        value, unit = SIZE.search(facts).groups()
        actual = (site / link["path"].lstrip("/")).stat().st_size
        shown = float(value) * {"ไบต์": 1, "KB": 1024, "MB": 1024 * 1024}[unit]
        rounding = {"ไบต์": 0.5, "KB": 0.05 * 1024, "MB": 0.05 * 1024 * 1024}[unit]
        assert abs(actual - shown) <= rounding + 1e-6, (link, actual)
        assert DATE.search(link["row"]), link
        if "/downloads/provinces/" in link["path"]:
            assert link["first"] and link["first"] in link["text"], link  # the province's name
    krabi = [link["text"] for link in links if link["path"].endswith(("/81.xlsx", "/81-plans.csv"))]
    assert krabi == ["ข้อมูลจังหวัดกระบี่ ทุกตาราง", "แผนปฏิบัติการ (แบบ ๒) จังหวัดกระบี่"]


# ---------------------------------------------------------------- contacts


def test_contacts_are_compact_on_a_phone_with_provinces_without_details_grouped(browser, site_url):
    _open(browser, site_url + "contacts/", width=390, mobile=True)
    page = browser.execute_script("""
        const group = document.getElementById('offices-without-details');
        const after = [];
        for (let el = group && group.nextElementSibling; el && !/^H[12]$/.test(el.tagName); el = el.nextElementSibling)
          after.push(el);
        return {height: document.documentElement.scrollHeight,
                group: group && group.innerText,
                grouped: after.flatMap(el => [...el.querySelectorAll('a[href*="provinces/"]')]).map(a => a.innerText),
                central: after.flatMap(el => [...el.querySelectorAll('a[href^="tel:"]')])
                  .map(a => a.getAttribute('href')),
                rows: [...document.querySelectorAll('article table tbody tr')].map(tr =>
                  [...tr.cells].map(td => td.innerText.trim()))};""")
    assert page["height"] < CONTACTS_HEIGHT_BEFORE / 2, page["height"]
    assert page["group"] and "75 จังหวัด" in page["group"]
    assert len(page["grouped"]) == 75 and "กระบี่" in page["grouped"]
    assert "tel:021416100" in page["central"]  # the department's central contact, beside the group
    assert page["rows"], "the table of offices with details is gone"
    for cells in page["rows"]:
        assert any(cell not in ("", "–", "-") for cell in cells[2:]), cells  # never a row of dashes


# ---------------------------------------------------------------- print


@pytest.mark.parametrize(
    "province", ["31", "30"]
)  # Buri Ram, as the issue printed it; Nakhon Ratchasima, the most districts
def test_a_province_page_prints_on_at_most_two_a4_pages(browser, site_url, province):
    import base64

    _open(browser, site_url + f"provinces/{province}/")
    browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    pdf = base64.b64decode(
        browser.execute_cdp_cmd(
            "Page.printToPDF",
            {"paperWidth": 8.27, "paperHeight": 11.69, "preferCSSPageSize": True, "printBackground": True},
        )["data"]
    )
    pages = len(re.findall(rb"/Type\s*/Page(?![A-Za-z])", pdf))
    assert 1 <= pages <= 2, f"provinces/{province}/ prints on {pages} A4 pages"


# ---------------------------------------------------------------- the letter


def test_letter_page_shows_its_number_as_written_no_internal_id_and_one_numeral_system(browser, site, site_url):
    path = axe.page_paths(site)["letter"]
    assert path == "documents/br-0019-w1992/"
    _open(browser, site_url + path)
    body, content, h1 = browser.execute_script(
        "return [document.body.innerText, document.querySelector('.md-content').innerText,"
        " document.querySelector('.md-content h1').innerText]"
    )
    assert h1 == "หนังสือ ที่ บร ๐๐๑๙/ว๑๙๙๒"
    assert "br-0019-w1992" not in body and "รหัส" not in content
    numbers = ADDRESS.sub("", content)
    assert THAI_DIGITS.search(numbers) and not ARABIC_DIGITS.search(numbers), ARABIC_DIGITS.findall(numbers)
    assert "๒๐ มกราคม ๒๕๖๗" in content  # the deadline, which the letter does not write, in the letter's digits


# ---------------------------------------------------------------- axe-core


@pytest.mark.parametrize("width", list(axe.WIDTHS))
@pytest.mark.parametrize("name", ["404", "contacts", "downloads", "letter", "province-31"])
def test_axe_finds_nothing_on_the_pages_changed_here(browser, site, site_url, name, width):
    _require_axe()
    path = {
        "404": "no-such-page/",
        "contacts": "contacts/",
        "downloads": "downloads/",
        "letter": axe.page_paths(site)["letter"],
        "province-31": "provinces/31/",
    }[name]
    w, h, mobile = axe.WIDTHS[width]
    _open(browser, site_url + path, width=w, mobile=mobile)
    result = axe.check(browser)
    # as tests/test_accessibility.py: critical and serious fail (the menu button's label role=button is minor)
    assert not axe.blocking(result), axe.describe(axe.blocking(result))
