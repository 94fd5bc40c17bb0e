"""Issue 14, items 2 and 4, in headless Chromium on the default workbook's site (the one the issue measured):
the headline tiles come first and their numbers never wrap, and every table keeps its name column and its key
measure on a 390 px phone, in 14 px text, still sortable and filterable."""

from __future__ import annotations

import pytest

from tests.chromium import served, start
from tests.test_browser import _require_chromium

pytestmark = pytest.mark.slow  # builds the real 878-district site

PHONE = (390, 844)
WIDTHS = (320, 390, 768, 1280, 1920)
# every page type with a table, for the table rules that hold everywhere
TABLE_PAGES = (
    "",
    "provinces/",
    "provinces/31/",
    "districts/",
    "districts/3101/",
    "plans/",
    "festival/",
    "contacts/",
    "awards/",
    "curriculum/",
    "downloads/",
    "about/",
    "programme/",
)


@pytest.fixture(scope="module")
def site_url(built_site):
    _require_chromium()
    with served(built_site) as url:  # the default site with its fonts (they set the widths), built once a session
        yield url


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    driver = start(tmp_path_factory.mktemp("chromium-layout"), (1280, 900), "--hide-scrollbars")
    try:
        yield driver
    finally:
        driver.quit()


def _open(driver, url: str, width: int, height: int = 900) -> None:
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 700},
    )
    driver.get(url)
    driver.execute_async_script("document.fonts.ready.then(arguments[0])")  # Sarabun's widths, not a fallback's


# ---------------------------------------------------------------- 2. headline first


@pytest.mark.parametrize("path", ["", "provinces/31/"])
def test_first_headline_tile_is_on_a_phones_first_screen(browser, site_url, path):
    _open(browser, site_url + path, *PHONE)
    top, value_bottom, before_text = browser.execute_script("""
        const tile = document.querySelector('article .tile');
        const text = document.querySelector('article h2');   // the description (home) or the overview table
        return [tile.getBoundingClientRect().top + scrollY,
                tile.querySelector('.tile-value').getBoundingClientRect().bottom + scrollY,
                !!(tile.compareDocumentPosition(text) & Node.DOCUMENT_POSITION_FOLLOWING)];""")
    assert top < PHONE[1] and value_bottom <= PHONE[1], (path, top, value_bottom)  # was 1,750 px on the home page
    assert before_text, "the tiles come before the page's text"


def test_home_headline_has_the_data_date_and_seven_tiles_before_the_description(browser, site_url):
    _open(browser, site_url, 1280)
    order = browser.execute_script("""
        const body = [...document.querySelector('article').children];
        const at = f => body.findIndex(f);
        return [at(e => e.tagName === 'H1'), at(e => e.textContent.startsWith('ข้อมูล ณ วันที่')),
                at(e => e.classList.contains('tiles')), at(e => e.tagName === 'H2' && e.textContent === 'วัตถุประสงค์'),
                document.querySelectorAll('article .tiles .tile').length];""")
    h1, date, tiles, objectives, count = order
    assert h1 < date < tiles < objectives and count == 7, order
    budget = browser.execute_script("""
        const t = [...document.querySelectorAll('.tile')].find(t => t.textContent.includes('งบประมาณ'));
        return [t.querySelector('.tile-value').firstChild.textContent.trim(),
                t.querySelector('.tile-of').textContent];""")
    assert budget[0].replace(".", "", 1).isdigit() and "." in budget[0] and "ล้านบาท" in budget[1], budget


TILE_NUMBERS = """
    return [...document.querySelectorAll('article .tile')].map(t => {
      const v = t.querySelector('.tile-value');
      const text = [...v.childNodes].find(n => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
      const range = document.createRange();
      range.selectNodeContents(text);
      const lines = [...range.getClientRects()].filter(r => r.width > 0).length;
      const box = t.getBoundingClientRect(), css = getComputedStyle(t);
      const inner = box.right - parseFloat(css.paddingRight) - parseFloat(css.borderRightWidth);
      return [t.querySelector('.tile-label').textContent, text.textContent.trim(), lines,
              Math.round(range.getBoundingClientRect().right - inner)];
    });"""


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", ["", "provinces/31/"])
def test_no_tile_number_wraps_or_spills(browser, site_url, path, width):
    _open(browser, site_url + path, width)
    tiles = browser.execute_script(TILE_NUMBERS)
    assert len(tiles) == 7
    wrapped = [t for t in tiles if t[2] != 1]  # "19,241,10 / 0" was two lines at 900-1920 px
    spilled = [t for t in tiles if t[3] > 0]  # a number wider than its tile
    assert wrapped == [] and spilled == [], (width, wrapped, spilled)
    page_width = browser.execute_script("return [document.documentElement.scrollWidth, innerWidth]")
    assert page_width[0] <= page_width[1], page_width  # and the page itself does not scroll sideways


# ---------------------------------------------------------------- 4. tables on a phone

COLUMNS = """
    const [first, ...wanted] = arguments[0];
    const table = [...document.querySelectorAll('article table')]
      .find(t => t.tHead && t.tHead.rows[0].cells[0].textContent.trim() === first);
    const heads = [...table.tHead.rows[0].cells].map(c => c.textContent.trim());
    const row = table.tBodies[0].rows[0];
    return [first, ...wanted].map(name => {
      const i = heads.indexOf(name);
      const boxes = [table.tHead.rows[0].cells[i], row.cells[i]].map(c => c.getBoundingClientRect());
      return [name, i, Math.round(Math.min(...boxes.map(b => b.left))),
              Math.round(Math.max(...boxes.map(b => b.right)))];
    });"""


@pytest.mark.parametrize(
    "path, columns",
    [
        ("provinces/31/", ["อำเภอ", "ประชุม", "ดูงาน", "แผน (แบบ ๒)", "รายงาน"]),  # the name and the four steps
        ("", ["ขั้นตอน", "ดำเนินการแล้ว", "ร้อยละ"]),
        ("provinces/", ["จังหวัด", "อำเภอที่ค้าง"]),
    ],
)
def test_phone_table_shows_its_name_and_key_measure_without_scrolling(browser, site_url, path, columns):
    _open(browser, site_url + path, *PHONE)
    found = browser.execute_script(COLUMNS, columns)
    assert [c[1] for c in found] == sorted(c[1] for c in found) and all(c[1] >= 0 for c in found), found
    outside = [c for c in found if c[2] < 0 or c[3] > PHONE[0]]
    assert outside == [], outside  # "แผน (แบบ" was cut at the screen's edge


def test_phone_table_name_column_stays_while_the_rest_scrolls(browser, site_url):
    _open(browser, site_url + "provinces/31/", *PHONE)
    moved = browser.execute_script("""
        const t = document.querySelector('.data-table table');
        const scroller = [t, t.closest('.md-typeset__scrollwrap')].find(e => e && e.scrollWidth > e.clientWidth + 1);
        const name = () => t.tBodies[0].rows[0].cells[0].getBoundingClientRect().left;
        const last = () =>
          t.tBodies[0].rows[0].cells[t.tBodies[0].rows[0].cells.length - 1].getBoundingClientRect().right;
        const before = [name(), last()];
        scroller.scrollLeft = scroller.scrollWidth;
        return [before[0], name(), before[1], last(), innerWidth];""")
    name_before, name_after, last_before, last_after, width = moved
    assert last_before > width >= last_after  # the other columns are reached by scrolling ...
    assert abs(name_after - name_before) < 1  # ... while the names stay in view


@pytest.mark.parametrize("path", TABLE_PAGES)
def test_every_table_keeps_two_columns_on_a_phone_in_14px_text(browser, site_url, path):
    _open(browser, site_url + path, *PHONE)
    tables = browser.execute_script("""
        document.querySelectorAll('article details').forEach(d => { d.open = true; });
        return [...document.querySelectorAll('article table')].filter(t => t.rows.length > 1).map(t => {
          const cells = [...t.rows[0].cells, ...t.rows[1].cells];
          return [t.rows[0].cells[0].textContent.trim(),
                  Math.round(Math.max(...[0, 1].map(
                    i => (t.rows[1].cells[i] || t.rows[1].cells[0]).getBoundingClientRect().right))),
                  Math.min(...cells.map(c => parseFloat(getComputedStyle(c).fontSize)))];
        });""")
    assert tables, path
    cut = [t for t in tables if t[1] > PHONE[0]]
    small = [t for t in tables if t[2] < 14]  # Material's 12.8 px before
    assert cut == [] and small == [], (path, cut, small)


def test_table_text_is_14px_on_a_desktop_too(browser, site_url):
    _open(browser, site_url + "provinces/31/", 1280)
    sizes = browser.execute_script(
        "return [...document.querySelectorAll('article td, article th')]"
        ".map(c => parseFloat(getComputedStyle(c).fontSize))"
    )
    assert sizes and min(sizes) >= 14


def test_phone_table_still_sorts_and_filters(browser, site_url):
    from selenium.webdriver.common.by import By

    _open(browser, site_url + "provinces/31/", *PHONE)
    header = browser.execute_script("""
        return [...document.querySelectorAll('.data-table thead th')]
          .find(h => h.textContent.trim() === 'แผน (แบบ ๒)')""")
    button = header.find_element(By.CSS_SELECTOR, "button.sort")
    hit = browser.execute_script(
        """
        arguments[0].scrollIntoView({block: 'center'});
        const b = arguments[0].getBoundingClientRect();
        return arguments[0].contains(document.elementFromPoint(b.left + b.width / 2, b.top + b.height / 2));""",
        button,
    )
    assert hit, "nothing (the sticky name column) covers the sort button"
    button.click()  # a real click, at the button's place on the screen
    assert header.get_attribute("aria-sort") == "ascending"
    first = browser.execute_script("return document.querySelector('.data-table tbody tr').cells[3].textContent.trim()")
    assert first.startswith("✗"), first  # worst first: an outstanding plan
    box = browser.find_element(By.CSS_SELECTOR, ".table-filter input")
    box.send_keys("บ้าน")
    shown = browser.execute_script(
        "return [...document.querySelectorAll('.data-table tbody tr')]"
        ".filter(r => !r.hidden).map(r => r.cells[0].textContent)"
    )
    assert shown and all("บ้าน" in name for name in shown)
