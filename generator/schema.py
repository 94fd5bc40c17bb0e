"""The workbook's schema, declared once: header matching, validation, the blank
template, the data dictionary and the privacy filter all read it."""
from __future__ import annotations

from dataclasses import dataclass

# Column types understood by normalise.py.
CODE4, CODE2, TEXT, LINES, INT, MONEY, DATE, TIME, CHOICE, BOOL, SLUG = (
    "code4", "code2", "text", "lines", "int", "money", "date", "time", "choice", "bool", "slug",
)


@dataclass(frozen=True)
class Column:
    key: str
    """Canonical English header, also accepted in the sheet."""
    label: str
    """Thai header, what editors see in the template."""
    type: str
    required: bool = False
    private: bool = False
    """Never published: not on a page, not in a download, not in an error message."""
    help: str = ""
    choices: tuple[tuple[str, str], ...] = ()
    """For CHOICE columns: (canonical Thai value, English key) pairs."""


@dataclass(frozen=True)
class Sheet:
    key: str
    label: str
    columns: tuple[Column, ...]
    required: bool = True
    help: str = ""

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


WELFARE_TYPES = (
    ("การเกิด", "birth"),
    ("การศึกษา", "education"),
    ("การเจ็บป่วย", "illness"),
    ("ผู้สูงอายุ", "old_age"),
    ("การเสียชีวิต", "death"),
    ("ภัยพิบัติ", "disaster"),
    ("อาชีพ", "livelihood"),
    ("อื่น ๆ", "other"),
)

PLAN_STATUSES = (
    ("ยังไม่เริ่ม", "not_started"),
    ("กำลังดำเนินการ", "in_progress"),
    ("เสร็จแล้ว", "done"),
    ("ยกเลิก", "cancelled"),
)

DISTRICTS = Sheet("districts", "อำเภอ", help="หนึ่งแถวต่อเครือข่ายระดับอำเภอ / one row per district network", columns=(
    Column("district_code", "รหัสอำเภอ", CODE4, required=True, help="รหัสอำเภอของกรมการปกครอง 4 หลัก เช่น 3101"),
    Column("province", "จังหวัด", TEXT, required=True, help="ชื่อจังหวัดตามรหัส"),
    Column("district", "อำเภอ", TEXT, required=True, help="ชื่ออำเภอตามรหัส"),
    Column("network_name", "ชื่อเครือข่าย", TEXT, help="ชื่อเครือข่ายกลุ่มออมทรัพย์เพื่อการผลิตระดับอำเภอ"),
    Column("target_participants", "เป้าหมายผู้เข้าร่วม (คน)", INT, help="ปกติ 20 คน"),
    Column("budget_allocated", "งบประมาณที่ได้รับ (บาท)", MONEY, help="ปกติ 25,000 บาท"),
    Column("budget_spent", "งบประมาณที่ใช้จ่าย (บาท)", MONEY),
    Column("meeting_date", "วันที่จัดประชุม", DATE, help="วันที่จัดประชุม 1 วัน ตามหลักสูตร"),
    Column("meeting_venue", "สถานที่จัดประชุม", TEXT),
    Column("visit_date", "วันที่ศึกษาดูงาน", DATE),
    Column("visit_group", "กลุ่มที่ศึกษาดูงาน", TEXT, help="กลุ่มออมทรัพย์เพื่อการผลิตดีเด่นที่ไปศึกษาดูงาน"),
    Column("participants", "ผู้เข้าร่วม (คน)", INT),
    Column("passed", "ผู้ผ่านการทดสอบความรู้ (คน)", INT, help="ผู้มีความรู้ความเข้าใจตามเกณฑ์ (ตัวชี้วัดร้อยละ 80)"),
    Column("plan_submitted", "วันที่ส่งแผนปฏิบัติการ (แบบ ๒)", DATE, help="กำหนดส่งจังหวัดภายใน 20 มกราคม 2567"),
    Column("report_submitted", "วันที่ส่งรายงานผล", DATE, help="ภายใน 1 สัปดาห์หลังเสร็จกิจกรรม"),
    Column("notes", "หมายเหตุ", TEXT),
    Column("coordinator_name", "ชื่อผู้ประสานงาน", TEXT, private=True, help="ไม่เผยแพร่"),
    Column("coordinator_phone", "โทรศัพท์ผู้ประสานงาน", TEXT, private=True, help="ไม่เผยแพร่"),
    Column("coordinator_email", "อีเมลผู้ประสานงาน", TEXT, private=True, help="ไม่เผยแพร่"),
    Column("coordinator_national_id", "เลขประจำตัวประชาชนผู้ประสานงาน", TEXT, private=True, help="ไม่เผยแพร่"),
))

CURRICULUM = Sheet("curriculum", "หลักสูตร", help="หนึ่งแถวต่อหัวข้อ / one row per session", columns=(
    Column("session_id", "รหัสหัวข้อ", SLUG, required=True, help="ตัวอักษรอังกฤษ ตัวเลข และ - เช่น 1-2 ใช้เป็นที่อยู่หน้าเว็บ"),
    Column("day", "วันที่ของหลักสูตร", INT, required=True, help="1 = ประชุม, 2 = ศึกษาดูงาน"),
    Column("start", "เวลาเริ่ม", TIME, help="เช่น 08.00 หรือ 08:00"),
    Column("end", "เวลาสิ้นสุด", TIME),
    Column("topic", "หัวข้อวิชา", TEXT, required=True),
    Column("scope", "ขอบเขตเนื้อหา", LINES, help="หนึ่งบรรทัดต่อหนึ่งประเด็น"),
    Column("method", "วิธีการ", LINES),
    Column("media", "สื่อ/อุปกรณ์", LINES),
    Column("evaluation", "การประเมินผล", LINES),
))

PLANS = Sheet("plans", "แผนปฏิบัติการ", help="แบบ ๒: หนึ่งแถวต่อหนึ่งกิจกรรมในแผน / one row per action-plan item", columns=(
    Column("district_code", "รหัสอำเภอ", CODE4, required=True),
    Column("item_no", "ลำดับ", INT, required=True),
    Column("activity", "กิจกรรม", TEXT, required=True),
    Column("objective", "วัตถุประสงค์", TEXT),
    Column("welfare_type", "ประเภทสวัสดิการ", CHOICE, required=True, choices=WELFARE_TYPES),
    Column("target_group", "กลุ่มเป้าหมาย", TEXT),
    Column("target_count", "จำนวนเป้าหมาย (คน)", INT),
    Column("budget", "งบประมาณ (บาท)", MONEY),
    Column("budget_source", "แหล่งงบประมาณ", TEXT),
    Column("start", "วันเริ่ม", DATE),
    Column("end", "วันสิ้นสุด", DATE),
    Column("responsible", "ผู้รับผิดชอบ", TEXT),
    Column("indicator", "ตัวชี้วัด", TEXT),
    Column("status", "สถานะ", CHOICE, choices=PLAN_STATUSES),
))

ABOUT = Sheet("about", "เกี่ยวกับข้อมูล", required=False, help="แถวเดียว: สถานะของข้อมูลชุดนี้ / one row about this data", columns=(
    Column("is_sample", "ข้อมูลตัวอย่าง", BOOL, help="ใช่ เมื่อเป็นข้อมูลตัวอย่างที่ยังไม่ใช่ข้อมูลจริง"),
    Column("as_of", "ข้อมูล ณ วันที่", DATE, help="วันที่ปรับปรุงข้อมูลล่าสุด ใช้ตัดสินว่ารายการใดล่าช้า"),
    Column("source", "แหล่งข้อมูล", TEXT),
))

SHEETS: tuple[Sheet, ...] = (DISTRICTS, CURRICULUM, PLANS, ABOUT)
GUIDE_SHEET = "คำอธิบาย"  # the template's instructions for editors; never read as data
LISTS_SHEET = "รายการอ้างอิง"  # the template's hidden list of districts behind the code dropdown


def private_keys(sheet: Sheet) -> frozenset[str]:
    return frozenset(c.key for c in sheet.columns if c.private)
