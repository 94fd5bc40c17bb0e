"""Stage 1, read: every sheet of the workbook as raw cells, headers matched to the schema.

Cells are read one by one with python-calamine (a Rust reader, twenty times faster than
openpyxl here), not as pandas frames, which turn the phone 0812345678 into a number, 'N/A'
into empty, and rename duplicated headers."""
from __future__ import annotations

import difflib
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from defusedxml import ElementTree
from openpyxl.utils import get_column_letter
from python_calamine import CalamineWorkbook, SheetVisibleEnum

from .normalise import clean_text
from .problems import WARNING, Problem, UnusableWorkbook
from .schema import GUIDE_SHEET, LISTS_SHEET, SHEETS, Column, Sheet

HEADER_SEARCH_ROWS = 10  # a title row or two above the header is common
MAX_UNPACKED_BYTES = 300 * 2**20  # a real master sheet unpacks to a few MB; more is a zip bomb
MAX_ROWS = 200_000  # per sheet; the 878 districts with ten plan items each need ~9,000
MAX_CELL_CHARS = 32_767  # Excel's own limit for one cell
PROLOG_BYTES = 4096  # where an XML part would declare a DOCTYPE with entities
NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
      "rel": "http://schemas.openxmlformats.org/package/2006/relationships"}


@dataclass
class RawRow:
    number: int
    values: dict[str, object]
    """Column key -> raw cell value, only for columns the schema knows."""
    cells: dict[str, str]
    """Column key -> cell reference such as C14."""


@dataclass
class RawSheet:
    spec: Sheet
    title: str
    rows: list[RawRow] = field(default_factory=list)
    present: frozenset[str] = frozenset()
    """Keys of the columns found in the header."""
    header_row: int = 1


def header_key(text: object) -> str:
    """Headers forgive case, spaces, '_' and '-', and a trailing '(unit)'."""
    return re.sub(r"[\s_\-]+", "", clean_text(str(text))).casefold() if text is not None else ""


def _column_index(spec: Sheet) -> dict[str, Column]:
    index: dict[str, Column] = {}
    for col in spec.columns:
        for name in (col.key, col.label, col.label.split(" (")[0]):
            index[header_key(name)] = col
    return index


def _match_sheet(title: str) -> Sheet | None:
    key = header_key(title)
    return next((s for s in SHEETS if key in (header_key(s.key), header_key(s.label))), None)


def read_workbook(path: Path) -> tuple[dict[str, RawSheet], list[Problem]]:
    """Return the sheets the schema knows, by key, and the problems met on the way."""
    path = Path(path)
    xml_paths = _check_container(path)
    try:
        book = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own types for broken files
        raise UnusableWorkbook(
            f"{path.name}: ไม่ใช่ไฟล์ Excel (.xlsx) ที่อ่านได้ ให้ส่งออกจาก Google Sheets เป็น Microsoft Excel (.xlsx) อีกครั้ง"
            f" / not a readable .xlsx workbook ({type(exc).__name__}); export it again as .xlsx") from None

    sheets: dict[str, RawSheet] = {}
    problems: list[Problem] = []
    try:
        for meta in book.sheets_metadata:
            title = meta.name
            spec = _match_sheet(title)
            if spec is None and title not in (GUIDE_SHEET, LISTS_SHEET):
                problems.append(Problem(title, "A1", "ไม่รู้จักชีตนี้ จะไม่นำไปใช้ / unknown sheet, not read", WARNING))
            if spec is None:
                continue
            if meta.visible != SheetVisibleEnum.Visible:
                problems.append(Problem(title, "A1", "ชีตนี้ถูกซ่อนอยู่ แต่ยังนำข้อมูลไปใช้ / the sheet is hidden but still read",
                                        WARNING))
            if spec.key in sheets:
                problems.append(Problem(title, "A1", f"ชีตซ้ำกับชีต '{sheets[spec.key].title}' จะใช้ชีตแรกเท่านั้น"
                                        f" / duplicate of sheet '{sheets[spec.key].title}'; only the first is read", WARNING))
                continue
            ws = book.get_sheet_by_name(title)
            if ws.total_height > MAX_ROWS:
                raise UnusableWorkbook(f"ชีต '{title}' มีเกิน {MAX_ROWS:,} แถว ให้ลบแถวว่างท้ายชีต"
                                       f" / sheet '{title}' has more than {MAX_ROWS:,} rows; delete the empty rows at its end")
            grid = _fill_merged(title, ws, ws.to_python(skip_empty_area=False), problems)
            uncomputed = _formulas_without_values(path, xml_paths.get(title))
            sheets[spec.key] = _read_sheet(title, grid, uncomputed, spec, problems)
    except UnusableWorkbook:
        raise
    except Exception as exc:
        raise UnusableWorkbook(f"{path.name}: ไฟล์เสียหาย / the workbook is damaged ({type(exc).__name__}: {exc})") from None
    finally:
        book.close()

    for spec in SHEETS:
        if spec.required and spec.key not in sheets:
            problems.append(Problem(spec.label, "A1", f"ไม่พบชีต '{spec.label}' (หรือ '{spec.key}') ให้เพิ่มชีตนี้"
                                    f" / sheet '{spec.key}' is missing; add it"))
    return sheets, problems


def _check_container(path: Path) -> dict[str, str]:
    """Refuse, cheaply and before parsing, what cannot be a workbook: missing, empty, not a zip
    (a CSV renamed .xlsx), a zip that would unpack to far more than any real sheet, or XML that
    declares entities (an entity bomb). Return each sheet's XML path in the archive, by name."""
    if not path.is_file():
        raise UnusableWorkbook(f"ไม่พบไฟล์ {path} / file not found: {path}")
    if path.stat().st_size == 0:
        raise UnusableWorkbook(f"{path.name}: ไฟล์ว่างเปล่า / the file is empty")
    if not zipfile.is_zipfile(path):
        raise UnusableWorkbook(
            f"{path.name}: ไม่ใช่ไฟล์ Excel (.xlsx) อาจเป็น CSV หรือไฟล์อื่นที่เปลี่ยนชื่อ ให้ส่งออกจาก Google Sheets"
            f" เป็น Microsoft Excel (.xlsx) / not an .xlsx workbook (a CSV or another file renamed?); export it as .xlsx")
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
            if unpacked > MAX_UNPACKED_BYTES:
                raise UnusableWorkbook(f"{path.name}: ไฟล์ขยายได้ {unpacked // 2**20:,} MB เกินขีดจำกัด"
                                       f" {MAX_UNPACKED_BYTES // 2**20} MB / unpacks to {unpacked // 2**20:,} MB, over the limit")
            for name in archive.namelist():
                if name.endswith((".xml", ".rels")):
                    with archive.open(name) as part:
                        if b"<!DOCTYPE" in part.read(PROLOG_BYTES) or b"<!ENTITY" in part.read(PROLOG_BYTES):
                            raise UnusableWorkbook(
                                f"{path.name}: ไฟล์มี XML ที่ประกาศ entity ซึ่งอาจเป็นอันตราย จึงไม่อ่าน"
                                " / the workbook's XML declares entities (an XML bomb?); refused")
            return _sheet_paths(archive)
    except (zipfile.BadZipFile, OSError, KeyError, EOFError) as exc:
        raise UnusableWorkbook(f"{path.name}: ไฟล์เสียหาย / the workbook is damaged ({exc})") from None


def _sheet_paths(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> path of its XML part, from the workbook's relationships (parsed with defusedxml)."""
    try:
        book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except Exception:  # calamine reports a workbook it cannot read; the paths only serve formula checks
        return {}
    targets = {r.get("Id"): r.get("Target", "") for r in rels.findall("rel:Relationship", NS)}
    paths = {}
    for sheet in book.findall("m:sheets/m:sheet", NS):
        target = targets.get(sheet.get(f"{{{NS['r']}}}id"), "")
        paths[sheet.get("name")] = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
    return paths


def _formulas_without_values(path: Path, xml_path: str | None) -> set[str]:
    """Cells holding a formula whose result was never saved (a file written by a script, not a
    spreadsheet program): reading them gives nothing, so say why instead of 'empty'. A plain
    byte search: such formulas are rare and a second XML parse would cost more."""
    if not xml_path:
        return set()
    with zipfile.ZipFile(path) as archive:
        xml = archive.read(xml_path)
    if b"<f" not in xml:
        return set()
    cells = re.findall(rb'<c r="([A-Z]+[0-9]+)"[^>]*>(.*?)</c>', xml, re.S)
    return {ref.decode() for ref, body in cells if re.search(rb"<f[ >/]", body) and not re.search(rb"<v>[^<]", body)}


def _fill_merged(title: str, ws, grid: list[list], problems: list[Problem]) -> list[list]:
    """Copy each merged range's value into every cell of the range, as an editor who merged
    'บุรีรัมย์' down a column means it."""
    for (r0, c0), (r1, c1) in ws.merged_cell_ranges or ():
        ref = f"{get_column_letter(c0 + 1)}{r0 + 1}:{get_column_letter(c1 + 1)}{r1 + 1}"
        problems.append(Problem(title, ref, "เซลล์ผสาน ใช้ค่าของเซลล์แรกกับทุกเซลล์ในช่วง"
                                " / merged cells: the first cell's value is used for the whole range", WARNING))
        value = grid[r0][c0] if r0 < len(grid) and c0 < len(grid[r0]) else None
        for r in range(r0, min(r1 + 1, len(grid))):
            row = grid[r]
            row += [""] * (c1 + 1 - len(row))
            for c in range(c0, c1 + 1):
                row[c] = value
    return grid


def _read_sheet(title: str, grid: list[list], uncomputed: set[str], spec: Sheet,
                problems: list[Problem]) -> RawSheet:
    index = _column_index(spec)
    sheet = RawSheet(spec, title)
    header: list = []
    for number, values in enumerate(grid[:HEADER_SEARCH_ROWS], start=1):
        if sum(header_key(v) in index for v in values) >= min(2, len(spec.columns)):
            header, sheet.header_row = values, number
            break
    if not header:
        problems.append(Problem(title, "A1", f"ไม่พบแถวหัวตาราง ต้องมีหัวคอลัมน์ เช่น '{spec.columns[0].label}'"
                                f" / no header row found; expected headers such as '{spec.columns[0].key}'"))
        return sheet

    positions: dict[int, Column] = {}
    unknown: list[tuple[str, str]] = []
    for i, text in enumerate(header):
        if text is None or not clean_text(str(text)):
            continue
        ref = f"{get_column_letter(i + 1)}{sheet.header_row}"
        col = index.get(header_key(text))
        if col is None:
            unknown.append((ref, clean_text(str(text))))
        elif col in positions.values():
            problems.append(Problem(title, ref, f"คอลัมน์ '{col.label}' ซ้ำ ให้ลบหรือเปลี่ยนชื่อคอลัมน์หนึ่ง"
                                    f" / duplicate column '{col.key}'; delete or rename one"))
        else:
            positions[i] = col
    sheet.present = frozenset(c.key for c in positions.values())
    missing = {label: col for col in spec.columns if col.key not in sheet.present for label in (col.label, col.key)}
    for ref, text in unknown:
        close = difflib.get_close_matches(text, missing, n=1, cutoff=0.6)
        hint = f". หมายถึง '{missing[close[0]].label}' หรือไม่? / did you mean '{missing[close[0]].key}'?" if close else ""
        problems.append(Problem(title, ref, f"ไม่รู้จักคอลัมน์ '{text}' จะไม่นำไปเผยแพร่ / unknown column, not published"
                                + hint, WARNING))
    for col in spec.columns:
        if col.required and col.key not in sheet.present:
            problems.append(Problem(title, f"A{sheet.header_row}", f"ไม่พบคอลัมน์ '{col.label}' ที่จำเป็น"
                                    f" / required column '{col.key}' is missing"))

    letters = {i: get_column_letter(i + 1) for i in positions}
    positions_by_key = {col.key: i for i, col in positions.items()}
    for number, values in enumerate(grid[sheet.header_row:], start=sheet.header_row + 1):
        # calamine gives '' for an empty cell; the later stages know empty as None
        picked = {col.key: (None if values[i] == "" else values[i]) for i, col in positions.items() if i < len(values)}
        for key, value in picked.items():
            if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                picked[key] = None
                problems.append(Problem(title, f"{letters[positions_by_key[key]]}{number}",
                                        f"ข้อความยาวเกิน {MAX_CELL_CHARS:,} ตัวอักษร / text longer than {MAX_CELL_CHARS:,} characters"))
        for i, col in positions.items():
            if f"{letters[i]}{number}" in uncomputed:
                problems.append(Problem(title, f"{letters[i]}{number}", "เซลล์มีสูตรแต่ไม่มีค่าที่คำนวณไว้ ให้เปิดไฟล์ใน"
                                        " Google Sheets หรือ Excel แล้วส่งออกอีกครั้ง / formula without a saved value;"
                                        " open and export the file again from Google Sheets or Excel"))
        if all(v is None or (isinstance(v, str) and not clean_text(v)) for v in picked.values()):
            continue  # blank or merely formatted row
        sheet.rows.append(RawRow(number, picked, {col.key: f"{letters[i]}{number}" for i, col in positions.items()}))
    return sheet
