"""The search index's Thai segmentation and trimming (generator/search_index.py), without a browser."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from generator import search_index
from generator.search_index import ZWSP, compact, plan_items, rewrite, segment
from tests.conftest import ROOT
from tests.test_site import build_site


def _separator() -> str:
    class Loader(yaml.SafeLoader):   # mkdocs.yml has !ENV tags; only the search block matters here
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

@pytest.mark.parametrize("text, word", [
    ("กลุ่มออมทรัพย์เพื่อการผลิต", "ออมทรัพย์"),
    ("กองทุนสวัสดิการชุมชน", "สวัสดิการ"),
    ("จังหวัดบุรีรัมย์", "บุรีรัมย์"),
    ("อำเภอเมืองบุรีรัมย์ จังหวัดบุรีรัมย์", "เมือง"),
])
def test_a_thai_word_inside_a_run_becomes_a_token_of_its_own(text, word):
    assert word not in tokens(text)             # what Material's splitter alone makes of it
    assert word in tokens(segment(text))


def test_segmentation_only_adds_invisible_spaces():
    text = "<p>จังหวัดบุรีรัมย์ · รหัสอำเภอ 3101 · Mueang Buri Ram, Buri Ram</p> <li>แบบ ๒ (อาชีพ)</li>"
    segmented = segment(text)
    assert segmented.count(ZWSP) == 2            # จังหวัด|บุรีรัมย์, รหัส|อำเภอ
    assert segmented.replace(ZWSP, "") == text
    assert "<p>" in segmented and "Mueang Buri Ram, Buri Ram" in segmented and "3101" in segmented
    assert segment("Buri Ram 3101") == "Buri Ram 3101"


def test_the_configured_separator_splits_at_the_invisible_space_and_punctuation():
    assert re.fullmatch(SEPARATOR, ZWSP)
    assert tokens(segment("รหัสอำเภอ 3101 · Mueang Buri Ram, Buri Ram (แบบ ๒)")) == [
        "รหัส", "อำเภอ", "3101", "Mueang", "Buri", "Ram", "Buri", "Ram", "แบบ", "๒"]


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
        docs += [dict(location=f"districts/{code}/", title=f"อำเภอ{code}", text=f"<p>รหัสอำเภอ {code}</p> " + NOTICE),
                 dict(location=f"districts/{code}/#_2", title="สถานะตามกำหนดการ", text="ขั้นตอน กำหนด สถานะ"),
                 dict(location=f"districts/{code}/#_4", title="งบประมาณ", text="รายการ บาท 25,000")]
    docs += [dict(location="provinces/31/", title="จังหวัดบุรีรัมย์", text="<p>รหัสจังหวัด 31</p>"),
             dict(location="provinces/31/#_2", title="ภาพรวม", text="รายการ ผล เป้าหมาย"),
             dict(location="about/#_4", title="งบประมาณ", text="<p>งบประมาณของโครงการ</p>")]
    return docs


def test_text_repeated_on_many_pages_stays_only_on_the_first():
    docs = compact(_docs(search_index.BOILERPLATE_PAGES), Path("/nonexistent"))
    with_notice = [d["location"] for d in docs if NOTICE in d["text"]]
    assert with_notice == [""]
    assert "<p>รหัสอำเภอ 3101</p>" in next(d["text"] for d in docs if d["location"] == "districts/3101/")


def test_the_same_sentence_with_other_numbers_or_addresses_is_boilerplate_too():
    docs = [dict(location=f"districts/{3101 + n}/", title=f"อำเภอ{n}",
                 text=f"<p>สแกนเพื่อเปิดหน้านี้ http://127.0.0.1:8000/districts/{3101 + n}/</p>"
                      f" <li>วันที่: {n % 28 + 1} ธันวาคม 2566</li> <p>{chr(0x0e01 + n)}บ้าน · รหัสอำเภอ {3101 + n}</p>")
            for n in range(search_index.BOILERPLATE_PAGES)]
    out = compact(docs, Path("/nonexistent"))
    assert out[0]["text"] == docs[0]["text"]
    assert out[1]["text"] == "<p>ขบ้าน · รหัสอำเภอ 3102</p>"


def test_text_on_a_few_pages_is_kept():
    docs = compact(_docs(3), Path("/nonexistent"))
    assert len([d for d in docs if NOTICE in d["text"]]) == 4


def test_figure_sections_of_district_and_province_pages_are_left_out():
    locations = [d["location"] for d in compact(_docs(3), Path("/nonexistent"))]
    assert locations == ["", "districts/3101/", "districts/3102/", "districts/3103/", "provinces/31/", "about/#_4"]


def test_the_other_sections_of_a_district_page_join_its_entry():
    docs = _docs(1) + [
        dict(location="districts/3101/#1", title="การประชุม 1 วัน", text="<ul> <li>สถานที่: ศาลา</li> </ul>"),
        dict(location="curriculum/1-1/#_2", title="ขอบเขตเนื้อหา", text="<p>ลงทะเบียน</p>")]
    out = {d["location"]: d for d in compact(docs, Path("/nonexistent"))}
    assert out["districts/3101/"]["text"].endswith("<ul> <li>สถานที่: ศาลา</li> </ul>")
    assert "districts/3101/#1" not in out and "curriculum/1-1/#_2" in out


def test_province_pages_are_boosted_over_their_districts():
    docs = {d["location"]: d for d in compact(_docs(3), Path("/nonexistent"))}
    assert docs["provinces/31/"]["boost"] > 1
    assert "boost" not in docs["districts/3101/"]


PLAN_HTML = """<h2 id="_5">แผนปฏิบัติการ (แบบ ๒)</h2>
<div class="plan-table"><table><thead><tr><th>ที่</th><th>กิจกรรม</th><th>ประเภทสวัสดิการ</th><th>งบประมาณ (บาท)</th>
<th>สถานะ</th></tr></thead><tbody>
<tr><td>1</td><td><strong>ฌาปนกิจสงเคราะห์สมาชิก</strong><br>วัตถุประสงค์: เพื่อส่งเสริม<br>ผู้รับผิดชอบ: เครือข่าย</td>
<td>การเสียชีวิต</td><td>20,000<br>ผลกำไรกลุ่ม</td><td>ยังไม่เริ่ม</td></tr>
<tr><td>2</td><td><strong>ทุนการศึกษา &amp; อุปกรณ์</strong></td><td>การศึกษา</td><td>15,000</td><td>เสร็จสิ้น</td></tr>
</tbody></table></div>
<h2 id="_6">หมายเหตุ</h2><p>อื่น ๆ</p>"""


def test_an_action_plan_table_is_cut_to_its_activities_and_their_types(tmp_path):
    assert plan_items(search_index._section_html(PLAN_HTML, "_5")) == [
        "ฌาปนกิจสงเคราะห์สมาชิก (การเสียชีวิต)", "ทุนการศึกษา & อุปกรณ์ (การศึกษา)"]
    assert plan_items("<p>ยังไม่ได้ส่งแผนปฏิบัติการ</p>") is None
    page = tmp_path / "districts" / "3101" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text(f"<article>{PLAN_HTML}</article>", encoding="utf-8")
    doc = dict(location="districts/3101/#_5", title="แผนปฏิบัติการ (แบบ ๒)",
               text="ที่ กิจกรรม ประเภทสวัสดิการ งบประมาณ (บาท) สถานะ 1 ฌาปนกิจสงเคราะห์สมาชิกวัตถุประสงค์: ส่งเสริม")
    (out,) = compact([doc], tmp_path)
    assert out["text"] == ("<ul><li>ฌาปนกิจสงเคราะห์สมาชิก (การเสียชีวิต)</li>"
                           "<li>ทุนการศึกษา &amp; อุปกรณ์ (การศึกษา)</li></ul>")


# ---------------------------------------------------------------- the built index of the small workbook

@pytest.fixture(scope="module")
def small_site(tmp_path_factory) -> Path:
    return build_site(tmp_path_factory.mktemp("search") / "project") / "site"


def test_the_built_index_is_utf8_segmented_and_trimmed(small_site):
    raw = (small_site / "search" / "search_index.json").read_bytes()
    assert b"\\u0e" not in raw                                      # Thai as UTF-8, not \u escapes
    assert "จังหวัด\u200bบุรีรัมย์".encode() in raw and "จังหวัดบุรีรัมย์".encode() not in raw
    assert "กลุ่ม\u200bออมทรัพย์".encode() in raw and "กลุ่มออมทรัพย์".encode() not in raw
    index = json.loads(raw)
    assert index["config"]["separator"] == SEPARATOR
    docs = {d["location"]: d for d in index["docs"]}
    for page in ("districts/3101/", "districts/3102/", "districts/5001/", "provinces/31/", "provinces/50/",
                 "curriculum/1-2/", "plans/", "about/", ""):
        assert page in docs, page
    main = docs["districts/3101/"]
    assert tokens(main["title"]) == ["อำเภอ", "เมือง", "บุรีรัมย์", "จังหวัด", "บุรีรัมย์"]
    assert {"3101", "Mueang", "Buri", "Ram"} <= set(tokens(main["text"]))
    assert "ออมทรัพย์" in tokens(docs["curriculum/1-2/"]["title"])
    assert not [d["location"] for d in index["docs"] if re.match(r"(districts|provinces)/\d+/#", d["location"])]
    text = main["text"].replace(ZWSP, "")
    assert "หอประชุมอำเภอ" in text                       # the meeting's venue, from its own section
    assert "<ul><li>ทุนการศึกษาบุตรหลานสมาชิก (การศึกษา)</li><li>ฌาปนกิจสงเคราะห์สมาชิก (การเสียชีวิต)</li></ul>" in text
    assert "กลุ่มออมทรัพย์เพื่อการผลิตบ้านบ่อทอง" in text.split("</ul>")[-2]   # the award won in the district, last
    assert "24,500" not in text and "ผู้ผ่านการทดสอบความรู้" not in text   # budget and participant figures


def test_pages_use_the_thai_search_worker_which_loads_materials(small_site):
    page = (small_site / "districts" / "3101" / "index.html").read_text(encoding="utf-8")
    config = json.loads(re.search(r'<script id="__config" type="application/json">(.*?)</script>', page, re.S)[1])
    worker, _, material = config["search"].partition("?")
    assert worker == "../../assets/javascripts/workers/thai-search.js"
    assert re.fullmatch(r"search\.[0-9a-f]+\.min\.js", material), material
    workers = small_site / "assets" / "javascripts" / "workers"
    assert (workers / "thai-search.js").is_file() and (workers / material).is_file()
    assert "wordcut" not in (workers / "thai-search.js").read_text(encoding="utf-8")
