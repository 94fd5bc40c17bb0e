"""The search index's Thai segmentation and trimming (generator/mkdocs_ext/search_index.py), without a browser."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from generator.mkdocs_ext import search_index
from generator.mkdocs_ext.search_index import ZWSP, compact, rewrite, segment
from generator.pipeline import check
from generator.workbook.template import write_workbook
from tests.conftest import ROOT, small_rows
from tests.test_site import build_site, make_project, mkdocs_build
from tests.tools.settings import with_settings


def _separator() -> str:
    class Loader(yaml.SafeLoader):  # mkdocs.yml has !ENV tags; only the search block matters here
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    (search,) = [p["search"] for p in config["plugins"] if isinstance(p, dict) and "search" in p]
    return search["separator"]


SEPARATOR = _separator()


def tokens(text: str) -> list[str]:
    """What lunr makes of index text: tags out, split at the configured separator."""
    return [t for t in re.split(SEPARATOR, re.sub(r"<[^>]+>", " ", text)) if t]


# ---------------------------------------------------------------- segmentation


@pytest.mark.parametrize(
    "text, word",
    [
        ("กลุ่มออมทรัพย์เพื่อการผลิต", "ออมทรัพย์"),
        ("กองทุนสวัสดิการชุมชน", "สวัสดิการ"),
        ("จังหวัดบุรีรัมย์", "บุรีรัมย์"),
        ("อำเภอเมืองบุรีรัมย์ จังหวัดบุรีรัมย์", "เมือง"),
    ],
)
def test_a_thai_word_inside_a_run_becomes_a_token_of_its_own(text, word):
    assert word not in tokens(text)  # what Material's splitter alone makes of it
    assert word in tokens(segment(text))


def test_segmentation_only_adds_invisible_spaces():
    text = "<p>จังหวัดบุรีรัมย์ · รหัสอำเภอ 3101 · Mueang Buri Ram, Buri Ram</p> <li>แบบ ๒ (อาชีพ)</li>"
    segmented = segment(text)
    assert segmented.count(ZWSP) == 2  # จังหวัด|บุรีรัมย์, รหัส|อำเภอ
    assert segmented.replace(ZWSP, "") == text
    assert "<p>" in segmented and "Mueang Buri Ram, Buri Ram" in segmented and "3101" in segmented
    assert segment("Buri Ram 3101") == "Buri Ram 3101"


def test_the_configured_separator_splits_at_the_invisible_space_and_punctuation():
    assert re.fullmatch(SEPARATOR, ZWSP)
    assert tokens(segment("รหัสอำเภอ 3101 · Mueang Buri Ram, Buri Ram (แบบ ๒)")) == [
        "รหัส",
        "อำเภอ",
        "3101",
        "Mueang",
        "Buri",
        "Ram",
        "Buri",
        "Ram",
        "แบบ",
        "๒",
    ]


def test_a_separator_without_the_invisible_space_fails_the_build(tmp_path):
    (tmp_path / "search").mkdir()
    (tmp_path / "search" / "search_index.json").write_text('{"config": {}, "docs": []}', encoding="utf-8")
    with pytest.raises(ValueError, match="U\\+200B"):
        rewrite(tmp_path, r"[\s\-]+")


# ---------------------------------------------------------------- what the index keeps

NOTICE = "<p>ข้อมูลตัวอย่าง · Sample data</p>"


def _docs(pages: int) -> list[dict]:
    docs = [dict(location="", title="หน้าแรก", text=NOTICE + " <p>โครงการ</p>")]
    for n in range(pages):
        code = f"{3101 + n}"
        docs += [
            dict(location=f"districts/{code}/", title=f"อำเภอ{code}", text=f"<p>รหัสอำเภอ {code}</p> " + NOTICE),
            dict(location=f"districts/{code}/#_2", title="สถานะตามกำหนดการ", text="ขั้นตอน กำหนด สถานะ"),
            dict(location=f"districts/{code}/#_4", title="งบประมาณ", text="รายการ บาท 25,000"),
        ]
    docs += [
        dict(location="provinces/31/", title="จังหวัดบุรีรัมย์", text="<p>รหัสจังหวัด 31</p>"),
        dict(location="provinces/31/#_2", title="ภาพรวม", text="รายการ ผล เป้าหมาย"),
        dict(location="about/#_4", title="งบประมาณ", text="<p>งบประมาณของโครงการ</p>"),
    ]
    return docs


def test_text_repeated_on_many_pages_stays_only_on_the_first():
    docs = compact(_docs(search_index.BOILERPLATE_PAGES), {})
    with_notice = [d["location"] for d in docs if NOTICE in d["text"]]
    assert with_notice == [""]
    assert "<p>รหัสอำเภอ 3101</p>" in next(d["text"] for d in docs if d["location"] == "districts/3101/")


def test_the_same_sentence_with_other_numbers_or_addresses_is_boilerplate_too():
    docs = [
        dict(
            location=f"districts/{3101 + n}/",
            title=f"อำเภอ{n}",
            text=f"<p>สแกนเพื่อเปิดหน้านี้ http://127.0.0.1:8000/districts/{3101 + n}/</p>"
            f" <li>วันที่: {n % 28 + 1} ธันวาคม 2566</li> <p>{chr(0x0E01 + n)}บ้าน · รหัสอำเภอ {3101 + n}</p>",
        )
        for n in range(search_index.BOILERPLATE_PAGES)
    ]
    out = compact(docs, {})
    assert out[0]["text"] == docs[0]["text"]
    assert out[1]["text"] == "<p>ขบ้าน · รหัสอำเภอ 3102</p>"


def test_text_on_a_few_pages_is_kept():
    docs = compact(_docs(3), {})
    assert len([d for d in docs if NOTICE in d["text"]]) == 4


def test_figure_sections_of_district_and_province_pages_are_left_out():
    locations = [d["location"] for d in compact(_docs(3), {})]
    assert locations == ["", "districts/3101/", "districts/3102/", "districts/3103/", "provinces/31/", "about/#_4"]


def test_a_section_under_a_heading_on_many_pages_joins_its_page_and_others_keep_their_heading():
    docs = (
        _docs(search_index.BOILERPLATE_PAGES)
        + [
            dict(location=f"districts/{3101 + n}/#1", title="การประชุม 1 วัน", text="<ul> <li>สถานที่: ศาลา</li> </ul>")
            for n in range(search_index.BOILERPLATE_PAGES)
        ]
        + [dict(location="curriculum/1-1/#_2", title="ขอบเขตเนื้อหา", text="<p>ลงทะเบียน</p>")]
    )
    out = {d["location"]: d for d in compact(docs, {})}
    assert out["districts/3101/"]["text"].endswith("<ul> <li>สถานที่: ศาลา</li> </ul>")
    assert "districts/3101/#1" not in out and "curriculum/1-1/#_2" in out


def test_pages_keep_their_headings_and_anchors_and_lose_the_lines_about_other_places():
    docs = [
        dict(
            location="provinces/40/", title="จังหวัดขอนแก่น", text="<p>จังหวัดทั้งหมด · รหัสจังหวัด 40 · Khon Kaen · 26 อำเภอ</p>"
        ),
        dict(
            location="provinces/40/#_5",
            title="ติดต่อสำนักงานพัฒนาชุมชนจังหวัดขอนแก่น",
            text="<ul><li>ที่อยู่: ศาลากลางจังหวัดขอนแก่น</li></ul>",
        ),
        dict(
            location="districts/4001/",
            title="อำเภอเมืองขอนแก่น จังหวัดขอนแก่น",
            text="<p>ประเทศ › จังหวัดขอนแก่น › อำเภอเมืองขอนแก่น</p>",
        ),
        dict(
            location="districts/4001/#_1",
            title="อำเภอเมืองขอนแก่น จังหวัดขอนแก่น",
            text="<p>รหัสอำเภอ 4001 · Mueang Khon Kaen, Khon Kaen</p>"
            "<p>ติดต่อสำนักงานพัฒนาชุมชนจังหวัดขอนแก่น: ยังไม่มีข้อมูลติดต่อ</p>"
            "<p>‹ อำเภอก่อนหน้ามัญจาคีรีอำเภอถัดไป ›เวียงเก่า คิวอาร์โค้ด</p>",
        ),
    ]
    province, district = search_index.pages(compact(docs, {}))
    assert province == [
        "provinces/40/",
        "จังหวัดขอนแก่น",
        "จังหวัดทั้งหมด · รหัสจังหวัด 40 · Khon Kaen · 26 อำเภอ",
        [["_5", "ติดต่อสำนักงานพัฒนาชุมชนจังหวัดขอนแก่น", "ที่อยู่: ศาลากลางจังหวัดขอนแก่น"]],
        ["Khon Kaen", "40"],
    ]
    assert district == [
        "districts/4001/",
        "อำเภอเมืองขอนแก่น จังหวัดขอนแก่น",
        "รหัสอำเภอ 4001 · Mueang Khon Kaen, Khon Kaen",
        [],
        ["Mueang Khon Kaen", "4001"],
    ]


def test_text_is_cleaned_as_the_worker_cleans_queries():
    assert search_index.clean("กํา\u200bแพง\ufeff") == "กำแพง"
    assert search_index.normalise("ว๑๙๙๒ Khon") == "ว1992 khon"
    assert search_index.loose("ขอนแก่น") == search_index.loose("ขอนแกน") == "ขอนแกน"
    assert search_index.plain("<p>a &amp; b</p><li>ค</li>") == "a & b\nค"


def test_an_action_plan_section_is_cut_to_its_activities_and_their_types(make_workbook):
    """The plan table's section keeps "activity (type)" once each, from the model: not the objectives, budgets
    and statuses of the table, and not the built page's HTML."""

    def edit(rows):
        plan = rows["plans"][0]
        rows["plans"] = [
            {**plan, "item_no": 1, "activity": "ฌาปนกิจสงเคราะห์\nสมาชิก", "welfare_type": "การเสียชีวิต"},
            {**plan, "item_no": 2, "activity": "ทุนการศึกษา & อุปกรณ์", "welfare_type": "การศึกษา"},
            {**plan, "item_no": 3, "activity": "ทุนการศึกษา & อุปกรณ์", "welfare_type": "การศึกษา"},
        ]

    portal, _ = check(make_workbook(edit))
    page = f"districts/{portal.plan_items[0].district_code}/"
    plans = search_index.plan_lines(portal)
    assert plans[page] == ["ฌาปนกิจสงเคราะห์ สมาชิก (การเสียชีวิต)", "ทุนการศึกษา & อุปกรณ์ (การศึกษา)"]
    doc = dict(
        location=f"{page}#_5",
        title="แผนปฏิบัติการ (แบบ ๒)",
        text="ที่ กิจกรรม ประเภทสวัสดิการ งบประมาณ (บาท) สถานะ 1 ฌาปนกิจสงเคราะห์สมาชิกวัตถุประสงค์: ส่งเสริม",
    )
    (out,) = compact([doc], plans)
    assert out["text"] == "<ul><li>ฌาปนกิจสงเคราะห์ สมาชิก (การเสียชีวิต)</li><li>ทุนการศึกษา &amp; อุปกรณ์ (การศึกษา)</li></ul>"
    (kept,) = compact([dict(doc, text="<p>ยังไม่ได้ส่งแผนปฏิบัติการ</p>")], plans)  # no table: nothing to cut
    assert kept["text"] == "<p>ยังไม่ได้ส่งแผนปฏิบัติการ</p>"


# ---------------------------------------------------------------- the built index of the small workbook


@pytest.fixture(scope="module")
def small_site(tmp_path_factory) -> Path:
    return build_site(tmp_path_factory.mktemp("search") / "project") / "site"


def test_the_built_index_is_utf8_segmented_and_trimmed(small_site):
    raw = (small_site / "search" / "thai_index.json").read_bytes()
    assert b"\\u0e" not in raw  # Thai as UTF-8, not \u escapes
    assert "จังหวัด\u200bบุรีรัมย์".encode() in raw and "จังหวัดบุรีรัมย์".encode() not in raw
    assert "กลุ่ม\u200bออมทรัพย์".encode() in raw and "กลุ่มออมทรัพย์".encode() not in raw
    index = json.loads(raw)
    assert index["config"]["separator"] == SEPARATOR
    pages = {p[0]: p for p in index["pages"]}
    for page in (
        "districts/3101/",
        "districts/3102/",
        "districts/5001/",
        "provinces/31/",
        "provinces/50/",
        "curriculum/1-2/",
        "plans/",
        "about/",
        "",
    ):
        assert page in pages, page
    location, title, text, sections, names = pages["districts/3101/"]
    assert tokens(title) == ["อำเภอ", "เมือง", "บุรีรัมย์", "จังหวัด", "บุรีรัมย์"]
    assert names == ["Mueang Buri Ram", "3101"]
    assert "ออมทรัพย์" in tokens(pages["curriculum/1-2/"][1])
    text = "\n".join([text, *(t for _, _, t in sections)]).replace(ZWSP, "")
    assert "หอประชุมอำเภอ" in text  # the meeting's venue, from its own section
    assert "ทุนการศึกษาบุตรหลานสมาชิก (การศึกษา)\nฌาปนกิจสงเคราะห์สมาชิก (การเสียชีวิต)" in text
    assert "24,500" not in text and "ผู้ผ่านการทดสอบความรู้" not in text  # budget and participant figures
    assert "อำเภอถัดไป" not in text and "คิวอาร์โค้ด" not in text  # the neighbours and the QR caption
    headings = [h.replace(ZWSP, "") for _, h, _ in pages["provinces/31/"][3]]
    assert "ติดต่อสำนักงานพัฒนาชุมชนจังหวัดบุรีรัมย์" in headings  # a province page's headings kept


def test_the_index_material_fetches_on_every_page_is_a_stub(small_site):
    stub = small_site / "search" / "search_index.json"
    assert stub.stat().st_size < 1024
    assert json.loads(stub.read_text(encoding="utf-8")) == {
        "config": json.loads((small_site / "search" / "thai_index.json").read_text(encoding="utf-8"))["config"],
        "docs": [],
    }


def test_pages_use_the_thai_search_worker_without_lunr(small_site):
    page = (small_site / "districts" / "3101" / "index.html").read_text(encoding="utf-8")
    config = json.loads(re.search(r'<script id="__config" type="application/json">(.*?)</script>', page, re.S)[1])
    worker = config["search"].partition("?")[0]
    assert worker == "../../assets/javascripts/workers/thai-search.js"
    script = (small_site / "assets" / "javascripts" / "workers" / "thai-search.js").read_text(encoding="utf-8")
    assert "importScripts" not in script and "wordcut" not in script
    assert f'"../../../search/{search_index.REAL_INDEX}"' in script  # where replace() writes it


def test_thai_search_off_gives_materials_own_search(tmp_path):
    """The plugin's thai_search setting off: Material's stock worker and full index, no index of ours."""
    project = make_project(tmp_path / "project")
    with_settings(project, thai_search=False)
    workbook = tmp_path / "small.xlsx"
    write_workbook(workbook, small_rows())
    run = mkdocs_build(project, workbook)
    assert run.returncode == 0, run.stdout + run.stderr
    site = project / "site"
    page = (site / "districts" / "3101" / "index.html").read_text(encoding="utf-8")
    config = json.loads(re.search(r'<script id="__config" type="application/json">(.*?)</script>', page, re.S)[1])
    assert "thai-search" not in config["search"] and "/workers/search." in config["search"]
    assert not (site / "search" / search_index.REAL_INDEX).exists()
    docs = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    assert any(doc["location"] == "districts/3101/" for doc in docs) and ZWSP not in json.dumps(
        docs, ensure_ascii=False
    )
