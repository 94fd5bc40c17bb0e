"""The workbook's schema, declared once: header matching, validation, the blank
template, the data dictionary and the privacy filter all read it."""

from __future__ import annotations

from dataclasses import dataclass

# Column types understood by normalise.py.
CODE4, CODE2, TEXT, LINES, INT, MONEY, DATE, TIME, CHOICE, BOOL, SLUG = (
    "code4",
    "code2",
    "text",
    "lines",
    "int",
    "money",
    "date",
    "time",
    "choice",
    "bool",
    "slug",
)

# The folders of docs/ the generator writes (each anew) and whose names a hand-written attachment must not take.
GENERATED_DIRS = (
    "_generated",
    "awards",
    "contacts",
    "curriculum",
    "districts",
    "documents",
    "downloads",
    "festival",
    "plans",
    "provinces",
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

DISTRICTS = Sheet(
    "districts",
    "อำเภอ",
    help="หนึ่งแถวต่อเครือข่ายระดับอำเภอ / one row per district network",
    columns=(
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
    ),
)

CURRICULUM = Sheet(
    "curriculum",
    "หลักสูตร",
    help="หนึ่งแถวต่อหัวข้อ / one row per session",
    columns=(
        Column("session_id", "รหัสหัวข้อ", SLUG, required=True, help="ตัวอักษรอังกฤษ ตัวเลข และ - เช่น 1-2 ใช้เป็นที่อยู่หน้าเว็บ"),
        Column("day", "วันที่ของหลักสูตร", INT, required=True, help="1 = ประชุม, 2 = ศึกษาดูงาน"),
        Column("start", "เวลาเริ่ม", TIME, help="เช่น 08.00 หรือ 08:00"),
        Column("end", "เวลาสิ้นสุด", TIME),
        Column("topic", "หัวข้อวิชา", TEXT, required=True),
        Column("scope", "ขอบเขตเนื้อหา", LINES, help="หนึ่งบรรทัดต่อหนึ่งประเด็น"),
        Column("method", "วิธีการ", LINES),
        Column("media", "สื่อ/อุปกรณ์", LINES),
        Column("evaluation", "การประเมินผล", LINES),
    ),
)

PLANS = Sheet(
    "plans",
    "แผนปฏิบัติการ",
    help="แบบ ๒: หนึ่งแถวต่อหนึ่งกิจกรรมในแผน / one row per action-plan item",
    columns=(
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
    ),
)

FESTIVAL = Sheet(
    "festival",
    "มหกรรมการออม",
    required=False,
    help=(
        "กิจกรรม 1.3 มหกรรมการออม 50 ปี: หนึ่งแถวต่อจังหวัด (จังหวัดเป็นผู้จัดงานและรายงานผล) ไม่บังคับ:"
        " สมุดงานที่ยังไม่มีชีตนี้ก็ใช้ได้ หน้ามหกรรมการออมจะแสดงว่ายังไม่มีข้อมูล"
        " / activity 1.3, the 50-year Savings Festival: one row per province; optional"
    ),
    columns=(
        Column("province_code", "รหัสจังหวัด", CODE2, required=True, help="รหัสจังหวัดของกรมการปกครอง 2 หลัก เช่น 31"),
        Column("province", "จังหวัด", TEXT, required=True, help="ชื่อจังหวัดตามรหัส"),
        Column(
            "members_added",
            "สมาชิกที่เพิ่มเงินสัจจะ 50 บาท (คน)",
            INT,
            help="สมาชิกที่เพิ่มเงินสัจจะสะสม 50 บาท ระหว่างธันวาคม 2566 – กุมภาพันธ์ 2567",
        ),
        Column("amount_added", "ยอดเงินสัจจะที่เพิ่ม (บาท)", MONEY, help="ปกติ 50 บาท × จำนวนสมาชิก"),
        Column("special_members", "สมาชิกที่ฝากสัจจะพิเศษ (คน)", INT, help="สมาชิกที่ฝากเงินสัจจะสะสมพิเศษ 50 บาทขึ้นไป"),
        Column("special_amount", "ยอดเงินฝากสัจจะพิเศษ (บาท)", MONEY, help="อย่างน้อย 50 บาท × จำนวนสมาชิกที่ฝาก"),
        Column("new_members", "สมาชิกใหม่ (คน)", INT, help="สมาชิกที่กลุ่มรับสมัครเพิ่มในช่วงกิจกรรม"),
        Column("deposit_reported", "วันที่รายงานยอดเงินฝาก", DATE, help="กำหนดรายงานภายใน 20 กุมภาพันธ์ 2567"),
        Column("event_start", "วันที่เริ่มจัดงาน", DATE, help="กำหนดจัดงานระหว่าง 6 – 8 มีนาคม 2567"),
        Column("event_end", "วันที่จัดงานวันสุดท้าย", DATE, help="ว่างได้ถ้าจัดวันเดียว"),
        Column("summary_reported", "วันที่ส่งรายงานสรุปผล", DATE, help="รายงานเป็นรูปเล่มให้กรมฯ ภายใน 29 มีนาคม 2567"),
        Column("notes", "หมายเหตุ", TEXT),
    ),
)

PROVINCES = Sheet(
    "provinces",
    "จังหวัด",
    required=False,
    help=(
        "สำนักงานพัฒนาชุมชนจังหวัด: หนึ่งแถวต่อจังหวัด ใช้ในหน้าติดต่อและหน้าจังหวัด เผยแพร่เฉพาะที่อยู่"
        " โทรศัพท์ และอีเมลของสำนักงาน ไม่บังคับ: สมุดงานที่ยังไม่มีชีตนี้ก็ใช้ได้"
        " / provincial community development offices: public office contacts; optional"
    ),
    columns=(
        Column("province_code", "รหัสจังหวัด", CODE2, required=True, help="รหัสจังหวัดของกรมการปกครอง 2 หลัก เช่น 31"),
        Column("province", "จังหวัด", TEXT, required=True, help="ชื่อจังหวัดตามรหัส"),
        Column("office_name", "ชื่อสำนักงาน", TEXT, help="เช่น สำนักงานพัฒนาชุมชนจังหวัดบุรีรัมย์"),
        Column("address", "ที่อยู่สำนักงาน", TEXT),
        Column("phone", "โทรศัพท์สำนักงาน", TEXT, help="หมายเลขโทรศัพท์ของสำนักงาน เช่น 0 4566 6512 ห้ามใส่โทรศัพท์มือถือส่วนตัว"),
        Column("email", "อีเมลสำนักงาน", TEXT, help="อีเมลของสำนักงาน เช่น saraban_buriram@cdd.mail.go.th"),
        Column("website", "เว็บไซต์", TEXT, help="ขึ้นต้นด้วย https://"),
        Column("contact_name", "ชื่อผู้ติดต่อ", TEXT, private=True, help="ไม่เผยแพร่"),
        Column("contact_mobile", "โทรศัพท์มือถือผู้ติดต่อ", TEXT, private=True, help="ไม่เผยแพร่"),
        Column("contact_email", "อีเมลผู้ติดต่อ", TEXT, private=True, help="ไม่เผยแพร่"),
    ),
)

AWARD_TYPES = (
    ("สมาชิกดีเด่น", "member"),
    ("กลุ่มออมทรัพย์เพื่อการผลิตดีเด่น", "group"),
)

AWARD_RANKS = (
    ("ชนะเลิศ", "winner"),
    ("รองชนะเลิศอันดับ 1", "runner_up_1"),
    ("รองชนะเลิศอันดับ 2", "runner_up_2"),
    ("ชมเชย", "honourable_mention"),
)

AWARDS = Sheet(
    "awards",
    "รางวัล",
    required=False,
    help=(
        "รางวัลประกาศเกียรติคุณในงานมหกรรมการออม 50 ปี: หนึ่งแถวต่อหนึ่งรางวัล สมาชิกดีเด่นหรือกลุ่มออมทรัพย์เพื่อการผลิตดีเด่น"
        " ชื่อผู้ได้รับรางวัลเผยแพร่ ข้อมูลติดต่อไม่เผยแพร่ ไม่บังคับ / awards of the Savings Festival, one row per award;"
        " optional"
    ),
    columns=(
        Column("award_type", "ประเภทรางวัล", CHOICE, required=True, choices=AWARD_TYPES),
        Column("rank", "ระดับรางวัล", CHOICE, choices=AWARD_RANKS, help="ว่างได้ถ้าจังหวัดไม่ได้จัดอันดับ"),
        Column("province_code", "รหัสจังหวัด", CODE2, required=True, help="รหัสจังหวัด 2 หลัก เช่น 31"),
        Column(
            "district_code",
            "รหัสอำเภอ",
            CODE4,
            required=True,
            help="อำเภอที่ตั้งของกลุ่ม ต้องอยู่ในชีตอำเภอ รางวัลจะแสดงในหน้าของอำเภอนั้น",
        ),
        Column("group_name", "ชื่อกลุ่มออมทรัพย์เพื่อการผลิต", TEXT, required=True, help="กลุ่มที่ได้รับรางวัล หรือกลุ่มที่สมาชิกดีเด่นสังกัด"),
        Column(
            "awardee",
            "ชื่อผู้ได้รับรางวัล",
            TEXT,
            help="สมาชิกดีเด่น: ชื่อ-สกุลของสมาชิก (จำเป็น) · กลุ่มดีเด่น: ว่างได้ เผยแพร่เพราะเป็นรางวัลต่อสาธารณะ",
        ),
        Column("citation", "ผลงานที่ได้รับการยกย่อง", LINES, help="หนึ่งบรรทัดต่อหนึ่งผลงาน"),
        Column("award_date", "วันที่มอบรางวัล", DATE, help="ปกติในงานมหกรรมการออม 6 – 8 มีนาคม 2567"),
        Column("awardee_phone", "โทรศัพท์ผู้ได้รับรางวัล", TEXT, private=True, help="ไม่เผยแพร่"),
        Column("awardee_address", "ที่อยู่ผู้ได้รับรางวัล", TEXT, private=True, help="ไม่เผยแพร่"),
        Column("awardee_national_id", "เลขประจำตัวประชาชนผู้ได้รับรางวัล", TEXT, private=True, help="ไม่เผยแพร่"),
    ),
)

DOCUMENTS = Sheet(
    "documents",
    "หนังสือราชการ",
    required=False,
    help=(
        "หนังสือราชการของโครงการ: หนึ่งแถวต่อหนึ่งฉบับ แต่ละฉบับมีหน้าของตัวเองและคิวอาร์โค้ดไปยังสิ่งที่ส่งมาด้วย"
        " ไม่บังคับ / official letters, one row per letter; optional"
    ),
    columns=(
        Column(
            "doc_id",
            "รหัสหนังสือ",
            SLUG,
            required=True,
            help="ตัวอักษรอังกฤษ ตัวเลข และ - เช่น br-0019-w1992 ใช้เป็นที่อยู่หน้าเว็บ (ไม่ใช้เลขที่หนังสือภาษาไทย)",
        ),
        Column("number", "ที่", TEXT, required=True, help="เลขที่หนังสือตามที่พิมพ์ในหนังสือ เช่น บร ๐๐๑๙/ว๑๙๙๒"),
        Column("date", "ลงวันที่", DATE, required=True, help="ใช้เรียงหนังสือจากใหม่ไปเก่า"),
        Column(
            "date_as_written", "ลงวันที่ตามต้นฉบับ", TEXT, help="ว่างได้ ใช้เมื่อวันที่ในต้นฉบับไม่ครบหรืออ่านไม่ออก จะแสดงแทนวันที่ข้างต้น"
        ),
        Column("sender", "จาก", TEXT, required=True, help="ส่วนราชการเจ้าของหนังสือ"),
        Column("recipient", "เรียน", TEXT, required=True),
        Column("subject", "เรื่อง", TEXT, required=True),
        Column("references", "อ้างถึง", LINES, help="หนึ่งบรรทัดต่อหนังสือที่อ้างถึงหนึ่งฉบับ"),
        Column(
            "attachments",
            "สิ่งที่ส่งมาด้วย",
            LINES,
            help=(
                "หนึ่งบรรทัดต่อหนึ่งรายการ: ชื่อรายการ | ที่อยู่ไฟล์ ที่อยู่ไฟล์เป็นไฟล์ในโฟลเดอร์ docs/files/ ของโครงการ"
                " (เช่น docs/files/letters/br-0019-w1992.txt) หรือหน้าของเว็บไซต์นี้ (เช่น /curriculum/)"
                " หรือที่อยู่เว็บที่ขึ้นต้นด้วย https://"
            ),
        ),
        Column("deadline", "กำหนดดำเนินการ", DATE, help="วันที่ที่หนังสือกำหนดให้ดำเนินการหรือส่งเอกสาร"),
        Column("summary", "สาระสำคัญ", LINES, help="หนึ่งบรรทัดต่อหนึ่งประเด็น"),
    ),
)

ABOUT = Sheet(
    "about",
    "เกี่ยวกับข้อมูล",
    required=False,
    help="แถวเดียว: สถานะของข้อมูลชุดนี้ / one row about this data",
    columns=(
        Column("is_sample", "ข้อมูลตัวอย่าง", BOOL, help="ใช่ เมื่อเป็นข้อมูลตัวอย่างที่ยังไม่ใช่ข้อมูลจริง"),
        Column("as_of", "ข้อมูล ณ วันที่", DATE, help="วันที่ปรับปรุงข้อมูลล่าสุด ใช้ตัดสินว่ารายการใดล่าช้า"),
        Column("source", "แหล่งข้อมูล", TEXT),
    ),
)

SHEETS: tuple[Sheet, ...] = (DISTRICTS, CURRICULUM, PLANS, FESTIVAL, PROVINCES, AWARDS, DOCUMENTS, ABOUT)
GUIDE_SHEET = "คำอธิบาย"  # the template's instructions for editors; never read as data
LISTS_SHEET = "รายการอ้างอิง"  # the template's hidden list of districts behind the code dropdown


def private_keys(sheet: Sheet) -> frozenset[str]:
    return frozenset(c.key for c in sheet.columns if c.private)
