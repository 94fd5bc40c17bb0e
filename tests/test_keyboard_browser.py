"""Keyboard and screen readers on every width (issue #16, item 4), in headless Chromium at 390 px and 1280 px on
the default workbook's site: Tab alone from the top of the home page never lands on something the reader cannot
see (off-screen, hidden, folded away, under an overlay, in the closed navigation drawer) and every stop shows a
focus ring; at 390 px the menu button is a tab stop that Enter and Space open, the drawer's links then take the
focus and Escape closes it; a district page is reached from the top of the home page by Tab and Enter only;
English sentences carry lang="en".

Real key presses (WebDriver actions go through Chromium's input pipeline, so Tab moves the focus as for a person).
Without Chromium the tests are skipped on a workstation and fail in CI, as the other browser tests."""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import pytest

from tests import axe
from tests.chromium import served, start
from tests.test_accessibility import _require_axe
from tests.test_browser import _require_chromium

ROOT = Path(__file__).resolve().parent.parent
WIDTHS = {"phone": (390, 844, True), "desktop": (1280, 900, False)}
PRESSES = 80  # Tab presses walked from the top of the home page
SETTLE = 1.5  # seconds a stop may take to finish its transition (Material's are 0.25 s) before it fails
DISTRICT = re.compile(r"/districts/\d{4}/$")

# Why the focused element could not be seen, or [] when it can: a box inside the viewport, visibility visible,
# not faded out, not clipped away by a scrolling or hiding ancestor, on top at some point of its box (not under
# the drawer's overlay or the header), not inside the closed drawer, and a focus ring (an outline or a shadow).
PROBLEMS = """
const e = document.activeElement;
if (!e || e === document.body || e === document.documentElement) return ["nothing is focused"];
const why = [];
const r = e.getBoundingClientRect(), cs = getComputedStyle(e);
if (r.width < 1 || r.height < 1) why.push("no box");
// what is on the screen
const vv = visualViewport, vx = vv.offsetLeft, vy = vv.offsetTop, vw = vv.width, vh = vv.height;
if (r.right <= vx || r.bottom <= vy || r.left >= vx + vw || r.top >= vy + vh) why.push("outside the viewport");
if (cs.visibility !== "visible") why.push("visibility: " + cs.visibility);
let opacity = 1;
for (let a = e; a; a = a.parentElement) opacity *= parseFloat(getComputedStyle(a).opacity);
if (opacity < 0.5) why.push("opacity " + opacity.toFixed(2));
for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
  const s = getComputedStyle(a);
  if (s.overflowX === "visible" && s.overflowY === "visible") continue;
  const b = a.getBoundingClientRect();
  if (Math.min(r.right, b.right) - Math.max(r.left, b.left) < 1
      || Math.min(r.bottom, b.bottom) - Math.max(r.top, b.top) < 1) {
    why.push("clipped away by ." + String(a.className).trim().split(/\\s+/)[0]); break;
  }
}
const x0 = Math.max(r.left, vx), x1 = Math.min(r.right, vx + vw);
const y0 = Math.max(r.top, vy), y1 = Math.min(r.bottom, vy + vh);
let onTop = false;
const pointer = e.style.getPropertyValue("pointer-events"), priority = e.style.getPropertyPriority("pointer-events");
e.style.setProperty("pointer-events", "auto", "important");  // a hit test skips what clicks pass through
for (let i = 1; i < 6 && !onTop; i++) for (let j = 1; j < 6 && !onTop; j++) {
  const p = document.elementFromPoint(x0 + (x1 - x0) * i / 6, y0 + (y1 - y0) * j / 6);
  if (p && (p === e || e.contains(p))) onTop = true;
}
e.style.setProperty("pointer-events", pointer, priority);
if (!e.getAttribute("style")) e.removeAttribute("style");
if (!onTop) why.push("covered by something else");
const drawer = document.getElementById("__drawer");
if (drawer && !drawer.checked && e.closest(".md-sidebar--primary") && matchMedia("(max-width: 76.234375em)").matches)
  why.push("inside the closed drawer");
const ring = (cs.outlineStyle !== "none" && parseFloat(cs.outlineWidth) > 0) || cs.boxShadow !== "none";
if (!ring) why.push("no focus ring (outline " + cs.outlineStyle + " " + cs.outlineWidth + ")");
return why;
"""

DESCRIBE = """
const e = document.activeElement;
const text = (e.getAttribute("aria-label") || e.textContent || e.getAttribute("placeholder") || "")
  .trim().replace(/\\s+/g, " ");
return e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (e.className && typeof e.className === "string" ?
  "." + e.className.trim().split(/\\s+/).filter(c => c !== "focus-visible").join(".") : "") +
  (e.getAttribute("href") ? " href=" + e.getAttribute("href") : "") +
  (e.getAttribute("for") ? " for=" + e.getAttribute("for") : "") +
  ' "' + text.slice(0, 40) + '"';
"""


@pytest.fixture(scope="module")
def site(built_site) -> Path:
    """The default workbook's site (sample data: its notice carries the English sentence), built once a session
    (tests/conftest.py)."""
    return built_site


@pytest.fixture(scope="module")
def site_url(site):
    _require_chromium()
    with served(site) as url:
        yield url


@pytest.fixture(scope="module")
def browser(site_url, tmp_path_factory):
    profile = tmp_path_factory.mktemp("keyboard-chromium")
    driver = start(profile, (1280, 900))
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def _open(driver, url: str, width: str) -> None:
    w, h, mobile = WIDTHS[width]
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride", {"width": w, "height": h, "deviceScaleFactor": 1, "mobile": mobile}
    )
    driver.get(url)
    driver.execute_async_script("document.fonts.ready.then(() => arguments[0]())")
    driver.execute_script("window.scrollTo(0, 0)")
    assert driver.execute_script("return document.activeElement === document.body")  # the top: nothing focused


def _press(driver, key: str, shift: bool = False) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    if shift:
        ActionChains(driver).key_down(Keys.SHIFT).send_keys(key).key_up(Keys.SHIFT).perform()
    else:
        ActionChains(driver).send_keys(key).perform()


def _seen(driver) -> list[str]:
    """[] once the focused element can be seen with its ring (waiting out transitions), else why not."""
    deadline = time.monotonic() + SETTLE
    while True:
        problems = driver.execute_script(PROBLEMS)
        if not problems or time.monotonic() > deadline:
            return problems
        time.sleep(0.1)


def _tab(driver, stops: list[str], shift: bool = False) -> str:
    """One Tab (or Shift+Tab); the new stop must be visible with its ring. Returns and records it."""
    from selenium.webdriver.common.keys import Keys

    _press(driver, Keys.TAB, shift=shift)
    problems = _seen(driver)
    stop = driver.execute_script(DESCRIBE)
    stops.append(stop)
    assert not problems, f"Tab {len(stops)} lands on {stop}: {', '.join(problems)}\nstops so far:\n" + "\n".join(stops)
    return stop


def _tab_until(driver, stops: list[str], test: str, limit: int = 120) -> None:
    """Tab (checking every stop) until the focused element satisfies the JS expression `test` (on `e`)."""
    for _ in range(limit):
        _tab(driver, stops)
        if driver.execute_script(f"const e = document.activeElement; return !!({test})"):
            return
    pytest.fail(f"{limit} Tab presses never reached {test}:\n" + "\n".join(stops[-limit:]))


def _enter(driver) -> None:
    """Enter on the focused link, and wait for the page it opens."""
    from selenium.webdriver.common.keys import Keys

    before = driver.current_url
    _press(driver, Keys.ENTER)
    deadline = time.monotonic() + 30
    while driver.current_url == before and time.monotonic() < deadline:
        time.sleep(0.1)
    assert driver.current_url != before, "Enter on a link opened nothing"
    driver.execute_async_script("document.fonts.ready.then(() => arguments[0]())")


def _drawer_open(driver) -> bool:
    return driver.execute_script("return document.getElementById('__drawer').checked")


def _menu(driver):
    return driver.find_element("css selector", 'label.md-header__button[for="__drawer"]')


def _drawer_links_shown(driver) -> list[bool]:
    """For each link of the drawer's top list: can it be seen (and so focused)?"""
    return driver.execute_script("""
        return [...document.querySelectorAll('.md-sidebar--primary .md-nav--primary > .md-nav__list > li > a')]
          .filter(a => getComputedStyle(a).display !== 'none')  // the page's own link: its label stands in
          .map(a => getComputedStyle(a).visibility === 'visible' && a.getBoundingClientRect().right > 0);""")


# ---------------------------------------------------------------- Tab alone from the top of the home page


@pytest.mark.parametrize("width", list(WIDTHS))
def test_every_tab_stop_from_the_top_of_the_home_page_is_visible_with_a_focus_ring(browser, site_url, width):
    _open(browser, site_url, width)
    stops: list[str] = []
    for _ in range(PRESSES):
        _tab(browser, stops)
    assert not any(".md-sidebar--primary" in s for s in stops)  # (checked per stop above; kept for the reader)
    if width == "phone":
        # the menu button is the second stop, after the skip link, and named; no drawer link in between
        assert stops[0].startswith("a.md-skip")
        assert stops[1].startswith("label.md-header__button") and 'for=__drawer "เมนู"' in stops[1], stops[:3]
        assert not _drawer_open(browser)
        assert not any(_drawer_links_shown(browser))
    assert len(set(stops)) > PRESSES * 0.9, "Tab went round in a small circle:\n" + "\n".join(stops)


def test_shift_tab_walks_back_over_visible_stops_only(browser, site_url):
    from selenium.webdriver.common.keys import Keys

    _open(browser, site_url, "phone")
    stops: list[str] = []
    for _ in range(12):
        _tab(browser, stops)
    for _ in range(11):
        _tab(browser, stops, shift=True)
    assert stops[-1] == stops[0], "\n".join(stops)
    _press(browser, Keys.TAB, shift=True)  # before the skip link: out of the page, not into the drawer
    assert browser.execute_script("return document.activeElement.closest('.md-sidebar--primary') === null")


# ---------------------------------------------------------------- the menu button and the drawer at 390 px


def test_the_menu_button_opens_the_drawer_by_keyboard_and_escape_closes_it(browser, site_url, tmp_path):
    from selenium.webdriver.common.keys import Keys

    _open(browser, site_url, "phone")
    stops: list[str] = []
    _tab_until(browser, stops, "e.matches('label.md-header__button[for=__drawer]')", limit=5)
    menu = _menu(browser)
    assert menu.get_attribute("role") == "button" and menu.get_attribute("aria-expanded") == "false"
    controls = menu.get_attribute("aria-controls")
    assert controls and browser.execute_script(
        "return document.getElementById(arguments[0]).classList.contains('md-sidebar--primary')", controls
    )
    assert not any(_drawer_links_shown(browser))

    _press(browser, Keys.ENTER)
    assert _drawer_open(browser) and menu.get_attribute("aria-expanded") == "true"
    # the focus moved into the drawer, onto a visible item, and the drawer's links are now shown
    assert not _seen(browser), _seen(browser)
    assert browser.execute_script("return !!document.activeElement.closest('.md-sidebar--primary')")
    time.sleep(0.4)  # the slide in
    shown = _drawer_links_shown(browser)
    assert len(shown) >= 10 and all(shown), shown
    drawer_stops: list[str] = []
    for _ in range(3):
        _tab(browser, drawer_stops)
    assert all("md-nav__link" in s for s in drawer_stops), drawer_stops
    browser.save_screenshot(str(tmp_path / "drawer.png"))

    _press(browser, Keys.ESCAPE)
    assert not _drawer_open(browser) and menu.get_attribute("aria-expanded") == "false"
    assert browser.execute_script("return document.activeElement") == menu  # back on the menu button
    time.sleep(0.5)  # the slide out
    assert not any(_drawer_links_shown(browser))

    _press(browser, Keys.SPACE)  # Space opens it too, without scrolling the page
    assert _drawer_open(browser) and menu.get_attribute("aria-expanded") == "true"
    assert browser.execute_script("return window.scrollY") == 0
    _press(browser, Keys.ESCAPE)
    assert not _drawer_open(browser)


def test_tab_out_of_the_open_drawer_closes_it(browser, site_url):
    from selenium.webdriver.common.keys import Keys

    _open(browser, site_url, "phone")
    stops: list[str] = []
    _tab_until(browser, stops, "e.matches('label[for=__drawer]')", limit=5)
    _press(browser, Keys.ENTER)
    count = len(_drawer_links_shown(browser))
    for _ in range(count + 2):  # through every link of the drawer and out into the page
        _tab(browser, stops)
    assert not _drawer_open(browser), "\n".join(stops)
    assert _menu(browser).get_attribute("aria-expanded") == "false"


def test_a_mouse_click_on_the_overlay_keeps_aria_expanded_in_step(browser, site_url):
    _open(browser, site_url, "phone")
    menu = _menu(browser)
    menu.click()
    assert _drawer_open(browser) and menu.get_attribute("aria-expanded") == "true"
    time.sleep(0.4)
    browser.execute_script("document.querySelector('label.md-overlay').click()")
    assert not _drawer_open(browser) and menu.get_attribute("aria-expanded") == "false"


def test_the_page_contents_panel_in_the_drawer_opens_and_closes_by_keyboard(browser, site_url):
    from selenium.webdriver.common.keys import Keys

    _open(browser, site_url, "phone")
    stops: list[str] = []
    _tab_until(browser, stops, "e.matches('label[for=__drawer]')", limit=5)
    _press(browser, Keys.ENTER)
    opener = browser.execute_script("return document.activeElement")
    assert opener.get_attribute("for") == "__toc" and opener.get_attribute("aria-expanded") == "false"
    assert "สารบัญ" in opener.get_attribute("aria-label")
    _press(browser, Keys.ENTER)
    assert opener.get_attribute("aria-expanded") == "true"
    _tab(browser, stops)
    assert "href=#" in stops[-1], stops[-1]  # a heading of the page, in the panel, visible
    _press(browser, Keys.ESCAPE)  # the panel closes first, back to the label that opened it
    assert browser.execute_script("return document.activeElement") == opener
    assert opener.get_attribute("aria-expanded") == "false" and _drawer_open(browser)
    time.sleep(0.4)
    _tab(browser, stops)
    assert "href=#" not in stops[-1], "the closed panel's links are still tab stops"
    _press(browser, Keys.ESCAPE)
    assert not _drawer_open(browser)


def test_axe_finds_nothing_with_the_drawer_open(browser, site_url):
    from selenium.webdriver.common.keys import Keys

    _require_axe()
    _open(browser, site_url, "phone")
    stops: list[str] = []
    _tab_until(browser, stops, "e.matches('label[for=__drawer]')", limit=5)
    for state in ("closed", "open"):
        if state == "open":
            _press(browser, Keys.ENTER)
            time.sleep(0.4)
        result = axe.check(browser)
        assert result["passes"] > 20, result
        bad = axe.blocking(result)
        assert not bad, f"drawer {state}:\n{axe.describe(bad)}"


# ---------------------------------------------------------------- from the home page to a district page


@pytest.mark.parametrize("width", list(WIDTHS))
def test_a_district_page_is_reached_from_the_top_of_the_home_page_by_tab_and_enter_only(browser, site_url, width):
    from selenium.webdriver.common.keys import Keys

    _open(browser, site_url, width)
    stops: list[str] = []
    if width == "phone":  # through the menu: the district list is "อำเภอ" in the drawer
        _tab_until(browser, stops, "e.matches('label[for=__drawer]')", limit=5)
        _press(browser, Keys.ENTER)
        if not browser.execute_script("return document.activeElement.matches('a[href]')"):
            _tab(browser, stops)
    _tab_until(
        browser,
        stops,
        "e.matches('a[href]') && /(^|\\/)districts\\/$/.test(e.getAttribute('href'))"
        " && (e.closest('.md-tabs, .md-sidebar--primary') !== null)",
    )
    _enter(browser)
    assert browser.current_url == site_url + "districts/"

    # on the list of districts, from the top again: Tab to the first district, Enter
    browser.execute_script("window.scrollTo(0, 0)")
    _tab_until(
        browser, stops, "e.matches('a[href]') && /^(\\.\\.\\/)?\\d{4}\\/$/.test(e.getAttribute('href'))", limit=150
    )
    _enter(browser)
    assert DISTRICT.search(browser.current_url), browser.current_url
    h1 = browser.find_element("css selector", "article h1").text
    assert h1.startswith("อำเภอ") or h1.startswith("เขต"), h1
    # and the district page itself, down to the last link of its footer
    _tab_until(
        browser, stops, "e.closest('.md-footer') && e.matches('.portal-footer-links li:last-child a')", limit=150
    )


# ---------------------------------------------------------------- English parts carry lang="en"


def test_english_sentences_are_marked_english(site, browser, site_url):
    html = (site / "index.html").read_text(encoding="utf-8")
    assert '<span lang="en">Sample data</span>' in html
    assert '<span lang="en">These figures are generated sample data, not real results.</span>' in html
    policy = (site / "website-policy" / "index.html").read_text(encoding="utf-8")
    for english in ("master workbook", "Sarabun (SIL Open Font License 1.1)", "Material for MkDocs (MIT)"):
        assert f'<span lang="en">{english}</span>' in policy, english
    assert '<span lang="en">Budget and Project Management (BPM)</span>' in (
        site / "programme" / "index.html"
    ).read_text(encoding="utf-8")
    # as the browser sees it: the notice's English sentence resolves to English, the Thai around it to Thai
    _open(browser, site_url, "desktop")
    langs = browser.execute_script("""
        const span = [...document.querySelectorAll('.admonition [lang="en"]')].pop();
        return [span.closest('[lang]').lang, span.parentElement.closest('[lang]').lang, span.textContent];""")
    assert langs[:2] == ["en", "th"], langs
