"""Issue 6 in headless Chromium: the map and charts are shown and labelled, tables sort in Thai order and
filter, the QR code decodes to the page's own URL, print drops the navigation, and nothing comes from
another host. The site is the small test workbook plus every district of Buri Ram (province 31)."""

from __future__ import annotations

import base64
import json
import os
import shutil
import struct
import subprocess
import sys
import zlib
from pathlib import Path
from urllib.parse import urlsplit

import geothai
import pytest

from generator.workbook.template import write_workbook
from tests.chromium import bind, serving, start
from tests.conftest import ROOT, small_rows
from tests.test_browser import _require_chromium
from tests.test_site import make_project

PHONE = (390, 844)
DESKTOP = (1280, 900)


def buriram_rows() -> dict:
    """The small workbook plus the other 21 districts of Buri Ram, with participants of one and two digits
    (so a sort by text would put 9 after 18) and one district with no count at all."""
    rows = small_rows()
    known = {d["district_code"] for d in rows["districts"]}
    for i, d in enumerate(geothai.districts("31")):
        if d.code in known:
            continue
        rows["districts"].append(
            dict(
                district_code=d.code,
                province="บุรีรัมย์",
                district=d.name_th,
                target_participants=20,
                budget_allocated=25000,
                participants=None if d.code == "3123" else 5 + (i * 7) % 16,
            )
        )
    return rows


def build_project(dest: Path, rows: dict, site_url: str, instant: bool = False) -> Path:
    project = make_project(dest)
    shutil.copytree(ROOT / "docs" / "assets", project / "docs" / "assets")  # fonts and the table script
    if instant:  # the same site with Material's instant navigation on
        config = (project / "mkdocs.yml").read_text(encoding="utf-8")
        config = config.replace("  features:\n", "  features:\n    - navigation.instant\n", 1)
        (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    workbook = dest.parent / f"{dest.name}.xlsx"
    write_workbook(workbook, rows)
    env = {**os.environ, "PORTAL_WORKBOOK": str(workbook), "PORTAL_SITE_URL": site_url, "NO_MKDOCS_2_WARNING": "1"}
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    return project / "site"


def _served_site(tmp_path_factory, name: str, instant: bool = False):
    """Bind the server first, so the site is built for its own address (the QR codes point there)."""
    _require_chromium()
    root = tmp_path_factory.mktemp(name)
    site = root / "project" / "site"
    site.mkdir(parents=True)
    server, url = bind(site)
    shutil.rmtree(site)
    built = build_project(root / "project", buriram_rows(), url, instant=instant)
    assert built == site
    return server, url


@pytest.fixture(scope="module")
def site_url(tmp_path_factory):
    server, url = _served_site(tmp_path_factory, "dashboard")
    with serving(server):
        yield url


@pytest.fixture(scope="module")
def browser(site_url, tmp_path_factory):
    profile = tmp_path_factory.mktemp("chromium-profile")
    driver = start(profile, DESKTOP, performance_log=True)
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def _viewport(driver, size, mobile=False) -> None:
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": size[0], "height": size[1], "deviceScaleFactor": 1, "mobile": mobile},
    )


def _open(driver, url: str) -> None:
    driver.get(url)
    driver.execute_async_script("document.fonts.ready.then(() => arguments[0]())")
    assert driver.execute_script("return document.readyState") == "complete"


def _labelled_svgs(driver, selector: str) -> list[dict]:
    """Each matching SVG: its accessible name (from aria-labelledby), role, rendered size and shape count."""
    return driver.execute_script(
        """
        return [...document.querySelectorAll(arguments[0])].map(svg => {
          const ids = (svg.getAttribute('aria-labelledby') || '').split(/\\s+/).filter(Boolean);
          const r = svg.getBoundingClientRect();
          return {name: ids.map(id => (document.getElementById(id) || {}).textContent || '').join(' ').trim(),
                  role: svg.getAttribute('role'), width: r.width, height: r.height,
                  shapes: svg.querySelectorAll('rect, path').length,
                  font: getComputedStyle(svg.querySelector('text') || svg).fontFamily};
        });""",
        selector,
    )


# ---------------------------------------------------------------- map and charts


def test_home_shows_the_dashboard_map_and_charts_labelled(browser, site_url):
    _viewport(browser, DESKTOP)
    _open(browser, site_url)
    charts = {key: _labelled_svgs(browser, f"svg.chart-{key}") for key in ("progress", "welfare", "budget")}
    for key, found in charts.items():
        assert len(found) == 1, key
        chart = found[0]
        assert chart["role"] == "img" and len(chart["name"]) > 10, chart
        assert chart["width"] > 300 and chart["height"] > 80 and chart["shapes"] >= 3, chart
        assert chart["font"].startswith("Sarabun"), chart
    assert "จัดประชุม 1 วัน" in charts["progress"][0]["name"] and "การศึกษา 1 รายการ" in charts["welfare"][0]["name"]
    (the_map,) = _labelled_svgs(browser, "figure.map svg.map-svg")
    assert the_map["name"].startswith("แผนที่ประเทศไทย") and the_map["shapes"] == 77 and the_map["height"] > 300
    links = browser.execute_script(
        "return [...document.querySelectorAll('svg.map-svg a')]"
        ".map(a => [a.getAttribute('xlink:href'), a.getAttribute('aria-label')])"
    )
    assert sorted(h for h, _ in links) == ["provinces/31/", "provinces/50/"]
    assert all(label.startswith("จังหวัด") and "ส่งแผนแล้ว" in label for _, label in links)
    legend = browser.execute_script("return [...document.querySelectorAll('.map-legend li')].map(li => li.textContent)")
    assert len(legend) == 6 and legend[-1] == "ไม่มีอำเภอในโครงการ"
    credit = browser.find_element("css selector", ".map-credit").text
    assert "Apache-2.0" in credit and "superset" in credit.lower()
    # the table alternative: one row per province, in the closed <details>
    rows = browser.execute_script(
        "return [...document.querySelectorAll('details.map-table tbody tr')].map(r => r.cells[0].textContent.trim())"
    )
    assert rows == ["เชียงใหม่", "บุรีรัมย์"]  # Thai order: ช before บ
    tiles = browser.execute_script("return [...document.querySelectorAll('.tile .tile-label')].map(e => e.textContent)")
    assert "ผู้เข้าร่วม" in tiles and "ผ่านการทดสอบความรู้" in tiles and len(tiles) == 7
    states = browser.execute_script("return [...document.querySelectorAll('ol.timeline li')].map(li => li.className)")
    assert "tl-late" in states and "tl-now" in states


def test_clicking_a_province_on_the_map_opens_its_page(browser, site_url):
    from selenium.webdriver.support.ui import WebDriverWait

    _viewport(browser, DESKTOP)
    _open(browser, site_url)
    browser.execute_script("document.querySelector('svg.map-svg a[*|href=\"provinces/31/\"]').scrollIntoView()")
    browser.execute_script(
        "document.querySelector('svg.map-svg a[*|href=\"provinces/31/\"] path').dispatchEvent("
        "new MouseEvent('click', {bubbles: true, cancelable: true, view: window}))"
    )
    WebDriverWait(browser, 10).until(lambda d: d.current_url == site_url + "provinces/31/")
    assert browser.find_element("css selector", "article h1").text == "จังหวัดบุรีรัมย์"


def test_province_page_shows_its_chart_and_locator_map(browser, site_url):
    _viewport(browser, DESKTOP)
    _open(browser, site_url + "provinces/31/")
    (chart,) = _labelled_svgs(browser, "svg.chart-progress")
    assert "23 อำเภอ" in chart["name"] and chart["width"] > 250
    (the_map,) = _labelled_svgs(browser, "svg.map-svg")
    assert the_map["shapes"] == 78  # 77 provinces and this one's outline on top
    here = browser.execute_script(
        "return document.querySelector('svg.map-svg .map-here').closest('a').getAttribute('xlink:href')"
    )
    assert here == "../31/"


def test_district_page_shows_its_chart_and_stays_on_a_phone(browser, site_url):
    _viewport(browser, PHONE, mobile=True)
    try:
        _open(browser, site_url + "districts/3101/")
        (chart,) = _labelled_svgs(browser, "svg.chart-kpi")
        assert chart["role"] == "img" and "ร้อยละ" in chart["name"] and chart["width"] > 200
        values = browser.execute_script(
            "return [...document.querySelectorAll('svg.chart-kpi .value')].map(t => t.textContent)"
        )
        assert values == ["98%", "85%", "100%"]  # spent 24,500 of 25,000; 17 of 20 passed; 20 of 20 came
        widths = browser.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
        assert widths[0] <= widths[1] + 1, widths
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


# ---------------------------------------------------------------- sortable, filterable tables


def _column(driver, index: int) -> list[str]:
    return driver.execute_script(
        """
        const t = document.querySelector('.data-table table');
        return [...t.tBodies[0].rows].filter(r => !r.hidden).map(r => r.cells[arguments[0]].textContent.trim());""",
        index,
    )


def _click_header(driver, text: str) -> str:
    driver.execute_script(
        """
        const th = [...document.querySelectorAll('.data-table table thead th')]
          .find(h => h.textContent.trim() === arguments[0]);
        th.querySelector('button.sort').click();""",
        text,
    )
    return driver.execute_script(
        """
        return [...document.querySelectorAll('.data-table table thead th')]
          .find(h => h.textContent.trim() === arguments[0]).getAttribute('aria-sort');""",
        text,
    )


def test_sorting_a_column_sorts_thai_names_in_dictionary_order(browser, site_url):
    _viewport(browser, DESKTOP)
    _open(browser, site_url + "provinces/31/")
    generated = _column(browser, 0)  # the generator's order: pythainlp's Thai collation
    assert len(generated) == 23
    assert _click_header(browser, "ผู้เข้าร่วม") == "ascending"
    assert _column(browser, 0) != generated  # the rows really moved
    assert _click_header(browser, "อำเภอ") == "ascending"
    names = _column(browser, 0)
    assert names == generated
    # เ แ โ ใ ไ sort by the consonant after them: code-point order would put all of these after ฮ
    assert names.index("เฉลิมพระเกียรติ") < names.index("ชำนิ")
    assert names.index("โนนดินแดง") < names.index("บ้านกรวด")
    assert names.index("เมืองบุรีรัมย์") < names.index("ลำปลายมาศ") < names.index("ห้วยราช")
    assert names != sorted(names)  # and so it is not Python's code-point sort
    assert _click_header(browser, "อำเภอ") == "descending"
    assert _column(browser, 0) == list(reversed(generated))


def test_sorting_numbers_sorts_them_as_numbers_with_blanks_last(browser, site_url):
    _viewport(browser, DESKTOP)
    _open(browser, site_url + "provinces/31/")
    headers = browser.execute_script(
        "return [...document.querySelectorAll('.data-table table thead th')].map(h => h.textContent.trim())"
    )
    index = headers.index("ผู้เข้าร่วม")
    _click_header(browser, "ผู้เข้าร่วม")
    values = _column(browser, index)
    numbers = [int(v) for v in values if v != "–"]
    assert numbers == sorted(numbers) and any(n < 10 for n in numbers) and any(n >= 10 for n in numbers)
    assert values[-1] == "–" and values.count("–") == 1  # 3123 reported no count
    # a status column sorts by rank, worst first: overdue (✗ ค้าง) before done (✓)
    status = headers.index("แผน (แบบ ๒)")
    _click_header(browser, "แผน (แบบ ๒)")
    marks = _column(browser, status)
    assert marks[0].startswith("✗") and marks[-1] in ("✓", "–")


def test_filter_hides_rows_that_do_not_match(browser, site_url):
    _viewport(browser, DESKTOP)
    _open(browser, site_url + "provinces/31/")
    box = browser.find_element("css selector", ".table-filter input[type=search]")
    label = browser.execute_script("return document.querySelector('.table-filter label').textContent")
    assert label == "กรองตาราง"
    box.send_keys("บ้าน")
    shown = _column(browser, 0)
    expected = sorted(d.name_th for d in geothai.districts("31") if "บ้าน" in d.name_th)
    assert sorted(shown) == expected and len(expected) == 3
    status = browser.find_element("css selector", ".table-filter [role=status]").text
    assert status == "แสดง 3 จาก 23 แถว"
    box.clear()
    box.send_keys("ไม่มีอำเภอนี้")
    assert _column(browser, 0) == []
    browser.execute_script(
        "const i = document.querySelector('.table-filter input'); i.value = '';i.dispatchEvent(new Event('input'))"
    )
    assert len(_column(browser, 0)) == 23


# ---------------------------------------------------------------- QR code and print


def _png_gray(data: bytes) -> tuple[int, int, bytes]:
    """Decode an 8-bit RGB(A) non-interlaced PNG (what Chromium's screenshots are) to grey pixels."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, chunks, header = 8, [], None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            chunks.append(body)
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = header
    assert depth == 8 and colour in (2, 6) and interlace == 0, header
    bpp = 3 if colour == 2 else 4
    raw, stride = zlib.decompress(b"".join(chunks)), width * bpp
    rows, prev = [], bytearray(stride)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b, c = prev[x], prev[x - bpp] if x >= bpp else 0
            if kind == 1:
                line[x] = (line[x] + a) & 255
            elif kind == 2:
                line[x] = (line[x] + b) & 255
            elif kind == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line[i] for i in range(0, stride, bpp)))  # the red channel is grey enough here
        prev = line
    return width, height, b"".join(rows)


def test_qr_code_decodes_to_the_pages_own_url(browser, site_url):
    import zxingcpp

    _viewport(browser, DESKTOP)
    _open(browser, site_url + "districts/3101/")
    qr = browser.find_element("css selector", "figure.qr svg.qr-svg")
    assert qr.size["width"] >= 90
    width, height, pixels = _png_gray(base64.b64decode(qr.screenshot_as_base64))
    found = zxingcpp.read_barcodes(memoryview(pixels).cast("B", (height, width)))
    assert [b.text for b in found] == [browser.current_url] == [site_url + "districts/3101/"]
    caption = browser.find_element("css selector", "figure.qr figcaption").text
    assert site_url + "districts/3101/" in caption.replace("\n", "")


def test_printing_a_district_page_keeps_the_content_and_the_qr_code(browser, site_url):
    _viewport(browser, DESKTOP)
    _open(browser, site_url + "districts/3101/")
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        shown = browser.execute_script("""
            const visible = s => {
              const e = document.querySelector(s);
              return !!e && getComputedStyle(e).display !== 'none' && e.getBoundingClientRect().height > 0;
            };
            return Object.fromEntries(['.md-header', '.md-tabs', '.md-search', '.md-sidebar--primary', '.md-footer',
              'figure.qr svg', 'article h1', '.plan-table table'].map(s => [s, visible(s)]));""")
        assert shown == {
            ".md-header": False,
            ".md-tabs": False,
            ".md-search": False,
            ".md-sidebar--primary": False,
            ".md-footer": False,
            "figure.qr svg": True,
            "article h1": True,
            ".plan-table table": True,
        }
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    pdf = base64.b64decode(browser.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True})["data"])
    pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
    assert 1 <= pages <= 2, f"a district page should print on one or two A4 pages, not {pages}"


def test_province_page_prints_as_a_table(browser, site_url):
    _open(browser, site_url + "provinces/31/")
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        state = browser.execute_script("""
            const t = document.querySelector('.data-table table');
            const wrap = t.closest('.md-typeset__scrollwrap') || t.parentElement;
            return [getComputedStyle(document.querySelector('.table-filter')).display,
                    getComputedStyle(document.querySelector('.md-header')).display,
                    t.getBoundingClientRect().width
                      <= document.querySelector('article').getBoundingClientRect().width + 1,
                    t.tBodies[0].rows.length];""")
        assert state == ["none", "none", True, 23]
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


# ---------------------------------------------------------------- fonts and requests


def _requested_urls(driver) -> set[str]:
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


def test_thai_font_comes_from_the_site_and_nothing_from_other_hosts(browser, site_url):
    browser.get_log("performance")
    urls = set()
    for path in ("", "provinces/31/", "districts/3101/", "plans/", "downloads/"):
        _open(browser, site_url + path)
        browser.execute_script("return new Promise(r => setTimeout(r, 300))")
        urls |= _requested_urls(browser)
        loaded = browser.execute_script(
            "return [...document.fonts].filter(f => f.status === 'loaded').map(f => f.family.replace(/\"/g, ''))"
        )
        assert "Sarabun" in loaded, (path, loaded)
    http_urls = {u for u in urls if urlsplit(u).scheme in ("http", "https", "ws", "wss")}
    fonts = {u for u in http_urls if u.endswith(".woff2")}
    assert fonts and all(u.startswith(site_url + "assets/fonts/sarabun-") for u in fonts), fonts
    assert any(u.endswith("assets/javascripts/tables.js") for u in http_urls)
    assert {urlsplit(u).hostname for u in http_urls} == {"127.0.0.1"}, sorted(
        u for u in http_urls if urlsplit(u).hostname != "127.0.0.1"
    )


# ---------------------------------------------------------------- instant navigation


@pytest.fixture(scope="module")
def instant_url(tmp_path_factory):
    server, url = _served_site(tmp_path_factory, "instant", instant=True)
    with serving(server):
        yield url


def test_tables_work_after_instant_navigation(browser, instant_url):
    from selenium.webdriver.support.ui import WebDriverWait

    _viewport(browser, DESKTOP)
    _open(browser, instant_url + "provinces/")
    browser.execute_script("window.__same_document = true")  # survives only an in-page (instant) navigation
    # instant navigation makes links absolute; a real click, so Material's router handles it
    link = next(
        a
        for a in browser.find_elements("css selector", "article a")
        if a.get_attribute("href") == instant_url + "provinces/31/"
    )
    link.click()
    WebDriverWait(browser, 10).until(lambda d: d.current_url == instant_url + "provinces/31/")
    WebDriverWait(browser, 10).until(lambda d: d.find_element("css selector", "article h1").text == "จังหวัดบุรีรัมย์")
    WebDriverWait(browser, 10).until(lambda d: d.find_elements("css selector", ".data-table th button.sort"))
    assert browser.execute_script("return window.__same_document") is True
    assert len(_column(browser, 0)) == 23  # the province's table, not the index's
    assert _click_header(browser, "ผู้เข้าร่วม") == "ascending"
    assert len(browser.find_elements("css selector", ".table-filter input")) == 1


def test_map_links_work_with_instant_navigation(browser, instant_url):
    from selenium.webdriver.support.ui import WebDriverWait

    _viewport(browser, DESKTOP)
    _open(browser, instant_url + "provinces/31/")  # its locator map: every province a link
    browser.get_log("browser")
    browser.execute_script(
        "document.querySelector('svg.map-svg a[*|href=\"../50/\"] path').dispatchEvent("
        "new MouseEvent('click', {bubbles: true, cancelable: true, view: window}))"
    )
    WebDriverWait(browser, 10).until(lambda d: d.find_element("css selector", "article h1").text == "จังหวัดเชียงใหม่")
    assert browser.current_url == instant_url + "provinces/50/"
    errors = [e["message"] for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []
