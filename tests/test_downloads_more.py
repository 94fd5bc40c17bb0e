"""Downloads of the optional sheets: awards (รางวัล) and official letters (หนังสือราชการ) beside the festival
and office contacts, as CSV, JSON and a sheet of the national workbook, with the schema's public columns only;
a province's own festival row and awards in its JSON and XLSX."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import zipfile

import pytest
from openpyxl import load_workbook

from generator import pipeline
from generator.exports import downloads
from generator.pages import render
from generator.workbook.schema import AWARDS, DOCUMENTS, FESTIVAL, PROVINCES, SHEETS, private_keys
from tests.conftest import small_rows

# file stem in downloads/ and JSON key -> (schema sheet, sheet title in portal.xlsx)
NEW = {
    "festival": (FESTIVAL, "มหกรรมการออม"),
    "awards": (AWARDS, "รางวัล"),
    "offices": (PROVINCES, "สำนักงานพัฒนาชุมชนจังหวัด"),
    "documents": (DOCUMENTS, "หนังสือราชการ"),
}
ROWS = small_rows()
# Every private value of the sample workbook, of every sheet: awardee phone, address and national ID, the
# offices' contact person, the district coordinators.
PRIVATE_VALUES = sorted(
    {str(row[k]) for sheet in SHEETS for row in ROWS.get(sheet.key, []) for k in private_keys(sheet) if row.get(k)}
)
FORMULA = '=HYPERLINK("http://evil.example","x")'


def _public(sheet):
    return [c.key for c in sheet.columns if not c.private]


def _csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "CSV without BOM: Excel would show Thai as mojibake"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def _xlsx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())


@pytest.fixture(scope="module")
def portal(tmp_path_factory):
    from generator.workbook.template import write_workbook

    path = tmp_path_factory.mktemp("book") / "master.xlsx"
    write_workbook(path, small_rows())
    portal, problems = pipeline.check(path)
    assert portal is not None, [str(p) for p in problems]
    return portal


@pytest.fixture(scope="module")
def files(portal):
    return downloads.download_files(portal)


def test_the_sample_has_private_values_to_look_for():
    assert {"0861239876", "3310100512343", "88/2 หมู่ 4 ตำบลโคกกลาง", "วันเพ็ญ ศรีสุข", "0865550123"} <= set(PRIVATE_VALUES)


@pytest.mark.parametrize("stem", sorted(NEW))
def test_csv_has_the_public_columns_only(files, stem):
    sheet, _ = NEW[stem]
    rows = _csv(files[f"downloads/{stem}.csv"])
    header, body = rows[0], rows[1:]
    assert header == _public(sheet)
    assert not set(header) & private_keys(sheet)
    assert body and all(len(r) == len(header) for r in body)


def test_csv_values(files):
    header, *body = _csv(files["downloads/awards.csv"])
    awards = [dict(zip(header, row)) for row in body]
    member = next(a for a in awards if a["award_type"] == "สมาชิกดีเด่น")
    assert member["awardee"] == "นางบุญเรือน ขยันออม"  # the awardee's name is public, as an award is
    assert member["district_code"] == "3102" and member["award_date"] == "2024-03-06"
    docs = _csv(files["downloads/documents.csv"])
    letter = dict(zip(docs[0], docs[1]))
    assert letter["doc_id"] == "br-0019-w1992" and letter["date"] == "2023-12-01"
    # attachments as the workbook has them, one "title | target" line each, never a Python repr
    assert (
        letter["attachments"].splitlines()[1]
        == "๒. แบบรายงานแผนปฏิบัติการ ๓ (แบบ ๒) จำนวน ๑ ฉบับ | /downloads/plan-form.xlsx"
    )
    assert "Attachment(" not in files["downloads/documents.csv"].decode("utf-8-sig")


@pytest.mark.parametrize(
    "name", ["downloads/portal.json", "downloads/provinces/31.json", "downloads/provinces/50.json"]
)
def test_json_has_the_public_columns_only(files, name):
    data = json.loads(files[name])
    stems = sorted(NEW) if name == "downloads/portal.json" else ["awards", "festival"]
    for stem in stems:
        sheet, _ = NEW[stem]
        assert isinstance(data[stem], list), (name, stem)
        for row in data[stem]:
            assert list(row) == sorted(_public(sheet)), (name, stem)
    national = json.loads(files["downloads/portal.json"])
    assert {len(national[s]) for s in ("festival", "documents")} == {1} and len(national["awards"]) == 2
    assert [o["province"] for o in national["offices"]] == ["เชียงใหม่", "บุรีรัมย์"]


def test_per_province_json_and_xlsx_have_that_province_only(files):
    buriram = json.loads(files["downloads/provinces/31.json"])
    assert [f["province_code"] for f in buriram["festival"]] == ["31"]
    assert sorted(a["district_code"] for a in buriram["awards"]) == ["3101", "3102"]
    chiang_mai = json.loads(files["downloads/provinces/50.json"])
    assert chiang_mai["festival"] == [] and chiang_mai["awards"] == []  # nothing reported: empty, still there
    book = load_workbook(io.BytesIO(files["downloads/provinces/50.xlsx"]))
    assert [c.value for c in book["รางวัล"][1]] == _public(AWARDS) and book["รางวัล"].max_row == 1
    assert "offices" not in buriram and "documents" not in buriram  # national tables, not per province
    # the per-province CSVs stay districts and plans
    assert not [n for n in files if n.startswith("downloads/provinces/") and ("award" in n or "festival" in n)]


def test_national_xlsx_has_a_sheet_each_with_the_public_columns(files):
    book = load_workbook(io.BytesIO(files["downloads/portal.xlsx"]))
    for _stem, (sheet, title) in NEW.items():
        ws = book[title]
        assert [c.value for c in ws[1]] == _public(sheet), title
    awards = book["รางวัล"]
    header = [c.value for c in awards[1]]
    dates = {r[header.index("award_date")].value.date().isoformat() for r in awards.iter_rows(min_row=2)}
    assert dates == {"2024-03-06"}
    assert book["มหกรรมการออม"]["C2"].value == 1250  # a number, not text


def test_dictionary_has_thai_labels_of_the_new_columns_and_no_private_one(files):
    rows = _csv(files["downloads/dictionary.csv"])
    header = rows[0]
    entries = {(r[header.index("sheet")], r[header.index("key")]): r[header.index("label")] for r in rows[1:]}
    for sheet in (FESTIVAL, AWARDS, PROVINCES, DOCUMENTS):
        for col in sheet.columns:
            if col.private:
                assert (sheet.key, col.key) not in entries
            else:
                assert entries[(sheet.key, col.key)] == col.label
    assert entries[("awards", "awardee")] == "ชื่อผู้ได้รับรางวัล"
    book = load_workbook(io.BytesIO(files["downloads/portal.xlsx"]))
    keys = {r[1].value for r in book["พจนานุกรมข้อมูล"].iter_rows(min_row=2)}
    assert "citation" in keys and not keys & (private_keys(AWARDS) | private_keys(PROVINCES))


def test_no_private_value_in_any_download(files):
    assert PRIVATE_VALUES
    for name, data in files.items():
        if name.endswith(".xlsx"):
            text = _xlsx_text(data)
        elif name.endswith(".json"):
            text = json.dumps(json.loads(data), ensure_ascii=False)  # Thai unescaped
        else:
            text = data.decode("utf-8-sig")
        assert not [v for v in PRIVATE_VALUES if v in text], name
        if name != "downloads/master-template.xlsx":  # the blank workbook has every column for editors to fill
            assert not [k for s in (AWARDS, PROVINCES) for k in private_keys(s) if k in text], name


def test_a_formula_in_a_cell_comes_out_literal(portal):
    """Text starting with '=' (or + - @) is a formula to a spreadsheet: CSV cells get a leading apostrophe,
    XLSX cells are inline strings, JSON keeps the text as it is."""
    award = dataclasses.replace(
        portal.awards[0], group_name=FORMULA, citation=("+1+1", "ข้อความ")
    )  # multi-line too (issue #13)
    festival = dataclasses.replace(portal.festival, rows=(dataclasses.replace(portal.festival.rows[0], notes=FORMULA),))
    office = dataclasses.replace(portal.offices[0], address=FORMULA)
    letter = dataclasses.replace(portal.documents[0], subject=FORMULA)
    hostile = dataclasses.replace(portal, awards=(award,), festival=festival, offices=(office,), documents=(letter,))
    files = downloads.download_files(hostile)
    where = {"awards": "group_name", "festival": "notes", "offices": "address", "documents": "subject"}
    for stem, column in where.items():
        rows = _csv(files[f"downloads/{stem}.csv"])
        assert rows[1][rows[0].index(column)] == "'" + FORMULA, stem
        assert json.loads(files["downloads/portal.json"])[stem][0][column] == FORMULA, stem
    rows = _csv(files["downloads/awards.csv"])
    assert rows[1][rows[0].index("citation")] == "'+1+1\nข้อความ"  # a multi-line cell starts with its first line
    book = load_workbook(io.BytesIO(files["downloads/portal.xlsx"]))
    for stem, column in where.items():
        ws = book[NEW[stem][1]]
        cell = ws.cell(row=2, column=[c.value for c in ws[1]].index(column) + 1)
        assert cell.data_type == "s" and cell.value == FORMULA, stem
    with zipfile.ZipFile(io.BytesIO(files["downloads/portal.xlsx"])) as z:
        assert not [n for n in z.namelist() if n.startswith("xl/worksheets/") and "<f>" in z.read(n).decode()]


def test_without_the_optional_sheets_the_files_have_headers_only(tmp_path):
    """A workbook without the optional sheets still gets the files (the page links them), header row only."""
    from generator.workbook.template import write_workbook

    rows = small_rows()
    for key in ("festival", "awards", "provinces", "documents"):
        rows[key] = []
    path = tmp_path / "master.xlsx"
    write_workbook(path, rows)
    portal, problems = pipeline.check(path)
    assert portal is not None, [str(p) for p in problems]
    files = downloads.download_files(portal)
    for stem, (sheet, title) in NEW.items():
        assert _csv(files[f"downloads/{stem}.csv"]) == [_public(sheet)], stem
        assert json.loads(files["downloads/portal.json"])[stem] == [], stem
        assert load_workbook(io.BytesIO(files["downloads/portal.xlsx"]))[title].max_row == 1, stem


def test_downloads_page_lists_the_new_files(portal):
    page = render.render_pages(portal)["downloads/index.md"]
    for stem in NEW:
        assert f"]({stem}.csv)" in page and f"[{stem}.csv]" not in page  # a readable title, not the file name
    assert "[รางวัลประกาศเกียรติคุณในงานมหกรรมการออม](awards.csv)" in page
    assert "[หนังสือราชการของโครงการ](documents.csv)<br>1 ฉบับ" in page


def test_every_national_download_may_be_a_letters_attachment(portal):
    """A letter may attach any national file of /downloads/ (attachments.DOWNLOADS), and only those."""
    from generator import attachments

    national = {path.removeprefix("downloads/") for path in downloads.national_files(portal)}
    assert set(attachments.DOWNLOADS) == national
    pages = attachments.site_pages((), set(), set(), set())
    assert "/downloads/festival.csv" in pages and "/downloads/provinces/31.xlsx" not in pages
