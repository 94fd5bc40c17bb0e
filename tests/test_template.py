"""The blank workbook editors start from: filled in as an editor would, it passes `check`."""

import datetime as dt

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from generator.pipeline import check
from generator.workbook.schema import DISTRICTS, GUIDE_SHEET, LISTS_SHEET, PLANS, SHEETS, WELFARE_TYPES
from generator.workbook.template import NUMBER_FORMATS, write_template


def _validations(ws):
    return {str(dv.sqref).split(":")[0][:-1]: dv.formula1 for dv in ws.data_validations.dataValidation}


def _typed_format(ws, column: str) -> str:
    """The number format a value typed under the header gets in Excel or LibreOffice: its column's style,
    which a new cell takes (asserted below: no cell there keeps a style of its own that differs)."""
    return ws.column_dimensions[column].number_format


def _assert_typed_formats(ws, sheet):
    expected = {get_column_letter(i): NUMBER_FORMATS.get(col.type, "General") for i, col in enumerate(sheet.columns, 1)}
    assert {letter: _typed_format(ws, letter) for letter in expected} == expected
    for row in ws.iter_rows(min_row=2):  # cells written with data (the curriculum) carry their column's format too
        assert [c.number_format for c in row] == [expected[c.column_letter] for c in row]


def test_template_has_guide_thai_headers_and_dropdowns(tmp_path):
    path = tmp_path / "template.xlsx"
    write_template(path)
    book = load_workbook(path)
    assert book.sheetnames[0] == GUIDE_SHEET
    assert book[LISTS_SHEET].sheet_state == "hidden"
    assert book[LISTS_SHEET].max_row == 879  # header + 878 districts outside Bangkok
    for sheet in SHEETS:
        ws = book[sheet.label]
        assert [c.value for c in ws[1]] == [col.label for col in sheet.columns]
        assert ws.freeze_panes == "A2"
        _assert_typed_formats(ws, sheet)
    plans = _validations(book[PLANS.label])
    assert plans["E"] == '"' + ",".join(t for t, _ in WELFARE_TYPES) + '"'  # welfare_type is column E
    assert plans["A"] == f"'{LISTS_SHEET}'!$A$2:$A$879"  # district code from the list
    assert _typed_format(book[DISTRICTS.label], "H") == "d/m/yyyy"  # meeting_date
    assert _typed_format(book[DISTRICTS.label], "A") == "@"  # district_code: text, a leading zero is kept
    guide_keys = {row[2].value for row in book[GUIDE_SHEET].iter_rows(min_row=2)}
    assert guide_keys == {col.key for sheet in SHEETS for col in sheet.columns}


def test_filled_template_passes_check(tmp_path):
    path = tmp_path / "template.xlsx"
    write_template(path)
    book = load_workbook(path)
    districts = book[DISTRICTS.label]
    # As an editor types it: code picked from the dropdown, a BE date as text, Thai numerals.
    for col, value in zip("ABCFHL", ["3101 เมืองบุรีรัมย์ (บุรีรัมย์)", "บุรีรัมย์", "เมืองบุรีรัมย์", "๒๕,๐๐๐", "8 ธ.ค. 2566", "๑๘"]):
        districts[f"{col}2"] = value
    plans = book[PLANS.label]
    for col, value in zip("ABCE", ["3101 เมืองบุรีรัมย์ (บุรีรัมย์)", 1, "ทุนการศึกษา", "การศึกษา"]):
        plans[f"{col}2"] = value
    book.save(path)
    portal, problems = check(path)
    assert [str(p) for p in problems if p.level == "error"] == []
    district = portal.districts[0]
    assert (district.code, district.meeting_date, district.participants) == ("3101", dt.date(2023, 12, 8), 18)
    assert [item.welfare_type for item in district.plan] == ["การศึกษา"]
    assert [s.session_id for s in portal.sessions] == ["1-1", "1-2", "1-3", "1-4", "2-1"]  # the seed's curriculum


def test_festival_and_provinces_sheets_round_trip(tmp_path):
    """The two optional sheets: province dropdowns from the hidden list, and filled in as an editor would."""
    from generator.workbook.schema import FESTIVAL, PROVINCES

    path = tmp_path / "template.xlsx"
    write_template(path)
    book = load_workbook(path)
    province_list = f"'{LISTS_SHEET}'!$B$2:$B$77"  # 76 provinces outside Bangkok
    assert _validations(book[FESTIVAL.label])["A"] == province_list
    assert _validations(book[PROVINCES.label])["A"] == province_list
    assert book[LISTS_SHEET]["B2"].value == "11 สมุทรปราการ"
    assert _typed_format(book[FESTIVAL.label], "H") == "d/m/yyyy"  # deposit_reported
    guide = [(row[0].value, row[2].value, row[5].value) for row in book[GUIDE_SHEET].iter_rows(min_row=2)]
    assert (PROVINCES.label, "contact_mobile", "ไม่เผยแพร่ (ข้อมูลส่วนบุคคล)") in guide
    districts = book[DISTRICTS.label]
    for col, value in zip("ABC", ["3101 เมืองบุรีรัมย์ (บุรีรัมย์)", "บุรีรัมย์", "เมืองบุรีรัมย์"]):
        districts[f"{col}2"] = value
    festival = book[FESTIVAL.label]
    for col, value in zip("ABCDHI", ["31 บุรีรัมย์", "บุรีรัมย์", "๑,๒๐๐", "60,000 บาท", "20 ก.พ. 2567", "6/3/2567"]):
        festival[f"{col}2"] = value
    offices = book[PROVINCES.label]
    for col, value in zip(
        "ABEFH", ["31 บุรีรัมย์", "จังหวัดบุรีรัมย์", "๐ ๔๕๖๖ ๖๕๑๒", "saraban_buriram@cdd.mail.go.th", "สมศรี ใจดี"]
    ):
        offices[f"{col}2"] = value
    book.save(path)
    portal, problems = check(path)
    assert [str(p) for p in problems if p.level == "error"] == []
    f = portal.festival.rows[0]
    assert (f.province_code, f.members_added, f.deposit_reported, f.event_start) == (
        "31",
        1200,
        dt.date(2024, 2, 20),
        dt.date(2024, 3, 6),
    )
    office = portal.offices[0]
    assert (office.province_code, office.office_name, office.phone_link) == (
        "31",
        "สำนักงานพัฒนาชุมชนจังหวัดบุรีรัมย์",
        "045666512",
    )
