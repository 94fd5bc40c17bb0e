"""An action-plan activity whose period has ended without being done or cancelled is marked เลยกำหนด."""

from __future__ import annotations

import dataclasses
import datetime as dt

from generator.pages.render import environment
from generator.pipeline import check

from .test_render import to_html

AS_OF = dt.date(2024, 6, 15)  # after item 1's period (to 31 May 2024), within item 2's (to 30 Sep 2024)


def _portal(make_workbook, status_1: str):
    def edit(rows):
        rows["about"][0]["as_of"] = AS_OF
        rows["plans"][0]["status"] = status_1

    portal, problems = check(make_workbook(edit))
    assert portal is not None, problems
    return portal


def _district(portal, code="3101"):
    return next(d for d in portal.districts if d.code == code)


def test_an_activity_past_its_end_and_not_done_is_overdue(make_workbook):
    portal = _portal(make_workbook, "กำลังดำเนินการ")
    district = _district(portal)
    assert [i.item_no for i in district.overdue_plan_items] == [1]
    assert [i.item_no for i in portal.overdue_plan_items] == [1]
    province = next(p for p in portal.provinces if p.code == "31")
    assert len(province.overdue_plan_items) == 1


def test_done_or_cancelled_activities_are_not_overdue(make_workbook):
    for status in ("เสร็จแล้ว", "ยกเลิก"):
        assert _district(_portal(make_workbook, status)).overdue_plan_items == ()


def test_an_activity_without_an_end_date_or_ending_on_the_day_is_not_overdue(make_workbook):
    district = _district(_portal(make_workbook, "ยังไม่เริ่ม"))
    item = district.plan[0]
    assert item.overdue_on(item.end + dt.timedelta(days=1)) and not item.overdue_on(item.end)
    assert not dataclasses.replace(item, end=None).overdue_on(AS_OF)


def test_pages_show_the_overdue_activity(make_workbook, snippets_dir):
    portal = _portal(make_workbook, "กำลังดำเนินการ")
    province = next(p for p in portal.provinces if p.code == "31")
    district = _district(portal)
    env = environment()
    page = to_html(
        env.get_template("district.md.jinja").render(
            portal=portal, province=province, district=district, previous=None, following=None
        ),
        snippets_dir,
    )
    activity = page[page.index("ทุนการศึกษาบุตรหลานสมาชิก") : page.index("ฌาปนกิจสงเคราะห์สมาชิก")]
    later = page[page.index("ฌาปนกิจสงเคราะห์สมาชิก") :]
    assert '<span class="state state-overdue">✗ เลยกำหนด</span>' in activity
    assert "✗ เลยกำหนด</span>" not in later.split("</table>")[0]
    summary = env.get_template("province.md.jinja").render(portal=portal, province=province)
    assert "| รายการในแผนที่เลยกำหนดแล้วยังไม่เสร็จ | 1 รายการ | |" in summary


def test_the_plans_page_counts_overdue_activities_nationally_and_per_province(make_workbook):
    page = environment().get_template("plans.md.jinja").render(portal=_portal(make_workbook, "ยังไม่เริ่ม"))
    assert "· เลยกำหนดแล้วยังไม่เสร็จ 1 รายการ" in page
    assert "| จังหวัด | อำเภอที่มีแผน | รายการ | เลยกำหนด |" in page
    assert "[บุรีรัมย์](../provinces/31.md) | 1 | 2 | 1 |" in page
    assert "[เชียงใหม่](../provinces/50.md) | 0 | 0 | 0 |" in page
