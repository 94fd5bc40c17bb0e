"""The programme's dates in order, each past, due soon, upcoming or late, as of the data's own date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .. import programme
from . import model

DUE_DAYS = 14  # a date this close ahead counts as due
PAST, DUE, UPCOMING, LATE = "past", "due", "upcoming", "late"
LABELS = {PAST: "ผ่านแล้ว", DUE: "ใกล้ถึงกำหนด", UPCOMING: "ยังไม่ถึง", LATE: "เลยกำหนด มีอำเภอค้าง"}


@dataclass(frozen=True)
class Event:
    date: dt.date
    label: str
    state: str
    outstanding: int | None = None
    """Districts that have not done it although the date has passed (None: not tracked per district)."""
    unit: str = "อำเภอ"
    """What `outstanding` counts: districts, or provinces for the Savings Festival."""


def events(portal: model.Portal) -> tuple[Event, ...]:
    as_of = portal.as_of or programme.PLAN_DEADLINE

    def overdue(*indices: int) -> int:
        # Distinct districts: one that missed both the meeting and the visit is one district outstanding, not two.
        return len(portal.overdue_districts(*indices))

    def state(date: dt.date, outstanding: int | None) -> str:
        if date < as_of:
            return LATE if outstanding else PAST
        return DUE if (date - as_of).days <= DUE_DAYS else UPCOMING

    fy_start = dt.date(programme.FISCAL_YEAR_BE - 543 - 1, 10, 1)
    activity = overdue(0, 1)
    rows = [
        (fy_start, f"เริ่มปีงบประมาณ พ.ศ. {programme.FISCAL_YEAR_BE}", None),
        (programme.ACTIVITY_DEADLINE, "อำเภอจัดประชุม 1 วัน และศึกษาดูงาน 1 วัน ภายในไตรมาส 1", activity),
        (
            programme.ACTIVITY_DEADLINE + dt.timedelta(days=programme.REPORT_DAYS),
            f"ส่งรายงานผลภายใน {programme.REPORT_DAYS} วันหลังเสร็จกิจกรรม (ช้าที่สุด)",
            overdue(3),
        ),
        (programme.PLAN_DEADLINE, "อำเภอส่งแผนปฏิบัติการ (แบบ ๒) ให้จังหวัด", overdue(2)),
        (programme.BPM_DEADLINE, "จังหวัดรวบรวมรายงานส่งกรมฯ และบันทึกผลในระบบ BPM", None),
    ]
    events = [Event(date, label, state(date, n), n if date < as_of else None) for date, label, n in rows]
    # The Savings Festival (activity 1.3), counted by province; not tracked when the workbook has no festival rows.
    steps = portal.festival.steps if portal.festival and portal.festival.rows else None
    for i, (date, label) in enumerate(
        (
            (programme.DEPOSIT_REPORT_DEADLINE, "จังหวัดรายงานยอดเงินฝาก มหกรรมการออม 50 ปี"),
            (programme.FESTIVAL_END, "จังหวัดจัดงานมหกรรมการออม 50 ปี (6 – 8 มี.ค.)"),
            (programme.SUMMARY_DEADLINE, "จังหวัดส่งรายงานสรุปผลมหกรรมการออมให้กรมฯ"),
        )
    ):
        n = steps[i].outstanding if steps else None
        events.append(Event(date, label, state(date, n), n if date < as_of else None, unit="จังหวัด"))
    return tuple(sorted(events, key=lambda e: e.date))
