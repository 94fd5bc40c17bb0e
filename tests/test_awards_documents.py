"""The awards sheet (outstanding members and groups of the Savings Festival) and the documents sheet (official
letters): validation with messages that name the cell, golden pages, the letter's QR code, privacy, the template.

UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_awards_documents.py rewrites their golden files."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from generator import attachments, pipeline, programme
from generator.mkdocs_ext.leak_scan import scan
from generator.pages import render
from generator.workbook.privacy import private_values
from generator.workbook.read import read_workbook
from generator.workbook.schema import AWARDS, DOCUMENTS, SHEETS, private_keys
from generator.workbook.template import write_template, write_workbook
from generator.write import GENERATED_DIRS
from tests.conftest import AWARDS as SAMPLE_AWARDS
from tests.conftest import ROOT, small_rows
from tests.test_render import assert_safe_html, parse_html, to_html

GOLDEN = Path(__file__).parent / "golden"
GOLDEN_PAGES = {"awards/31.md": "awards_31.md", "documents/br-0019-w1992.md": "document_br-0019-w1992.md"}
ATTACHMENTS_URL = "http://127.0.0.1:8000/documents/br-0019-w1992/#attachments"

# conftest's two awards, with a list citation and a Thai date typed as text, and a third in Thai numerals
AWARDS_ROWS = [
    {**SAMPLE_AWARDS[0], "citation": "- ปันผลคืนสมาชิกทุกปี\n- สวัสดิการผู้สูงอายุ"},
    {**SAMPLE_AWARDS[1], "citation": "ฝากเงินสัจจะสะสมทุกเดือน", "award_date": "7 มี.ค. 2567"},
    dict(
        award_type="member",
        rank="ชมเชย",
        province_code="๓๑",
        district_code="3101",
        group_name="กลุ่มออมทรัพย์เพื่อการผลิตบ้านบ่อทอง",
        awardee="นายทองใบ พูนทรัพย์",
        awardee_phone="081-555-0199",
    ),
]
PRIVATE = ("0861239876", "88/2 หมู่ 4 ตำบลโคกกลาง", "3310100512343", "081-555-0199")


def rows_with(awards=None, documents=None) -> dict:
    rows = small_rows()
    rows["awards"] = [dict(a) for a in AWARDS_ROWS] if awards is None else awards
    rows["documents"] = [dict(programme.SEED_LETTER)] if documents is None else documents
    return rows


@pytest.fixture
def workbook(tmp_path):
    def make(**changes) -> Path:
        path = tmp_path / "master.xlsx"
        write_workbook(path, rows_with(**changes))
        return path

    return make


def errors(path: Path) -> list[str]:
    portal, problems = pipeline.check(path)
    found = [str(p) for p in problems if p.level == "error"]
    assert (portal is None) == bool(found)
    return found


# QR codes point under site_url: the golden files use mkdocs.yml's default (conftest.default_site_url).
pytestmark = pytest.mark.usefixtures("default_site_url")


@pytest.fixture
def pages(workbook):
    portal, problems = pipeline.check(workbook())
    assert portal is not None, [str(p) for p in problems]
    return render.render_pages(portal)


# ---------------------------------------------------------------- validation: awards


def award(**change) -> dict:
    return {**AWARDS_ROWS[0], **change}


def test_the_test_workbook_is_valid(workbook):
    portal, problems = pipeline.check(workbook())
    assert [str(p) for p in problems] == []
    assert len(portal.awards) == 3 and [d.doc_id for d in portal.documents] == ["br-0019-w1992"]


def test_unknown_district_code_is_an_error_that_suggests_one_of_the_province(workbook):
    assert errors(workbook(awards=[award(district_code="3199")])) == [
        "รางวัล!D2: ไม่มีรหัสอำเภอ 3199 นอกกรุงเทพมหานคร / no district 3199 outside Bangkok."
        " หมายถึง 3119 บ้านใหม่ไชยพจน์ จังหวัดบุรีรัมย์ หรือไม่? / did you mean 3119 Ban Mai Chaiyaphot?"
    ]


def test_award_for_a_district_without_a_row_in_the_districts_sheet(workbook):
    # 3103 กระสัง is a real district of Buri Ram, but the small workbook has no row for it: no page to show it on.
    assert errors(workbook(awards=[award(district_code="3103")])) == [
        "รางวัล!D2: ไม่มีอำเภอรหัส 3103 กระสัง ในชีตอำเภอ รางวัลต้องเป็นของอำเภอที่อยู่ในโครงการ"
        " / no district 3103 in the districts sheet; an award must belong to a district of the programme"
    ]


def test_district_of_another_province_is_an_error(workbook):
    (message,) = errors(workbook(awards=[award(province_code="50")]))
    assert message.startswith(
        "รางวัล!D2: อำเภอ 3101 เมืองบุรีรัมย์ อยู่ในจังหวัดบุรีรัมย์ (รหัส 31) ไม่ใช่จังหวัดเชียงใหม่"
        " (รหัส 50) / district 3101 is in province 31, not 50."
    )
    assert "หมายถึง 50" in message  # the closest district of the province the editor named


def test_unknown_province_and_bangkok(workbook):
    assert errors(workbook(awards=[award(province_code="99")])) == [
        "รางวัล!C2: ไม่มีรหัสจังหวัด 99 นอกกรุงเทพมหานคร / no province 99 outside Bangkok."
        " อำเภอ 3101 อยู่ในจังหวัดรหัส 31 / district 3101 is in province 31"
    ]
    assert errors(workbook(awards=[award(province_code="10", district_code="1001")]))[0].startswith(
        "รางวัล!C2: ไม่มีรหัสจังหวัด 10 นอกกรุงเทพมหานคร"
    )


@pytest.mark.parametrize(
    "typed, message",
    [
        ("31/2/2567", "รางวัล!H2: วันที่ไม่มีจริง '31/2/2567' / impossible date '31/2/2567'"),
        (
            "เมื่อวาน",
            "รางวัล!H2: อ่านวันที่ไม่ได้ 'เมื่อวาน' ให้พิมพ์เช่น 20/1/2567 หรือ 20 ม.ค. 2567"
            " / cannot read the date 'เมื่อวาน'; type it like 20/1/2567",
        ),
    ],
)
def test_bad_award_dates(workbook, typed, message):
    assert errors(workbook(awards=[award(award_date=typed)])) == [message]


def test_an_award_date_outside_the_festival_is_a_warning(workbook):
    portal, problems = pipeline.check(workbook(awards=[award(award_date="6/3/2566")]))
    assert portal is not None
    assert [str(p) for p in problems] == [
        "รางวัล!H2: วันที่มอบรางวัล 6/3/2566 อยู่นอกช่วงมหกรรมการออม (ธันวาคม 2566 – มีนาคม 2567) ตรวจสอบปีอีกครั้ง"
        " / award date 2023-03-06 is outside the Savings Festival; check the year"
    ]


def test_duplicate_award_and_member_without_name(workbook):
    found = errors(
        workbook(awards=[award(), award(), award(award_type="สมาชิกดีเด่น", awardee=None), award(award_type="ประเภทอื่น")])
    )
    assert found == [
        "รางวัล!E3: รางวัลนี้ซ้ำกับแถว 2 ให้ลบแถวที่ซ้ำ / the same award as row 2; delete one",
        "รางวัล!F4: รางวัลสมาชิกดีเด่นต้องมีชื่อผู้ได้รับรางวัล / an outstanding-member award needs the awardee's name",
        "รางวัล!A5: ค่า 'ประเภทอื่น' ไม่อยู่ในรายการ ต้องเป็นหนึ่งใน: สมาชิกดีเด่น, กลุ่มออมทรัพย์เพื่อการผลิตดีเด่น"
        " / 'ประเภทอื่น' is not one of the allowed values",
    ]


def test_the_model_has_no_private_award_field(workbook):
    portal, _ = pipeline.check(workbook())
    assert not private_keys(AWARDS) & set(type(portal.awards[0]).__dataclass_fields__)


# ---------------------------------------------------------------- validation: documents


def letter(**change) -> dict:
    return {**programme.SEED_LETTER, **change}


@pytest.mark.parametrize(
    "target, reason",
    [
        ("docs/files/../../generator/cli.py", "ที่อยู่ไฟล์ 'docs/files/../../generator/cli.py' ใช้ไม่ได้"),
        ("../secret.txt", "ที่อยู่ไฟล์ '../secret.txt' ใช้ไม่ได้"),
        ("/etc/passwd", "'/etc/passwd' ไม่ใช่หน้าของเว็บไซต์นี้"),
        ("generator/cli.py", "ไฟล์แนบต้องอยู่ในโฟลเดอร์ docs/files/ แต่พบ 'generator/cli.py'"),
        ("docs/files/letters/nowhere.pdf", "ไม่พบไฟล์ 'docs/files/letters/nowhere.pdf' ในโครงการ"),
        ("docs\\files\\letters\\br-0019-w1992.txt", "ใช้ไม่ได้ ให้ใช้ตัวอักษรอังกฤษ"),
        ("javascript:alert(1)", "ใช้ได้เฉพาะที่อยู่เว็บที่ขึ้นต้นด้วย https:// แต่พบ 'javascript:alert(1)'"),
        ("http://www.cdd.go.th/", "ใช้ได้เฉพาะที่อยู่เว็บที่ขึ้นต้นด้วย https://"),
        ("file:///etc/passwd", "ใช้ได้เฉพาะที่อยู่เว็บที่ขึ้นต้นด้วย https://"),
        ("C:\\letters\\a.pdf", "ใช้ได้เฉพาะที่อยู่เว็บที่ขึ้นต้นด้วย https://"),
        ("https://evil.example/a)(b", "มีอักขระที่ใช้ไม่ได้"),
        ("/curriculum/9-9/", "'/curriculum/9-9/' ไม่ใช่หน้าของเว็บไซต์นี้"),
    ],
)
def test_attachment_outside_docs_files_or_not_https_is_an_error(workbook, target, reason):
    (message,) = errors(workbook(documents=[letter(attachments=f"สิ่งที่ส่งมาด้วย | {target}")]))
    assert message.startswith("หนังสือราชการ!I2: สิ่งที่ส่งมาด้วยบรรทัดที่ 1: ") and reason in message, message


@pytest.mark.parametrize(
    "target",
    [
        "docs/files/letters/br-0019-w1992.txt",
        "/curriculum/",
        "/curriculum/1-2/",
        "/districts/3101/",
        "/provinces/31/",
        "/downloads/plan-form.xlsx",
        "https://www.cdd.go.th/",
        "https://www.cdd.go.th/a_b-c?x=1&y=2#z",
    ],
)
def test_allowed_attachments(workbook, target):
    assert errors(workbook(documents=[letter(attachments=f"รายการ | {target}")])) == []


def test_a_symbolic_link_out_of_docs_files_is_refused(tmp_path):
    (tmp_path / "docs" / "files").mkdir(parents=True)
    (tmp_path / "secret.txt").write_text("x")
    (tmp_path / "docs" / "files" / "link.txt").symlink_to(tmp_path / "secret.txt")
    (tmp_path / "docs" / "files" / "ok.txt").write_text("x")
    assert attachments.check("docs/files/ok.txt", set(), tmp_path) == ("file", None)
    kind, reason = attachments.check("docs/files/link.txt", set(), tmp_path)
    assert reason.startswith("ไฟล์ 'docs/files/link.txt' ชี้ออกนอกโฟลเดอร์ docs/files/")


def test_attachment_lines(workbook):
    assert attachments.split("๑. หลักสูตร | /curriculum/") == ("๑. หลักสูตร", "/curriculum/")
    assert attachments.split("docs/files/letters/a.pdf") == ("a.pdf", "docs/files/letters/a.pdf")
    assert attachments.split("๒. แบบรายงาน จำนวน ๑ ฉบับ") == ("๒. แบบรายงาน จำนวน ๑ ฉบับ", None)
    # a line with no file is published as text, with a warning
    portal, problems = pipeline.check(workbook(documents=[letter(attachments="๒. แบบรายงาน จำนวน ๑ ฉบับ")]))
    assert portal is not None and [p.level for p in problems] == ["warning"]
    assert str(problems[0]).startswith("หนังสือราชการ!I2: สิ่งที่ส่งมาด้วยบรรทัดที่ 1 ไม่มีที่อยู่ไฟล์")


def test_duplicate_doc_id_bad_id_and_deadline_before_the_letter(workbook):
    found = errors(
        workbook(
            documents=[
                letter(),
                letter(doc_id="BR-0019-W1992"),
                letter(doc_id="บร ๐๐๑๙/ว๑๙๙๒"),
                letter(doc_id="b", deadline="1/11/2566"),
            ]
        )
    )
    assert found == [
        "หนังสือราชการ!A3: รหัสหนังสือ br-0019-w1992 ซ้ำกับแถว 2 ให้ใช้รหัสอื่น"
        " / document id br-0019-w1992 repeats row 2; use another id",
        "หนังสือราชการ!A4: รหัสต้องเป็นตัวอักษรอังกฤษ ตัวเลข หรือ - แต่พบ 'บร ๐๐๑๙/ว๑๙๙๒'"
        " / expected letters, digits or '-', found 'บร ๐๐๑๙/ว๑๙๙๒'",
        "หนังสือราชการ!J5: กำหนดดำเนินการอยู่ก่อนวันที่ของหนังสือ ตรวจสอบปีอีกครั้ง"
        " / the deadline is before the letter's date; check the year",
    ]


def test_the_seed_letter_is_the_first_document_of_the_default_workbook():
    book = load_workbook(ROOT / "data" / "master.xlsx", read_only=True)
    ws = book[DOCUMENTS.label]
    header, first = (
        [c.value for c in next(ws.iter_rows(max_row=1))],
        [c.value for c in list(ws.iter_rows(min_row=2, max_row=2))[0]],
    )
    row = dict(zip(header, first))
    assert row["ที่"] == "บร ๐๐๑๙/ว๑๙๙๒"  # Thai numerals as typed in the letter
    assert row["เรียน"] == "นายอำเภอ ทุกอำเภอ"
    assert row["อ้างถึง"] == "หนังสือจังหวัดบุรีรัมย์ ด่วนที่สุด ที่ บร ๐๐๑๙/ว๑๕๗๓ ลงวันที่ ๒๐ พฤศจิกายน ๒๕๖๖"
    assert "๑. หลักสูตรกิจกรรม จำนวน ๑ ชุด" in row["สิ่งที่ส่งมาด้วย"]
    assert "๒. แบบรายงานแผนปฏิบัติการ ๓ (แบบ ๒) จำนวน ๑ ฉบับ" in row["สิ่งที่ส่งมาด้วย"]
    seed = (ROOT / "docs" / "files" / "letters" / "br-0019-w1992.txt").read_text(encoding="utf-8")
    for key in ("number", "recipient", "references"):
        assert programme.SEED_LETTER[key].split(" ที่ ")[-1] in seed
    assert programme.SEED_LETTER["subject"].split(" กิจกรรมที่")[0] in seed
    portal, problems = pipeline.check(ROOT / "data" / "master.xlsx")
    assert portal is not None and portal.documents[-1].doc_id == "br-0019-w1992"
    assert portal.awards and all(p.awards for p in portal.provinces if p.code in ("31", "30", "40", "50", "90"))


# ---------------------------------------------------------------- rendering


@pytest.mark.parametrize("page, golden", sorted(GOLDEN_PAGES.items()))
def test_page_matches_golden_file(pages, page, golden):
    path = GOLDEN / golden
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.write_text(pages[page], encoding="utf-8", newline="\n")
    assert path.is_file(), f"missing golden file {path}; run with UPDATE_GOLDEN=1"
    assert pages[page] == path.read_text(encoding="utf-8"), (
        f"{page} differs from {path}; if the change is intended, rerun with UPDATE_GOLDEN=1 and review the diff"
    )


def test_golden_pages_show_what_they_should(pages, tmp_path):
    awards, letter_page = (pages[p] for p in sorted(GOLDEN_PAGES))
    assert "# รางวัลมหกรรมการออม จังหวัดบุรีรัมย์\n" in awards
    # members first (as the letter lists them), ranked; then the groups
    assert awards.index("## รางวัลสมาชิกดีเด่น (2)") < awards.index("## รางวัลกลุ่มออมทรัพย์เพื่อการผลิตดีเด่น (1)")
    assert awards.index("### นางบุญเรือน ขยันออม") < awards.index("### นายทองใบ พูนทรัพย์")  # ชนะเลิศ before ชมเชย
    assert "มอบเมื่อ 7 มีนาคม 2567" in awards and "อำเภอ[คูเมือง](../districts/3102.md)" in awards
    assert "- ปันผลคืนสมาชิกทุกปี\n- สวัสดิการผู้สูงอายุ\n" in awards

    assert "# หนังสือ ที่ บร ๐๐๑๙/ว๑๙๙๒\n" in letter_page
    assert "- **ลงวันที่:** ธันวาคม ๒๕๖๖ \\(วันที่ในสำเนาต้นฉบับอ่านไม่ออก\\)\n" in letter_page
    assert "- **กำหนดดำเนินการ:** ๒๐ มกราคม ๒๕๖๗\n" in letter_page  # in the digits the letter is written in
    assert "- [๑\\. หลักสูตรกิจกรรม จำนวน ๑ ชุด](../curriculum/index.md)" in letter_page
    assert "(../downloads/plan-form.xlsx)" in letter_page and "(../files/letters/br-0019-w1992.txt)" in letter_page
    for golden in GOLDEN_PAGES.values():
        doc = assert_safe_html(to_html((GOLDEN / golden).read_text(encoding="utf-8"), tmp_path))
        assert [t for t, _ in doc.tags].count("h1") == 1
    out = to_html(letter_page, tmp_path)
    assert 'id="attachments"' in out  # the QR code's target


def test_the_winning_group_and_member_appear_on_their_district_pages(pages):
    muang, khu_muang, chiang_mai = pages["districts/3101.md"], pages["districts/3102.md"], pages["districts/5001.md"]
    assert "## รางวัลมหกรรมการออม 50 ปี" in muang
    assert "- **กลุ่มออมทรัพย์เพื่อการผลิตดีเด่น** (ชนะเลิศ): กลุ่มออมทรัพย์เพื่อการผลิตบ้านบ่อทอง\n" in muang
    assert "- **สมาชิกดีเด่น** (ชมเชย): นายทองใบ พูนทรัพย์ · กลุ่มออมทรัพย์เพื่อการผลิตบ้านบ่อทอง\n" in muang
    assert "[รางวัลทั้งหมดของจังหวัดบุรีรัมย์](../awards/31.md)" in muang
    assert "นางบุญเรือน ขยันออม" in khu_muang and "รางวัล" not in chiang_mai.split("## แผนปฏิบัติการ")[1]
    province = pages["provinces/31.md"]
    assert "[ดูรางวัลของจังหวัดบุรีรัมย์](../awards/31.md)" in province
    assert "ยังไม่มีข้อมูลรางวัล" in pages["provinces/50.md"]


def test_award_pages_only_for_provinces_with_awards(pages):
    assert sorted(p for p in pages if p.startswith("awards/")) == ["awards/31.md", "awards/index.md"]
    overview = pages["awards/index.md"]
    assert "| รวม | 3 | 1 |" in overview and "## [จังหวัดบุรีรัมย์](31.md)" in overview
    assert "1 จังหวัด: [เชียงใหม่](../provinces/50.md)" in overview
    assert sorted(p for p in pages if p.startswith("documents/")) == [
        "documents/br-0019-w1992.md",
        "documents/index.md",
    ]
    assert {"awards", "documents"} <= set(GENERATED_DIRS)


def test_letters_are_listed_newest_first_and_urls_come_from_ids(workbook):
    older = letter(doc_id="older", number="บร ๐๐๑๙/ว๑๕๗๓", date="20 พ.ย. 2566", date_as_written=None, attachments=None)
    newer = letter(doc_id="newer", number="บร ๐๐๑๙/ว๑", date="5 ม.ค. 2567", date_as_written=None, deadline=None)
    portal, _ = pipeline.check(workbook(documents=[older, letter(), newer]))
    assert [d.doc_id for d in portal.documents] == ["newer", "br-0019-w1992", "older"]
    pages = render.render_pages(portal)
    listing = pages["documents/index.md"]
    assert listing.index("(newer.md)") < listing.index("(br-0019-w1992.md)") < listing.index("(older.md)")
    assert "  ที่ บร ๐๐๑๙/ว๑๕๗๓ · ลงวันที่ 20 พฤศจิกายน 2566<br>\n" in listing
    assert not any("๐" in path or "/ว" in path for path in pages)  # never the Thai letter number as a path
    assert 'class="qr"' not in pages["documents/older.md"] and "ไม่มีสิ่งที่ส่งมาด้วย" in pages["documents/older.md"]


@pytest.mark.parametrize(
    "hostile",
    ["<script>alert(1)</script>", "[x](javascript:alert(1))", "{{ 7*7 }}", "# หัวข้อปลอม", "a|b", '--8<-- "secret.md"'],
)
def test_hostile_cells_stay_inert_on_award_and_letter_pages(workbook, tmp_path, hostile):
    hostile_award = award(group_name=hostile, citation=hostile, awardee=hostile, award_type="สมาชิกดีเด่น")
    hostile_letter = letter(
        number=hostile,
        subject=hostile,
        sender=hostile,
        recipient=hostile,
        references=hostile,
        summary=hostile,
        date_as_written=hostile,
        attachments=f"{hostile} | /curriculum/\n{hostile} ข้อความ",
    )
    portal, problems = pipeline.check(workbook(awards=[hostile_award], documents=[hostile_letter]))
    assert portal is not None, [str(p) for p in problems]
    pages = render.render_pages(portal)
    for path in (
        "awards/31.md",
        "awards/index.md",
        "documents/index.md",
        "documents/br-0019-w1992.md",
        "districts/3101.md",
    ):
        out = to_html(pages[path], tmp_path)
        assert_safe_html(out)
        text = " ".join(" ".join(parse_html(out).text).split())
        assert "SNIPPET" not in out and " ".join(hostile.split()) in text


# ---------------------------------------------------------------- the letter's QR code


def _raster(svg: str, scale: int = 6) -> tuple[int, int, bytes]:
    """Draw qr.py's one-path SVG (horizontal runs of dark modules) as grey pixels."""
    size = int(re.search(r'viewBox="0 0 (\d+) \d+"', svg).group(1))
    path = re.search(r' d="([^"]+)"', svg).group(1)
    dark = [[False] * size for _ in range(size)]
    x = y = 0.0
    for op, args in re.findall(r"([MmHhVvZz])([^MmHhVvZz]*)", path):
        nums = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", args)]
        if op == "M":
            x, y = nums
        elif op == "m":
            x, y = x + nums[0], y + nums[1]
        elif op == "h":
            for col in range(int(round(x)), int(round(x + nums[0]))):
                dark[int(y)][col] = True
            x += nums[0]
    pixels = bytes(0 if dark[r // scale][c // scale] else 255 for r in range(size * scale) for c in range(size * scale))
    return size * scale, size * scale, pixels


def test_the_letters_qr_code_decodes_to_its_attachments(pages):
    import zxingcpp

    page = pages["documents/br-0019-w1992.md"]
    svg = re.search(r'<figure class="qr">(<svg.*?</svg>)', page).group(1)
    width, height, pixels = _raster(svg)
    found = zxingcpp.read_barcodes(memoryview(pixels).cast("B", (height, width)))
    assert [b.text for b in found] == [ATTACHMENTS_URL]
    assert (
        f'<span class="qr-url print-only">{ATTACHMENTS_URL}</span>' in page
    )  # on paper; on screen the address bar has it
    assert "## สิ่งที่ส่งมาด้วย {#attachments}" in page


# ---------------------------------------------------------------- privacy


def test_awardees_contacts_are_private_and_reach_the_leak_scan(workbook):
    assert private_keys(AWARDS) == {"awardee_phone", "awardee_address", "awardee_national_id"}
    sheets, _ = read_workbook(workbook())
    values = private_values(sheets)
    assert {"0861239876", "88/2 หมู่ 4 ตำบลโคกกลาง", "3310100512343", "081-555-0199", "0815550199"} <= values
    assert "นางบุญเรือน ขยันออม" not in values  # an award is public: the name is published


def test_no_private_award_value_in_any_rendered_page(pages):
    for path, text in pages.items():
        squashed = re.sub(r"[\s\\\-]", "", text)
        for value in PRIVATE:
            assert value not in text and re.sub(r"[\s\-]", "", value) not in squashed, (value, path)
    assert "นางบุญเรือน ขยันออม" in pages["awards/31.md"]


@pytest.mark.slow
def test_private_award_contacts_never_reach_the_built_site(tmp_path):
    from tests.test_site import build_site

    project = build_site(tmp_path / "project", rows_with())
    site = project / "site"
    assert (site / "awards" / "31" / "index.html").is_file()
    assert (site / "documents" / "br-0019-w1992" / "index.html").is_file()
    assert (site / "files" / "letters" / "br-0019-w1992.txt").is_file()  # the attachment is published
    assert scan(site, set(PRIVATE)) == []
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".xml", ".csv", ".txt"):
            text = path.read_text(encoding="utf-8", errors="replace")
            assert not [v for v in PRIVATE if v in text], path


# ---------------------------------------------------------------- the template


def test_template_round_trip_includes_awards_and_documents(tmp_path):
    path = tmp_path / "template.xlsx"
    write_template(path)
    book = load_workbook(path)
    for sheet in (AWARDS, DOCUMENTS):
        assert sheet in SHEETS and not sheet.required
        ws = book[sheet.label]
        assert [c.value for c in ws[1]] == [col.label for col in sheet.columns]
    guide = [(row[0].value, row[2].value, row[5].value) for row in book["คำอธิบาย"].iter_rows(min_row=2)]
    assert ("รางวัล", "awardee_national_id", "ไม่เผยแพร่ (ข้อมูลส่วนบุคคล)") in guide
    assert ("หนังสือราชการ", "attachments", "เผยแพร่") in guide
    # award_date and letter dates: what a typed date gets is the column's style (no cell below the header overrides it)
    assert book[AWARDS.label].column_dimensions["H"].number_format == "d/m/yyyy" and book[AWARDS.label].max_row == 1
    assert (
        book[DOCUMENTS.label].column_dimensions["C"].number_format == "d/m/yyyy" and book[DOCUMENTS.label].max_row == 1
    )
    # filled in as an editor would: Thai labels, choices in Thai, a code from the dropdown, a BE date as text
    awards, documents, districts = book[AWARDS.label], book[DOCUMENTS.label], book["อำเภอ"]
    for col, value in zip("ABC", ["3101 เมืองบุรีรัมย์ (บุรีรัมย์)", "บุรีรัมย์", "เมืองบุรีรัมย์"]):
        districts[f"{col}2"] = value
    for col, value in zip(
        "ABCDEFGHI",
        [
            "สมาชิกดีเด่น",
            "ชนะเลิศ",
            "31 บุรีรัมย์",
            "3101 เมืองบุรีรัมย์ (บุรีรัมย์)",
            "กลุ่มออมทรัพย์เพื่อการผลิตบ้านบ่อทอง",
            "นางบุญเรือน ขยันออม",
            "ออมทุกเดือน",
            "6 มี.ค. 2567",
            "0861239876",
        ],
    ):
        awards[f"{col}2"] = value
    for col, value in zip(
        "ABCEFGHI",
        [
            "br-0019-w1992",
            "บร ๐๐๑๙/ว๑๙๙๒",
            "1/12/2566",
            "จังหวัดบุรีรัมย์",
            "นายอำเภอ ทุกอำเภอ",
            "การดำเนินงานโครงการ",
            "",
            "๑. หลักสูตรกิจกรรม | /curriculum/",
        ],
    ):
        documents[f"{col}2"] = value
    book.save(path)
    portal, problems = pipeline.check(path)
    assert [str(p) for p in problems if p.level == "error"] == []
    (a,) = portal.awards
    assert (a.awardee, a.district_code, a.award_date, a.rank) == (
        "นางบุญเรือน ขยันออม",
        "3101",
        dt.date(2024, 3, 6),
        "ชนะเลิศ",
    )
    (d,) = portal.documents
    assert (d.number, d.date, d.attachments[0].href()) == (
        "บร ๐๐๑๙/ว๑๙๙๒",
        dt.date(2023, 12, 1),
        "../curriculum/index.md",
    )


def test_the_data_dictionary_documents_both_sheets(pages):
    dictionary = pages["_generated/dictionary.md"]
    assert "### ชีต รางวัล (`awards`)" in dictionary and "### ชีต หนังสือราชการ (`documents`)" in dictionary
    assert "| โทรศัพท์ผู้ได้รับรางวัล | `awardee_phone` | ข้อความ |  | ไม่เผยแพร่ |" in dictionary
