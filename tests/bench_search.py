"""Search in headless Chromium: time until the first answer, time per query, bytes before the first result.

Run by `make bench` (from tests/bench.py) on the default site and on two ten-times-larger synthetic sites;
`python -m tests.bench_search SITE_DIR` measures one built site. tests/test_search_browser.py reuses the
server and browser helpers. Nothing here leaves 127.0.0.1.

Measured here when choosing (2 cores, issue #4), default site, search only:
- Material's lunr as it was (`lang: en`): first answer 1.42 s, 11.1 MB raw / 0.40 MB gzip; ออมทรัพย์, ๓๑๐๒ and
  any word inside a run of Thai: 0 results.
- Pagefind extended 1.5.2 (`--force-language th`): first answer 0.29 s, 0.65 MB raw for 16 queries, but
  ออมทรัพย์ 1 result, ศึกษาดูงาน 1, บทบาทหน้าที่เครือข่าย 0, ๓๑๐๒ 0, จังหวัดบุรีรัมย์ not in the top 5 for
  บุรีรัมย์; and its own UI instead of Material's.
- Chosen, lunr with the index split by newmm at build time and queries cut against the index's words:
  first answer 1.0-1.3 s, 1.0 MB raw / 0.07 MB gzip, every case of tests/test_search_browser.py in the top 5."""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import json
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

from tests.chromium import CHROMEDRIVER, CHROMIUM, start

ROOT = Path(__file__).resolve().parent.parent

DESKTOP = (1280, 900)


# Queries of every kind the portal's users type; the bench times them all.
def _ranking_queries() -> list[str]:
    lines = (ROOT / "tests" / "search_queries.tsv").read_text(encoding="utf-8").splitlines()
    return [line.split("\t")[0] for line in lines if line and not line.startswith("#")]


# The ranking set's queries (issue #15); the old list of 16 before it:
OLD_QUERIES = [
    "ออมทรัพย์",
    "สวัสดิการ",
    "บุรีรัมย์",
    "กองทุนสวัสดิการ",
    "อำเภอคูเมือง",
    "จังหวัดเชียงใหม่",
    "๓๑๐๒",
    "3101",
    "Buri Ram",
    "ฌาปนกิจ",
    "ผู้สูงอายุ",
    "เมืองขอนแก่น",
    "บทบาทหน้าที่เครือข่าย",
    "ศึกษาดูงาน",
    "นางรอง",
    "แบบ 2",
]
QUERIES = _ranking_queries()


# ---------------------------------------------------------------- serving a built site


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves a folder quietly and counts the bytes of every file it sends (the bench reads `sent`)."""

    sent: list[tuple[str, int]]

    def log_message(self, *args):
        pass

    def copyfile(self, source, outputfile):
        start = source.tell()
        super().copyfile(source, outputfile)
        self.sent.append((unquote(urlsplit(self.path).path), source.tell() - start))


@contextlib.contextmanager
def serve(site: Path):
    """(base URL, list of (path, bytes) sent) for `site` on 127.0.0.1, for the duration of the block."""
    sent: list[tuple[str, int]] = []
    handler = type("Handler", (_Handler,), {"sent": sent})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", sent
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


# ---------------------------------------------------------------- the browser


def chromium_missing() -> list[str]:
    return [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not (p.is_file() and os.access(p, os.X_OK))]


@contextlib.contextmanager
def chromium(size=DESKTOP):
    """Headless Debian Chromium through Selenium, with the flags of tests/test_browser.py and a fresh profile."""
    profile = tempfile.mkdtemp(prefix="chromium-profile-")
    driver = start(profile, size)
    driver.set_page_load_timeout(60)
    driver.set_script_timeout(60)
    # Every page gets a probe before its own scripts: it stamps the search worker's messages with the time.
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": _PROBE})
    driver.execute_cdp_cmd("Network.enable", {})
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


_PROBE = """
(() => {
  const Native = window.Worker;
  window.__search = {ready: null, results: [], queries: []};
  window.Worker = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", ev => {
        const type = ev.data && ev.data.type;
        if (type === 1) window.__search.ready = performance.now();
        if (type === 3) setTimeout(() => window.__search.results.push(   // after Material has rendered it
          {at: performance.now(), count: ev.data.data.items.length}), 0);
      });
    }
    postMessage(message, ...rest) {
      if (message && message.type === 2) window.__search.queries.push({at: performance.now(), q: message.data});
      return super.postMessage(message, ...rest);
    }
  };
})();
"""


def open_search(driver):
    """Open Material's search and return its input (on a phone the input is behind the magnifier button)."""
    field = driver.find_element("css selector", "input.md-search__input")
    if not field.is_displayed():
        driver.find_element("css selector", "label.md-header__button[for=__search]").click()
    driver.execute_script("arguments[0].focus()", field)
    return field


def result_links(driver) -> list[str]:
    """The pages in the result list, in order: each item's first link, as a path without ?h= or #."""
    hrefs = driver.execute_script(
        "return [...document.querySelectorAll('.md-search-result__list > li.md-search-result__item')]"
        ".map(li => li.querySelector('a').href)"
    )
    return [urlsplit(h).path for h in hrefs]


def search(driver, query: str, timeout: float = 10) -> list[str]:
    """Type `query` into the real search box, key by key, and return the result pages once they settle."""
    from selenium.webdriver.common.keys import Keys

    field = open_search(driver)
    field.send_keys(Keys.CONTROL, "a")
    field.send_keys(Keys.DELETE)
    before = len(driver.execute_script("return window.__search.results"))
    field.send_keys(query)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        state = driver.execute_script("""
            const s = window.__search, q = s.queries[s.queries.length - 1];
            return [s.ready !== null, q ? q.q : null, s.results.length, s.queries.length];""")
        ready, last_query, results, queries = state
        if ready and last_query == query and results >= queries and results > before:
            return result_links(driver)
        time.sleep(0.02)
    raise TimeoutError(f"no search result for {query!r}: {state}")


# ---------------------------------------------------------------- measuring


def _gzip_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), 6))


def _type(driver, value: str) -> float:
    """Put `value` in the search box as a keystroke would (Material reads the box on keyup); return the time."""
    return driver.execute_script(
        """
        const f = document.querySelector('input.md-search__input'), start = performance.now();
        f.focus(); f.value = arguments[0];
        f.dispatchEvent(new KeyboardEvent('keyup', {key: 'a', bubbles: true}));
        return start;""",
        value,
    )


def _first_result(driver, timeout: float = 60, after: float = 0) -> dict:
    """The first answer of the worker that came after `after` (Material asks for "" as the page loads)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = driver.execute_script("return window.__search.results.find(r => r.at >= arguments[0]) || null", after)
        if result:
            return result
        time.sleep(0.005)
    raise TimeoutError(f"search never answered: {driver.execute_script('return window.__search')}")


def measure(site: Path, queries=QUERIES, loads: int = 3) -> dict:
    """Numbers for one built site: the median of `loads` cold page loads, each in a new browser (nothing
    cached, the worker scripts included) where the visitor types the first query as soon as the page has
    loaded; then, in the last browser, each query once with the index loaded."""
    first, ready, transferred, per_query = [], [], [], []
    with serve(site) as (base, sent):
        for load in range(loads):
            with chromium() as driver:
                sent.clear()
                driver.get(base + "districts/3101/")
                driver.execute_script("return new Promise(r => setTimeout(r, 500))")
                before_search = [p for p, _ in sent]
                keystroke = _type(driver, queries[0])
                first.append(_first_result(driver, after=keystroke)["at"] - keystroke)
                ready.append(driver.execute_script("return window.__search.ready"))
                transferred.append(list(sent))
                if load == loads - 1:
                    for q in queries:
                        for value in ("", q):  # an empty query first: Material sends only a changed value
                            driver.execute_script("window.__search.results = []")
                            start = _type(driver, value)
                            result = _first_result(driver, 30, after=start)
                        per_query.append((q, result["at"] - start, result["count"]))
    files = {}
    for path, size in transferred[0]:
        rel = path.lstrip("/")
        target = site / rel / "index.html" if rel == "" or rel.endswith("/") else site / rel
        files[path] = (size, _gzip_size(target) if target.is_file() else size)
    search_files = {p: v for p, v in files.items() if "/search/" in p or "/workers/" in p or "/lunr/" in p}
    index = site / "search" / "thai_index.json"
    times = [t for _, t, _ in per_query]
    return dict(
        first_answer_ms=statistics.median(first),
        ready_ms=statistics.median(ready),
        query_ms=statistics.median(times),
        query_max_ms=max(times),
        per_query=per_query,
        bytes_raw=sum(v[0] for v in files.values()),
        bytes_gzip=sum(v[1] for v in files.values()),
        search_raw=sum(v[0] for v in search_files.values()),
        search_gzip=sum(v[1] for v in search_files.values()),
        search_files=search_files,
        index_raw=index.stat().st_size,
        index_gzip=_gzip_size(index),
        docs=len(json.loads(index.read_text(encoding="utf-8"))["pages"]),
        index_before_search="/search/thai_index.json" in before_search,
    )


def report(name: str, m: dict) -> None:
    mb = 2**20
    print(
        f"search, {name}: {m['docs']} index entries; index {m['index_raw'] / mb:.2f} MB raw, "
        f"{m['index_gzip'] / mb:.2f} MB gzip"
    )
    print(f"  index fetched on page load, before search was used: {'YES' if m['index_before_search'] else 'no'}")
    print(
        f"  cold first answer {m['first_answer_ms'] / 1000:.2f} s after the first keystroke"
        f" (worker ready {m['ready_ms'] / 1000:.2f} s); per query median {m['query_ms']:.0f} ms,"
        f" slowest {m['query_max_ms']:.0f} ms"
    )
    print(
        f"  downloaded before the first result: {m['bytes_raw'] / mb:.2f} MB raw, {m['bytes_gzip'] / mb:.2f} MB gzip;"
        f" of it for search {m['search_raw'] / mb:.2f} MB raw, {m['search_gzip'] / mb:.2f} MB gzip"
        f" ({', '.join(sorted(p.rsplit('/', 1)[-1] for p in m['search_files']))})"
    )
    print(
        f"  per query over {len(m['per_query'])} queries (ms, results): "
        + ", ".join(f"{q} {t:.0f} {n}" for q, t, n in m["per_query"][:20])
        + " …"
    )


# ---------------------------------------------------------------- the sites


def build(project: Path, workbook: Path) -> Path:
    from tests.test_site import make_project, mkdocs_build

    make_project(project)
    run = mkdocs_build(project, workbook, timeout=1200)
    if run.returncode:
        raise RuntimeError(run.stdout[-2000:] + run.stderr[-2000:])
    return project / "site"


def ten_times_the_districts(site: Path, dest: Path, copies: int = 10) -> Path:
    """A synthetic site with `copies` x the district pages: the built site with every district's index entries
    repeated under new URLs (districts/3101-2/ ...) and numbered titles. Only the search index grows; the
    districts' own pages are not copied (the bench opens districts/3101/ and never follows a result)."""
    shutil.copytree(site, dest, ignore=shutil.ignore_patterns("districts"))
    shutil.copytree(site / "districts" / "3101", dest / "districts" / "3101")
    path = site / "search" / "thai_index.json"
    index = json.loads(path.read_text(encoding="utf-8"))
    pages = list(index["pages"])
    for n in range(2, copies + 1):
        for location, title, text, sections, names in index["pages"]:
            if location.startswith("districts/") and location != "districts/":
                pages.append([f"{location.rstrip('/')}-{n}/", f"{title} {n}", text, sections, names])
    index["pages"] = pages
    (dest / "search" / "thai_index.json").write_text(
        json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
    )
    return dest


def main(default: Path | None = None, scale10: Path | None = None) -> None:
    """Measure the default site and the two ten-times-larger ones; builds the sites not given."""
    if chromium_missing():
        print(
            f"search bench skipped, {', '.join(chromium_missing())} missing: apt-get install chromium chromium-driver"
        )
        return
    from generator.workbook.sample import write_sample

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        if default is None:
            default = build(tmp / "default", ROOT / "data" / "master.xlsx")
        if scale10 is None:
            write_sample(tmp / "scale10.xlsx", 10)
            scale10 = build(tmp / "scale10", tmp / "scale10.xlsx")
        print("search in headless Chromium (first answer target 1.5 s, 3 s at 10x; a query 300 ms; < 2 MB gzip)")
        report("default site (878 districts)", measure(default))
        report("generator sample --scale 10 (878 districts, 10x plan items)", measure(scale10))
        report(
            "8,780 districts (each district's index entries x10 under new URLs)",
            measure(ten_times_the_districts(default, tmp / "districts10")),
        )


if __name__ == "__main__":
    if sys.argv[1:]:
        for site in sys.argv[1:]:
            report(site, measure(Path(site)))
    else:
        main()
