"""Unit tests for the Thai quirks normalise.py turns into clean values."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from generator import normalise as n
from generator.schema import PLAN_STATUSES, WELFARE_TYPES

JAN_20_2024 = dt.date(2024, 1, 20)


# --- Thai numerals -------------------------------------------------------------------------

def test_thai_numerals_in_numbers():
    assert n.parse_int("๒๐") == 20
    assert n.parse_money("๒๕๐๐๐") == Decimal(25000)
    assert n.parse_int("๒๐ คน") == 20


def test_thai_numerals_in_codes():
    assert n.parse_code("๓๑๐๑", 4) == "3101"
    assert n.parse_code("๓๑", 2) == "31"


@pytest.mark.parametrize("text", ["๒๐/๑/๒๕๖๗", "๒๐ มกราคม ๒๕๖๗", "๒๐ ม.ค. ๖๗", "๒๐๒๔-๐๑-๒๐"])
def test_thai_numerals_in_dates(text):
    assert n.parse_date(text) == (JAN_20_2024, None)


# --- dates -------------------------------------------------------------------------------

@pytest.mark.parametrize("value", [dt.datetime(2567, 1, 20), dt.datetime(2567, 1, 20, 14, 30), dt.date(2567, 1, 20)])
def test_buddhist_era_year_in_a_date_cell_is_converted_with_a_note(value):
    date, note = n.parse_date(value)
    assert date == JAN_20_2024
    assert note is not None
    assert "2567" in note and "2024" in note
    thai, english = note.split(" / ", 1)
    assert "พุทธศักราช" in thai
    assert "Buddhist Era" in english


def test_christian_era_date_cell_has_no_note():
    assert n.parse_date(dt.datetime(2024, 1, 20)) == (JAN_20_2024, None)
    assert n.parse_date(dt.date(2024, 1, 20)) == (JAN_20_2024, None)


@pytest.mark.parametrize("text", [
    "20/1/2567", "20/01/2567", "20-01-2567", "20.1.67", "20/1/67",
    "20 ม.ค. 67", "20 ม.ค. 2567", "20 ม.ค.2567", "20 มค 67",
    "20 มกราคม 2567", "20 มกราคม พ.ศ. 2567", "วันที่ 20 มกราคม 2567",
    "2024-01-20", "2024-01-20 00:00:00", "2567-01-20",
    "20/1/2024", " 20/1/2567 ",
])
def test_date_text_forms(text):
    date, _ = n.parse_date(text)
    assert date == JAN_20_2024


def test_two_digit_year_is_buddhist_era():
    # 67 means 2567 BE = 2024, never 1967 or 2067
    assert n.parse_date("1/2/67")[0] == dt.date(2024, 2, 1)


@pytest.mark.parametrize("serial", [45311, 45311.0, 45311.75])
def test_excel_serial_numbers(serial):
    assert n.parse_date(serial) == (JAN_20_2024, None)


def test_excel_serial_epoch_is_1899_12_30():
    assert n.parse_date(45292)[0] == dt.date(2024, 1, 1)


@pytest.mark.parametrize("text", ["31/2/2567", "29/2/2566", "32/1/2567", "20/13/2567", "31 เมษายน 2567"])
def test_impossible_dates_raise(text):
    with pytest.raises(n.CellError) as err:
        n.parse_date(text)
    assert " / " in str(err.value)


def test_29_february_of_a_leap_year_is_fine():
    assert n.parse_date("29/2/2567")[0] == dt.date(2024, 2, 29)


@pytest.mark.parametrize("value", ["20 Jan", "tomorrow", "20/1", 0, -5, True, "1/1/2443", "1/1/1990"])
def test_unreadable_or_implausible_dates_raise(value):
    with pytest.raises(n.CellError):
        n.parse_date(value)


# --- times -------------------------------------------------------------------------------

@pytest.mark.parametrize("value, expected", [
    ("08.00", dt.time(8, 0)),
    ("08:00", dt.time(8, 0)),
    ("8.30", dt.time(8, 30)),
    ("๐๘.๐๐ น.", dt.time(8, 0)),
    ("๐๘.๓๐ น", dt.time(8, 30)),
    ("13:15 น.", dt.time(13, 15)),
    ("8", dt.time(8, 0)),
    (8, dt.time(8, 0)),
    (0.5, dt.time(12, 0)),
    (0.3541666666, dt.time(8, 30)),
    (8.5 / 24, dt.time(8, 30)),
    (dt.time(8, 30), dt.time(8, 30)),
    (dt.datetime(1899, 12, 30, 16, 45), dt.time(16, 45)),
])
def test_times(value, expected):
    assert n.parse_time(value) == expected


@pytest.mark.parametrize("value", ["25.00", "08.60", "08.00-09.00", "เช้า", "8.5.0"])
def test_bad_times_raise(value):
    with pytest.raises(n.CellError):
        n.parse_time(value)


def test_time_fraction_just_before_midnight_does_not_crash():
    # 23:59:59 as a fraction of a day; must give a time or a CellError, never an uncaught ValueError
    try:
        value = n.parse_time(0.99999)
    except n.CellError:
        return
    assert isinstance(value, dt.time)


@pytest.mark.parametrize("value, expected", [(8.3, dt.time(8, 30)), (10.5, dt.time(10, 50))])
def test_time_typed_as_a_decimal_number(value, expected):
    assert n.parse_time(value) == expected


# --- codes -------------------------------------------------------------------------------

@pytest.mark.parametrize("value", [
    3101, 3101.0, "3101", "'3101", " 3101 ", "3101.0",
    "\u200b3101", "3101\u200b", "\ufeff3101", "3101\u00a0", "\u00a03101\u00a0", "31\u200b01",
    "๓๑๐๑", "'๓๑๐๑",
])
def test_codes(value):
    assert n.parse_code(value, 4) == "3101"


def test_code_result_is_text_keeping_leading_zero():
    assert n.parse_code("0101", 4) == "0101"


@pytest.mark.parametrize("value", [310, "310", "31011", 31011, 3101.5, "31O1", "", "abcd"])
def test_code_of_wrong_length_or_shape_raises(value):
    with pytest.raises(n.CellError) as err:
        n.parse_code(value, 4)
    assert "4" in str(err.value)


def test_two_digit_code():
    assert n.parse_code(31, 2) == "31"
    with pytest.raises(n.CellError):
        n.parse_code("3101", 2)


# --- numbers -----------------------------------------------------------------------------

@pytest.mark.parametrize("value, expected", [
    ("25,000", Decimal(25000)),
    ("25000", Decimal(25000)),
    ("๒๕,๐๐๐ บาท", Decimal(25000)),
    ("25,000 บาท", Decimal(25000)),
    ("25,000บาท", Decimal(25000)),
    ("25,000.50", Decimal("25000.50")),
    (25000, Decimal(25000)),
    (25000.5, Decimal("25000.5")),
    ("\u00a025,000\u200b", Decimal(25000)),
])
def test_money(value, expected):
    assert n.parse_money(value) == expected


@pytest.mark.parametrize("value", ["฿25,000", "25,000.-"])
def test_money_with_baht_sign_or_dash(value):
    assert n.parse_money(value) == Decimal(25000)


@pytest.mark.parametrize("value, expected", [("20", 20), ("20 คน", 20), ("1,200", 1200), (20.0, 20), ("๒๐", 20)])
def test_int(value, expected):
    assert n.parse_int(value) == expected
    assert type(n.parse_int(value)) is int


@pytest.mark.parametrize("value", [-1, -0.5, "-5", "-25,000", "-๕"])
def test_negative_numbers_raise(value):
    with pytest.raises(n.CellError) as err:
        n.parse_money(value)
    assert "ติดลบ" in str(err.value) and "negative" in str(err.value)
    with pytest.raises(n.CellError):
        n.parse_int(value)


@pytest.mark.parametrize("value", ["สองหมื่น", "20 ดอลลาร์", True, dt.date(2024, 1, 1), dt.time(8, 0)])
def test_non_numbers_raise(value):
    with pytest.raises(n.CellError):
        n.parse_money(value)


def test_int_rejects_fraction():
    with pytest.raises(n.CellError):
        n.parse_int("2.5")


# --- empty -------------------------------------------------------------------------------

@pytest.mark.parametrize("value", [None, "", "   ", "-", " - ", "–", "—", "N/A", "n/a", "NA", "ไม่มี", "ไม่ระบุ",
                                   "\u200b", "\u00a0", "ไม่มี\u200b"])
def test_empty_markers(value):
    assert n.is_empty(value)


@pytest.mark.parametrize("value", [0, "0", "๐", 0.0, "x", "ไม่มีข้อมูลเพิ่มเติม", "-5", False])
def test_not_empty(value):
    assert not n.is_empty(value)


# --- text --------------------------------------------------------------------------------

def test_clean_text_removes_zero_width_and_bom():
    assert n.clean_text("\ufeffเมือง\u200bบุรีรัมย์") == "เมืองบุรีรัมย์"
    assert "\u200b" not in n.clean_text("a\u200bb") and "\ufeff" not in n.clean_text("\ufeffab")


def test_clean_text_nbsp_becomes_space_and_trims():
    assert n.clean_text("\u00a0 บ้าน\u00a0บ่อทอง \u00a0") == "บ้าน บ่อทอง"
    assert n.clean_text("a\u00a0\u00a0b") == "a b"
    assert n.clean_text("  a  \n  b  ") == "a\nb"


def test_parse_text_is_one_line_and_keeps_whole_numbers_whole():
    assert n.parse_text("บรรทัดหนึ่ง\nบรรทัดสอง") == "บรรทัดหนึ่ง บรรทัดสอง"
    assert n.parse_text(812345678.0) == "812345678"
    assert n.parse_text("0812345678") == "0812345678"
    with pytest.raises(n.CellError):
        n.parse_text(dt.date(2024, 1, 20))


# --- lines -------------------------------------------------------------------------------

def test_parse_lines_one_item_per_line():
    assert n.parse_lines("ลงทะเบียน\nชี้แจงวัตถุประสงค์") == ("ลงทะเบียน", "ชี้แจงวัตถุประสงค์")


def test_parse_lines_drops_bullets_and_blank_lines():
    assert n.parse_lines("- ลงทะเบียน\n\n• ชี้แจง\n  - ซักถาม  ") == ("ลงทะเบียน", "ชี้แจง", "ซักถาม")


def test_parse_lines_splits_items_typed_on_one_line():
    assert n.parse_lines("- a - b") == ("a", "b")
    assert n.parse_lines("- บรรยายประกอบสื่อ Power point - เปิดเวทีให้ซักถาม") == (
        "บรรยายประกอบสื่อ Power point", "เปิดเวทีให้ซักถาม")


def test_parse_lines_keeps_hyphens_inside_words():
    assert n.parse_lines("ถาม-ตอบ") == ("ถาม-ตอบ",)
    assert n.parse_lines("- ถาม-ตอบ - สรุป") == ("ถาม-ตอบ", "สรุป")


# --- choices -----------------------------------------------------------------------------

@pytest.mark.parametrize("value, expected", [
    ("การศึกษา", "การศึกษา"),
    (" การศึกษา ", "การศึกษา"),
    ("education", "การศึกษา"),
    ("Education", "การศึกษา"),
    ("EDUCATION", "การศึกษา"),
    ("old_age", "ผู้สูงอายุ"),
    ("old age", "ผู้สูงอายุ"),
    ("อื่น ๆ", "อื่น ๆ"),
    ("อื่นๆ", "อื่น ๆ"),
    ("other", "อื่น ๆ"),
])
def test_parse_choice_welfare(value, expected):
    assert n.parse_choice(value, WELFARE_TYPES) == expected


def test_parse_choice_every_thai_value_and_english_key():
    for choices in (WELFARE_TYPES, PLAN_STATUSES):
        for thai, english in choices:
            assert n.parse_choice(thai, choices) == thai
            assert n.parse_choice(english, choices) == thai


def test_parse_choice_rejects_other_values_and_lists_allowed():
    with pytest.raises(n.CellError) as err:
        n.parse_choice("กีฬา", WELFARE_TYPES)
    assert "การศึกษา" in str(err.value)
    with pytest.raises(n.CellError):
        n.parse_choice("done", WELFARE_TYPES)
