"""Issue 6 without a browser: downloads (CSV, JSON, XLSX, national and per province), the charts, the map,
the QR code and the timeline as the generator makes them, and page weight on the real 878-district site."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from generator import pipeline, programme, thai
from generator.domain import timeline
from generator.exports import downloads
from generator.pages import charts, geo, qr, render
from generator.workbook.schema import AWARDS, CURRICULUM, DISTRICTS, DOCUMENTS, FESTIVAL, PLANS, PROVINCES, private_keys
from tests.conftest import DISTRICTS as ROWS
from tests.conftest import ROOT
from tests.test_site import make_project, mkdocs_build

PRIVATE_KEYS = private_keys(DISTRICTS)
PRIVATE_VALUES = sorted({str(d[k]) for d in ROWS for k in PRIVATE_KEYS if d.get(k)})
PUBLIC = {
    sheet.key: [c.key for c in sheet.columns if not c.private]
    for sheet in (DISTRICTS, PLANS, CURRICULUM, FESTIVAL, AWARDS, DOCUMENTS)
}
PUBLIC["offices"] = [c.key for c in PROVINCES.columns if not c.private]
DISTRICT_PAGE_BUDGET = 30 * 1024  # bytes of HTML, from the performance work
HOME_PAGE_BUDGET = 100 * 1024  # bytes of HTML before images (issue #8); its charts and map are inline SVG


@pytest.fixture
def portal(make_workbook):
    def edit(rows):
        rows["districts"][0]["notes"] = "-1+1 ดูหมายเหตุ"  # a spreadsheet would run it: must stay text

    portal, problems = pipeline.check(make_workbook(edit=edit))
    assert portal is not None, [str(p) for p in problems]
    return portal


@pytest.fixture
def files(portal):
    return downloads.download_files(portal)


# ---------------------------------------------------------------- downloads


def _csv_rows(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "CSV without BOM: Excel would show Thai as mojibake"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def _sheet_of(name: str) -> str | None:
    for key in ("districts", "plans", "curriculum", "festival", "awards", "offices", "documents", "dictionary"):
        if name.endswith(f"{key}.csv"):
            return key
    return None


def test_every_download_is_listed_national_and_per_province(files):
    names = set(files)
    assert {
        f"downloads/{n}"
        for n in (
            "districts.csv",
            "plans.csv",
            "curriculum.csv",
            "dictionary.csv",
            "portal.json",
            "portal.xlsx",
            "master-template.xlsx",
            "plan-form.xlsx",
        )
    } <= names
    for code in ("31", "50"):
        assert {f"downloads/provinces/{code}{s}" for s in (".xlsx", ".json", "-districts.csv", "-plans.csv")} <= names


def test_every_csv_parses_with_the_public_columns_and_no_private_one(files):
    csvs = {n: d for n, d in files.items() if n.endswith(".csv")}
    assert len(csvs) == 8 + 2 * 2
    for name, data in csvs.items():
        rows = _csv_rows(data)
        header, body = rows[0], rows[1:]
        assert all(len(r) == len(header) for r in body), name
        assert not set(header) & PRIVATE_KEYS, name
        sheet = _sheet_of(name)
        if sheet == "dictionary":
            keys = {r[header.index("key")] for r in body}
            assert set(PUBLIC["districts"]) | set(PUBLIC["plans"]) <= keys and not keys & PRIVATE_KEYS
        else:
            assert set(PUBLIC[sheet]) <= set(header), (name, set(PUBLIC[sheet]) - set(header))
        text = data.decode("utf-8")
        assert not [v for v in PRIVATE_VALUES if v in text], name


def test_csv_values_and_province_split(files):
    national = _csv_rows(files["downloads/districts.csv"])
    header = national[0]
    by_code = {r[header.index("district_code")]: dict(zip(header, r)) for r in national[1:]}
    assert set(by_code) == {"3101", "3102", "5001"}
    assert by_code["3101"]["district"] == "เมืองบุรีรัมย์" and by_code["3101"]["province"] == "บุรีรัมย์"
    assert by_code["3101"]["budget_spent"] == "24500" and by_code["3101"]["meeting_date"] == "2023-12-08"
    assert by_code["3101"]["notes"] == "'-1+1 ดูหมายเหตุ"  # a formula made literal
    buriram = _csv_rows(files["downloads/provinces/31-districts.csv"])
    assert sorted(r[0] for r in buriram[1:]) == ["3101", "3102"]  # only this province's districts
    plans = _csv_rows(files["downloads/provinces/50-plans.csv"])
    assert plans[1:] == []  # Chiang Mai has no plan items


def test_every_json_parses_with_the_public_columns_and_no_private_one(files):
    for name in [n for n in files if n.endswith(".json")]:
        data = json.loads(files[name])
        assert {"about", "districts", "plans", "dictionary"} <= set(data), name
        for sheet in ("districts", "plans"):
            for row in data[sheet]:
                assert set(PUBLIC[sheet]) <= set(row) and not set(row) & PRIVATE_KEYS, (name, sheet)
        text = json.dumps(data, ensure_ascii=False)
        assert not [v for v in PRIVATE_VALUES if v in text], name
    national = json.loads(files["downloads/portal.json"])
    assert len(national["districts"]) == 3 and len(national["curriculum"]) == 5
    assert national["about"]["as_of"] == "2024-02-01"
    assert [d["district_code"] for d in json.loads(files["downloads/provinces/50.json"])["districts"]] == ["5001"]


def test_every_xlsx_opens_with_the_public_columns_and_no_private_one(files):
    books = [n for n in files if n.endswith(".xlsx") and "template" not in n and "form" not in n]
    assert len(books) == 3
    for name in books:
        book = load_workbook(io.BytesIO(files[name]))
        assert {"อำเภอ", "แผนปฏิบัติการ", "พจนานุกรมข้อมูล", "เกี่ยวกับข้อมูล"} <= set(book.sheetnames), name
        for title, sheet in (("อำเภอ", "districts"), ("แผนปฏิบัติการ", "plans")):
            header = [c.value for c in book[title][1]]
            assert set(PUBLIC[sheet]) <= set(header) and not set(header) & PRIVATE_KEYS, (name, title)
        with zipfile.ZipFile(io.BytesIO(files[name])) as z:
            text = "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
        assert not [v for v in PRIVATE_VALUES if v in text], name
    book = load_workbook(io.BytesIO(files["downloads/portal.xlsx"]))
    ws = book["อำเภอ"]
    header = [c.value for c in ws[1]]
    row = {h: c for h, c in zip(header, next(r for r in ws.iter_rows(min_row=2) if r[0].value == "3101"))}
    assert row["budget_spent"].value == 24500 and row["meeting_date"].value.date().isoformat() == "2023-12-08"
    assert row["notes"].data_type == "s" and row["notes"].value == "-1+1 ดูหมายเหตุ"  # text, not a formula
    assert len(list(book["หลักสูตร"].iter_rows(min_row=2))) == 5
    province = load_workbook(io.BytesIO(files["downloads/provinces/31.xlsx"]))
    assert sorted(r[0].value for r in province["อำเภอ"].iter_rows(min_row=2)) == ["3101", "3102"]


def test_xlsx_text_is_never_a_formula():
    data = downloads._xlsx({"as_of": None}, {"districts": (["notes"], [{"notes": '=HYPERLINK("http://x")'}])})
    cell = load_workbook(io.BytesIO(data))["อำเภอ"]["A2"]
    assert cell.data_type == "s" and cell.value == '=HYPERLINK("http://x")'
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert "<f>" not in z.read("xl/worksheets/sheet1.xml").decode()


def test_blank_plan_form_has_the_plan_columns_and_lists():
    book = load_workbook(io.BytesIO(downloads.plan_form()))
    ws = book["แบบ ๒"]
    assert [c.value for c in ws[2]] == [c.label for c in PLANS.columns]
    lists = [dv.formula1 for dv in ws.data_validations.dataValidation]
    assert any("การศึกษา" in f for f in lists) and any("เสร็จแล้ว" in f for f in lists)


def test_downloads_are_the_same_bytes_every_time(portal):
    assert downloads.download_files(portal) == downloads.download_files(portal)


# ---------------------------------------------------------------- charts, map, QR, timeline


def test_charts_are_inert_labelled_svg(portal):
    for svg in (
        charts.progress(portal),
        charts.welfare(portal),
        charts.budget(portal, programme.BUDGET),
        charts.district_kpi(portal.districts[0]),
    ):
        assert svg.startswith("<svg") and svg.endswith("</svg>") and "\n" not in svg  # one raw-HTML line
        assert "<script" not in svg and "<style" not in svg and "<!--" not in svg  # no script, no styles
        assert 'role="img"' in svg and re.search(r'<title id="chart-\w+-title">[^<]+</title>', svg)
    progress = charts.progress(portal)
    assert "จัดประชุม 1 วัน: ทันกำหนด 1, หลังกำหนด 1, เลยกำหนด 1" in progress  # 3101 on time, 3102 late, 5001 none
    assert progress.count('class="rect"') >= 4  # bars drawn
    welfare = charts.welfare(portal)
    assert "การศึกษา 1 รายการ" in welfare and "การเสียชีวิต 1 รายการ" in welfare


def test_progress_chart_stacks_each_milestone_to_the_total(portal):
    """Drawn directly (no pygal): per milestone, the states' bars follow each other and together reach the total
    on the value axis; each bar has a title, an empty state has no bar, and the legend names the four states."""
    import xml.etree.ElementTree as ET

    svg = ET.fromstring(charts.progress(portal))
    ns = {"s": "http://www.w3.org/2000/svg"}
    assert svg.get("viewBox") == f"0 0 480 {150 + 44 * len(portal.districts[0].milestones)}"
    ticks = {t.text: float(t.get("x")) for t in svg.findall(".//s:g[@class='axis x']/s:text", ns)}
    axis = {float(p.get("d").split()[0][1:]): p.get("class") for p in svg.findall(".//s:g[@class='axis x']/s:path", ns)}
    assert list(axis.values()) == ["axis line"] + ["guide line"] * (len(axis) - 1) and list(axis) == list(
        ticks.values()
    )
    rows = {}
    for s_index in range(4):
        for rect in svg.findall(f".//s:g[@class='color-{s_index}']/s:rect", ns):
            label = rect.find("s:title", ns).text.split(" · ")[0]
            rows.setdefault(label, []).append((float(rect.get("x")), float(rect.get("width"))))
            assert float(rect.get("width")) > 0 and rect.find("s:title", ns).text.endswith(("1", "2", "3"))
    assert set(rows) == {m.label for m in portal.districts[0].milestones}
    for bars in rows.values():
        assert bars[0][0] == ticks["0"]
        for (x, w), (next_x, _) in zip(bars, bars[1:]):
            assert abs(x + w - next_x) < 0.11  # no gap, no overlap (each figure rounded to 0.1)
        assert abs(bars[-1][0] + bars[-1][1] - ticks["3"]) < 0.16  # 3 districts in all
    legend = [t.text for t in svg.findall(".//s:g[@class='legend']/s:text", ns)]
    assert legend == [name for _, name in charts.STATES]


def test_bar_charts_print_each_value_after_its_bar_and_stack_festival_deposits(portal):
    """The welfare and budget charts (one path with the progress chart, no pygal): one bar a row in the order of
    the summary, each bar's length its value on the value axis, the value printed just past the bar's end; the
    festival chart stacks its two series in each province's row and names them in a legend."""
    import xml.etree.ElementTree as ET

    ns = {"s": "http://www.w3.org/2000/svg"}
    for svg_text, expected in (
        (charts.welfare(portal), [(n, float(c)) for n, c in portal.welfare_counts]),
        (
            charts.budget(portal, programme.BUDGET),
            [
                ("เป้าหมาย", float(programme.BUDGET)),
                ("ได้รับจัดสรร", float(portal.budget_allocated)),
                ("ใช้จ่ายแล้ว", float(portal.budget_spent)),
            ],
        ),
    ):
        svg = ET.fromstring(svg_text)
        axis = [float(p.get("d").split()[0][1:]) for p in svg.findall(".//s:g[@class='axis x']/s:path", ns)]
        ticks = [t.text for t in svg.findall(".//s:g[@class='axis x']/s:text", ns)]
        assert ticks[0] == "0" and len(axis) == len(ticks) >= 2
        scale = (axis[1] - axis[0]) / float(ticks[1].replace(",", "").replace(" ล้าน", "000000"))  # units per 1
        labels = [t.text for t in svg.findall(".//s:g[@class='axis y']/s:text", ns)]
        assert labels == [name for name, _ in reversed(expected)]  # the first row on top
        bars = [r for r in svg.findall(".//s:g[@class='color-0']/s:rect", ns)]
        values = svg.findall(".//s:text[@class='value']", ns)
        shown = [(name, value) for name, value in reversed(expected) if value]
        assert len(bars) == len(values) == len(shown)
        for rect, text, (name, value) in zip(bars, values, shown):
            assert rect.find("s:title", ns).text.startswith(f"{name} · ")
            assert float(rect.get("x")) == axis[0] and abs(float(rect.get("width")) - value * scale) < 0.2
            assert text.text == thai.number(value) and 0 < float(text.get("x")) - axis[0] - value * scale < 10
            assert float(text.get("x")) + 9 * len(text.text) < 480 - 131  # inside the picture
    festival = ET.fromstring(charts.festival(portal.festival)) if portal.festival else None
    if festival is not None:
        legend = [t.text for t in festival.findall(".//s:g[@class='legend']/s:text", ns)]
        assert legend == ["เพิ่มเงินสัจจะ 50 บาท", "ฝากสัจจะพิเศษ"]
        first = festival.findall(".//s:g[@class='color-0']/s:rect", ns)
        second = festival.findall(".//s:g[@class='color-1']/s:rect", ns)
        for a, b in zip(first, second):  # the deposits follow the savings
            assert abs(float(a.get("x")) + float(a.get("width")) - float(b.get("x"))) < 0.11


def test_map_links_each_province_with_data_and_greys_the_rest(portal):
    svg = geo.thailand(portal, "provinces/")
    assert svg.count("<path") == 77  # every province of the boundaries
    assert sorted(re.findall(r'<a href="provinces/(\d\d)/" xlink:href="provinces/\1/"', svg)) == ["31", "50"]
    assert svg.count('class="map-none"') == 75  # no district of theirs in this workbook
    assert "จังหวัดบุรีรัมย์: ส่งแผนแล้ว 1 จาก 2 อำเภอ (50%)" in svg
    assert "กรุงเทพมหานคร: ไม่มีอำเภอในโครงการ" in svg
    assert 'class="map-l1"' in svg  # 50% → second class
    here = geo.thailand(portal, "../", highlight="31")
    assert 'class="map-l1 map-here"' in here and 'class="map-outline"' in here


def test_boundaries_match_the_dopa_province_codes():
    import geothai

    codes = set(geo.boundaries()["provinces"])
    assert codes == {p.code for p in geothai.provinces()}
    assert (ROOT / "generator" / "data" / "thailand-provinces.NOTICE").is_file()
    assert "Apache" in (ROOT / "generator" / "data" / "thailand-provinces.NOTICE").read_text(encoding="utf-8")


def test_qr_svg_is_one_compact_path():
    svg = qr.svg("https://portal.example/districts/3101/", "คิวอาร์โค้ด")
    assert svg.count("<path") == 1 and "<rect" not in svg and len(svg) < 2500


# ISO/IEC 18004 table 7: bytes a symbol holds in byte mode at levels L, M, Q, H, versions 1-10 and 40
BYTE_CAPACITY = {
    1: (17, 14, 11, 7),
    2: (32, 26, 20, 14),
    3: (53, 42, 32, 24),
    4: (78, 62, 46, 34),
    5: (106, 84, 60, 44),
    6: (134, 106, 74, 58),
    7: (154, 122, 86, 64),
    8: (192, 152, 108, 84),
    9: (230, 180, 130, 98),
    10: (271, 213, 151, 119),
    40: (2953, 2331, 1663, 1273),
}


def _drawn(modules: tuple[bytes, ...]) -> tuple[str, str, int]:
    """Decode what qr.py draws: its text, error-correction level and version."""
    import zxingcpp

    scale, quiet, size = 3, 4, len(modules)
    white = b"\xff" * (scale * (size + 2 * quiet))
    rows = [white] * (scale * quiet)
    for row in modules:
        line = b"\xff" * (scale * quiet) + bytes(v for v in row for _ in range(scale)) + b"\xff" * (scale * quiet)
        rows += [line] * scale
    rows += [white] * (scale * quiet)
    found = zxingcpp.read_barcode(memoryview(b"".join(rows)).cast("B", (len(rows), len(white))))
    return found.text, found.ec_level, (size - 17) // 4


def _tried_in_turn(data: str) -> tuple[str, int]:
    """The choice as it was made before: encode at L, M, Q and H and keep the last level of the first size."""
    import zxingcpp

    best = None
    for level in "LMQH":
        try:
            size = (
                zxingcpp.create_barcode(data, zxingcpp.BarcodeFormat.QRCode, ec_level=level)
                .to_image(scale=1, add_quiet_zones=False)
                .shape[0]
            )
        except ValueError:  # too long for this level even at version 40 (the old loop stopped with this error)
            break
        if best is not None and size != best[1]:
            break
        best = level, size
    return best[0], (best[1] - 17) // 4


def test_qr_level_is_the_highest_that_keeps_the_smallest_size():
    """One encode chooses what four did: the smallest version at level L, then the highest level that keeps it,
    around every byte-mode capacity of versions 1-10 and at the largest QR code."""
    lengths = {n + d for v in range(1, 11) for n in BYTE_CAPACITY[v] for d in (-1, 0, 1)} - {BYTE_CAPACITY[10][0] + 1}
    lengths |= {2952, 2953}  # version 40 at L (version 39 holds 2,809 bytes)
    for n in sorted(lengths):
        data = ("https://portal.example/districts/" + "a" * 3000)[:n]
        expected_version = min(v for v, caps in BYTE_CAPACITY.items() if caps[0] >= n)
        expected_level = "LMQH"[max(i for i, cap in enumerate(BYTE_CAPACITY[expected_version]) if cap >= n)]
        assert _drawn(qr._modules(data)) == (data, expected_level, expected_version), n
        assert _tried_in_turn(data) == (expected_level, expected_version), n
    # digits and capitals let the encoder use its shorter modes: still what trying each level gives
    for data in (
        "https://portal.example/documents/BR-0019-W1992/#attachments",
        "HTTPS://PORTAL.EXAMPLE/" + "7" * 90,
        qr.Site().page_url("districts/3101/"),
    ):
        text, level, version = _drawn(qr._modules(data))
        assert (text, (level, version)) == (data, _tried_in_turn(data))


def test_qr_data_too_long_is_a_clear_error():
    assert len(qr._modules("a" * qr.MAX_BYTES)) == 177  # version 40
    with pytest.raises(ValueError, match="2,954 bytes do not fit in a QR code .at most 2,953 bytes"):
        qr._modules("a" * (qr.MAX_BYTES + 1))


def test_qr_codes_point_under_the_address_given(monkeypatch):
    monkeypatch.setenv("PORTAL_SITE_URL", "https://elsewhere.example/")  # read by mkdocs.yml, never by qr.py
    assert (
        qr.Site("https://example.org/portal").page_url("districts/3101/")
        == "https://example.org/portal/districts/3101/"
    )
    assert qr.Site().page_url("districts/3101/") == qr.PREVIEW_URL + "districts/3101/"
    assert "qr-preview" in qr.Site().preview_note() and qr.Site("https://example.org/").preview_note() == ""


def test_timeline_marks_past_due_and_late(portal):
    events = timeline.events(portal)
    assert [e.date for e in events] == sorted(e.date for e in events)
    by_date = {e.date: e for e in events}
    plan = by_date[programme.PLAN_DEADLINE]
    assert plan.state == timeline.LATE and plan.outstanding == 2  # 3102 and 5001 have no plan, as of 1 Feb 2024
    assert by_date[programme.BPM_DEADLINE].state == timeline.PAST  # 31 Jan 2024, not tracked per district
    # the same data seen five days before the plan deadline
    before = dataclasses.replace(portal, as_of=programme.PLAN_DEADLINE - dt.timedelta(days=5))
    states = {e.date: e.state for e in timeline.events(before)}
    assert states[programme.PLAN_DEADLINE] == timeline.DUE  # 5 days ahead
    assert states[programme.BPM_DEADLINE] == timeline.UPCOMING  # 16 days ahead


def test_home_snippet_has_tiles_timeline_map_and_charts(portal):
    page = render.render_pages(portal)["_generated/national.md"]
    assert page.count('<div class="tile">') == 7
    assert '<ol class="timeline">' in page and '<li class="tl-now">' in page
    assert 'class="map-svg"' in page and "Apache-2.0" in page
    assert all(f"chart-{k}" in page for k in ("progress", "welfare", "budget"))


# ---------------------------------------------------------------- the real site: weight and the whole map

# A published address as long as a GitHub Pages project site's: the QR codes grow with it.
PUBLISHED_URL = "https://savings-group-network.github.io/district-portal/"


@pytest.fixture(scope="module")
def real_site(tmp_path_factory) -> Path:
    project = make_project(tmp_path_factory.mktemp("real") / "project")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PORTAL_SITE_URL", PUBLISHED_URL)
        run = mkdocs_build(project, ROOT / "data" / "master.xlsx", timeout=400)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    return project / "site"


@pytest.mark.slow
def test_district_pages_stay_within_the_weight_budget(real_site):
    sizes = {p.parent.name: p.stat().st_size for p in real_site.glob("districts/*/index.html")}
    assert len(sizes) == 878
    heavy = {code: size for code, size in sizes.items() if size >= DISTRICT_PAGE_BUDGET}
    assert heavy == {}, f"district pages over {DISTRICT_PAGE_BUDGET} bytes: {heavy}"
    page = (real_site / "districts" / "3101" / "index.html").read_text(encoding="utf-8")
    assert 'class="qr-svg"' in page and "chart-kpi" in page  # the weight includes the QR code and the chart
    assert PUBLISHED_URL + "districts/3101/" in page


@pytest.mark.slow
def test_the_home_page_stays_within_the_weight_budget(real_site):
    home = real_site / "index.html"
    assert home.stat().st_size < HOME_PAGE_BUDGET, f"home page {home.stat().st_size} bytes"
    page = home.read_text(encoding="utf-8")
    assert 'class="map"' in page and "chart-progress" in page  # the weight includes the map and the charts


@pytest.mark.slow
def test_real_home_map_links_all_76_provinces(real_site):
    page = (real_site / "index.html").read_text(encoding="utf-8")
    links = set(re.findall(r'<a href="provinces/(\d\d)/"', page))
    assert len(links) == 76 and "10" not in links  # Bangkok has no district in the programme
    assert all((real_site / "provinces" / code / "index.html").is_file() for code in links)
    for code in ("31", "50"):
        assert (real_site / "downloads" / "provinces" / f"{code}.xlsx").is_file()


def test_district_kpi_bars_scale_to_the_largest_share_and_say_when_there_is_nothing():
    over = charts._kpi_chart((150, 75, None))
    widths = [int(w) for w in re.findall(r'<rect x="4" y="\d+" width="(\d+)"', over)]
    assert sorted(widths) == [88, 177]  # 150% fills the plot, 75% half of it; no bar without a figure
    assert ">150%<" in over and ">75%<" in over and "No data" not in over
    empty = charts._kpi_chart((None, None, None))
    assert "<rect" not in empty and "ยังไม่มีข้อมูล" in empty
