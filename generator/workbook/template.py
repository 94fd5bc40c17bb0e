"""The master workbook as a file: the blank template editors start from, and the writer
the sample command uses. Both follow the schema's Thai labels."""

from __future__ import annotations

from pathlib import Path

import geothai

from .. import programme
from .schema import (
    BOOL,
    CHOICE,
    CODE2,
    CODE4,
    DATE,
    GUIDE_SHEET,
    INT,
    LINES,
    LISTS_SHEET,
    MONEY,
    SHEETS,
    SLUG,
    TEXT,
    TIME,
)
from .xlsx import ListChoice, Sheet, Style, column_letter, workbook

TYPE_HELP = {
    CODE4: "รหัส 4 หลัก",
    CODE2: "รหัส 2 หลัก",
    TEXT: "ข้อความ",
    LINES: "ข้อความ หนึ่งบรรทัดต่อหนึ่งประเด็น",
    INT: "จำนวนเต็ม",
    MONEY: "จำนวนเงิน (บาท)",
    TIME: "เวลา เช่น 08.00",
    SLUG: "รหัส (a-z, 0-9, -)",
    DATE: "วันที่ เช่น 20/1/2567 หรือ 20 ม.ค. 2567 (พ.ศ. หรือ ค.ศ. ก็ได้)",
    CHOICE: "เลือกจากรายการ",
    BOOL: "ใช่ / ไม่ใช่",
}
HEADER = Style(bold=True, fill="DDEBF7", wrap=True)
PRIVATE_HEADER = Style(bold=True, fill="F8CBAD", wrap=True)  # a column never published
DATA_ROWS_WITH_VALIDATION = 5000
# A column's number format, for what an editor types: set on the column (Excel and LibreOffice give a new cell
# its column's style), and on each cell written with data (a cell that exists keeps its own style).
NUMBER_FORMATS = {DATE: "d/m/yyyy", TIME: "hh:mm", MONEY: "#,##0.00", INT: "#,##0", CODE4: "@", CODE2: "@", SLUG: "@"}


def district_choices() -> list[str]:
    """'3101 เมืองบุรีรัมย์ (บุรีรัมย์)' for every district outside Bangkok; the code is what is read."""
    return [
        f"{d.code} {d.name_th} ({p.name_th})"
        for p in geothai.provinces()
        if p.code != "10"
        for d in geothai.districts(p.code)
    ]


def province_choices() -> list[str]:
    """'31 บุรีรัมย์' for every province outside Bangkok; the code is what is read."""
    return [f"{p.code} {p.name_th}" for p in geothai.provinces() if p.code != "10"]


def workbook_bytes(rows: dict[str, list[dict]] | None = None) -> bytes:
    """The workbook: an instructions sheet, the hidden lists, then each sheet of the schema with Thai headers
    (each with a note: key, type, help), dropdowns for closed lists, and the given rows (dicts keyed by column key)."""
    rows = rows or {}
    guide = [["ชีต", "คอลัมน์", "คีย์ภาษาอังกฤษ", "ชนิดข้อมูล", "จำเป็น", "เผยแพร่", "คำอธิบาย"]]
    for sheet in SHEETS:
        for col in sheet.columns:
            kind = TYPE_HELP[col.type] + (": " + ", ".join(t for t, _ in col.choices) if col.choices else "")
            guide.append(
                [
                    sheet.label,
                    col.label,
                    col.key,
                    kind,
                    "จำเป็น" if col.required else "",
                    "ไม่เผยแพร่ (ข้อมูลส่วนบุคคล)" if col.private else "เผยแพร่",
                    col.help,
                ]
            )
    sheets = [Sheet(GUIDE_SHEET, guide, widths=[16, 34, 26, 40, 10, 26, 60], frozen_rows=0)]

    districts, provinces = district_choices(), province_choices()
    lists: list[list[str | None]] = [["อำเภอ (รหัส ชื่อ จังหวัด)", "จังหวัด (รหัส ชื่อ)"]]
    lists += [[d, provinces[i] if i < len(provinces) else None] for i, d in enumerate(districts)]
    sheets.append(Sheet(LISTS_SHEET, lists, widths=[44, 24], frozen_rows=0, row_styles={}, hidden=True))
    district_list = f"'{LISTS_SHEET}'!$A$2:$A${len(districts) + 1}"
    province_list = f"'{LISTS_SHEET}'!$B$2:$B${len(provinces) + 1}"

    for sheet in SHEETS:
        dropdowns, notes = [], {}
        for i, col in enumerate(sheet.columns, start=1):
            letter = column_letter(i)
            notes[f"{letter}1"] = f"{col.key}: {TYPE_HELP[col.type]}. {col.help}".strip()
            source: tuple[str, ...] | str | None = None
            if col.type in (CHOICE, BOOL):
                source = tuple(t for t, _ in col.choices) if col.type == CHOICE else ("ใช่", "ไม่ใช่")
            elif col.type == CODE4:
                source = district_list
            elif col.type == CODE2:
                source = province_list
            if source:
                dropdowns.append(
                    ListChoice(
                        f"{letter}2:{letter}{DATA_ROWS_WITH_VALIDATION}",
                        source,
                        error="เลือกจากรายการเท่านั้น",
                        error_title="ค่าไม่อยู่ในรายการ",
                    )
                )
        data = [[row.get(col.key) for col in sheet.columns] for row in rows.get(sheet.key, [])]
        sheets.append(
            Sheet(
                sheet.label,
                [[col.label for col in sheet.columns], *data],
                widths=[14 if col.type in (DATE, INT, MONEY, CODE4, TIME) else 28 for col in sheet.columns],
                row_styles={0: [PRIVATE_HEADER if col.private else HEADER for col in sheet.columns]},
                # what a cell typed later gets (Excel and LibreOffice give a new cell its column's style), and the cells
                # written with data here (a cell that exists keeps its own style)
                column_styles={
                    i: Style(number_format=NUMBER_FORMATS[col.type])
                    for i, col in enumerate(sheet.columns)
                    if col.type in NUMBER_FORMATS
                },
                lists=dropdowns,
                notes=notes,
            )
        )
    return workbook(sheets)


def write_workbook(path: Path, rows: dict[str, list[dict]] | None = None) -> None:
    """Write the workbook (see workbook_bytes) to `path`."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_bytes(workbook_bytes(rows))


def template_bytes() -> bytes:
    """The blank master workbook: no district data yet, the source letter's curriculum filled in."""
    return workbook_bytes({"curriculum": list(programme.CURRICULUM)})


def write_template(path: Path) -> None:
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_bytes(template_bytes())
