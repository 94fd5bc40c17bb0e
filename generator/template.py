"""The master workbook as a file: the blank template editors start from, and the writer
the sample command uses. Both follow the schema's Thai labels."""
from __future__ import annotations

from pathlib import Path

import geothai
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from . import programme
from .schema import BOOL, CHOICE, CODE2, CODE4, DATE, GUIDE_SHEET, INT, LINES, LISTS_SHEET, MONEY, SHEETS, SLUG, TEXT, TIME

TYPE_HELP = {
    CODE4: "รหัส 4 หลัก", CODE2: "รหัส 2 หลัก", TEXT: "ข้อความ", LINES: "ข้อความ หนึ่งบรรทัดต่อหนึ่งประเด็น",
    INT: "จำนวนเต็ม", MONEY: "จำนวนเงิน (บาท)", TIME: "เวลา เช่น 08.00", SLUG: "รหัส (a-z, 0-9, -)",
    DATE: "วันที่ เช่น 20/1/2567 หรือ 20 ม.ค. 2567 (พ.ศ. หรือ ค.ศ. ก็ได้)",
    CHOICE: "เลือกจากรายการ", BOOL: "ใช่ / ไม่ใช่",
}
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
PRIVATE_FILL = PatternFill("solid", fgColor="F8CBAD")
DATA_ROWS_WITH_VALIDATION = 5000
# A column's number format, for what an editor types: set on the column (Excel and LibreOffice give a new cell
# its column's style), and on each cell written with data (a cell that exists keeps its own style).
NUMBER_FORMATS = {DATE: "d/m/yyyy", TIME: "hh:mm", MONEY: "#,##0.00", INT: "#,##0", CODE4: "@", CODE2: "@", SLUG: "@"}


def district_choices() -> list[str]:
    """'3101 เมืองบุรีรัมย์ (บุรีรัมย์)' for every district outside Bangkok; the code is what is read."""
    return [f"{d.code} {d.name_th} ({p.name_th})" for p in geothai.provinces() if p.code != "10"
            for d in geothai.districts(p.code)]


def province_choices() -> list[str]:
    """'31 บุรีรัมย์' for every province outside Bangkok; the code is what is read."""
    return [f"{p.code} {p.name_th}" for p in geothai.provinces() if p.code != "10"]


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

    lists = book.create_sheet(LISTS_SHEET)
    lists.append(["อำเภอ (รหัส ชื่อ จังหวัด)"])
    for choice in district_choices():
        lists.append([choice])
    lists.column_dimensions["A"].width = 44
    lists.sheet_state = "hidden"
    district_list = f"'{LISTS_SHEET}'!$A$2:$A${len(district_choices()) + 1}"
    lists["B1"] = "จังหวัด (รหัส ชื่อ)"
    provinces = province_choices()
    for row, choice in enumerate(provinces, start=2):
        lists.cell(row=row, column=2, value=choice)
    lists.column_dimensions["B"].width = 24
    province_list = f"'{LISTS_SHEET}'!$B$2:$B${len(provinces) + 1}"

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
            if col.type in NUMBER_FORMATS:
                ws.column_dimensions[get_column_letter(i)].number_format = NUMBER_FORMATS[col.type]
            formula = None
            if col.type in (CHOICE, BOOL):
                values = [t for t, _ in col.choices] if col.type == CHOICE else ["ใช่", "ไม่ใช่"]
                formula = '"' + ",".join(values) + '"'
            elif col.type == CODE4:
                formula = district_list
            elif col.type == CODE2:
                formula = province_list
            if formula:
                dv = DataValidation(type="list", formula1=formula, allow_blank=True)
                dv.error, dv.errorTitle = "เลือกจากรายการเท่านั้น", "ค่าไม่อยู่ในรายการ"
                ws.add_data_validation(dv)
                letter = get_column_letter(i)
                dv.add(f"{letter}2:{letter}{DATA_ROWS_WITH_VALIDATION}")
        ws.freeze_panes = "A2"
        data = rows.get(sheet.key, [])
        for row in data:
            ws.append([row.get(col.key) for col in sheet.columns])
        formats = {i: NUMBER_FORMATS[c.type] for i, c in enumerate(sheet.columns, start=1) if c.type in NUMBER_FORMATS}
        for r in range(2, len(data) + 2):
            for i, number_format in formats.items():
                ws.cell(row=r, column=i).number_format = number_format
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    book.save(path)


def write_template(path: Path) -> None:
    """The blank master workbook: no district data yet, the source letter's curriculum filled in."""
    write_workbook(path, {"curriculum": list(programme.CURRICULUM)})
