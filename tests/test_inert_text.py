"""Property test: whatever text a cell holds, the rendered page has exactly the elements and
attributes the templates put there; cell text only ever changes the visible text."""

import dataclasses
import tempfile
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.pages.render import environment
from generator.pipeline import check
from generator.workbook.template import write_workbook

from .conftest import small_rows
from .test_render import to_html

PIECES = list("<>&\"'`*_[]()#!|{}:=/\\-+.~^$%@\n\t ") + [
    "javascript:",
    "<script>",
    "</script>",
    "<img src=x onerror=alert(1)>",
    "{{ 7*7 }}",
    "{% raw %}",
    "-->",
    "<!--",
    "[x](javascript:alert(1))",
    "![i](x)",
    "---",
    "!!! note",
    '--8<-- "index.md"',
    "<div markdown>",
    "&lt;",
    "{: onclick=x }",
    "http://a.b",
    "<https://a.b>",
    "| a | b |",
    "1. ",
    "* ",
    "> ",
    "    ",
    "กลุ่มออมทรัพย์",
    "๓๑๐๑",
]
hostile = (
    st.lists(st.sampled_from(PIECES) | st.text(max_size=3), min_size=1, max_size=12).map("".join).filter(str.strip)
)

_district_fields = ("network_name", "meeting_venue", "visit_group", "notes")
_plan_fields = ("activity", "objective", "target_group", "budget_source", "responsible", "indicator", "status")


class Structure(HTMLParser):
    def __init__(self):
        super().__init__()
        self.shape = Counter()

    def handle_starttag(self, tag, attrs):
        self.shape[(tag, tuple(sorted(name for name, _ in attrs)))] += 1


def _portal():
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "w.xlsx"
        write_workbook(path, small_rows())
        return check(path)[0]


PORTAL = _portal()
TEMPLATE = environment().get_template("district.md.jinja")


def _page_shape(text: str, snippets: Path) -> Counter:
    province = next(p for p in PORTAL.provinces if p.code == "31")
    district = next(d for d in province.districts if d.code == "3101")
    plan = tuple(dataclasses.replace(item, **{f: text for f in _plan_fields}) for item in district.plan)
    district = dataclasses.replace(district, plan=plan, **{f: text for f in _district_fields})
    parser = Structure()
    page = TEMPLATE.render(portal=PORTAL, province=province, district=district, previous=None, following=None)
    parser.feed(to_html(page, snippets))
    return parser.shape


SNIPPETS = Path(tempfile.mkdtemp())
BASELINE = _page_shape("ข้อความธรรมดา", SNIPPETS)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile)
def test_cell_text_never_adds_elements_or_attributes(text):
    assert _page_shape(text, SNIPPETS) == BASELINE
