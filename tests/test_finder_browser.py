"""Find your district (issue #14, item 3) in headless Chromium, on the default 878-district site: the box on the
home page and on /districts/ offers the right district first for Thai, English and code queries, is a combobox a
keyboard can drive, reads only districts/finder.json (never the search index), and leaves a link without
JavaScript; /districts/ is one table that sorts, filters and fits a phone.

The site is built once (for this module and tests/test_district_page.py) from data/master.xlsx into a temporary
folder and served on 127.0.0.1."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests import axe
from tests.chromium import served, start
from tests.test_browser import _require_chromium

pytestmark = pytest.mark.slow
PHONE = (390, 844)
DESKTOP = (1280, 900)


def viewport(driver, size) -> None:
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": size[0], "height": size[1], "deviceScaleFactor": 1, "mobile": size[0] < 500},
    )


def open_page(driver, url: str) -> None:
    driver.get(url)
    driver.execute_async_script("document.fonts.ready.then(() => arguments[0]())")


@pytest.fixture(scope="module")
def site(built_site) -> Path:
    _require_chromium()
    return built_site  # the default workbook's site, built once a session (tests/conftest.py)


@pytest.fixture(scope="module")
def site_url(site):
    with served(site) as url:
        yield url


@pytest.fixture(scope="module")
def browser(site_url, tmp_path_factory):
    profile = tmp_path_factory.mktemp("finder-chromium")
    driver = start(profile, DESKTOP, performance_log=True)
    driver.set_page_load_timeout(60)
    driver.set_script_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def _box(driver):
    return driver.find_element("css selector", ".finder [role=combobox]")


def _type(driver, text: str) -> list[dict]:
    """Type into the find box (cleared first) and wait for its list: each option's text, page and state."""
    box = _box(driver)
    box.clear()
    box.send_keys(text)
    deadline = time.time() + 10
    while True:
        options = _options(driver)
        status = driver.find_element("css selector", ".finder [role=status]").text
        if options or status.startswith("ไม่พบ") or time.time() > deadline:
            return options
        time.sleep(0.05)


def _options(driver) -> list[dict]:
    return driver.execute_script("""
        return [...document.querySelectorAll('.finder [role=listbox] [role=option]')].map(o => ({
          id: o.id, text: o.textContent, href: o.dataset.href, selected: o.getAttribute('aria-selected')}));""")


def _path(url: str) -> str:
    return urlsplit(url).path


def _wait_for_path(driver, path: str, timeout: float = 15) -> str:
    deadline = time.time() + timeout
    while _path(driver.current_url) != path and time.time() < deadline:
        time.sleep(0.05)
    return _path(driver.current_url)


# ---------------------------------------------------------------- the data


def test_the_finder_data_is_small_and_names_every_district(site):
    data_file = site / "districts" / "finder.json"
    size = data_file.stat().st_size
    assert size < 60_000, f"districts/finder.json is {size} bytes"
    data = json.loads(data_file.read_text(encoding="utf-8"))
    assert len(data["p"]) == 76 and len(data["d"]) == 878
    assert ["3102", "คูเมือง", "Khu Mueang"] in data["d"] and data["p"]["31"] == ["บุรีรัมย์", "Buri Ram"]
    for code, thai, english in data["d"]:  # every entry is a page, named by its code only
        assert code.isdigit() and code[:2] in data["p"] and thai and english
        assert (site / "districts" / code / "index.html").is_file(), code
    # the home page and the list do not carry the data themselves: it is fetched when the box is used
    for page in ("index.html", "districts/index.html"):
        html = (site / page).read_text(encoding="utf-8")
        assert sum(english in html for _, _, english in data["d"]) < 5, page


# ---------------------------------------------------------------- what a query offers first


@pytest.mark.parametrize("page", ["", "districts/"], ids=["home", "districts"])
@pytest.mark.parametrize(
    "query",
    [
        "คูเมือง",
        "Khu Mueang",
        "๓๑๐๒",
        "3102",
        "khumueang",
        "อำเภอคูเมือง",
        "อ.คูเมือง",
        "คูเมือง บุรีรัมย์",
        "คูเมือง จ.บุรีรัมย์",
        "  KHU  MUEANG ",
    ],
)
def test_a_query_offers_its_district_first(browser, site_url, page, query):
    viewport(browser, DESKTOP)
    open_page(browser, site_url + page)
    options = _type(browser, query)
    assert options, f"{query!r}: nothing offered"
    assert _path(options[0]["href"]) == "/districts/3102/", (query, options[:3])
    assert "คูเมือง" in options[0]["text"] and "บุรีรัมย์" in options[0]["text"]
    assert _box(browser).get_attribute("aria-expanded") == "true"


@pytest.mark.parametrize(
    "query, first, count",
    [
        ("เมืองบุรีรัมย์", "/districts/3101/", None),  # the exact name before เมือง... of other provinces
        ("บุรีรัมย์", "/districts/3101/", 23),  # the province's districts, the one named after it first
        ("Buri Ram", "/districts/3101/", 23),
        ("จังหวัดบุรีรัมย์", "/districts/3101/", 23),
        ("๓๑", None, 23),  # a code's first digits: the province's districts
        ("นางรอง", "/districts/3104/", None),
    ],
)
def test_names_and_codes_rank_as_a_reader_expects(browser, site_url, query, first, count):
    viewport(browser, DESKTOP)
    open_page(browser, site_url + "districts/")
    options = _type(browser, query)
    if first:
        assert _path(options[0]["href"]) == first, (query, options[:3])
    if count:
        status = browser.find_element("css selector", ".finder [role=status]").text
        assert status.startswith(f"พบ {count} อำเภอ"), status
        assert all(_path(o["href"]).startswith("/districts/31") for o in options)


def test_a_query_with_no_district_says_so(browser, site_url):
    open_page(browser, site_url)
    assert _type(browser, "ไม่มีอำเภอนี้แน่นอน") == []
    assert browser.find_element("css selector", ".finder [role=status]").text.startswith("ไม่พบอำเภอ")
    assert _box(browser).get_attribute("aria-expanded") == "false"


# ---------------------------------------------------------------- the keyboard


def test_enter_opens_the_first_district(browser, site_url):
    from selenium.webdriver.common.keys import Keys

    open_page(browser, site_url)
    _type(browser, "คูเมือง")
    _box(browser).send_keys(Keys.ENTER)
    assert _wait_for_path(browser, "/districts/3102/") == "/districts/3102/"
    assert "อำเภอคูเมือง" in browser.find_element("css selector", "h1").text


def test_enter_typed_before_the_list_arrives_still_opens_the_district(browser, site_url):
    from selenium.webdriver.common.keys import Keys

    open_page(browser, site_url + "districts/")
    _box(browser).send_keys("๓๑๐๒" + Keys.ENTER)  # typed at once, the data may not be there yet
    assert _wait_for_path(browser, "/districts/3102/") == "/districts/3102/"


def test_arrow_keys_move_the_active_option_and_enter_opens_it(browser, site_url):
    from selenium.webdriver.common.keys import Keys

    viewport(browser, PHONE)
    open_page(browser, site_url)
    options = _type(browser, "บุรีรัมย์")
    assert len(options) >= 3
    box = _box(browser)
    assert box.get_attribute("aria-activedescendant") is None and all(o["selected"] == "false" for o in options)

    def active() -> tuple[str | None, list[str]]:
        return box.get_attribute("aria-activedescendant"), [
            o["id"] for o in _options(browser) if o["selected"] == "true"
        ]

    box.send_keys(Keys.ARROW_DOWN)
    assert active() == (options[0]["id"], [options[0]["id"]])
    box.send_keys(Keys.ARROW_DOWN)
    box.send_keys(Keys.ARROW_DOWN)
    assert active() == (options[2]["id"], [options[2]["id"]])
    box.send_keys(Keys.ARROW_UP)
    assert active() == (options[1]["id"], [options[1]["id"]])
    # the active option is inside the list's visible part
    assert browser.execute_script(
        """
        const o = document.getElementById(arguments[0]), l = o.parentElement;
        const a = o.getBoundingClientRect(), b = l.getBoundingClientRect();
        return a.top >= b.top - 1 && a.bottom <= b.bottom + 1 && a.bottom <= innerHeight;""",
        options[1]["id"],
    )
    # Escape closes the list and keeps the text; a second Escape clears it
    box.send_keys(Keys.ESCAPE)
    assert box.get_attribute("aria-expanded") == "false" and box.get_attribute("aria-activedescendant") is None
    assert box.get_attribute("value") == "บุรีรัมย์"
    box.send_keys(Keys.ARROW_DOWN)  # opens again on the first option
    assert box.get_attribute("aria-expanded") == "true" and active()[0] == options[0]["id"]
    box.send_keys(Keys.ARROW_DOWN)
    box.send_keys(Keys.ENTER)  # Enter opens the highlighted district, not the first
    wanted = _path(options[1]["href"])
    assert wanted != _path(options[0]["href"])
    assert _wait_for_path(browser, wanted) == wanted
    browser.back()
    open_page(browser, site_url)
    box = _box(browser)
    box.send_keys(Keys.ESCAPE)
    box.clear()
    box.send_keys("x")
    box.send_keys(Keys.BACK_SPACE)
    box.send_keys(Keys.ESCAPE)
    assert box.get_attribute("value") == ""


def test_a_click_on_an_option_opens_it(browser, site_url):
    viewport(browser, DESKTOP)
    open_page(browser, site_url + "districts/")
    options = _type(browser, "นางรอง")
    browser.find_element("id", options[0]["id"]).click()
    assert _wait_for_path(browser, "/districts/3104/") == "/districts/3104/"


def test_the_box_is_a_labelled_combobox_with_a_listbox(browser, site_url):
    open_page(browser, site_url)
    box = _box(browser)
    label = browser.find_element("css selector", f"label[for='{box.get_attribute('id')}']")
    assert label.text == "ค้นหาอำเภอของคุณ" and label.is_displayed()
    listbox = browser.find_element("id", box.get_attribute("aria-controls"))
    assert listbox.get_attribute("role") == "listbox" and listbox.get_attribute("aria-label")
    assert box.get_attribute("aria-autocomplete") == "list" and box.get_attribute("aria-expanded") == "false"


def test_the_box_is_near_the_top_of_the_district_list(browser, site_url):
    from selenium.webdriver.common.keys import Keys

    viewport(browser, PHONE)
    open_page(browser, site_url + "districts/")
    top = browser.execute_script("return document.querySelector('.finder input').getBoundingClientRect().top")
    assert top < 844 / 2, top
    # from the page's start, the box is a few Tab presses away (reaching a district by Tab took 480)
    body = browser.find_element("css selector", "body")
    body.send_keys(Keys.TAB)
    for _presses in range(1, 30):
        if browser.execute_script("return document.activeElement.id") == "finder-input":
            break
        browser.switch_to.active_element.send_keys(Keys.TAB)
    else:
        pytest.fail("the find box is not reached in 30 Tab presses")
    assert _presses <= 20, _presses


# ---------------------------------------------------------------- without the search index, without JavaScript


def test_the_finder_works_with_the_search_index_blocked(browser, site_url):
    from selenium.webdriver.common.keys import Keys

    browser.execute_cdp_cmd("Network.enable", {})
    browser.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["*search_index.json*", "*workers/*"]})
    browser.get_log("performance")  # forget what earlier tests loaded
    try:
        open_page(browser, site_url)
        _box(browser).send_keys("Khu Mueang")
        deadline = time.time() + 10
        while not _options(browser) and time.time() < deadline:
            time.sleep(0.05)
        _box(browser).send_keys(Keys.ENTER)
        assert _wait_for_path(browser, "/districts/3102/") == "/districts/3102/"
        fetched = [
            json.loads(e["message"])["message"]["params"]["request"]["url"]
            for e in browser.get_log("performance")
            if json.loads(e["message"])["message"]["method"] == "Network.requestWillBeSent"
        ]
        assert any(u.endswith("/districts/finder.json") for u in fetched), fetched
    finally:
        browser.execute_cdp_cmd("Network.setBlockedURLs", {"urls": []})


def test_without_javascript_the_box_is_hidden_and_the_list_is_linked(browser, site_url):
    browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        viewport(browser, PHONE)
        browser.get(site_url)
        assert not browser.find_element("css selector", ".finder-box").is_displayed()  # no box that does nothing
        link = browser.find_element("css selector", ".finder-all a")
        assert link.is_displayed() and _path(link.get_attribute("href")) == "/districts/"
        browser.get(site_url + "districts/")
        assert not browser.find_element("css selector", ".finder-box").is_displayed()
        rows = browser.find_elements("css selector", ".district-table tbody tr")
        assert len(rows) == 878  # the whole list is there, as a plain table
    finally:
        browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})


# ---------------------------------------------------------------- the district list

ROWS = (
    "return [...document.querySelectorAll('.district-table tbody tr')].filter(r => !r.hidden)"
    ".map(r => [...r.cells].map(c => c.textContent.trim()))"
)


def test_the_district_list_is_a_table_with_every_district_and_its_steps(browser, site_url):
    viewport(browser, DESKTOP)
    open_page(browser, site_url + "districts/")
    heads = browser.execute_script(
        "return [...document.querySelectorAll('.district-table thead th')].map(th => th.textContent.trim())"
    )
    assert heads == ["อำเภอ", "ประชุม", "ดูงาน", "แผน", "รายงาน", "จังหวัด"]
    rows = browser.execute_script(ROWS)
    assert len(rows) == 878 and rows[0][5] == "กระบี่"
    marks = {cell for row in rows for cell in row[1:5]}
    assert marks <= {"✓", "✓ ช้า", "✗ ค้าง", "–"} and {"✓", "✗ ค้าง"} <= marks  # words and symbols, not colour
    links = browser.execute_script(
        "return [...document.querySelectorAll('.district-table tbody td:first-child a')].map(a => a.href)"
    )
    assert len(links) == 878 and _path(links[0]).startswith("/districts/81")


def test_the_district_list_sorts(browser, site_url):
    viewport(browser, DESKTOP)
    open_page(browser, site_url + "districts/")
    buttons = browser.find_elements("css selector", ".district-table th button.sort")
    assert len(buttons) == 6
    buttons[3].click()  # แผน, ascending: the overdue first
    rows = browser.execute_script(ROWS)
    plan = [r[3] for r in rows]
    overdue = plan.count("✗ ค้าง")
    assert overdue > 0 and plan[:overdue] == ["✗ ค้าง"] * overdue and "✗ ค้าง" not in plan[overdue:]
    buttons[0].click()  # อำเภอ, in Thai dictionary order: เ sorts by its consonant, not after ฮ
    names = [r[0] for r in browser.execute_script(ROWS)]
    assert names.index("เกาะลันตา") < names.index("ขุขันธ์") < names.index("คูเมือง") < names.index("เมืองบุรีรัมย์")
    buttons[0].click()
    assert [r[0] for r in browser.execute_script(ROWS)] == names[::-1]
    th = buttons[0].find_element("xpath", "..")
    assert th.get_attribute("aria-sort") == "descending"


def test_the_district_list_filters(browser, site_url):
    viewport(browser, DESKTOP)
    open_page(browser, site_url + "districts/")
    box = browser.find_element("css selector", ".table-filter input")
    box.send_keys("บุรีรัมย์")
    rows = browser.execute_script(ROWS)
    assert len(rows) == 23 and {r[5] for r in rows} == {"บุรีรัมย์"}
    assert browser.find_element("css selector", ".table-filter [role=status]").text == "แสดง 23 จาก 878 แถว"
    box.clear()
    box.send_keys("ค้าง")
    rows = browser.execute_script(ROWS)
    assert 0 < len(rows) < 878 and all("✗ ค้าง" in r[1:5] for r in rows)


def test_the_district_list_fits_a_phone(browser, site_url):
    viewport(browser, PHONE)
    open_page(browser, site_url + "districts/")
    # the name and the four steps are on screen without scrolling sideways; text is at least 14 px
    boxes = browser.execute_script("""
        const row = document.querySelector('.district-table tbody tr');
        return [...row.cells].map(c => { const r = c.getBoundingClientRect();
          return [r.left, r.right, parseFloat(getComputedStyle(c).fontSize)]; });""")
    for left, right, size in boxes[:5]:
        assert left >= 0 and right <= PHONE[0], boxes
        assert size >= 14, boxes
    assert browser.execute_script("return document.documentElement.scrollWidth") <= PHONE[0]


# ---------------------------------------------------------------- accessibility of what is new


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("page, query", [("", "บุรีรัมย์"), ("districts/", "Khu Mueang")], ids=["home", "districts"])
def test_axe_finds_nothing_with_the_finder_open(browser, site_url, page, query, size):
    if not axe.available():
        pytest.skip("axe-core missing (npm ci)")
    viewport(browser, size)
    open_page(browser, site_url + page)
    _type(browser, query)
    from selenium.webdriver.common.keys import Keys

    _box(browser).send_keys(Keys.ARROW_DOWN)
    assert _box(browser).get_attribute("aria-expanded") == "true"
    result = axe.check(browser)
    assert result["passes"] > 20, result
    bad = axe.blocking(result)
    assert not bad, axe.describe(bad)
