"""Reading odd layouts and validating the sheets: every problem names its sheet and cell,
in Thai first and English after ' / ', and never shows a private value."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from generator.pipeline import check
from generator.workbook import normalise
from generator.workbook.problems import ERROR, WARNING
from generator.workbook.read import read_workbook
from generator.workbook.schema import DISTRICTS, PLANS, SHEETS

from .conftest import small_rows

THAI = re.compile(r"[\u0e00-\u0e7f]")


def letter(sheet, key: str) -> str:
    """The column letter the template puts `key` in."""
    return get_column_letter([c.key for c in sheet.columns].index(key) + 1)


def errors(problems):
    return [p for p in problems if p.level == ERROR]


def warnings(problems):
    return [p for p in problems if p.level == WARNING]


def assert_thai_then_english(problem):
    thai, sep, english = problem.message.partition(" / ")
    assert sep, f"no ' / ' in {problem.message!r}"
    first_letter = next(ch for ch in thai if ch.isalpha())
    assert THAI.match(first_letter), f"message does not start in Thai: {problem.message!r}"
    # English words after ' / ' (a quoted cell value may come first: "'กีฬา' is not one of ...")
    assert re.match(r"\s*(?:'[^']*'\s*)*[A-Za-z]{2,}", english), f"no English after ' / ': {problem.message!r}"
    assert str(problem) == f"{problem.sheet}!{problem.cell}: {problem.message}"


def checked(path):
    portal, problems = check(path)
    for p in problems:
        assert_thai_then_english(p)
    return portal, problems


def table(sheet, rows, header=None) -> list[list]:
    """Header then one list of values per row dict; a None row becomes a blank row."""
    head = header or [c.label for c in sheet.columns]
    return [head] + [[] if r is None else [r.get(c.key) for c in sheet.columns] for r in rows]


def write_raw(path, layout: dict[str, list[list]], style=None):
    """Write sheets exactly as given: {title: [row values, ...]}; `style(ws)` may decorate."""
    book = Workbook()
    book.remove(book.active)
    for title, rows in layout.items():
        ws = book.create_sheet(title)
        for values in rows:
            ws.append(values)
        if style:
            style(title, ws)
    book.save(path)
    return path


def default_layout(rows=None) -> dict[str, list[list]]:
    rows = rows or small_rows()
    return {s.label: table(s, rows.get(s.key, [])) for s in SHEETS}


@pytest.fixture
def base_portal(make_workbook):
    portal, problems = checked(make_workbook(name="base.xlsx"))
    assert portal is not None and errors(problems) == []
    return portal


# --- reading odd layouts -----------------------------------------------------------------


def odd_header(key: str, i: int) -> str:
    return (f"  {key.upper()} ", key.replace("_", " ").title(), f"{key} ", key.replace("_", "-").capitalize() + "  ")[
        i % 4
    ]


def test_english_keys_as_headers_with_odd_case_and_spaces(tmp_path, base_portal):
    layout = {}
    rows = small_rows()
    for s in SHEETS:
        header = [odd_header(c.key, i) for i, c in enumerate(s.columns)]
        assert header != [c.key for c in s.columns]
        layout[s.label] = table(s, rows.get(s.key, []), header)
    portal, problems = checked(write_raw(tmp_path / "english.xlsx", layout))
    assert problems == []
    assert portal == base_portal


def test_english_sheet_names_are_accepted(tmp_path, base_portal):
    rows = small_rows()
    layout = {f" {s.key.title()} ": table(s, rows.get(s.key, [])) for s in SHEETS}
    portal, problems = checked(write_raw(tmp_path / "english_sheets.xlsx", layout))
    assert problems == []
    assert portal == base_portal


def test_title_rows_above_the_header_are_skipped(tmp_path, base_portal):
    layout = default_layout()
    layout[DISTRICTS.label] = [["รายงานผลการดำเนินงานเครือข่าย ปีงบประมาณ 2567"], []] + layout[DISTRICTS.label]
    portal, problems = checked(write_raw(tmp_path / "title.xlsx", layout))
    assert problems == []
    assert portal == base_portal

    # cells are still named right: the first data row is now row 4
    rows = small_rows()
    rows["districts"][0]["district"] = "คูเมือง"
    layout = default_layout(rows)
    layout[DISTRICTS.label] = [["รายงานผลการดำเนินงานเครือข่าย ปีงบประมาณ 2567"], []] + layout[DISTRICTS.label]
    portal, problems = checked(write_raw(tmp_path / "title_bad.xlsx", layout))
    assert portal is None
    assert [(p.sheet, p.cell) for p in errors(problems)] == [(DISTRICTS.label, f"{letter(DISTRICTS, 'district')}4")]


def test_thousands_of_formatted_empty_rows_are_ignored(tmp_path, base_portal):
    fill = PatternFill("solid", fgColor="FFFF00")

    def style(title, ws):
        if title != DISTRICTS.label:
            return
        for row in range(ws.max_row + 1, 3001):
            for col in (1, 2, 5, 12):
                cell = ws.cell(row=row, column=col)
                cell.fill = fill
                cell.font = Font(bold=True)
                cell.number_format = "dd/mm/yyyy"
        ws.cell(row=2999, column=3).value = "   "  # whitespace only, as exports leave behind
        ws.cell(row=3000, column=4).value = "\u200b"

    path = write_raw(tmp_path / "formatted.xlsx", default_layout(), style)
    assert load_workbook(path)[DISTRICTS.label].max_row == 3000  # the formatted rows are really there

    sheets, problems = read_workbook(path)
    assert [r.number for r in sheets["districts"].rows] == [2, 3, 4]
    assert problems == []
    portal, problems = checked(path)
    assert problems == []
    assert portal == base_portal


def test_blank_row_in_the_middle_is_skipped_and_rows_keep_their_numbers(tmp_path, base_portal):
    rows = small_rows()
    layout = default_layout(rows)
    layout[DISTRICTS.label] = table(DISTRICTS, [rows["districts"][0], None, *rows["districts"][1:]])
    portal, problems = checked(write_raw(tmp_path / "blank.xlsx", layout))
    assert problems == []
    assert portal == base_portal

    rows["districts"][2]["district"] = "แม่ริม"  # 5001 is เมืองเชียงใหม่; its row is now 5
    layout[DISTRICTS.label] = table(DISTRICTS, [rows["districts"][0], None, *rows["districts"][1:]])
    portal, problems = checked(write_raw(tmp_path / "blank_bad.xlsx", layout))
    assert portal is None
    assert [p.cell for p in errors(problems)] == [f"{letter(DISTRICTS, 'district')}5"]


# --- validating --------------------------------------------------------------------------


def test_wrong_district_code_gives_one_error_with_a_suggestion(make_workbook):
    def edit(rows):
        for plan in rows["plans"]:  # keep the plans and awards valid so only the code is wrong
            plan["district_code"] = "3102"
        for award in rows["awards"]:
            award["district_code"] = "3102"
        rows["districts"][0]["district_code"] = "3199"  # the row is เมืองบุรีรัมย์, บุรีรัมย์

    portal, problems = checked(make_workbook(edit))
    assert portal is None
    errs = errors(problems)
    assert len(errs) == 1, [str(p) for p in errs]
    text = str(errs[0])
    assert text.startswith("อำเภอ!A2:")
    assert "3199" in text
    assert "หมายถึง 3101" in text and "did you mean 3101" in text


def test_district_name_not_matching_its_code_names_the_right_name(make_workbook):
    portal, problems = checked(make_workbook(lambda rows: rows["districts"][0].update(district="คูเมือง")))
    assert portal is None
    errs = errors(problems)
    assert len(errs) == 1, [str(p) for p in errs]
    assert (errs[0].sheet, errs[0].cell) == (DISTRICTS.label, f"{letter(DISTRICTS, 'district')}2")
    assert "เมืองบุรีรัมย์" in errs[0].message
    assert "Mueang Buri Ram" in errs[0].message


def test_province_not_matching_its_code(make_workbook):
    portal, problems = checked(make_workbook(lambda rows: rows["districts"][2].update(province="ลำพูน")))
    assert portal is None
    errs = errors(problems)
    assert [(p.sheet, p.cell) for p in errs] == [(DISTRICTS.label, f"{letter(DISTRICTS, 'province')}4")]
    assert "เชียงใหม่" in errs[0].message


def test_duplicate_district_code(make_workbook):
    def edit(rows):
        rows["districts"].append(dict(rows["districts"][0], network_name="ซ้ำ"))

    portal, problems = checked(make_workbook(edit))
    assert portal is None
    errs = errors(problems)
    assert len(errs) == 1, [str(p) for p in errs]
    assert str(errs[0]).startswith("อำเภอ!A5:")
    assert "3101" in errs[0].message and "2" in errs[0].message  # names the first row


def test_passed_more_than_participants_is_an_error_on_the_passed_cell(make_workbook):
    portal, problems = checked(make_workbook(lambda rows: rows["districts"][0].update(participants=20, passed=25)))
    assert portal is None
    errs = errors(problems)
    assert len(errs) == 1, [str(p) for p in errs]
    assert (errs[0].sheet, errs[0].cell) == (DISTRICTS.label, f"{letter(DISTRICTS, 'passed')}2")
    assert "25" in errs[0].message and "20" in errs[0].message


PRIVATE_VALUES = ("0812345678", "081-234-5678", "1101700230705", "somsri@example.org", "สมศรี ใจดี")


def _private_row(rows, phone):
    rows["districts"][0].update(
        district_code="3199",  # a second, unrelated error in the same row
        coordinator_phone=phone,
        coordinator_name="สมศรี ใจดี",
        coordinator_email="somsri@example.org",
        coordinator_national_id="1101700230705",
    )
    rows["districts"][1]["coordinator_phone"] = "081-234-5678"


def test_private_values_never_appear_in_messages_even_when_the_cell_is_invalid(make_workbook):
    # A date is the one thing a text cell cannot hold: the private cell is invalid.
    portal, problems = checked(make_workbook(lambda rows: _private_row(rows, dt.datetime(2024, 8, 12))))
    assert portal is None
    phone_cell = f"{letter(DISTRICTS, 'coordinator_phone')}2"
    flagged = [p for p in errors(problems) if p.cell == phone_cell and p.sheet == DISTRICTS.label]
    assert len(flagged) == 1
    assert "โทรศัพท์ผู้ประสานงาน" in flagged[0].message
    text = "\n".join(map(str, problems))
    for value in PRIVATE_VALUES + ("2024-08-12", "12/8/2024", "2567"):
        assert value not in text


def test_invalid_phone_like_private_value_is_not_echoed(make_workbook, monkeypatch):
    # Make a text parser that rejects phone numbers and quotes them, as every parser quotes
    # its input: the private column's message must still hide the value.
    real = normalise.parse_text

    def strict_text(value):
        if re.fullmatch(r"0[\d-]{8,11}", str(value)):
            raise normalise.CellError(f"ไม่รับ '{value}' / rejected '{value}'")
        return real(value)

    monkeypatch.setattr(normalise, "parse_text", strict_text)
    portal, problems = checked(make_workbook(lambda rows: _private_row(rows, "0812345678")))
    assert portal is None
    phone_cells = {f"{letter(DISTRICTS, 'coordinator_phone')}{row}" for row in (2, 3)}
    assert phone_cells <= {p.cell for p in errors(problems) if p.sheet == DISTRICTS.label}
    text = "\n".join(map(str, problems))
    for value in PRIVATE_VALUES:
        assert value not in text


def test_plan_for_a_district_not_in_the_districts_sheet(make_workbook):
    def edit(rows):
        rows["plans"].append(dict(rows["plans"][0], district_code="5002", item_no=1))  # a real district, not listed

    portal, problems = checked(make_workbook(edit))
    assert portal is None
    errs = errors(problems)
    assert len(errs) == 1, [str(p) for p in errs]
    assert str(errs[0]).startswith(f"{PLANS.label}!A4:")
    assert "5002" in errs[0].message


@pytest.mark.parametrize("sheet", [s for s in SHEETS if s.required], ids=lambda s: s.key)
def test_missing_required_sheet_is_an_error(make_workbook, sheet):
    path = make_workbook()
    book = load_workbook(path)
    del book[sheet.label]
    book.save(path)
    portal, problems = checked(path)
    assert portal is None
    missing = [p for p in errors(problems) if p.sheet == sheet.label]
    assert missing and sheet.label in missing[0].message and sheet.key in missing[0].message


def test_missing_optional_sheet_is_fine(make_workbook):
    optional = [s for s in SHEETS if not s.required]
    assert optional
    path = make_workbook()
    book = load_workbook(path)
    for sheet in optional:
        del book[sheet.label]
    book.save(path)
    portal, problems = checked(path)
    assert portal is not None and errors(problems) == []


def test_unknown_extra_column_is_a_warning_not_an_error(make_workbook, base_portal):
    path = make_workbook()
    book = load_workbook(path)
    ws = book[DISTRICTS.label]
    extra = len(DISTRICTS.columns) + 1
    ws.cell(row=1, column=extra, value="สีประจำกลุ่ม")
    for row in range(2, ws.max_row + 1):
        ws.cell(row=row, column=extra, value="เขียว")
    book.save(path)

    portal, problems = checked(path)
    assert errors(problems) == []
    assert [str(p) for p in warnings(problems)] == [
        f"{DISTRICTS.label}!{get_column_letter(extra)}1: "
        "ไม่รู้จักคอลัมน์ 'สีประจำกลุ่ม' จะไม่นำไปเผยแพร่ / unknown column, not published"
    ]
    assert portal == base_portal


def test_buddhist_era_year_in_a_date_cell_is_a_warning_and_converted(make_workbook):
    path = make_workbook(lambda rows: rows["districts"][0].update(meeting_date=dt.datetime(2566, 12, 8)))
    assert load_workbook(path)[DISTRICTS.label]["H2"].value.year == 2566  # really stored as year 2566

    portal, problems = checked(path)
    assert errors(problems) == []
    assert portal is not None
    warned = warnings(problems)
    assert [(p.sheet, p.cell) for p in warned] == [(DISTRICTS.label, f"{letter(DISTRICTS, 'meeting_date')}2")]
    assert "2566" in warned[0].message and "2023" in warned[0].message
    district = next(d for d in portal.districts if d.code == "3101")
    assert district.meeting_date == dt.date(2023, 12, 8)


def test_every_problem_in_a_messy_workbook_is_thai_then_english(make_workbook):
    def edit(rows):
        d = rows["districts"]
        d[0].update(district_code="3199", meeting_date="31/2/2567", budget_allocated="-5")
        d[1].update(passed=30, participants=20, target_participants="ยี่สิบ", visit_date=dt.datetime(2567, 1, 5))
        d[2].update(province="ลำพูน", district="แม่ริม")
        rows["curriculum"][0].update(start="เช้า", end="25.00")
        rows["plans"][0].update(welfare_type="กีฬา", status="done?")
        rows["plans"].append(dict(rows["plans"][1], district_code="5002"))
        rows["about"][0].update(is_sample="อาจจะ")

    portal, problems = checked(make_workbook(edit))  # checked() asserts the form of every message
    assert portal is None
    assert len(errors(problems)) >= 10
    assert warnings(problems)
