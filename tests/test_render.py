"""Stage 5, render: golden pages, the `md` filter against hostile cell text, and privacy.

UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_render.py rewrites tests/golden/."""

from __future__ import annotations

import os
import re
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
import yaml
from mkdocs.utils.meta import get_data
from mkdocs.utils.yaml import get_yaml_loader
from openpyxl import load_workbook

from generator import pipeline
from generator.mkdocs_ext.html_blocks import HtmlBlocks
from generator.pages import render
from generator.workbook.schema import DISTRICTS as DISTRICTS_SHEET
from generator.workbook.schema import PROVINCES as PROVINCES_SHEET
from generator.workbook.schema import private_keys
from tests.conftest import DISTRICTS, OFFICES, ROOT, SNIPPET_SENTINEL

GOLDEN = Path(__file__).parent / "golden"
GOLDEN_PAGES = {
    "districts/3101.md": "district_3101.md",
    "provinces/31.md": "province_31.md",
    "curriculum/1-2.md": "session_1-2.md",
    "festival/index.md": "festival_index.md",
    "contacts/index.md": "contacts_index.md",
}

# The Markdown extensions of mkdocs.yml, read from it so the tests follow the site's configuration.
# MkDocs' own loader: mkdocs.yml uses !ENV (site_url).
MKDOCS_EXTENSIONS = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=get_yaml_loader())[
    "markdown_extensions"
]

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    "{{ 7*7 }}",
    "{% raw %}",
    "a|b",
    "# หัวข้อปลอม",
    "---",
    "!!! note",
    '{: onclick="x"}',
    '<a href="javascript:alert(1)">y</a>',
    "![i](javascript:alert(1))",
    "[x]: javascript:alert(1)",
    "<https://evil.example/>",
    '--8<-- "secret.md"',
    "*em* _u_ `code` **b**",
    "&lt;script&gt; &amp;",
    "back\\slash\\|pipe",
    "1. หนึ่ง",
    "> quote",
    "| a | b |",
    "ข้อความ <b onmouseover=alert(1)>ตัวหนา</b> ต่อ",
]


# ---------------------------------------------------------------- helpers


class _Html(HTMLParser):
    """Tags, attributes and visible text of an HTML fragment; text per table cell."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.tables: list[list[list[str]]] = []
        self._cell: list[str] | None = None

    @property
    def rows(self) -> list[list[str]]:
        return [row for table in self.tables for row in table]

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append(" ")

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data):
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)


def parse_html(text: str) -> _Html:
    parser = _Html()
    parser.feed(text)
    parser.close()
    return parser


def assert_safe_html(out: str) -> _Html:
    """No script, no image, no javascript: link, no event-handler attribute."""
    low = out.lower()
    assert "<script" not in low, out
    assert "<img" not in low, out
    # inside a real tag (escaped text such as '&lt;a href="javascript:…' is harmless and stays visible)
    assert not re.search(r"<[a-z][^<>]*\bhref\s*=\s*[\"']?\s*javascript:", low), out
    assert not re.search(r"<[a-z][^<>]*\s(onclick|onerror|onmouseover|on[a-z]+)\s*=", low), out
    doc = parse_html(out)
    for tag, attrs in doc.tags:
        assert tag not in ("script", "img", "iframe", "object", "embed", "style"), (tag, out)
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name, out)
            assert not (value or "").strip().lower().startswith("javascript:"), (tag, name, value, out)
    return doc


def extensions(snippets_dir: Path) -> tuple[list[str], dict]:
    """mkdocs.yml's extensions and their settings; snippets read from `snippets_dir` instead of docs/."""
    names, configs = [], {}
    for entry in MKDOCS_EXTENSIONS:
        name, config = next(iter(entry.items())) if isinstance(entry, dict) else (entry, None)
        names.append(name)
        if config:
            configs[name] = dict(config)
    if "pymdownx.snippets" in configs:
        configs["pymdownx.snippets"]["base_path"] = [str(snippets_dir)]
    return names, configs


def test_mkdocs_extensions_are_the_expected_ones(snippets_dir):
    names, _ = extensions(snippets_dir)
    assert {"tables", "admonition", "attr_list", "toc"} <= set(names)


def to_html(markdown_text: str, snippets_dir: Path) -> str:
    """Markdown to HTML as MkDocs does it for this project: front matter off, mkdocs.yml's extensions and the one
    the portal plugin adds (html_blocks)."""
    body, _ = get_data(markdown_text)
    names, configs = extensions(snippets_dir)
    return markdown.markdown(body, extensions=[*names, HtmlBlocks()], extension_configs=configs)


def visible(text: str) -> str:
    """What a reader sees of the cell text: one line, spaces collapsed."""
    return " ".join(text.split())


# QR codes point under site_url: the golden files use mkdocs.yml's default (conftest.default_site_url).
pytestmark = pytest.mark.usefixtures("default_site_url")


# ---------------------------------------------------------------- (1) golden files


@pytest.mark.parametrize("page, golden", sorted(GOLDEN_PAGES.items()))
def test_page_matches_golden_file(pages, page, golden):
    path = GOLDEN / golden
    if os.environ.get("UPDATE_GOLDEN") == "1":
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(pages[page], encoding="utf-8", newline="\n")
    assert path.is_file(), f"missing golden file {path}; run with UPDATE_GOLDEN=1"
    assert pages[page] == path.read_text(encoding="utf-8"), (
        f"{page} differs from {path}; if the change is intended, rerun with UPDATE_GOLDEN=1 and review the diff"
    )


def test_golden_pages_show_thai_formats(pages):
    """Guards the golden files themselves: regenerating them cannot silently accept wrong formats."""
    district, province, session = (pages[p] for p in list(GOLDEN_PAGES)[:3])
    assert "# อำเภอเมืองบุรีรัมย์ จังหวัดบุรีรัมย์\n" in district
    assert "<td>จัดประชุม 1 วัน</td>\n<td>31 ธ.ค. 2566</td>" in district  # short BE dates
    assert "เมื่อ 8 ธ.ค. 2566</td>" in district
    assert "- **วันที่:** 8 ธันวาคม 2566\n" in district  # long Buddhist-Era date
    assert "สถานะ ณ วันที่ 1 กุมภาพันธ์ 2567" in district
    right = '<td style="text-align: right;">'
    assert f"<td>ใช้จ่ายแล้ว</td>\n{right}24,500</td>" in district
    assert f"<td>ได้รับจัดสรร</td>\n{right}25,000</td>" in district
    assert f"<td>สัดส่วนผู้ผ่าน (เป้าหมายร้อยละ 80)</td>\n{right}85.0%</td>" in district
    assert "<strong>ทุนการศึกษาบุตรหลานสมาชิก</strong>" in district and "1 ก.พ. 2567 – 31 พ.ค. 2567" in district
    assert "[จังหวัดบุรีรัมย์](../provinces/31.md)" in district

    assert "# จังหวัดบุรีรัมย์\n" in province
    assert "| งบประมาณใช้จ่าย | 24,500 บาท | 50,000 บาท |" in province
    assert "| ผู้ผ่านการทดสอบความรู้ | 76.3% | ร้อยละ 80 |" in province  # (17+12)/(20+18)
    assert "[เมืองบุรีรัมย์](../districts/3101.md)" in province
    assert "[คูเมือง](../districts/3102.md)" in province
    assert province.index("[คูเมือง]") < province.index("[เมืองบุรีรัมย์]")  # Thai dictionary order
    assert "ส่งรายงานผล (กำหนด 17 ม.ค. 2567)" in province  # 10 Jan + 7 days

    assert "# การดำเนินงานเครือข่ายกลุ่มออมทรัพย์เพื่อการผลิต\n" in session
    assert "09.00 น. ถึง 12.00 น." in session
    assert "- รู้จักทุนที่อยู่ในพื้นที่ “ทุนชุมชน ๕ ด้าน”" in session
    assert "- บรรยายประกอบสื่อ Power point" in session


def test_golden_files_render_to_html_with_their_content(snippets_dir):
    for golden in GOLDEN_PAGES.values():
        out = to_html((GOLDEN / golden).read_text(encoding="utf-8"), snippets_dir)
        doc = assert_safe_html(out)
        assert [t for t, _ in doc.tags].count("h1") == 1
        assert (
            len(doc.tables)
            == {"district": 4, "province": 3, "session": 0, "festival": 3, "contacts": 1}[golden.split("_")[0]]
        )
        assert all(len(r) == len(t[0]) for t in doc.tables for r in t)


# ---------------------------------------------------------------- (2) the md filter, hostile text


@pytest.mark.parametrize("hostile", HOSTILE)
def test_md_filter_keeps_hostile_text_inert_in_a_table_cell(hostile, snippets_dir):
    source = f"| A | B | C |\n| --- | --- | --- |\n| 1 | {render.md(hostile)} | 3 |\n"
    assert "\n" not in render.md(hostile)
    out = to_html(source, snippets_dir)
    doc = assert_safe_html(out)
    assert SNIPPET_SENTINEL not in out
    assert doc.rows == [["A", "B", "C"], ["1", visible(hostile), "3"]], out  # same cells, text verbatim


@pytest.mark.parametrize("hostile", HOSTILE)
def test_md_filter_keeps_hostile_text_inert_as_a_paragraph(hostile, snippets_dir):
    out = to_html(f"## หมายเหตุ\n\n{render.md(hostile)}\n", snippets_dir)
    doc = assert_safe_html(out)
    assert SNIPPET_SENTINEL not in out
    assert [t for t, _ in doc.tags] == ["h2", "p"], out  # no heading, list, rule, admonition or quote made
    assert visible(" ".join(doc.text)) == "หมายเหตุ " + visible(hostile)


def test_md_filter_specifics():
    assert render.md(None) == "–"
    assert render.md("{{ 7*7 }}") == r"\{\{ 7\*7 \}\}"
    assert render.md("a|b") == r"a\|b"
    assert render.md("<b>\n  x") == "&lt;b&gt; x"
    assert render.md("บ้าน 12 หมู่ 3") == "บ้าน 12 หมู่ 3"


def _hostile_edit(text):
    def edit(rows):
        district = next(d for d in rows["districts"] if d["district_code"] == "3101")
        district["meeting_venue"] = text
        district["notes"] = text
        district["visit_group"] = text
        plan = rows["plans"][0]
        plan["activity"] = text
        plan["objective"] = text
        plan["target_group"] = text

    return edit


@pytest.mark.parametrize("hostile", HOSTILE)
def test_district_page_with_hostile_cells_renders_to_safe_html(make_workbook, snippets_dir, hostile):
    portal, problems = pipeline.check(make_workbook(edit=_hostile_edit(hostile)))
    assert portal is not None, [str(p) for p in problems]
    page = render.render_pages(portal)["districts/3101.md"]
    out = to_html(page, snippets_dir)
    doc = assert_safe_html(out)
    assert SNIPPET_SENTINEL not in out
    text = visible(" ".join(doc.text))
    shown = visible(hostile)
    assert f"สถานที่: {shown}" in text
    assert f"กลุ่มที่ศึกษาดูงาน: {shown}" in text
    # notes: its own section, a single paragraph after the heading
    assert re.search(r"<h2[^>]*>หมายเหตุ</h2>\s*<p>", out), out
    assert text.endswith("หมายเหตุ " + shown)
    # every table keeps its shape; the same page without hostile text is the reference
    reference = parse_html(
        to_html(
            render.render_pages(pipeline.check(make_workbook(name="ok.xlsx"))[0])["districts/3101.md"], snippets_dir
        )
    )
    assert [[len(r) for r in t] for t in doc.tables] == [[len(r) for r in t] for t in reference.tables]
    assert len(doc.tables) == 4
    plan = next(t for t in doc.tables if "กิจกรรม" in t[0])
    activity = plan[0].index("กิจกรรม")
    assert len(plan) == 3 and all(len(r) == len(plan[0]) for r in plan), plan
    assert plan[1][activity].startswith(f"{shown} วัตถุประสงค์: {shown} กลุ่มเป้าหมาย: {shown} "), plan[1]
    assert plan[2][activity].startswith("ฌาปนกิจสงเคราะห์สมาชิก"), plan[2]
    assert "การศึกษา" in plan[1] and "การเสียชีวิต" in plan[2]
    # headings and block elements are only the template's: no heading, rule, quote or admonition made
    headings = [t for t, _ in doc.tags if re.fullmatch(r"h[1-6]", t)]
    assert headings == [t for t, _ in reference.tags if re.fullmatch(r"h[1-6]", t)] + ["h2"]  # + หมายเหตุ
    assert {t for t, _ in doc.tags} <= {t for t, _ in reference.tags} | {"p"}
    assert headings.count("h1") == 1 and "เมืองบุรีรัมย์" in out


# ---------------------------------------------------------------- (3) privacy

PRIVATE = sorted(
    {str(d[k]) for d in DISTRICTS for k in private_keys(DISTRICTS_SHEET) if d.get(k)}
    | {str(o[k]) for o in OFFICES for k in private_keys(PROVINCES_SHEET) if o.get(k)}
)


def squash(text: str) -> str:
    return re.sub(r"[\s\\\-]", "", text)


def test_private_values_are_in_the_workbook(make_workbook):
    """The privacy test below means something only if the input carries the private values."""
    assert len(PRIVATE) >= 6
    book = load_workbook(make_workbook(), read_only=True)
    cells = {str(c) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for c in row if c is not None}
    assert set(PRIVATE) <= cells


def test_no_private_value_in_any_rendered_page(pages):
    assert {
        "districts/3101.md",
        "districts/3102.md",
        "districts/5001.md",
        "provinces/31.md",
        "provinces/50.md",
        "curriculum/1-2.md",
        "_generated/national.md",
        "contacts/index.md",
        "festival/index.md",
    } <= set(pages)
    for path, text in pages.items():
        for value in PRIVATE:
            assert value not in text, f"private value {value!r} published in {path}"
            # nor split up by the md filter's escapes, spaces or dashes
            assert squash(value) not in squash(text), f"private value {value!r} in {path}"


def test_golden_files_hold_no_private_value():
    for golden in GOLDEN_PAGES.values():
        text = (GOLDEN / golden).read_text(encoding="utf-8")
        assert not [v for v in PRIVATE if v in text]
