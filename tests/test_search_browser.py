"""Thai search on the default 878-district site, in headless Chromium: queries typed into Material's search box.

The site is built once for the module from data/master.xlsx into a temporary folder and served on 127.0.0.1."""
from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.bench_search import chromium, search, serve
from tests.conftest import ROOT
from tests.test_browser import _require_chromium
from tests.test_site import make_project, mkdocs_build

pytestmark = pytest.mark.slow
PHONE = (390, 844)
SCREENSHOTS = Path("/tmp")

# (query, the page it is plainly about): at least 20, over every kind of query in issue #4.
CASES = [
    # one Thai word, standing inside a longer run of Thai on the page
    ("ออมทรัพย์", "/curriculum/1-2/"),         # การดำเนินงานเครือข่ายกลุ่มออมทรัพย์เพื่อการผลิต
    ("สวัสดิการ", "/curriculum/1-3/"),         # บทบาทหน้าที่เครือข่าย…ในการจัดสวัสดิการ
    ("ลงทะเบียน", "/curriculum/1-1/"),
    # several words run together, as Thai is typed
    ("บทบาทหน้าที่เครือข่าย", "/curriculum/1-3/"),
    ("จัดทำแผนการขับเคลื่อน", "/curriculum/1-4/"),
    ("ศึกษาดูงานกลุ่มออมทรัพย์", "/curriculum/2-1/"),
    ("นางรองบุรีรัมย์", "/districts/3104/"),
    # words separated by spaces
    ("คูเมือง บุรีรัมย์", "/districts/3102/"),
    ("หลักสูตร ศึกษาดูงาน", "/curriculum/2-1/"),
    # a province: whole, in part, with and without จังหวัด / จ.
    ("บุรีรัมย์", "/provinces/31/"),
    ("จังหวัดบุรีรัมย์", "/provinces/31/"),
    ("จ.เชียงใหม่", "/provinces/50/"),
    ("อยุธยา", "/provinces/14/"),             # พระนครศรีอยุธยา
    ("บุรีรั", "/provinces/31/"),             # still being typed
    # a district: whole, in part, with and without อำเภอ / อ.
    ("คูเมือง", "/districts/3102/"),
    ("อำเภอคูเมือง", "/districts/3102/"),
    ("อ.นางรอง", "/districts/3104/"),
    ("อำเภอเมืองบุรีรัมย์", "/districts/3101/"),
    ("เมืองขอนแก่น", "/districts/4001/"),
    ("ประโคน", "/districts/3107/"),           # ประโคนชัย
    # a district code, in Arabic and in Thai numerals, and mixed with Thai
    ("3102", "/districts/3102/"),
    ("๓๑๐๒", "/districts/3102/"),
    ("อำเภอ3102", "/districts/3102/"),
    ("คูเมือง๓๑๐๒", "/districts/3102/"),
    # English names
    ("Khu Mueang", "/districts/3102/"),
    ("Buri Ram", "/provinces/31/"),
    ("Chiang Mai", "/provinces/50/"),
    # the other pages
    ("แผนปฏิบัติการ", "/plans/"),
    ("พจนานุกรมข้อมูล", "/about/"),
]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    _require_chromium()
    project = make_project(tmp_path_factory.mktemp("search-browser") / "project")
    run = mkdocs_build(project, ROOT / "data" / "master.xlsx", timeout=300)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    return project / "site"


@pytest.fixture(scope="module")
def served(site):
    with serve(site) as (base, sent):
        yield base, sent


@pytest.fixture(scope="module")
def browser(served):
    base, _ = served
    with chromium() as driver:
        driver.get(base + "districts/3101/")
        yield driver


def test_enough_cases_of_every_kind():
    assert len(CASES) >= 20
    assert len({q for q, _ in CASES}) == len(CASES)


@pytest.mark.parametrize("query, page", CASES, ids=[q for q, _ in CASES])
def test_the_page_a_query_is_about_is_in_the_top_five(browser, query, page):
    results = search(browser, query)
    assert page in results[:5], f"{query!r}: {page} not in the top 5 of {results[:10]}"


def test_a_word_inside_a_run_is_highlighted_as_a_word(browser):
    search(browser, "สวัสดิการ")
    marks = browser.execute_script(
        "return [...document.querySelectorAll('.md-search-result__list mark')].map(m => m.textContent)")
    assert "สวัสดิการ" in [m.replace("\u200b", "") for m in marks], marks


def test_a_word_found_inside_a_longer_word_is_not_reported_missing(browser):
    # newmm keeps ฌาปนกิจสงเคราะห์ as one word; สงเคราะห์ alone must still find it
    results = search(browser, "สงเคราะห์")
    assert results and all(r.startswith("/districts/") for r in results[:5]), results
    text = browser.execute_script(
        "return document.querySelector('.md-search-result__list').textContent").replace("\u200b", "")
    assert "ฌาปนกิจสงเคราะห์" in text
    assert browser.find_elements("css selector", ".md-search-result__list .md-search-result__terms del") == []


def test_words_never_together_fall_back_to_any_of_them(browser):
    # คูเมือง is in Buri Ram, not Chiang Mai: no page has both, so the pages with either are shown
    results = search(browser, "คูเมืองเชียงใหม่")
    assert "/districts/3102/" in results and "/provinces/50/" in results, results


def test_nothing_found_for_thai_that_is_not_on_the_site(browser):
    assert search(browser, "ไดโนเสาร์") == []         # dinosaur


def test_queries_are_cut_the_same_without_intl_segmenter(browser, served):
    """The worker script's rewrite() in a page of the site, with the index's words: Intl.Segmenter is only
    a fallback for text the index does not have, so deleting it changes nothing for words that are there."""
    base, _ = served
    browser.get(base + "about/")
    cut = browser.execute_async_script("""
        const done = arguments[arguments.length - 1];
        const script = document.createElement('script');
        script.src = '../assets/javascripts/workers/thai-search.js';
        script.onload = async () => {
          const index = await (await fetch('../search/search_index.json')).json();
          const vocab = vocabulary(index.docs), queries = arguments[0];
          const withSegmenter = queries.map(q => rewrite(q, vocab).all);
          delete Intl.Segmenter;
          done([typeof Intl.Segmenter, withSegmenter, queries.map(q => rewrite(q, vocab).all)]);
        };
        document.head.appendChild(script);""", [q for q, _ in CASES] + ["กองทุนสวัสดิการชุมชน"])
    missing, with_segmenter, without = cut
    assert missing == "undefined"
    assert without == with_segmenter
    assert without[-1] == "+กองทุน* +สวัสดิการ* +ชุมชน*"
    assert without[[q for q, _ in CASES].index("๓๑๐๒")] == "3102"
    assert without[[q for q, _ in CASES].index("อ.นางรอง")] == "+อำเภอ* +นางรอง*"
    browser.get(base + "districts/3101/")


def test_search_downloads_only_from_the_site_and_no_wordcut(served):
    base, sent = served
    with chromium() as driver:
        driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
        sent.clear()
        driver.get(base + "districts/3101/")
        assert search(driver, "สวัสดิการ")
        urls = driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    paths = [p for p, _ in sent]
    assert "/search/search_index.json" in paths
    assert "/assets/javascripts/workers/thai-search.js" in paths
    assert any(p.startswith("/assets/javascripts/workers/search.") for p in paths), paths
    assert not [p for p in paths if "/lunr/" in p or "wordcut" in p], paths
    assert {urlsplit(u).hostname for u in urls} == {"127.0.0.1"}, urls


def test_the_index_is_small(site):
    index = site / "search" / "search_index.json"
    assert index.stat().st_size < 3 * 2**20          # 11 MB before issue #4
    docs = json.loads(index.read_text(encoding="utf-8"))["docs"]
    pages = {d["location"] for d in docs if "#" not in d["location"] and d["location"].startswith("districts/")}
    assert len(pages) == 878 and "districts/" not in pages  # every district page; the list itself is excluded


@pytest.mark.parametrize("size, name", [((1280, 900), "desktop"), (PHONE, "phone")])
def test_screenshot_of_thai_results(browser, size, name):
    width, height = size
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": height, "deviceScaleFactor": 1, "mobile": name == "phone"})
    try:
        browser.refresh()
        results = search(browser, "กองทุนสวัสดิการ")
        assert len(results) >= 5
        browser.execute_script("return new Promise(r => setTimeout(r, 300))")
        browser.save_screenshot(str(SCREENSHOTS / f"search_{name}.png"))
        boxes = browser.execute_script("""
            return [...document.querySelectorAll('.md-search-result__item')].slice(0, 5).map(li => {
              const r = li.getBoundingClientRect(); return [r.left, r.right, r.height]; });""")
        assert all(left >= -1 and right <= width + 1 and h > 20 for left, right, h in boxes), boxes
        overflow = browser.execute_script("return document.documentElement.scrollWidth")
        assert overflow <= width + 1
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
