"""Unit tests for the Thai quirks normalise.py turns into clean values."""

from __future__ import annotations

import datetime as dt
import zipfile
from decimal import Decimal

import pytest

from generator.workbook import normalise as n
from generator.workbook.schema import PLAN_STATUSES, WELFARE_TYPES

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


@pytest.mark.parametrize(
    "text",
    [
        "20/1/2567",
        "20/01/2567",
        "20-01-2567",
        "20.1.67",
        "20/1/67",
        "20 ม.ค. 67",
        "20 ม.ค. 2567",
        "20 ม.ค.2567",
        "20 มค 67",
        "20 มกราคม 2567",
        "20 มกราคม พ.ศ. 2567",
        "วันที่ 20 มกราคม 2567",
        "2024-01-20",
        "2024-01-20 00:00:00",
        "2567-01-20",
        "20/1/2024",
        " 20/1/2567 ",
    ],
)
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


@pytest.mark.parametrize(
    "value, expected",
    [
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
    ],
)
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


@pytest.mark.parametrize(
    "value",
    [
        3101,
        3101.0,
        "3101",
        "'3101",
        " 3101 ",
        "3101.0",
        "\u200b3101",
        "3101\u200b",
        "\ufeff3101",
        "3101\u00a0",
        "\u00a03101\u00a0",
        "31\u200b01",
        "๓๑๐๑",
        "'๓๑๐๑",
    ],
)
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


@pytest.mark.parametrize(
    "value, expected",
    [
        ("25,000", Decimal(25000)),
        ("25000", Decimal(25000)),
        ("๒๕,๐๐๐ บาท", Decimal(25000)),
        ("25,000 บาท", Decimal(25000)),
        ("25,000บาท", Decimal(25000)),
        ("25,000.50", Decimal("25000.50")),
        (25000, Decimal(25000)),
        (25000.5, Decimal("25000.5")),
        ("\u00a025,000\u200b", Decimal(25000)),
    ],
)
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


@pytest.mark.parametrize(
    "value",
    [None, "", "   ", "-", " - ", "–", "—", "N/A", "n/a", "NA", "ไม่มี", "ไม่ระบุ", "\u200b", "\u00a0", "ไม่มี\u200b"],
)
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
        "บรรยายประกอบสื่อ Power point",
        "เปิดเวทีให้ซักถาม",
    )


def test_parse_lines_keeps_hyphens_inside_words():
    assert n.parse_lines("ถาม-ตอบ") == ("ถาม-ตอบ",)
    assert n.parse_lines("- ถาม-ตอบ - สรุป") == ("ถาม-ตอบ", "สรุป")


# --- choices -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, expected",
    [
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
    ],
)
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


# --- Thai text as the officer meant it (issue #13) ------------------------------------------

NIKHAHIT, SARA_AA, MAI_THO = "\u0e4d", "\u0e32", "\u0e49"


@pytest.mark.parametrize(
    "typed, meant",
    [
        ("อ" + NIKHAHIT + SARA_AA + "เภอ", "อำเภอ"),  # sara am typed as two characters
        ("น" + NIKHAHIT + MAI_THO + SARA_AA, "น้ำ"),  # … with the tone mark between them
        ("น" + MAI_THO + NIKHAHIT + SARA_AA, "น้ำ"),  # … with the tone mark first
        ("น\u0e33" + MAI_THO, "น้ำ"),  # the tone mark typed after sara am
        ("กำลังดำเนินการ", "กำลังดำเนินการ"),  # already right: unchanged
    ],
)
def test_sara_am_typed_as_two_characters_is_one(typed, meant):
    assert n.clean_text(typed) == meant
    assert n.clean_text(typed).encode() == meant.encode()  # the same code points, not just the same look


def test_sara_am_typed_as_two_characters_matches_a_choice():
    typed = "ก" + NIKHAHIT + SARA_AA + "ลังด" + NIKHAHIT + SARA_AA + "เนินการ"
    assert n.parse_choice(typed, PLAN_STATUSES) == "กำลังดำเนินการ"


def test_clean_text_is_nfc():
    assert n.clean_text("Cafe\u0301") == "Caf\u00e9"


@pytest.mark.parametrize(
    "mark",
    [
        "\u200e",
        "\u200f",
        "\u061c",
        "\u202a",
        "\u202b",
        "\u202c",
        "\u202d",
        "\u202e",
        "\u2066",
        "\u2067",
        "\u2068",
        "\u2069",
    ],
)
def test_bidi_controls_are_dropped(mark):
    assert n.clean_text(f"เมือง{mark}บุรีรัมย์{mark}") == "เมืองบุรีรัมย์"


@pytest.mark.parametrize(
    "char",
    [chr(c) for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F)]
    + [chr(c) for c in range(0x80, 0xA0)]
    + ["\ufffe", "\uffff", "\ud800", "\udfff"],
)
def test_control_characters_are_dropped(char):
    assert n.clean_text(f"a{char}b") == "ab"


def test_tab_and_cr_become_spaces_and_line_breaks_stay():
    assert n.clean_text("a\tb\r\nc") == "a b\nc"
    assert n.clean_text("a\u2028b\u2029c") == "a\nb\nc"  # Unicode's line and paragraph separators


# --- shown: a cell's value as the officer sees it --------------------------------------------


@pytest.mark.parametrize(
    "value, text",
    [
        (None, "(ว่าง)"),
        (dt.date(1900, 1, 12), "12"),  # 12 typed into a date- or time-formatted cell
        (dt.datetime(1900, 1, 8, 7, 12), "8.3"),  # 8.30 typed into a time-formatted cell: the number 8.3
        (dt.datetime(1899, 12, 30, 16, 45), "16.45"),  # a fraction of a day alone is a time
        (dt.time(8, 30), "08.30"),
        (dt.timedelta(hours=12), "12.00"),  # an [h]:mm cell
        (dt.date(2024, 1, 20), "20/1/2567"),
        (dt.datetime(2024, 1, 20), "20/1/2567"),
        (dt.datetime(2024, 1, 20, 14, 30), "20/1/2567 14.30"),
        (dt.date(2567, 1, 20), "20/1/2567"),  # a year already in Buddhist Era is kept
        (812345678.0, "812345678"),
        (0.1 + 0.2, "0.3"),
        (25, "25"),
        (True, "TRUE"),
        ("เมือง\u202eบุรีรัมย์\nบรรทัดสอง", "เมืองบุรีรัมย์ บรรทัดสอง"),
    ],
)
def test_shown(value, text):
    assert n.shown(value) == text


def test_shown_cuts_a_long_cell():
    text = n.shown("ก" * 500)
    assert len(text) == n.SHOWN_CHARS and text.endswith("…")


@pytest.mark.parametrize(
    "parse, value, quoted",
    [
        (n.parse_time, dt.date(1900, 2, 25), "'56'"),  # 56 typed into a time cell was quoted as '1900-02-25'
        (n.parse_date, dt.date(1900, 1, 12), "'12'"),
        (n.parse_date, 12, "'12'"),
        (n.parse_money, dt.date(2024, 1, 20), "'20/1/2567'"),
        (n.parse_int, 2.5, "'2.5'"),
        (n.parse_bool, dt.time(8, 0), "'08.00'"),
        (n.parse_slug, "ก ข", "'ก ข'"),
        (lambda v: n.parse_code(v, 4), dt.datetime(2024, 1, 20), "'20/1/2567'"),
        (lambda v: n.parse_choice(v, WELFARE_TYPES), None, "(ว่าง)"),
    ],
)
def test_messages_quote_what_the_cell_shows(parse, value, quoted):
    with pytest.raises(n.CellError) as err:
        parse(value)
    message = str(err.value)
    assert quoted in message
    assert "None" not in message and "1900" not in message and "datetime" not in message
    assert " / " in message  # Thai first, then English


def test_a_number_typed_into_a_time_or_date_formatted_cell_is_the_number():
    assert n.parse_time(dt.date(1900, 1, 12)) == dt.time(12, 0)
    assert n.parse_time(dt.datetime(1900, 1, 8, 7, 12)) == dt.time(8, 30)  # 8.30, not 07:12
    assert n.parse_time(dt.timedelta(hours=8, minutes=30)) == dt.time(8, 30)
    assert n.parse_int(dt.date(1900, 1, 20)) == 20
    assert n.parse_code(dt.date(1900, 1, 31), 2) == "31"


def test_not_a_number_is_an_error_not_a_crash():
    for value in ("nan", "inf", "-inf", float("nan")):
        with pytest.raises(n.CellError):
            n.parse_money(value)


# --- end to end: a name typed with sara am as two characters, a right-to-left override --------


def test_a_district_typed_with_sara_am_as_two_characters_is_accepted(make_workbook):
    from generator import pipeline

    def edit(rows):  # Lam Plai Mat, Buri Ram: ลำปลายมาศ typed as ล + ํ + า …
        rows["districts"].append(
            dict(
                district_code="3110",
                province="บุรีรัมย์",
                district="อ" + NIKHAHIT + SARA_AA + "เภอล" + NIKHAHIT + SARA_AA + "ปลายมาศ",
                network_name="เครือข่ายอำเภอล" + NIKHAHIT + SARA_AA + "ปลายมาศ",
            )
        )

    portal, problems = pipeline.check(make_workbook(edit))
    assert portal is not None, [str(p) for p in problems]
    district = next(d for p in portal.provinces for d in p.districts if d.code == "3110")
    assert district.name == "ลำปลายมาศ" and district.network_name == "เครือข่ายอำเภอลำปลายมาศ"


def test_a_right_to_left_override_reaches_no_page_and_no_download(make_workbook, tmp_path):
    from generator import pipeline

    def edit(rows):
        rows["districts"][0]["notes"] = "ประชุม\u202eครบ\u0085ทุกคน\u200f"
        rows["curriculum"][0]["scope"] = '\u202e=HYPERLINK("http://evil.example")\nหัวข้อ\u2066สอง\u2069'

    pipeline.build(make_workbook(edit), tmp_path / "docs")
    written = [p for p in (tmp_path / "docs").rglob("*") if p.is_file()]
    for path in written:
        data = path.read_bytes()
        if path.suffix == ".xlsx":  # what the workbook holds, not its compressed bytes (any byte pair occurs there)
            with zipfile.ZipFile(path) as book:
                data = b"".join(book.read(name) for name in book.namelist())
        for char in ("\u202e", "\u0085", "\u200f", "\u2066", "\u2069"):
            assert char.encode() not in data, (path, char)
    csv_text = (tmp_path / "docs" / "downloads" / "districts.csv").read_text(encoding="utf-8-sig")
    assert "ประชุมครบทุกคน" in csv_text  # the text itself is published, only the controls are gone
    assert "'=HYPERLINK" in (tmp_path / "docs" / "downloads" / "curriculum.csv").read_text(encoding="utf-8-sig")
