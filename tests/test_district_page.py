"""A district page answers "how are we doing?" in its first screen (issue #14, item 5), on the default 878-district
site: the status line (done / late / outstanding, in words and symbols) agrees with the page's own status table and
is within the first 844 px of a 390 × 844 phone; the breadcrumbs lead to the country and the province; the previous
and next districts are the province page's neighbours; the provincial office's contact shows its public columns
only; the page stays under its 30 KB budget and axe finds nothing serious.

The site is the one tests/test_finder_browser.py builds (once per session)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from generator.workbook.read import read_workbook
from generator.workbook.schema import PROVINCES, private_keys
from generator.workbook.validate import validate
from tests import axe
from tests.chromium import served, start
from tests.conftest import ROOT
from tests.test_finder_browser import DESKTOP, PHONE, open_page, viewport

pytestmark = pytest.mark.slow
WORKBOOK = ROOT / "data" / "master.xlsx"


@pytest.fixture(scope="module")
def site(built_site) -> Path:
    return built_site  # the default workbook's site, built once a session (tests/conftest.py)


@pytest.fixture(scope="module")
def site_url(site):
    with served(site) as url:
        yield url


@pytest.fixture(scope="module")
def browser(site_url, tmp_path_factory):
    profile = tmp_path_factory.mktemp("district-chromium")
    driver = start(profile, PHONE)
    driver.set_page_load_timeout(60)
    driver.set_script_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def offices() -> dict[str, dict]:
    """The workbook's offices sheet as validated, private columns included (to prove they are not shown)."""
    sheets, problems = read_workbook(WORKBOOK)
    return {r["province_code"]: dict(r.values) for r in validate(sheets, problems)["provinces"]}


def _province_order(site: Path, province: str) -> list[str]:
    """The district codes in the order the province page lists them."""
    html = (site / "provinces" / province / "index.html").read_text(encoding="utf-8")
    table = html[html.find('<div class="data-table"') :]
    return list(dict.fromkeys(re.findall(r'href="\.\./\.\./districts/(\d{4})/"', table)))


def _top(driver) -> dict:
    return driver.execute_script("""
        const q = s => document.querySelector(s);
        const rect = e => e && e.getBoundingClientRect();
        const line = q('.standing');
        return {
          standing: line && line.textContent, standingBottom: rect(line) && rect(line).bottom + scrollY,
          crumbs: [...document.querySelectorAll('nav.crumbs a, nav.crumbs [aria-current]')].map(e =>
            [e.textContent.trim(), e.href || null, e.getAttribute('aria-current')]),
          crumbText: q('nav.crumbs') && q('nav.crumbs').textContent,
          crumbLabel: q('nav.crumbs') && q('nav.crumbs').getAttribute('aria-label'),
          prev: q('.district-pager a[rel=prev]') && q('.district-pager a[rel=prev]').href,
          next: q('.district-pager a[rel=next]') && q('.district-pager a[rel=next]').href,
          pagerBottom: rect(q('.district-pager')) && rect(q('.district-pager')).bottom + scrollY,
          office: q('.office-line') && q('.office-line').textContent,
          officeLinks: [...document.querySelectorAll('.office-line a')].map(a => a.getAttribute('href')),
          scrollWidth: document.documentElement.scrollWidth,
        };""")


def _status_table(driver) -> list[str]:
    """The state of each step in the page's own status table (the first table after the status heading)."""
    return driver.execute_script("""
        const h = [...document.querySelectorAll('h2')].find(h => h.textContent.startsWith('สถานะตามกำหนดการ'));
        let e = h.nextElementSibling;
        while (e && !e.querySelector('table') && e.tagName !== 'TABLE') e = e.nextElementSibling;
        const table = e.tagName === 'TABLE' ? e : e.querySelector('table');
        return [...table.tBodies[0].rows].map(r => r.cells[2].querySelector('.state').textContent);""")


def _overdue_districts(site: Path, province: str = "31") -> list[str]:
    """Districts of the province whose page's status table has an overdue step (from the built HTML)."""
    found = []
    for code in _province_order(site, province):
        if 'state-overdue">✗ เลยกำหนด' in (site / "districts" / code / "index.html").read_text(encoding="utf-8"):
            found.append(code)
    return found


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_status_line_is_in_the_first_screen_and_agrees_with_the_table(browser, site, site_url, size):
    codes = ["3101", *_overdue_districts(site)[:2]]
    assert len(codes) == 3, "the default workbook has districts of Buri Ram with overdue steps"
    viewport(browser, size)
    for code in codes:
        open_page(browser, site_url + f"districts/{code}/")
        top = _top(browser)
        assert top["standing"], code
        assert top["standingBottom"] <= 844, (code, top["standingBottom"])
        assert top["pagerBottom"] <= 844 or size == PHONE, (code, top["pagerBottom"])
        steps = _status_table(browser)
        assert len(steps) == 4
        done = sum(s.startswith("✓") for s in steps)
        late = sum(s.startswith("✓ เสร็จหลังกำหนด") for s in steps)
        overdue = sum(s.startswith("✗") for s in steps)
        line = " ".join(top["standing"].split())
        assert f"สถานะ 4 ขั้นตอน: ✓ ทำแล้ว {done}" in line, line
        assert (f"(หลังกำหนด {late})" in line) == bool(late), line
        if overdue:
            assert f"✗ ค้าง {overdue} ขั้นตอน" in line, line
        else:
            assert "ไม่มีขั้นตอนค้าง" in line and "✗" not in line, line
        assert "ณ วันที่" in line
        assert top["scrollWidth"] <= size[0]


def test_breadcrumbs_lead_to_the_country_and_the_province(browser, site_url):
    viewport(browser, PHONE)
    open_page(browser, site_url + "districts/3102/")
    top = _top(browser)
    assert top["crumbLabel"]
    assert [(text, href and urlsplit(href).path, current) for text, href, current in top["crumbs"]] == [
        ("ประเทศ", "/", None),
        ("จังหวัดบุรีรัมย์", "/provinces/31/", None),
        ("อำเภอคูเมือง", None, "page"),
    ]
    assert " ".join(top["crumbText"].split()) == "ประเทศ › จังหวัดบุรีรัมย์ › อำเภอคูเมือง"
    browser.find_element("css selector", "nav.crumbs a[href*=provinces]").click()
    assert urlsplit(browser.current_url).path == "/provinces/31/"
    assert browser.find_element("css selector", "h1").text == "จังหวัดบุรีรัมย์"


def test_previous_and_next_are_the_province_pages_neighbours(browser, site, site_url):
    order = _province_order(site, "31")
    assert len(order) == 23 and "3101" in order
    viewport(browser, DESKTOP)
    for i in (0, order.index("3101"), len(order) - 1):
        code = order[i]
        open_page(browser, site_url + f"districts/{code}/")
        top = _top(browser)
        prev = urlsplit(top["prev"]).path if top["prev"] else None
        nxt = urlsplit(top["next"]).path if top["next"] else None
        assert prev == (f"/districts/{order[i - 1]}/" if i > 0 else None), code
        assert nxt == (f"/districts/{order[i + 1]}/" if i < len(order) - 1 else None), code
    # and the link leads there
    open_page(browser, site_url + "districts/3101/")
    link = browser.find_element("css selector", ".district-pager a[rel=next]")
    name = link.text.split("\n")[-1]
    link.click()
    assert browser.find_element("css selector", "h1").text.startswith(f"อำเภอ{name} ")


def test_the_office_contact_shows_its_public_columns_only(browser, site, site_url, offices):
    office = offices["31"]
    hidden = private_keys(PROVINCES)
    assert {"contact_name", "contact_mobile"} <= hidden and office["contact_name"] and office["contact_mobile"]
    viewport(browser, PHONE)
    open_page(browser, site_url + "districts/3101/")
    top = _top(browser)
    line = top["office"]
    assert line.startswith(f"ติดต่อ{office['office_name']}:")
    assert office["phone"] in line and office["email"] in line
    assert f"mailto:{office['email']}" in top["officeLinks"]
    assert any(href.startswith("tel:0") for href in top["officeLinks"])
    html = (site / "districts" / "3101" / "index.html").read_text(encoding="utf-8")
    digits = re.sub(r"\D", "", office["contact_mobile"])
    assert office["contact_name"] not in html
    assert office["contact_mobile"] not in html  # the number as written
    assert digits not in re.sub(r"[\s\-]", "", html)  # nor with its spaces and dashes taken out
    if office["contact_email"] != office["email"]:
        assert office["contact_email"] not in html


def test_a_district_page_stays_under_its_budget(site):
    size = (site / "districts" / "3101" / "index.html").stat().st_size
    assert size < 30 * 1024, f"districts/3101/index.html is {size / 1024:.1f} KB"


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_axe_finds_nothing_on_a_district_page(browser, site, site_url, size):
    if not axe.available():
        pytest.skip("axe-core missing (npm ci)")
    viewport(browser, size)
    for code in ("3101", _overdue_districts(site)[0]):
        open_page(browser, site_url + f"districts/{code}/")
        result = axe.check(browser)
        assert result["passes"] > 20, result
        bad = axe.blocking(result)
        assert not bad, f"/districts/{code}/:\n{axe.describe(bad)}"
