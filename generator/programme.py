"""Facts of the programme from the source letter (บร ๐๐๑๙/ว๑๙๙๒ and its attachments)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

TITLE = "โครงการส่งเสริมศักยภาพเครือข่ายกลุ่มออมทรัพย์เพื่อการผลิตในการจัดสวัสดิการของชุมชน"
FISCAL_YEAR_BE = 2567
NETWORKS = 878
PEOPLE_PER_NETWORK = 20
PEOPLE = NETWORKS * PEOPLE_PER_NETWORK  # 17,560
BUDGET_PER_DISTRICT = Decimal(25_000)
BUDGET = BUDGET_PER_DISTRICT * NETWORKS  # 21,950,000
KPI_PASS_SHARE = Decimal("0.80")  # 80% of the target group understand how to drive the network

ACTIVITY_DEADLINE = dt.date(2023, 12, 31)  # quarter 1: by December 2566
PLAN_DEADLINE = dt.date(2024, 1, 20)  # form แบบ ๒ to the province
REPORT_DAYS = 7  # each district reports within one week after its activity
BPM_DEADLINE = dt.date(2024, 1, 31)  # province records results in BPM within January 2567

# The curriculum of attachment 1, verbatim; day 2 is the study visit of step 3.2).
CURRICULUM = (
    dict(
        session_id="1-1",
        day=1,
        start="08.00",
        end="09.00",
        topic="ลงทะเบียนและชี้แจงวัตถุประสงค์",
        scope="- ลงทะเบียน/รับรายงานตัว\n- ชี้แจงวัตถุประสงค์ส่งเสริมศักยภาพเครือข่ายกลุ่มออมทรัพย์เพื่อการผลิตในการจัดสวัสดิการของชุมชน",
        method="",
        media="- แบบลงทะเบียน\n- เอกสารประกอบการประชุม",
        evaluation="",
    ),
    dict(
        session_id="1-2",
        day=1,
        start="09.00",
        end="12.00",
        topic="การดำเนินงานเครือข่ายกลุ่มออมทรัพย์เพื่อการผลิต",
        scope="- รู้จักทุนที่อยู่ในพื้นที่ “ทุนชุมชน ๕ ด้าน”\n- ความหมาย รูปแบบ ประโยชน์ของเครือข่าย\n"
        "- การบริหารจัดการและการพัฒนา กลุ่มออมทรัพย์เพื่อการผลิตโดยชุมชน\n- วัตถุประสงค์กลุ่มออมทรัพย์เพื่อการผลิต\n"
        "- บทบาทหน้าที่เครือข่ายกลุ่มออมทรัพย์เพื่อการผลิต",
        method="- บรรยายประกอบสื่อ Power point\n- เปิดเวทีให้ซักถามเพื่อสร้างความเข้าใจ",
        media="- สื่อ Power point\n- เครื่องฉายโปรเจ็คเตอร์",
        evaluation="",
    ),
    dict(
        session_id="1-3",
        day=1,
        start="13.00",
        end="15.00",
        topic="บทบาทหน้าที่เครือข่ายกลุ่มออมทรัพย์เพื่อการผลิตในการจัดสวัสดิการ",
        scope="- หลักการจัดสวัสดิการชุมชน\n- บทบาทหน้าที่เครือข่ายในการจัดสวัสดิการ\n- ตัวอย่างสวัสดิการชุมชน",
        method="- บรรยายประกอบสื่อ Power point\n- เปิดเวทีให้ซักถามเพื่อสร้างความเข้าใจ",
        media="- สื่อ Power point\n- เครื่องฉายโปรเจ็คเตอร์",
        evaluation="",
    ),
    dict(
        session_id="1-4",
        day=1,
        start="15.00",
        end="17.00",
        topic="จัดทำแผนการขับเคลื่อนเครือข่ายกลุ่มออมทรัพย์เพื่อการผลิตในการจัดสวัสดิการของชุมชน",
        scope="- วางแผนการขับเคลื่อนเครือข่ายกลุ่มออมทรัพย์เพื่อการผลิตในการจัดสวัสดิการของชุมชน",
        method="- ชี้แจง วิธีการจัดทำแผนการขับเคลื่อนเครือข่ายกลุ่มออมทรัพย์เพื่อการผลิตในการจัดสวัสดิการของชุมชน\n"
        "- แจกแบบรายงานการวางแผนการขับเคลื่อนเครือข่ายกลุ่มออมทรัพย์เพื่อการผลิตในการจัดสวัสดิการของชุมชน\n"
        "- เปิดเวทีให้ซักถามเพื่อสร้างความเข้าใจ",
        media="- แบบรายงานแผนการขับเคลื่อนเครือข่ายกลุ่มออมทรัพย์เพื่อการผลิตในการจัดสวัสดิการของชุมชน",
        evaluation="",
    ),
    dict(
        session_id="2-1",
        day=2,
        start="",
        end="",
        topic="ศึกษาดูงานกลุ่มออมทรัพย์เพื่อการผลิตที่มีการดำเนินงานดีเด่นด้านการจัดสวัสดิการของชุมชน",
        scope="- ศึกษาดูงานกลุ่มออมทรัพย์เพื่อการผลิตที่มีการดำเนินงานดีเด่นด้านการจัดสวัสดิการของชุมชน"
        "ภายในจังหวัดหรือจังหวัดข้างเคียง จำนวน 1 วัน",
        method="- ศึกษาดูงาน",
        media="",
        evaluation="",
    ),
)

# Activity 1.3, the 50-year Savings Festival (มหกรรมการออม 50 ปี ทุนชุมชนขับเคลื่อนเศรษฐกิจฐานราก), run by the
# provinces outside Bangkok ("ส่วนภูมิภาค"): members add 50 baht of savings, or deposit 50 baht or more as a special
# deposit, between December 2566 and February 2567; provinces hold the events on 6-8 March 2567.
FESTIVAL_TITLE = "มหกรรมการออม 50 ปี ทุนชุมชนขับเคลื่อนเศรษฐกิจฐานราก"
PROVINCES = 76  # every province outside Bangkok
FESTIVAL_SAVING = Decimal(50)  # baht added by each member, and the least special deposit
SAVING_START = dt.date(2023, 12, 1)
SAVING_END = dt.date(2024, 2, 29)
SAVING_PERIOD = "ธันวาคม 2566 – กุมภาพันธ์ 2567"
DEPOSIT_REPORT_DEADLINE = dt.date(2024, 2, 20)  # deposits reported by 20 February 2567
FESTIVAL_START = dt.date(2024, 3, 6)  # the Director-General's message is read on 6 March 2567
FESTIVAL_END = dt.date(2024, 3, 8)
SUMMARY_DEADLINE = dt.date(2024, 3, 29)  # the province's bound summary report to the department

# The responsible offices as the source letter names them. Only public office lines: the letter's named officers
# are not published. The department's own address is not in the letter, so its website is given instead.
DEPARTMENT = "กรมการพัฒนาชุมชน"
DEPARTMENT_WEBSITE = "https://www.cdd.go.th"
RESPONSIBLE_UNIT = "สำนักพัฒนาทุนและองค์การการเงินชุมชน"
RESPONSIBLE_UNIT_PHONES = ("0 2141 6100", "0 2141 6143")

# The source letter itself, as the first row of the documents sheet: transcribed from the seed as typed (Thai
# numerals kept). The day of its date is not legible in the copy ("พ ธันวาคม ๒๕๖๖"), so the page shows the month as
# written and the list sorts it by the month's first day. Attachments: the curriculum (attachment 1) and the blank
# form แบบ ๒ (attachment 2) are published by this portal; the letter's text is kept under docs/files/letters/.
SEED_LETTER = dict(
    doc_id="br-0019-w1992",
    number="บร ๐๐๑๙/ว๑๙๙๒",
    date=dt.date(2023, 12, 1),
    date_as_written="ธันวาคม ๒๕๖๖ (วันที่ในสำเนาต้นฉบับอ่านไม่ออก)",
    sender="จังหวัดบุรีรัมย์ (ศาลากลางจังหวัดบุรีรัมย์ ๑๑๕๙ เขาคระโดง จังหวัดบุรีรัมย์ ๓๑๐๐๐)",
    recipient="นายอำเภอ ทุกอำเภอ",
    subject="การดำเนินงานโครงการส่งเสริมศักยภาพเครือข่ายกลุ่มออมทรัพย์เพื่อการผลิตในการจัดสวัสดิการของชุมชน"
    " กิจกรรมที่ ๑ ส่งเสริมศักยภาพเครือข่ายกลุ่มออมทรัพย์เพื่อการผลิตในการจัดสวัสดิการของชุมชน",
    references="หนังสือจังหวัดบุรีรัมย์ ด่วนที่สุด ที่ บร ๐๐๑๙/ว๑๕๗๓ ลงวันที่ ๒๐ พฤศจิกายน ๒๕๖๖",
    attachments="๑. หลักสูตรกิจกรรม จำนวน ๑ ชุด | /curriculum/\n"
    "๒. แบบรายงานแผนปฏิบัติการ ๓ (แบบ ๒) จำนวน ๑ ฉบับ | /downloads/plan-form.xlsx\n"
    "หนังสือฉบับนี้และสิ่งที่ส่งมาด้วย ๑ - ๒ (ข้อความ) | docs/files/letters/br-0019-w1992.txt",
    deadline=PLAN_DEADLINE,
    summary="ให้อำเภอมอบหมายพัฒนาการอำเภอศึกษาแนวทางการดำเนินงานโครงการ กิจกรรมที่ ๑ ตามสิ่งที่ส่งมาด้วย ๑\n"
    "จัดทำแผนปฏิบัติการของเครือข่ายกลุ่มออมทรัพย์เพื่อการผลิตในการส่งเสริมการมีส่วนร่วมของชุมชนในการจัดสวัสดิการชุมชน"
    " ส่งให้จังหวัดบุรีรัมย์ ภายในวันที่ ๒๐ มกราคม ๒๕๖๗ ตามสิ่งที่ส่งมาด้วย ๒\n"
    "ดาวน์โหลดสิ่งที่ส่งมาด้วย ๑ - ๒ ได้ตามคิวอาร์โค้ดท้ายหนังสือ\n"
    "ส่วนราชการเจ้าของเรื่อง: สำนักงานพัฒนาชุมชนจังหวัด กลุ่มงานสารสนเทศการพัฒนาชุมชน",
)
