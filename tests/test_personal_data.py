"""Personal data typed into a public column is an error at its cell, found by `check` before anything is written,
and never echoed whole; a private value the editor also typed publicly is no false alarm."""

from __future__ import annotations

import pytest
from openpyxl.utils import get_column_letter

from generator import cli, pipeline
from generator.mkdocs_ext.leak_scan import scan
from generator.workbook.personal_data import ID, MOBILE, personal_numbers
from generator.workbook.problems import ERROR, WARNING
from generator.workbook.schema import AWARDS, DISTRICTS, PLANS, PROVINCES

VALID_ID = "1101700230708"  # valid checksum (the conftest coordinator's)
OTHER_ID = "3310100512340"


def letter(sheet, key: str) -> str:
    return get_column_letter([c.key for c in sheet.columns].index(key) + 1)


def errors(problems):
    return [p for p in problems if p.level == ERROR]


@pytest.mark.parametrize(
    "text, kind, digits",
    [
        ("1101700230708", ID, VALID_ID),
        ("เลข 1-1017-00230-70-8 ของผู้ประสานงาน", ID, VALID_ID),
        ("1 1017 00230 70 8", ID, VALID_ID),
        ("๑๑๐๑๗๐๐๒๓๐๗๐๘", ID, VALID_ID),
        ("โทร 0812345678", MOBILE, "0812345678"),
        ("โทร 081-234-5678 (คุณสมศรี)", MOBILE, "0812345678"),
        ("081 234 5678", MOBILE, "0812345678"),
        ("0 8123 45678", MOBILE, "0812345678"),
        ("+66 81 234 5678", MOBILE, "0812345678"),
        ("+66812345678", MOBILE, "0812345678"),
        ("(+66) 81-234-5678", MOBILE, "0812345678"),
        ("๐๘๙-๘๗๖-๕๔๓๒", MOBILE, "0898765432"),
        ("โทร 0812345678 หรือ 0898765432", MOBILE, "0812345678"),
    ],
)
def test_numbers_are_found_however_they_are_typed(text, kind, digits):
    assert (kind, digits) in [(f.kind, f.digits) for f in personal_numbers(text)]


@pytest.mark.parametrize(
    "text",
    [
        "1101700230705",  # thirteen digits, wrong checksum: not an ID
        "โทร. 0 4566 6512 ต่อ 12",  # the office's landline
        "0 2141 6000",
        "งบประมาณ 21,950,000 บาท",
        "ที่ บร ๐๐๑๙/ว๑๙๙๒",
        "20/1/2567",
        "2567-01-20",
        "รหัส 3101 3102 3103 3104",
        "88/2 หมู่ 4 ตำบลโคกกลาง 31000",
    ],
)
def test_ordinary_numbers_are_not_personal_data(text):
    assert personal_numbers(text) == []


def test_two_numbers_in_one_run_are_both_found():
    found = personal_numbers("0812345678 1101700230708")
    assert {(f.kind, f.digits) for f in found} == {(MOBILE, "0812345678"), (ID, VALID_ID)}


def _checked(make_workbook, edit):
    portal, problems = pipeline.check(make_workbook(edit))
    return portal, problems


CASES = [  # (sheet, key, row index, typed value): the leaks the issue names
    (PLANS, "objective", 0, VALID_ID),
    (DISTRICTS, "notes", 0, "ติดต่อ 1-1017-00230-70-8"),
    (AWARDS, "citation", 0, "บัตร ๓๓๑๐๑๐๐๕๑๒๓๔๐"),
    (DISTRICTS, "notes", 1, "ติดต่อคุณสมชาย 089 876 5432"),
    (DISTRICTS, "meeting_venue", 2, "ศาลาประชาคม โทร +66 81 234 5678"),
    (PROVINCES, "phone", 0, "081-234-5678"),
]


@pytest.mark.parametrize("sheet, key, index, value", CASES)
def test_personal_data_in_a_public_column_is_an_error_at_its_cell(make_workbook, sheet, key, index, value):
    def edit(rows):
        rows[sheet.key][index][key] = value

    portal, problems = _checked(make_workbook, edit)
    assert portal is None
    flagged = [p for p in errors(problems) if "ในคอลัมน์ที่เผยแพร่" in p.message]
    assert [(p.sheet, p.cell) for p in flagged] == [(sheet.label, f"{letter(sheet, key)}{index + 2}")]
    digits = "".join(ch for ch in value.translate(str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")) if ch.isdigit())
    digits = "0" + digits[2:] if digits.startswith("66") else digits
    assert digits not in flagged[0].message and value not in flagged[0].message
    assert digits[:2] + "x" in flagged[0].message  # masked, recognisable


def test_the_message_says_which_private_column_to_use(make_workbook):
    def edit(rows):
        rows["districts"][0]["notes"] = VALID_ID
        rows["plans"][0]["objective"] = "0812345678"

    _, problems = _checked(make_workbook, edit)
    by_sheet = {p.sheet: p.message for p in errors(problems)}
    assert "'เลขประจำตัวประชาชนผู้ประสานงาน'" in by_sheet[DISTRICTS.label]
    assert "ให้ลบออก" in by_sheet[PLANS.label]  # plans have no private column: delete it


def test_cli_never_prints_the_whole_value_not_even_in_annotations(make_workbook, capfd):
    def edit(rows):
        rows["districts"][0]["notes"] = "โทร 089-876-5432 เลข 1-1017-00230-70-8"

    assert cli.main(["check", "--github", str(make_workbook(edit))]) == 1
    out = capfd.readouterr()
    printed = out.out + out.err
    assert f"{DISTRICTS.label}!{letter(DISTRICTS, 'notes')}2" in printed
    for whole in ("0898765432", "089-876-5432", VALID_ID, "1-1017-00230-70-8"):
        assert whole not in printed


def test_build_refuses_before_writing_anything(make_workbook, tmp_path):
    docs = tmp_path / "docs"
    (docs / "districts").mkdir(parents=True)
    (docs / "districts" / "old.md").write_text("เดิม", encoding="utf-8")

    def edit(rows):
        rows["plans"][0]["objective"] = VALID_ID

    assert cli.main(["build", str(make_workbook(edit)), "--docs", str(docs)]) == 1
    assert sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*")) == ["districts", "districts/old.md"]


def test_an_office_email_also_used_as_the_contact_email_is_no_false_alarm(make_workbook, tmp_path):
    def edit(rows):
        office = rows["provinces"][0]
        office["contact_email"] = office["email"]  # saraban_buriram@cdd.mail.go.th, public on the contacts page

    built = pipeline.build(make_workbook(edit), tmp_path / "docs")
    assert "saraban_buriram@cdd.mail.go.th" not in built.private
    assert "wanpen@example.org" not in built.private  # replaced, so it is nowhere
    assert "somsri@example.org" in built.private  # other private values stay private
    assert scan(tmp_path / "docs", set(built.private)) == []
    assert not [p for p in built.problems if p.level == WARNING and "คอลัมน์ที่ไม่เผยแพร่" in p.message]


def test_a_private_value_inside_public_text_is_a_warning_at_that_cell(make_workbook):
    def edit(rows):
        rows["districts"][0]["notes"] = "ประสานงานโดย สมศรี ใจดี"  # the coordinator's private name

    portal, problems = _checked(make_workbook, edit)
    assert portal is not None
    warned = [p for p in problems if p.level == WARNING and "คอลัมน์ที่ไม่เผยแพร่" in p.message]
    assert [(p.sheet, p.cell) for p in warned] == [(DISTRICTS.label, f"{letter(DISTRICTS, 'notes')}2")]
    assert "สมศรี" not in warned[0].message
