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
    dict(session_id="1-1", day=1, start="08.00", end="09.00", topic="ลงทะเบียนและชี้แจงวัตถุประสงค์",
         scope="- ลงทะเบียน/รับรายงานตัว\n- ชี้แจงวัตถุประสงค์ส่งเสริมศักยภาพเครือข่ายกลุ่มออมทรัพย์เพื่อการผลิตในการจัดสวัสดิการของชุมชน",
         method="", media="- แบบลงทะเบียน\n- เอกสารประกอบการประชุม", evaluation=""),
    dict(session_id="1-2", day=1, start="09.00", end="12.00", topic="การดำเนินงานเครือข่ายกลุ่มออมทรัพย์เพื่อการผลิต",
         scope="- รู้จักทุนที่อยู่ในพื้นที่ “ทุนชุมชน ๕ ด้าน”\n- ความหมาย รูปแบบ ประโยชน์ของเครือข่าย\n"
               "- การบริหารจัดการและการพัฒนา กลุ่มออมทรัพย์เพื่อการผลิตโดยชุมชน\n- วัตถุประสงค์กลุ่มออมทรัพย์เพื่อการผลิต\n"
               "- บทบาทหน้าที่เครือข่ายกลุ่มออมทรัพย์เพื่อการผลิต",
         method="- บรรยายประกอบสื่อ Power point\n- เปิดเวทีให้ซักถามเพื่อสร้างความเข้าใจ",
         media="- สื่อ Power point\n- เครื่องฉายโปรเจ็คเตอร์", evaluation=""),
    dict(session_id="1-3", day=1, start="13.00", end="15.00", topic="บทบาทหน้าที่เครือข่ายกลุ่มออมทรัพย์เพื่อการผลิตในการจัดสวัสดิการ",
         scope="- หลักการจัดสวัสดิการชุมชน\n- บทบาทหน้าที่เครือข่ายในการจัดสวัสดิการ\n- ตัวอย่างสวัสดิการชุมชน",
         method="- บรรยายประกอบสื่อ Power point\n- เปิดเวทีให้ซักถามเพื่อสร้างความเข้าใจ",
         media="- สื่อ Power point\n- เครื่องฉายโปรเจ็คเตอร์", evaluation=""),
    dict(session_id="1-4", day=1, start="15.00", end="17.00",
         topic="จัดทำแผนการขับเคลื่อนเครือข่ายกลุ่มออมทรัพย์เพื่อการผลิตในการจัดสวัสดิการของชุมชน",
         scope="- วางแผนการขับเคลื่อนเครือข่ายกลุ่มออมทรัพย์เพื่อการผลิตในการจัดสวัสดิการของชุมชน",
         method="- ชี้แจง วิธีการจัดทำแผนการขับเคลื่อนเครือข่ายกลุ่มออมทรัพย์เพื่อการผลิตในการจัดสวัสดิการของชุมชน\n"
                "- แจกแบบรายงานการวางแผนการขับเคลื่อนเครือข่ายกลุ่มออมทรัพย์เพื่อการผลิตในการจัดสวัสดิการของชุมชน\n"
                "- เปิดเวทีให้ซักถามเพื่อสร้างความเข้าใจ",
         media="- แบบรายงานแผนการขับเคลื่อนเครือข่ายกลุ่มออมทรัพย์เพื่อการผลิตในการจัดสวัสดิการของชุมชน", evaluation=""),
    dict(session_id="2-1", day=2, start="", end="", topic="ศึกษาดูงานกลุ่มออมทรัพย์เพื่อการผลิตที่มีการดำเนินงานดีเด่นด้านการจัดสวัสดิการของชุมชน",
         scope="- ศึกษาดูงานกลุ่มออมทรัพย์เพื่อการผลิตที่มีการดำเนินงานดีเด่นด้านการจัดสวัสดิการของชุมชนภายในจังหวัดหรือจังหวัดข้างเคียง จำนวน 1 วัน",
         method="- ศึกษาดูงาน", media="", evaluation=""),
)
