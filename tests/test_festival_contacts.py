"""The `festival` (Savings Festival) and `provinces` (provincial offices) sheets: validation, model and pages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from openpyxl.utils import get_column_letter

from generator import pipeline
from generator.pages import render
from generator.workbook.privacy import private_values
from generator.workbook.problems import ERROR, WARNING
from generator.workbook.read import read_workbook
from generator.workbook.schema import FESTIVAL, PROVINCES, private_keys
from tests.conftest import OFFICES


def letter(sheet, key: str) -> str:
    return get_column_letter([c.key for c in sheet.columns].index(key) + 1)


def errors(problems):
    return [p for p in problems if p.level == ERROR]


def warnings(problems, sheet):
    return [p for p in problems if p.level == WARNING and p.sheet == sheet.label]


def festival(**changes):
    def edit(rows):
        rows["festival"][0].update(changes)

    return edit


# ---------------------------------------------------------------- festival: validation


def test_small_workbook_festival_is_valid_and_totals_add_up(make_workbook):
    portal, problems = pipeline.check(make_workbook())
    assert errors(problems) == [] and warnings(problems, FESTIVAL) == []
    buriram = next(p for p in portal.provinces if p.code == "31")
    assert buriram.festival.members_added == 1250 and buriram.festival.amount_total == Decimal(103500)
    assert next(p for p in portal.provinces if p.code == "50").festival is None
    assert portal.festival.total("amount_added") == 62500 and portal.festival.total("new_members") == 85
    steps = portal.festival.steps  # as of 1 Feb 2567: every deadline still ahead
    assert [(s.done, s.outstanding, s.state) for s in steps] == [
        (1, 0, "pending"),
        (0, 0, "pending"),
        (0, 0, "pending"),
    ]


def test_bad_date_in_festival_is_an_error_on_its_cell(make_workbook):
    portal, problems = pipeline.check(make_workbook(festival(deposit_reported="31/2/2567")))
    assert portal is None
    errs = errors(problems)
    assert [(p.sheet, p.cell) for p in errs] == [(FESTIVAL.label, f"{letter(FESTIVAL, 'deposit_reported')}2")]
    assert "วันที่ไม่มีจริง" in errs[0].message and "impossible date" in errs[0].message


def test_unknown_province_code_suggests_the_right_one(make_workbook):
    portal, problems = pipeline.check(make_workbook(festival(province_code="39", province="บุรีรัมย์")))
    errs = errors(problems)
    assert len(errs) == 1, [str(p) for p in errs]
    # 39 is Nong Bua Lam Phu: the name cell does not match it, and the name typed points to 31
    assert (errs[0].sheet, errs[0].cell) == (FESTIVAL.label, "B2")
    assert "หมายถึง 31 บุรีรัมย์" in errs[0].message and "did you mean 31 Buri Ram" in errs[0].message

    portal, problems = pipeline.check(make_workbook(festival(province_code="99")))
    errs = errors(problems)
    assert [p.cell for p in errs] == ["A2"]
    assert "ไม่มีรหัสจังหวัด 99" in errs[0].message and "หมายถึง 31 บุรีรัมย์" in errs[0].message


def test_bangkok_is_not_in_the_festival(make_workbook):
    portal, problems = pipeline.check(make_workbook(festival(province_code="10", province="กรุงเทพมหานคร")))
    assert [p.cell for p in errors(problems)] == ["A2"]
    assert "กรุงเทพมหานคร" in errors(problems)[0].message


def test_province_name_not_matching_its_code(make_workbook):
    portal, problems = pipeline.check(make_workbook(festival(province="สุรินทร์")))
    errs = errors(problems)
    assert [(p.sheet, p.cell) for p in errs] == [(FESTIVAL.label, "B2")]
    assert "บุรีรัมย์" in errs[0].message and "หมายถึง 32 สุรินทร์" in errs[0].message


def test_duplicate_province_names_the_first_row(make_workbook):
    portal, problems = pipeline.check(make_workbook(lambda rows: rows["festival"].append(dict(rows["festival"][0]))))
    errs = errors(problems)
    assert [str(p).split(":")[0] for p in errs] == [f"{FESTIVAL.label}!A3"]
    assert "31" in errs[0].message and "แถว 2" in errs[0].message


def test_thai_numerals_and_be_dates_are_read(make_workbook):
    portal, problems = pipeline.check(
        make_workbook(
            festival(
                members_added="๑,๒๕๐",
                amount_added="๖๒,๕๐๐ บาท",
                province_code="๓๑",
                deposit_reported="๓๐ ม.ค. ๒๕๖๗",
                event_start="๖/๓/๒๕๖๗",
            )
        )
    )
    assert errors(problems) == [], [str(p) for p in problems]
    f = portal.festival.rows[0]
    assert (f.members_added, f.amount_added, f.deposit_reported, f.event_start) == (
        1250,
        Decimal(62500),
        dt.date(2024, 1, 30),
        dt.date(2024, 3, 6),
    )


def test_negative_numbers_are_errors(make_workbook):
    portal, problems = pipeline.check(make_workbook(festival(new_members=-5, special_amount="-100")))
    assert portal is None
    assert sorted(p.cell for p in errors(problems)) == sorted(
        [f"{letter(FESTIVAL, 'new_members')}2", f"{letter(FESTIVAL, 'special_amount')}2"]
    )
    assert all("ต้องไม่ติดลบ" in p.message for p in errors(problems))


def test_amounts_below_fifty_baht_a_member_are_a_warning(make_workbook):
    portal, problems = pipeline.check(make_workbook(festival(amount_added=50000, special_amount=10000)))
    assert portal is not None and errors(problems) == []
    found = warnings(problems, FESTIVAL)
    assert [p.cell for p in found] == [f"{letter(FESTIVAL, 'amount_added')}2", f"{letter(FESTIVAL, 'special_amount')}2"]
    assert "62,500" in found[0].message and "16,000" in found[1].message


def test_event_ending_before_it_starts_is_an_error_and_off_dates_a_warning(make_workbook):
    portal, problems = pipeline.check(
        make_workbook(festival(event_start=dt.date(2024, 3, 8), event_end=dt.date(2024, 3, 6)))
    )
    assert [p.cell for p in errors(problems)] == [f"{letter(FESTIVAL, 'event_end')}2"]
    portal, problems = pipeline.check(make_workbook(festival(event_start=dt.date(2024, 3, 15), event_end=None)))
    assert portal is not None
    assert [p.cell for p in warnings(problems, FESTIVAL)] == [f"{letter(FESTIVAL, 'event_start')}2"]


def test_festival_states_against_the_deadlines(make_workbook):
    def edit(rows):
        rows["about"][0]["as_of"] = dt.date(2024, 4, 5)
        rows["festival"][0].update(deposit_reported=dt.date(2024, 2, 23), summary_reported=None)

    portal, _ = pipeline.check(make_workbook(edit))
    f = portal.festival.rows[0]
    assert [m.state for m in f.milestones] == ["late", "done", "overdue"]
    deposit, event, summary = portal.festival.steps
    # 76 provinces take part; 75 have not sent a row, so each past step is outstanding for them
    assert (deposit.done, deposit.late, deposit.outstanding, deposit.state) == (1, 1, 75, "overdue")
    assert (summary.done, summary.outstanding) == (0, 76)


# ---------------------------------------------------------------- provinces (offices): validation and privacy


def office(**changes):
    def edit(rows):
        rows["provinces"][0].update(changes)

    return edit


@pytest.mark.parametrize(
    "key, value",
    [
        ("phone", "081-234-5678"),  # a mobile number: it must go to the private column
        ("phone", "โทร. สำนักงาน"),
        ("email", "saraban at cdd"),
        ("website", "javascript:alert(1)"),
        ("website", "www.cdd.go.th"),
    ],
)
def test_office_contact_must_be_public_and_well_formed(make_workbook, key, value):
    portal, problems = pipeline.check(make_workbook(office(**{key: value})))
    assert portal is None
    assert [(p.sheet, p.cell) for p in errors(problems)] == [(PROVINCES.label, f"{letter(PROVINCES, key)}2")]


def test_unknown_office_province_code_suggests_by_name(make_workbook):
    portal, problems = pipeline.check(make_workbook(office(province_code="3l")))
    errs = errors(problems)
    assert [(p.sheet, p.cell) for p in errs] == [(PROVINCES.label, "A2")]
    assert "รหัสต้องเป็นตัวเลข 2 หลัก" in errs[0].message


def test_offices_reach_province_pages_and_contacts_in_thai_order(make_workbook):
    portal, problems = pipeline.check(make_workbook())
    assert errors(problems) == []
    # Thai dictionary order: เชียงใหม่ files under ช, before บ (code-point order would put เ after ฮ)
    assert [o.province_name for o in portal.offices] == ["เชียงใหม่", "บุรีรัมย์"]
    buriram = next(p for p in portal.provinces if p.code == "31")
    assert buriram.office.phone == "0 4566 6512" and buriram.office.phone_link == "045666512"
    assert next(p for p in portal.provinces if p.code == "50").office.office_name == "สำนักงานพัฒนาชุมชนจังหวัดเชียงใหม่"


def test_private_contact_columns_are_collected_for_the_leak_scan(make_workbook):
    assert private_keys(PROVINCES) == {"contact_name", "contact_mobile", "contact_email"}
    sheets, _ = read_workbook(make_workbook())
    collected = private_values(sheets)
    for row in OFFICES:
        for key in private_keys(PROVINCES):
            if row.get(key):
                assert row[key] in collected


def test_private_contact_never_reaches_the_model_or_any_page(make_workbook):
    portal, _ = pipeline.check(make_workbook())
    pages = render.render_pages(portal)
    secrets = [row[k] for row in OFFICES for k in private_keys(PROVINCES) if row.get(k)]
    assert len(secrets) == 5
    assert not [s for s in secrets if s in repr(portal)]
    assert not [(path, s) for path, text in pages.items() for s in secrets if s in text]


def test_sheets_are_optional(make_workbook):
    def edit(rows):
        del rows["festival"], rows["provinces"]

    path = make_workbook(edit)
    from openpyxl import load_workbook

    book = load_workbook(path)
    del book[FESTIVAL.label], book[PROVINCES.label]
    book.save(path)
    portal, problems = pipeline.check(path)
    assert errors(problems) == []
    pages = render.render_pages(portal)
    assert "ยังไม่มีข้อมูลมหกรรมการออม" in pages["festival/index.md"]
    assert "ยังไม่มีข้อมูลสำนักงานพัฒนาชุมชนจังหวัด" in pages["contacts/index.md"]
    assert "ยังไม่มีข้อมูลมหกรรมการออมของจังหวัดนี้" in pages["provinces/31.md"]


# ---------------------------------------------------------------- pages


def test_festival_page_has_totals_steps_table_and_chart(pages):
    page = pages["festival/index.md"]
    assert "| ยอดเงินสัจจะที่เพิ่ม | 62,500 บาท |" in page
    assert "| **รวมเงินออม** | **103,500 บาท** |" in page
    assert "| รายงานยอดเงินฝาก | 20 ก.พ. 2567 | 1 จาก 76 |" in page
    assert "| จัดงานมหกรรมการออม | 6 – 8 มี.ค. 2567 |" in page
    assert "[บุรีรัมย์](../provinces/31.md) | 1,250 | 62,500 | 320 | 41,000 | 85 |" in page
    assert 'role="img"' in page and "<desc" in page and "บุรีรัมย์ 103,500 บาท" in page  # the chart's text
    assert "จังหวัดที่ยังไม่มีข้อมูลมหกรรมการออม (1): [เชียงใหม่](../provinces/50.md)" in page


def test_province_page_shows_its_festival_figures_and_office(pages):
    page = pages["provinces/31.md"]
    assert "## มหกรรมการออม 50 ปี" in page
    assert "| สมาชิกที่เพิ่มเงินสัจจะ 50 บาท | 1,250 คน · 62,500 บาท |" in page
    assert "✓ ทันกำหนด</span> เมื่อ 30 ม.ค. 2567" in page
    assert "6 – 8 มี.ค. 2567" in page
    assert "## ติดต่อสำนักงานพัฒนาชุมชนจังหวัดบุรีรัมย์" in page
    assert "[0 4566 6512](tel:045666512)" in page
    assert "(mailto:saraban_buriram@cdd.mail.go.th)" in page


def test_contacts_page_lists_the_department_and_offices(pages):
    page = pages["contacts/index.md"]
    assert "**กรมการพัฒนาชุมชน**" in page and "สำนักพัฒนาทุนและองค์การการเงินชุมชน" in page
    # Buri Ram has an office phone: in the table; Chiang Mai has none yet: grouped below (issue #16)
    grouped = page.index("ยังไม่มีโทรศัพท์และอีเมลของสำนักงาน")
    assert page.index("[บุรีรัมย์](../provinces/31.md)") < grouped < page.index("[เชียงใหม่](../provinces/50.md)")
    for name in ("นิชดา", "ทินกฤต"):  # the letter's named officers are not published
        assert name not in page


def test_home_timeline_counts_festival_deadlines_by_province(make_workbook):
    from generator.domain import timeline

    def edit(rows):
        rows["about"][0]["as_of"] = dt.date(2024, 4, 5)

    portal, _ = pipeline.check(make_workbook(edit))
    by_date = {e.date: e for e in timeline.events(portal)}
    deposit = by_date[dt.date(2024, 2, 20)]
    assert (deposit.state, deposit.outstanding, deposit.unit) == (timeline.LATE, 75, "จังหวัด")  # only Buri Ram reported
    page = render.render_pages(portal)["_generated/national.md"]
    assert "เลยกำหนด มีจังหวัดค้าง 75 จังหวัด" in page and "เลยกำหนด มีอำเภอค้าง" in page

    portal, _ = pipeline.check(make_workbook(lambda rows: (edit(rows), rows["festival"].clear())))
    assert {e.outstanding for e in timeline.events(portal) if e.unit == "จังหวัด"} == {None}  # not tracked


def test_downloads_carry_festival_and_offices_without_the_contact_person(make_workbook):
    import csv
    import io
    import json

    from generator.exports import downloads

    portal, _ = pipeline.check(make_workbook())
    files = downloads.download_files(portal)
    offices = list(csv.reader(io.StringIO(files["downloads/offices.csv"].decode("utf-8-sig"))))
    assert offices[0] == ["province_code", "province", "office_name", "address", "phone", "email", "website"]
    assert [r[1] for r in offices[1:]] == ["เชียงใหม่", "บุรีรัมย์"]
    festival = list(csv.reader(io.StringIO(files["downloads/festival.csv"].decode("utf-8-sig"))))
    assert festival[1][:3] == ["31", "บุรีรัมย์", "1250"]
    assert len(json.loads(files["downloads/portal.json"])["festival"]) == 1
    secrets = [row[k] for row in OFFICES for k in private_keys(PROVINCES) if row.get(k)]
    for name, data in files.items():
        text = data.decode("utf-8", "replace") if not name.endswith(".xlsx") else ""
        assert not [s for s in secrets if s in text], name
    assert "contact_mobile" not in files["downloads/dictionary.csv"].decode("utf-8-sig")
