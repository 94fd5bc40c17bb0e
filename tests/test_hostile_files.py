"""Files that are not honest workbooks are refused before they are parsed, with one clear line."""
import zipfile

import pytest
from openpyxl import load_workbook

from generator.pipeline import check
from generator.problems import UnusableWorkbook
from generator.read import MAX_UNPACKED_BYTES

BOMB = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + b"".join(b'<!ENTITY lol%d "%s">' % (i + 1, (b"&lol%d;" % i if i else b"&lol;") * 10) for i in range(9))
        + b']><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
          b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>')


def _rewrite_member(src, dst, name, data):
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info, data if info.filename == name else zin.read(info.filename))


def test_xml_entity_bomb_is_refused(make_workbook, tmp_path):
    good = make_workbook()
    bomb = tmp_path / "bomb.xlsx"
    _rewrite_member(good, bomb, "xl/worksheets/sheet2.xml", BOMB)
    with pytest.raises(UnusableWorkbook, match="XML bomb"):
        check(bomb)


def test_zip_bomb_is_refused_before_unpacking(make_workbook, tmp_path):
    bomb = tmp_path / "zipbomb.xlsx"
    bomb.write_bytes(make_workbook().read_bytes())
    chunk = bytes(2**20)
    with zipfile.ZipFile(bomb, "a", zipfile.ZIP_DEFLATED) as archive, \
            archive.open("xl/media/padding.bin", "w", force_zip64=True) as member:
        for _ in range(MAX_UNPACKED_BYTES // len(chunk) + 1):
            member.write(chunk)
    assert bomb.stat().st_size < 2 * 2**20  # small on disk, huge unpacked
    with pytest.raises(UnusableWorkbook, match="over the limit"):
        check(bomb)


@pytest.mark.parametrize("content, expected", [
    (b"", "the file is empty"),
    (b"district_code,province\n3101,\xe0\xb8\x9a\n", "a CSV or another file renamed"),
])
def test_not_a_workbook(tmp_path, content, expected):
    path = tmp_path / "x.xlsx"
    path.write_bytes(content)
    with pytest.raises(UnusableWorkbook, match=expected):
        check(path)


def test_hidden_and_unknown_sheets_are_warnings(make_workbook, tmp_path):
    path = make_workbook()
    book = load_workbook(path)
    book["หลักสูตร"].sheet_state = "hidden"
    book.create_sheet("โน้ตส่วนตัว")["A1"] = "ร่าง"
    book.save(path)
    portal, problems = check(path)
    assert portal is not None
    assert [str(p) for p in problems] == [
        "หลักสูตร!A1: ชีตนี้ถูกซ่อนอยู่ แต่ยังนำข้อมูลไปใช้ / the sheet is hidden but still read",
        "โน้ตส่วนตัว!A1: ไม่รู้จักชีตนี้ จะไม่นำไปใช้ / unknown sheet, not read",
    ]
    assert all(p.level == "warning" for p in problems)
    assert len(portal.sessions) == 5


def test_merged_cells_give_their_value_to_every_row(make_workbook):
    path = make_workbook()
    book = load_workbook(path)
    ws = book["อำเภอ"]
    ws["B3"] = None  # province of 3102, covered by the merge from B2 (บุรีรัมย์)
    ws.merge_cells("B2:B3")
    book.save(path)
    portal, problems = check(path)
    assert portal is not None, [str(p) for p in problems]
    assert [str(p) for p in problems] == [
        "อำเภอ!B2:B3: เซลล์ผสาน ใช้ค่าของเซลล์แรกกับทุกเซลล์ในช่วง / merged cells: the first cell's value is used for the whole range"]
    assert {d.code for d in portal.districts} == {"3101", "3102", "5001"}


def test_formulas_with_and_without_saved_values(make_workbook, tmp_path):
    path = make_workbook()
    book = load_workbook(path)
    ws = book["อำเภอ"]
    ws["M2"] = "=L2-3"  # passed: a formula that openpyxl saves without its value
    book.save(path)
    portal, problems = check(path)
    assert portal is None
    assert [str(p) for p in problems if p.level == "error"] == [
        "อำเภอ!M2: เซลล์มีสูตรแต่ไม่มีค่าที่คำนวณไว้ ให้เปิดไฟล์ใน Google Sheets หรือ Excel แล้วส่งออกอีกครั้ง"
        " / formula without a saved value; open and export the file again from Google Sheets or Excel"]
    # The same formula with its cached result (as Google Sheets exports it) is read as the value.
    cached = tmp_path / "cached.xlsx"
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(cached, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "xl/worksheets/sheet3.xml":
                assert b"<f>L2-3</f><v /></c>" in data
                data = data.replace(b"<f>L2-3</f><v /></c>", b"<f>L2-3</f><v>17</v></c>")
            zout.writestr(info, data)
    portal, problems = check(cached)
    assert portal is not None, [str(p) for p in problems]
    assert next(d for d in portal.districts if d.code == "3101").passed == 17


def test_renamed_header_suggests_the_expected_column(make_workbook):
    path = make_workbook()
    book = load_workbook(path)
    book["อำเภอ"]["H1"] = "วันจัดประชุม"  # was วันที่จัดประชุม (meeting_date)
    book.save(path)
    portal, problems = check(path)
    assert "อำเภอ!H1: ไม่รู้จักคอลัมน์ 'วันจัดประชุม' จะไม่นำไปเผยแพร่ / unknown column, not published." \
           " หมายถึง 'วันที่จัดประชุม' หรือไม่? / did you mean 'meeting_date'?" in [str(p) for p in problems]
    assert portal is not None and all(d.meeting_date is None for d in portal.districts)


def test_overlong_cell_is_an_error_and_endless_sheet_is_refused(make_workbook, monkeypatch):
    from generator import read

    path = make_workbook(lambda rows: rows["districts"][0].update(notes="PLACEHOLDER"))
    long = path.with_name("overlong.xlsx")  # openpyxl itself truncates at the limit, so write the XML
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(long, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info, zin.read(info.filename).replace(
                b"PLACEHOLDER", ("ก" * (read.MAX_CELL_CHARS + 1)).encode()))
    portal, problems = check(long)
    assert [str(p) for p in problems if p.level == "error"] == [
        "อำเภอ!P2: ข้อความยาวเกิน 32,767 ตัวอักษร / text longer than 32,767 characters"]
    monkeypatch.setattr(read, "MAX_ROWS", 3)  # the small workbook's districts sheet has 4 rows
    with pytest.raises(UnusableWorkbook, match="has more than 3 rows"):
        check(make_workbook(name="long.xlsx"))


def test_defusedxml_refuses_entities_where_the_reader_parses_xml_itself():
    from defusedxml import EntitiesForbidden
    from defusedxml.ElementTree import fromstring

    from generator import read

    assert read.ElementTree.fromstring is fromstring  # the workbook's relationships go through defusedxml
    with pytest.raises(EntitiesForbidden):
        fromstring(BOMB)


def test_entities_declared_after_a_long_prolog_are_still_refused(make_workbook, tmp_path):
    padded = BOMB.replace(b'<?xml version="1.0"?>', b'<?xml version="1.0"?>' + b"<!--" + b"x" * 10_000 + b"-->")
    bomb = tmp_path / "padded.xlsx"
    _rewrite_member(make_workbook(), bomb, "xl/worksheets/sheet3.xml", padded)
    with pytest.raises(UnusableWorkbook):
        check(bomb)
