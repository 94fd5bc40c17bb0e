"""The master workbook as a file: the blank template editors start from, and the writer
the sample command uses. Both follow the schema's Thai labels."""
from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from .schema import BOOL, CHOICE, CODE2, CODE4, DATE, GUIDE_SHEET, INT, LINES, MONEY, SHEETS, SLUG, TEXT, TIME

TYPE_HELP = {
    CODE4: "รหัส 4 หลัก", CODE2: "รหัส 2 หลัก", TEXT: "ข้อความ", LINES: "ข้อความ หนึ่งบรรทัดต่อหนึ่งประเด็น",
    INT: "จำนวนเต็ม", MONEY: "จำนวนเงิน (บาท)", TIME: "เวลา เช่น 08.00", SLUG: "รหัส (a-z, 0-9, -)",
    DATE: "วันที่ เช่น 20/1/2567 หรือ 20 ม.ค. 2567 (พ.ศ. หรือ ค.ศ. ก็ได้)",
    CHOICE: "เลือกจากรายการ", BOOL: "ใช่ / ไม่ใช่",
}
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
PRIVATE_FILL = PatternFill("solid", fgColor="F8CBAD")
DATA_ROWS_WITH_VALIDATION = 5000


def write_workbook(path: Path, rows: dict[str, list[dict]] | None = None) -> None:
    """Write the workbook: an instructions sheet, then each sheet of the schema with Thai
    headers, dropdowns for closed lists, and the given rows (dicts keyed by column key)."""
    rows = rows or {}
    book = Workbook()
    guide = book.active
    guide.title = GUIDE_SHEET
    guide.append(["ชีต", "คอลัมน์", "คีย์ภาษาอังกฤษ", "ชนิดข้อมูล", "จำเป็น", "เผยแพร่", "คำอธิบาย"])
    for cell in guide[1]:
        cell.font = Font(bold=True)
    for sheet in SHEETS:
        for col in sheet.columns:
            kind = TYPE_HELP[col.type] + (": " + ", ".join(t for t, _ in col.choices) if col.choices else "")
            guide.append([sheet.label, col.label, col.key, kind, "จำเป็น" if col.required else "",
                          "ไม่เผยแพร่ (ข้อมูลส่วนบุคคล)" if col.private else "เผยแพร่", col.help])
    for letter, width in zip("ABCDEFG", (16, 34, 26, 40, 10, 26, 60)):
        guide.column_dimensions[letter].width = width

    for sheet in SHEETS:
        ws = book.create_sheet(sheet.label)
        ws.append([col.label for col in sheet.columns])
        for i, col in enumerate(sheet.columns, start=1):
            cell = ws.cell(row=1, column=i)
            cell.font = Font(bold=True)
            cell.fill = PRIVATE_FILL if col.private else HEADER_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            cell.comment = Comment(f"{col.key}: {TYPE_HELP[col.type]}. {col.help}".strip(), "generator")
            ws.column_dimensions[get_column_letter(i)].width = 14 if col.type in (DATE, INT, MONEY, CODE4, TIME) else 28
            if col.type in (CHOICE, BOOL):
                values = [t for t, _ in col.choices] if col.type == CHOICE else ["ใช่", "ไม่ใช่"]
                dv = DataValidation(type="list", formula1='"' + ",".join(values) + '"', allow_blank=True)
                dv.error, dv.errorTitle = "เลือกจากรายการเท่านั้น", "ค่าไม่อยู่ในรายการ"
                ws.add_data_validation(dv)
                letter = get_column_letter(i)
                dv.add(f"{letter}2:{letter}{DATA_ROWS_WITH_VALIDATION}")
        ws.freeze_panes = "A2"
        for row in rows.get(sheet.key, []):
            ws.append([row.get(col.key) for col in sheet.columns])
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
