"""End to end: `mkdocs build --strict` runs the generator through the portal plugin and builds the portal."""

from __future__ import annotations

import gzip
import html
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import geothai
import pytest

from generator.workbook.schema import DISTRICTS as DISTRICTS_SHEET
from generator.workbook.schema import PROVINCES as PROVINCES_SHEET
from generator.workbook.schema import private_keys
from generator.workbook.template import write_workbook
from generator.write import GENERATED_DIRS
from tests.conftest import DISTRICTS, OFFICES, ROOT, small_rows

PRIVATE = sorted(
    {str(d[k]) for d in DISTRICTS for k in private_keys(DISTRICTS_SHEET) if d.get(k)}
    | {str(o[k]) for o in OFFICES for k in private_keys(PROVINCES_SHEET) if o.get(k)}
)  # offices' contact people


# ---------------------------------------------------------------- helpers (test_browser.py uses them too)


def make_project(dest: Path) -> Path:
    """A copy of the parts of the project a build reads; the real docs/ and site/ are never touched."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    (dest / "docs").mkdir()
    for page in (ROOT / "docs").glob("*.md"):  # the hand-written pages
        shutil.copy2(page, dest / "docs" / page.name)
    shutil.copytree(ROOT / "docs" / "stylesheets", dest / "docs" / "stylesheets")
    shutil.copytree(ROOT / "docs" / "files", dest / "docs" / "files")  # hand-kept attachments of the letters
    for folder in ("overrides", "generator"):
        shutil.copytree(ROOT / folder, dest / folder, ignore=shutil.ignore_patterns("__pycache__"))
    return dest


def mkdocs_build(project: Path, workbook: Path, timeout: float = 300) -> subprocess.CompletedProcess:
    env = {**os.environ, "PORTAL_WORKBOOK": str(workbook), "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def build_site(dest: Path, rows: dict | None = None) -> Path:
    """Build the small workbook's site (or `rows`) in a fresh project at dest; return the project."""
    project = make_project(dest)
    workbook = dest.parent / f"{dest.name}.xlsx"
    write_workbook(workbook, rows or small_rows())
    run = mkdocs_build(project, workbook)
    assert run.returncode == 0, run.stdout + run.stderr
    return project


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def readable(path: Path) -> str:
    """A built file as text a leak could hide in: gzip opened, JSON's \\u escapes decoded, and the search
    index's invisible word breaks (U+200B, issue #4) taken out."""
    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)
    if path.suffix in (".xlsx", ".zip"):
        with zipfile.ZipFile(path) as book:
            data = b"\n".join(book.read(name) for name in book.namelist())
    text = data.decode("utf-8", errors="replace")
    if path.suffix == ".json" or path.name.endswith(".json.gz"):
        text += "\n" + json.dumps(json.loads(text), ensure_ascii=False)
    return text.replace("\u200b", "")


def h1(page: Path) -> str:
    found = re.findall(r"<h1[^>]*>(.*?)</h1>", page.read_text(encoding="utf-8"), re.S)
    assert len(found) == 1, (page, found)
    return html.unescape(re.sub(r"<[^>]+>", "", found[0])).strip()


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.scripts, self.title, self._in = [], [], "", None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in = tag

    def handle_endtag(self, tag):
        self._in = None

    def handle_data(self, data):
        if self._in == "script":
            self.scripts.append(data)
        elif self._in == "title":
            self.title += data


def unsafe_parts(page: Path) -> list[str]:
    """What a browser would run from workbook text: script elements, event handlers, javascript: URLs."""
    doc = _Tags()
    doc.feed(page.read_text(encoding="utf-8"))
    found = [f"<script> {s.strip()[:60]}" for s in doc.scripts if "alert(" in s]
    for tag, attrs in doc.tags:
        found += [f"<{tag} {k}>" for k, v in attrs.items() if k.startswith("on")]
        found += [f"<{tag} {k}={v}>" for k, v in attrs.items() if (v or "").strip().lower().startswith("javascript:")]
        if tag in ("img", "iframe") and attrs.get("src") == "x":
            found.append(f"<{tag} src=x>")
    return found


# ---------------------------------------------------------------- the small workbook's site


@pytest.fixture(scope="module")
def small_site(tmp_path_factory) -> Path:
    return build_site(tmp_path_factory.mktemp("site") / "project") / "site"


def test_district_page(small_site):
    page = small_site / "districts" / "3101" / "index.html"
    assert page.is_file()
    text = page.read_text(encoding="utf-8")
    assert "เมืองบุรีรัมย์" in text and "บุรีรัมย์" in text
    assert h1(page) == "อำเภอเมืองบุรีรัมย์ จังหวัดบุรีรัมย์"
    assert "8 ธันวาคม 2566" in text and "24,500" in text
    assert 'href="../../provinces/31/"' in text


def test_province_page_links_to_its_districts(small_site):
    text = (small_site / "provinces" / "31" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../districts/3101/"' in text
    assert 'href="../../districts/3102/"' in text
    assert "districts/5001/" not in text  # Chiang Mai's district is not Buri Ram's
    assert h1(small_site / "provinces" / "31" / "index.html") == "จังหวัดบุรีรัมย์"


def test_curriculum_session_page(small_site):
    page = small_site / "curriculum" / "1-2" / "index.html"
    text = page.read_text(encoding="utf-8")
    assert "09.00 น." in text and "12.00 น." in text
    assert h1(page) == "การดำเนินงานเครือข่ายกลุ่มออมทรัพย์เพื่อการผลิต"


def test_page_counts(small_site):
    assert sorted(p.parent.name for p in small_site.glob("districts/*/index.html")) == ["3101", "3102", "5001"]
    assert sorted(p.parent.name for p in small_site.glob("provinces/*/index.html")) == ["31", "50"]
    assert sorted(p.parent.name for p in small_site.glob("curriculum/*/index.html")) == [
        "1-1",
        "1-2",
        "1-3",
        "1-4",
        "2-1",
    ]


def test_home_page_shows_national_progress(small_site):
    text = (small_site / "index.html").read_text(encoding="utf-8")
    assert "ความก้าวหน้าทั้งประเทศ" in text
    assert "จาก 3 อำเภอ ใน 2 จังหวัด" in text  # figures of this workbook, not of the real one
    assert "--8&lt;--" not in text and "--8<--" not in text  # the snippet was included, not printed
    assert "วัตถุประสงค์" in text  # the hand-written part is still there


def test_about_page_has_data_dictionary(small_site):
    text = (small_site / "about" / "index.html").read_text(encoding="utf-8")
    assert "พจนานุกรมข้อมูล" in text and "coordinator_phone" in text and "ไม่เผยแพร่" in text


def test_no_private_value_anywhere_in_the_site(small_site):
    assert len(PRIVATE) >= 6
    scanned = [p for p in small_site.rglob("*") if p.is_file()]
    names = {p.relative_to(small_site).as_posix() for p in scanned}
    assert {
        "search/search_index.json",
        "sitemap.xml",
        "sitemap.xml.gz",
        "districts/3101/index.html",
        "contacts/index.html",
        "festival/index.html",
    } <= names
    assert "saraban_buriram@cdd.mail.go.th" in readable(small_site / "contacts" / "index.html")  # the office is public
    index = readable(small_site / "search" / "thai_index.json")
    assert "หอประชุมอำเภอ" in index  # the scan does read the search index's text
    leaks = [(p.relative_to(small_site).as_posix(), v) for p in scanned for v in PRIVATE if v in readable(p)]
    assert leaks == []


def test_no_private_value_in_generated_files(small_site):
    docs = small_site.parent / "docs"
    generated = [p for top in GENERATED_DIRS for p in (docs / top).rglob("*") if p.is_file()]
    assert {"districts/3101.md", "provinces/31.md", "_generated/national.md"} <= {
        p.relative_to(docs).as_posix() for p in generated
    }
    assert "เมืองบุรีรัมย์" in readable(docs / "districts" / "3101.md")
    assert [(p.name, v) for p in generated for v in PRIVATE if v in readable(p)] == []


# ---------------------------------------------------------------- an invalid workbook changes nothing


def test_invalid_workbook_fails_and_leaves_docs_and_site_alone(tmp_path):
    project = build_site(tmp_path / "project")
    docs_before, site_before = tree(project / "docs"), tree(project / "site")
    assert len(docs_before) > 16

    rows = small_rows()
    rows["districts"][1]["district_code"] = "3199"  # no such district; row 3 of the sheet
    rows["districts"][2]["meeting_venue"] = "ห้องประชุมใหม่"  # a valid change that must not be published
    bad = tmp_path / "bad.xlsx"
    write_workbook(bad, rows)
    run = mkdocs_build(project, bad)
    output = run.stdout + run.stderr
    assert run.returncode != 0, output
    assert "อำเภอ!A3" in output
    assert "3199" in output
    assert [v for v in PRIVATE if v in output] == []  # error messages do not print private cells
    assert tree(project / "docs") == docs_before  # byte-identical, nothing added or removed
    assert tree(project / "site") == site_before  # the published site is not cleaned or rebuilt
    assert not [p for d in (project, project.parent) for p in d.iterdir() if p.name.startswith(".portal-staging")]


# ---------------------------------------------------------------- hostile cell text through the whole build

HOSTILE_TOPIC = 'หัวข้อ </title><script>alert("t")</script> x"><img src=x onerror=alert("d")>'
HOSTILE_CELL = (
    '</title><script>alert("c")</script><img src=x onerror=alert("c")> {: onclick="alert(1)"} [x](javascript:alert(1))'
)


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    rows = small_rows()
    rows["curriculum"][1]["topic"] = HOSTILE_TOPIC  # session 1-2
    district = rows["districts"][0]  # 3101
    district["meeting_venue"] = district["notes"] = district["visit_group"] = HOSTILE_CELL
    rows["plans"][0]["activity"] = HOSTILE_CELL
    return build_site(tmp_path_factory.mktemp("hostile") / "project", rows) / "site"


def test_hostile_district_cells_are_inert_in_the_built_site(hostile_site):
    page = hostile_site / "districts" / "3101" / "index.html"
    assert unsafe_parts(page) == []
    text = html.unescape(page.read_text(encoding="utf-8"))
    assert text.count('<script>alert("c")</script>') >= 4  # shown as text, in each of the 4 places
    for other in ("districts/index.html", "provinces/31/index.html", "plans/index.html", "index.html"):
        assert unsafe_parts(hostile_site / other) == [], other


def test_hostile_session_topic_is_inert_in_the_page_body(hostile_site):
    text = (hostile_site / "curriculum" / "1-2" / "index.html").read_text(encoding="utf-8")
    body = text[text.index("<article") : text.index("</article>")]
    assert "<script>alert" not in body and "<img src=x" not in body
    assert HOSTILE_TOPIC in html.unescape(body)  # shown as text, whole
    assert unsafe_parts(hostile_site / "curriculum" / "index.html") == []


# Regressions for two bugs found while writing these tests (fixed in 7e57b34): the session topic went
# (1) into the front matter's description, which Material prints unescaped into <meta content="…">, and
# (2) through the h1 into <title>, where Material's `striptags` decodes the md filter's entities.


def _session_html(site: Path) -> str:
    return (site / "curriculum" / "1-2" / "index.html").read_text(encoding="utf-8")


def test_hostile_session_topic_stays_inside_meta_description(hostile_site):
    text = _session_html(hostile_site)
    start = text.index('<meta name="description"')
    segment = text[start : text.index("<link", start)]  # up to the next tag Material writes in <head>
    assert "<script" not in segment and "<img" not in segment and "</title" not in segment, segment
    assert segment.count("<") == segment.count("<meta"), segment  # only the meta tag(s) themselves


def test_hostile_session_topic_stays_inside_title(hostile_site):
    text = _session_html(hostile_site)
    start = text.index("<title>") + len("<title>")
    title = text[start : text.index("</title>", start)]
    assert title.endswith(" - เครือข่ายกลุ่มออมทรัพย์เพื่อการผลิต"), title  # the first </title> is the real end
    assert "<" not in title and "หัวข้อ" in title


def test_hostile_session_page_carries_no_live_markup(hostile_site):
    assert unsafe_parts(hostile_site / "curriculum" / "1-2" / "index.html") == []


# ---------------------------------------------------------------- the real workbook


@pytest.mark.slow
def test_real_workbook_builds_the_whole_country(tmp_path):
    project = make_project(tmp_path / "project")
    run = mkdocs_build(project, ROOT / "data" / "master.xlsx", timeout=240)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    site = project / "site"
    districts = sorted(site.glob("districts/*/index.html"))
    assert len(districts) == 878
    assert len(list(site.glob("provinces/*/index.html"))) == 76
    assert len(list(site.glob("curriculum/*/index.html"))) == 5
    provinces = {p.parent.name for p in site.glob("provinces/*/index.html")}
    wrong = []
    for page in districts:
        code = page.parent.name
        official = geothai.district(code)
        province = geothai.province(official.province_code)
        title = h1(page)
        if official.name_th not in title or province.name_th not in title:
            wrong.append((code, title, official.name_th, province.name_th))
        assert official.province_code in provinces, code
    assert wrong == []
    assert len({p.parent.name for p in districts}) == 878


def test_material_thai_strings_are_corrected(small_site):
    html = (small_site / "districts" / "3101" / "index.html").read_text(encoding="utf-8")
    assert 'aria-label="ส่วนหัว"' in html and 'aria-label="การนำทาง"' in html
    assert 'aria-label="หัวข้อ"' not in html
