"""Plausible sample data for all 878 district networks, the same every time (seeded),
so the portal can be shown and benchmarked before real data arrives. --scale N
multiplies the action-plan items for bigger benchmark workbooks."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import geothai

from .. import programme
from . import places
from .schema import PLAN_STATUSES, WELFARE_TYPES
from .template import write_workbook
from .validate import BANGKOK

ACTIVITIES = {
    "การเกิด": ["มอบของขวัญรับขวัญเด็กแรกเกิดแก่สมาชิก", "กองทุนสวัสดิการแม่และเด็กแรกเกิด"],
    "การศึกษา": ["ทุนการศึกษาบุตรหลานสมาชิก", "สนับสนุนอุปกรณ์การเรียนเด็กในชุมชน"],
    "การเจ็บป่วย": ["เยี่ยมไข้และค่ารักษาพยาบาลสมาชิกที่นอนโรงพยาบาล", "ตรวจสุขภาพประจำปีสมาชิก"],
    "ผู้สูงอายุ": ["สวัสดิการบำนาญชุมชนสำหรับผู้สูงอายุ", "ชมรมผู้สูงอายุออมทรัพย์"],
    "การเสียชีวิต": ["ฌาปนกิจสงเคราะห์สมาชิก", "เงินช่วยเหลือครอบครัวสมาชิกที่เสียชีวิต"],
    "ภัยพิบัติ": ["กองทุนช่วยเหลือผู้ประสบอุทกภัย", "ถุงยังชีพช่วยเหลือผู้ประสบภัยแล้ง"],
    "อาชีพ": ["ส่งเสริมอาชีพเลี้ยงไก่ไข่ของสมาชิก", "อบรมทำบัญชีครัวเรือนและอาชีพเสริม"],
    "อื่น ๆ": ["ส่งเสริมการออมในเด็กและเยาวชน", "ปรับปรุงสถานที่ทำการกลุ่ม"],
}
SOURCES = ("ผลกำไรกลุ่มออมทรัพย์เพื่อการผลิต", "กองทุนสวัสดิการของเครือข่าย", "งบประมาณองค์กรปกครองส่วนท้องถิ่น", "เงินบริจาค")
VILLAGES = ("หนองบัว", "โนนสูง", "ดอนแดง", "หัวนา", "สระแก้ว", "ป่าไผ่", "นาคำ", "โคกกลาง", "ทุ่งใหญ่", "บ่อทอง")
FIRST_NAMES = ("สมศรี", "สมชาย", "วิไล", "ประเสริฐ", "กาญจนา", "อำนาจ", "จันทร์เพ็ญ", "สุรชัย")
LAST_NAMES = ("ใจดี", "มีสุข", "ทองดี", "ศรีสวัสดิ์", "บุญมา", "แก้วมณี")
AS_OF = dt.date(2024, 4, 5)  # after the festival's last deadline (29 March 2567): every step can be shown


def _national_id(rnd: random.Random) -> str:
    """A made-up 13-digit number with a valid check digit, to exercise the privacy rules."""
    digits = [rnd.randint(1, 8)] + [rnd.randint(0, 9) for _ in range(11)]
    check = (11 - sum(d * (13 - i) for i, d in enumerate(digits)) % 11) % 10
    return "".join(map(str, digits + [check]))


def _day(rnd: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rnd.randint(0, (end - start).days))


def sample_rows(scale: int = 1, seed: int = programme.FISCAL_YEAR_BE) -> dict[str, list[dict]]:
    rnd = random.Random(seed)
    districts, plans = [], []
    all_districts = [d for p in geothai.provinces() if p.code != BANGKOK for d in geothai.districts(p.code)]
    for d in all_districts:
        province = places.province(d.province_code)
        row = dict(
            district_code=d.code,
            province=province.name_th,
            district=d.name_th,
            network_name=f"เครือข่ายกลุ่มออมทรัพย์เพื่อการผลิตอำเภอ{d.name_th}",
            target_participants=programme.PEOPLE_PER_NETWORK,
            budget_allocated=int(programme.BUDGET_PER_DISTRICT),
            coordinator_name=f"{rnd.choice(FIRST_NAMES)} {rnd.choice(LAST_NAMES)}",
            coordinator_phone=f"08{rnd.randint(0, 9)}{rnd.randint(1000000, 9999999)}",
            coordinator_email=f"cdd{d.code}@example.org",
            coordinator_national_id=_national_id(rnd),
        )
        luck = rnd.random()
        if luck < 0.06:  # has not held the meeting yet
            districts.append(row)
            continue
        meeting = (
            _day(rnd, dt.date(2023, 11, 15), dt.date(2023, 12, 29))
            if luck < 0.88
            else _day(rnd, dt.date(2024, 1, 2), dt.date(2024, 1, 25))
        )
        visit = meeting + dt.timedelta(days=rnd.randint(1, 10)) if rnd.random() < 0.95 else None
        participants = rnd.randint(16, 22)
        last = visit or meeting
        row.update(
            meeting_date=meeting,
            meeting_venue=f"ห้องประชุมที่ว่าการอำเภอ{d.name_th}",
            visit_date=visit,
            visit_group=visit and f"กลุ่มออมทรัพย์เพื่อการผลิตบ้าน{rnd.choice(VILLAGES)}",
            participants=participants,
            passed=min(participants, round(participants * rnd.uniform(0.65, 1.0))),
            budget_spent=rnd.randint(210, 250) * 100,
            report_submitted=last + dt.timedelta(days=rnd.randint(2, 11)) if rnd.random() < 0.9 else None,
        )
        if last <= AS_OF and rnd.random() < 0.9:
            row["plan_submitted"] = min(AS_OF, last + dt.timedelta(days=rnd.randint(5, 40)))
            for item in range(1, rnd.randint(3, 5) * scale + 1):
                welfare = rnd.choice(WELFARE_TYPES)[0]
                start = _day(rnd, dt.date(2024, 2, 1), dt.date(2024, 6, 30))
                plans.append(
                    dict(
                        district_code=d.code,
                        item_no=item,
                        activity=rnd.choice(ACTIVITIES[welfare]),
                        objective="เพื่อส่งเสริมการมีส่วนร่วมของชุมชนในการจัดสวัสดิการ",
                        welfare_type=welfare,
                        target_group="สมาชิกกลุ่มออมทรัพย์เพื่อการผลิต",
                        target_count=rnd.randint(2, 40) * 5,
                        budget=rnd.randint(5, 60) * 1000,
                        budget_source=rnd.choice(SOURCES),
                        start=start,
                        end=start + dt.timedelta(days=rnd.randint(30, 180)),
                        responsible=row["network_name"],
                        indicator="สมาชิกได้รับสวัสดิการตามแผน",
                        status=rnd.choice(PLAN_STATUSES)[0],
                    )
                )
        districts.append(row)
    about = [dict(is_sample="ใช่", as_of=AS_OF, source="ข้อมูลตัวอย่างจากคำสั่ง python -m generator sample")]
    return dict(
        districts=districts,
        curriculum=list(programme.CURRICULUM),
        plans=plans,
        about=about,
        festival=festival_rows(seed),
        provinces=office_rows(seed),
        awards=award_rows(seed),
        documents=[dict(programme.SEED_LETTER)],
    )


# The source letter's own office (จังหวัดบุรีรัมย์): its real public address, line and e-mail. The other provinces
# get only a plausible office name and address; no phone or e-mail is made up for a real office.
SEED_OFFICE = dict(
    province_code="31",
    address="ศาลากลางจังหวัดบุรีรัมย์ 1159 เขาคระโดง จังหวัดบุรีรัมย์ 31000",
    phone="0 4566 6512",
    email="saraban_buriram@cdd.mail.go.th",
)


def _provinces() -> list:
    return [p for p in geothai.provinces() if p.code != BANGKOK]


def festival_rows(seed: int = programme.FISCAL_YEAR_BE) -> list[dict]:
    """One row per province for the Savings Festival; a few provinces have not sent theirs."""
    rnd = random.Random(seed + 1)  # its own stream: the district rows stay as they were
    rows = []
    for p in _provinces():
        districts = len(geothai.districts(p.code))
        luck = rnd.random()
        if luck < 0.03:
            continue
        members = districts * rnd.randint(150, 600)
        special = round(members * rnd.uniform(0.1, 0.4))
        row = dict(
            province_code=p.code,
            province=p.name_th,
            members_added=members,
            amount_added=members * int(programme.FESTIVAL_SAVING),
            special_members=special,
            special_amount=special * rnd.randint(5, 40) * 10,
            new_members=districts * rnd.randint(5, 60),
        )
        if luck < 0.93:
            row["deposit_reported"] = _day(rnd, dt.date(2024, 2, 5), programme.DEPOSIT_REPORT_DEADLINE)
        elif luck < 0.98:
            row["deposit_reported"] = _day(rnd, dt.date(2024, 2, 21), dt.date(2024, 2, 29))
        if rnd.random() < 0.96:
            row["event_start"] = programme.FESTIVAL_START + dt.timedelta(days=rnd.choice((0, 0, 0, 1)))
            row["event_end"] = row["event_start"] + dt.timedelta(days=rnd.randint(0, 1))
            late = rnd.random()
            if late < 0.8:
                row["summary_reported"] = _day(rnd, dt.date(2024, 3, 15), programme.SUMMARY_DEADLINE)
            elif late < 0.92:
                row["summary_reported"] = _day(rnd, dt.date(2024, 3, 30), dt.date(2024, 4, 4))
        rows.append(row)
    return rows


def office_rows(seed: int = programme.FISCAL_YEAR_BE) -> list[dict]:
    """Every provincial office; the contact person (private) is made up to exercise the privacy rules."""
    rnd = random.Random(seed + 2)
    rows = []
    for p in _provinces():
        row = dict(
            province_code=p.code,
            province=p.name_th,
            office_name=f"สำนักงานพัฒนาชุมชนจังหวัด{p.name_th}",
            address=f"ศาลากลางจังหวัด{p.name_th}",
            contact_name=f"{rnd.choice(FIRST_NAMES)} {rnd.choice(LAST_NAMES)}",
            contact_mobile=f"08{rnd.randint(0, 9)}{rnd.randint(1000000, 9999999)}",
            contact_email=f"contact{p.code}@example.org",
        )
        if p.code == SEED_OFFICE["province_code"]:
            row.update(SEED_OFFICE)
        rows.append(row)
    return rows


# The awards of the festival (activity 1.3, step 4), for a few provinces only: most have not reported them yet.
AWARD_PROVINCES = ("31", "30", "40", "50", "90")
MEMBER_CITATIONS = (
    "ฝากเงินสัจจะสะสมสม่ำเสมอทุกเดือนไม่เคยขาด",
    "ใช้ชีวิตแบบพอเพียง ทำบัญชีครัวเรือน",
    "กู้เงินไปประกอบอาชีพจนมีรายได้เพิ่มขึ้นและหนี้สินลดลง",
    "อาสาทำกิจกรรมเพื่อชุมชนและสังคม",
    "ชักชวนสมาชิกใหม่เข้ากลุ่มในช่วงมหกรรมการออม",
)
GROUP_CITATIONS = (
    "จัดสวัสดิการแก่สมาชิกครบทุกช่วงวัย ตั้งแต่เกิดจนเสียชีวิต",
    "บริหารเงินทุนโปร่งใส ตรวจสอบบัญชีทุกเดือน",
    "ไม่มีหนี้ค้างชำระเกินกำหนด",
    "สนับสนุนอาชีพของสมาชิกและผลิตภัณฑ์ชุมชน",
    "เป็นแหล่งศึกษาดูงานของเครือข่ายในจังหวัด",
)
# Awardees' names are public; drawn from other names than the coordinators' (private), which the leak scan looks for.
AWARDEES = (
    "นางบุญเรือน ขยันออม",
    "นายทองใบ พูนทรัพย์",
    "นางสาวพิมพา ประหยัดดี",
    "นายสมบัติ รักถิ่น",
    "นางลำดวน ศรีออมสิน",
    "นายเฉลิม ทรัพย์มั่น",
    "นางสาวอรุณี มั่นคง",
    "นางประนอม สุขสม",
)


def award_rows(seed: int = programme.FISCAL_YEAR_BE) -> list[dict]:
    """Outstanding members and groups in a few provinces, given at each province's festival; members have
    made-up private contacts, to exercise the privacy rules."""
    rnd = random.Random(seed + 3)  # its own stream: the other sheets stay as they were
    rows = []
    for code in AWARD_PROVINCES:
        districts = geothai.districts(code)
        day = programme.FESTIVAL_START + dt.timedelta(days=rnd.randint(0, 2))  # one ceremony per province
        people, villages = rnd.sample(AWARDEES, 3), rnd.sample(VILLAGES, 6)
        for award_type, ranks in (
            ("สมาชิกดีเด่น", ("ชนะเลิศ", "รองชนะเลิศอันดับ 1")),
            ("กลุ่มออมทรัพย์เพื่อการผลิตดีเด่น", ("ชนะเลิศ", "รองชนะเลิศอันดับ 1", "ชมเชย")),
        ):
            member = award_type == "สมาชิกดีเด่น"
            for rank in ranks[: rnd.randint(1, len(ranks))]:
                d = rnd.choice(districts)
                row = dict(
                    award_type=award_type,
                    rank=rank,
                    province_code=code,
                    district_code=d.code,
                    group_name=f"กลุ่มออมทรัพย์เพื่อการผลิตบ้าน{villages.pop()}",
                    citation="\n".join(rnd.sample(MEMBER_CITATIONS if member else GROUP_CITATIONS, 2)),
                    award_date=day,
                )
                if member:
                    row.update(
                        awardee=people.pop(),
                        awardee_phone=f"08{rnd.randint(0, 9)}{rnd.randint(1000000, 9999999)}",
                        awardee_address=f"{rnd.randint(1, 200)}/{rnd.randint(1, 9)} หมู่ {rnd.randint(1, 15)}"
                        f" อำเภอ{d.name_th}",
                        awardee_national_id=_national_id(rnd),
                    )
                rows.append(row)
    return rows


def write_sample(path: Path, scale: int = 1) -> None:
    write_workbook(path, sample_rows(scale))
