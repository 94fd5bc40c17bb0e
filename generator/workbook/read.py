"""Stage 1, read: every sheet of the workbook as raw cells, headers matched to the schema.

Cells are read one by one with python-calamine (a Rust reader, twenty times faster than
openpyxl here), not as pandas frames, which turn the phone 0812345678 into a number, 'N/A'
into empty, and rename duplicated headers."""

from __future__ import annotations

import difflib
import functools
import html
import io
import posixpath
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path

from defusedxml import ElementTree
from python_calamine import CalamineWorkbook, SheetVisibleEnum

from .normalise import clean_text
from .problems import WARNING, Problem, UnusableWorkbook
from .schema import GUIDE_SHEET, LISTS_SHEET, SHEETS, Column, Sheet


def get_column_letter(index: int) -> str:
    """1 -> A, 27 -> AA (openpyxl's name and meaning; openpyxl itself takes a fifth of a second to import)."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_index_from_string(letters: str) -> int:
    return functools.reduce(lambda n, ch: n * 26 + ord(ch) - 64, letters, 0)


HEADER_SEARCH_ROWS = 10  # a title row or two above the header is common
MAX_UNPACKED_BYTES = 300 * 2**20  # a real master sheet unpacks to a few MB; more is a zip bomb
MAX_ROWS = 200_000  # per sheet; the 878 districts with ten plan items each need ~9,000
MAX_GRID_CELLS = 5_000_000  # rows × columns calamine holds at once (~40 bytes each); real sheets need ~200,000
MAX_CELL_CHARS = 32_767  # Excel's own limit for one cell
PROLOG_BYTES = 65_536  # where an XML part would declare a DOCTYPE with entities
CHUNK_BYTES = 2**20  # sheets are streamed from the zip in pieces of about this size
MAX_PIECE_BYTES = 16 * 2**20  # one cell or row's XML; 32,767 characters escaped take under 1 MB
TAIL_BYTES = 4 * 2**20  # formatted empty rows after a sheet's data worth cutting off before calamine reads it
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an OLE compound file: an encrypted .xlsx or an old .xls
ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")  # its directory names streams in UTF-16
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
PROLOG = re.compile(rb"(?:\xef\xbb\xbf|\s|<\?.*?\?>|<!--.*?-->)*", re.S)
CELL_REF = re.compile(rb"""(?:^|\s)r=["']([A-Z]{1,3})([0-9]{1,7})["']""")
FORMULA = re.compile(rb"<f[\s>/]")
# The start tag of a cell with content, with its reference: not self-closing (no '/' inside a cell's tag) and not
# closed at once. Each attempt ends within its tag, so the search is linear.
CONTENT_CELL = re.compile(rb"""<c\s[^>/]*?\br=["']([A-Z]{1,3})([0-9]{1,7})["'][^>/]*>(?!</c>)""")
UNREADABLE_MARKS = (b"<f", b't="e"', b"t='e'")  # a formula, or a cell typed as an error (bytes.find: fastest)
VALUE = re.compile(rb"<v>([^<]+)</v>")
ERROR_TYPE = re.compile(rb"""\st=["']e["']""")
STRING_TYPE = re.compile(rb"""\st=["']str["']""")
ERROR_VALUE = re.compile(r"#[A-Z0-9_/!?.]{1,20}")  # #REF!, #DIV/0!, #N/A, #NAME?, #GETTING_DATA, ...
ODS_ERROR_MARK = b'value-type="error"'
ODS_TOKEN = re.compile(
    rb'<table:table\s[^>]*?table:name="([^"]*)"'  # a sheet starts
    rb"|<table:table-row(\s[^>]*|)>"  # a row
    rb"|<table:(?:covered-)?table-cell(\s[^>]*|)>"
)  # a cell, or one hidden by a merge
ODS_ROWS_REPEATED = re.compile(rb'table:number-rows-repeated="([0-9]+)"')
ODS_COLUMNS_REPEATED = re.compile(rb'table:number-columns-repeated="([0-9]+)"')
ODS_TEXT = re.compile(rb"\s*<text:p>([^<]{0,40})</text:p>")
UNCOMPUTED = (
    "เซลล์มีสูตรแต่ไม่มีค่าที่คำนวณไว้ ให้เปิดไฟล์ใน Google Sheets หรือ Excel แล้วส่งออกอีกครั้ง"
    " / formula without a saved value; open and export the file again from Google Sheets or Excel"
)
NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
}


@dataclass
class RawRow:
    number: int
    values: dict[str, object]
    """Column key -> raw cell value, only for columns the schema knows."""
    cells: Mapping[str, str]
    """Column key -> cell reference such as C14."""


class CellRefs(Mapping):
    """Column key -> cell reference such as C14, spelt out only when asked: few cells are ever named."""

    __slots__ = ("letters", "number")

    def __init__(self, letters: dict[str, str], number: int):
        self.letters, self.number = letters, number

    def __getitem__(self, key: str) -> str:
        return f"{self.letters[key]}{self.number}"

    def __iter__(self):
        return iter(self.letters)

    def __len__(self) -> int:
        return len(self.letters)


@dataclass
class RawSheet:
    spec: Sheet
    title: str
    rows: list[RawRow] = field(default_factory=list)
    present: frozenset[str] = frozenset()
    """Keys of the columns found in the header."""
    header_row: int = 1
    errors: set[str] = field(default_factory=set)
    """Cells already reported as unreadable (a spreadsheet error such as #REF!, or a formula without a saved
    value): their value is dropped, and the validator must not report them again as empty."""


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
    ods, xml_paths = _check_container(path)
    try:
        book = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own types for broken files
        raise UnusableWorkbook(
            f"{path.name}: ไม่ใช่ไฟล์ Excel (.xlsx) ที่อ่านได้ ให้ส่งออกจาก Google Sheets เป็น Microsoft Excel (.xlsx) อีกครั้ง"
            f" / not a readable .xlsx workbook ({type(exc).__name__}); export it again as .xlsx"
        ) from None

    sheets: dict[str, RawSheet] = {}
    problems: list[Problem] = []
    try:
        with zipfile.ZipFile(path) as archive:
            ods_errors = _scan_ods(archive) if ods else {}
            known: list[tuple[str, Sheet, SheetScan]] = []
            for meta in book.sheets_metadata:
                spec = _sheet_spec(meta, {known_spec.key: title for title, known_spec, _ in known}, problems)
                if spec is None:
                    continue
                scan = (
                    SheetScan(errors=ods_errors.get(meta.name, {}))
                    if ods
                    else _scan_sheet(archive, xml_paths.get(meta.name))
                )
                _check_extent(meta.name, scan.rows, scan.width)  # before calamine allocates the sheet's grid
                known.append((meta.name, spec, scan))
            trimmed = (
                None
                if ods
                else _without_formatted_tails(
                    archive, {xml_paths[title]: scan for title, _, scan in known if title in xml_paths}
                )
            )
        if trimmed is not None:
            book.close()
            book = CalamineWorkbook.from_filelike(trimmed)
        for title, spec, scan in known:
            ws = book.get_sheet_by_name(title)
            _check_extent(title, ws.total_height, ws.total_width)
            grid = _fill_merged(title, ws, ws.to_python(skip_empty_area=False), problems)
            sheets[spec.key] = _read_sheet(title, grid, scan, spec, problems)
    except UnusableWorkbook:
        raise
    except Exception as exc:  # corrupt deflate data, a bad CRC, calamine's own errors: one line, no traceback
        raise UnusableWorkbook(f"{path.name}: ไฟล์เสียหาย / the workbook is damaged ({_one_line(exc)})") from None
    finally:
        book.close()

    for spec in SHEETS:
        if spec.required and spec.key not in sheets:
            problems.append(
                Problem(
                    spec.label,
                    "A1",
                    f"ไม่พบชีต '{spec.label}' (หรือ '{spec.key}') ให้เพิ่มชีตนี้ / sheet '{spec.key}' is missing; add it",
                )
            )
    return sheets, problems


def _one_line(exc: Exception) -> str:
    return " ".join(f"{type(exc).__name__}: {exc}".split())[:200]


def _sheet_spec(meta, read: dict[str, str], problems: list[Problem]) -> Sheet | None:
    """The schema's sheet for this one, or None (with a warning) when it is unknown or a duplicate of one
    already read (`read`: sheet key -> title)."""
    title = meta.name
    spec = _match_sheet(title)
    if spec is None and title not in (GUIDE_SHEET, LISTS_SHEET):
        problems.append(Problem(title, "A1", "ไม่รู้จักชีตนี้ จะไม่นำไปใช้ / unknown sheet, not read", WARNING))
    if spec is None:
        return None
    if meta.visible != SheetVisibleEnum.Visible:
        problems.append(Problem(title, "A1", "ชีตนี้ถูกซ่อนอยู่ แต่ยังนำข้อมูลไปใช้ / the sheet is hidden but still read", WARNING))
    if spec.key in read:
        problems.append(
            Problem(
                title,
                "A1",
                f"ชีตซ้ำกับชีต '{read[spec.key]}' จะใช้ชีตแรกเท่านั้น"
                f" / duplicate of sheet '{read[spec.key]}'; only the first is read",
                WARNING,
            )
        )
        return None
    return spec


def _check_extent(title: str, rows: int, width: int) -> None:
    """calamine holds a sheet as a full grid up to its farthest value: refuse one that would not fit in memory."""
    if rows > MAX_ROWS:
        raise UnusableWorkbook(
            f"ชีต '{title}' มีเกิน {MAX_ROWS:,} แถว ให้ลบแถวว่างท้ายชีต"
            f" / sheet '{title}' has more than {MAX_ROWS:,} rows; delete the empty rows at its end"
        )
    if rows * width > MAX_GRID_CELLS:
        column = get_column_letter(min(width, 16_384))
        raise UnusableWorkbook(
            f"ชีต '{title}' มีค่าอยู่ไกลถึงคอลัมน์ {column} ให้ลบค่าในคอลัมน์ทางขวาของตาราง"
            f" / sheet '{title}' has values as far right as column {column};"
            " delete what is right of the table"
        )


def _check_container(path: Path) -> tuple[bool, dict[str, str]]:
    """Refuse, cheaply and before parsing, what cannot be a workbook: missing, empty, encrypted, an old .xls,
    a web page, a CSV, a cut-short download, a zip that would unpack to far more than any real sheet, or
    XML that declares entities (an entity bomb). Return whether it is an .ods, and each .xlsx sheet's XML
    path in the archive, by name."""
    if not path.is_file():
        raise UnusableWorkbook(f"ไม่พบไฟล์ {path} / file not found: {path}")
    if path.stat().st_size == 0:
        raise UnusableWorkbook(f"{path.name}: ไฟล์ว่างเปล่า / the file is empty")
    with path.open("rb") as file:
        head = file.read(1024)
    if head.startswith(OLE_MAGIC):
        _refuse_ole(path)
    if not zipfile.is_zipfile(path):
        _refuse_not_zip(path, head)
    try:
        with zipfile.ZipFile(path) as archive:
            _check_parts(path, archive)
            if _is_ods(path, archive):
                return True, {}
            return False, _sheet_paths(archive)
    except UnusableWorkbook:
        raise
    except Exception as exc:  # BadZipFile, zlib.error, an encrypted zip member (RuntimeError), ...
        raise UnusableWorkbook(f"{path.name}: ไฟล์เสียหาย / the workbook is damaged ({_one_line(exc)})") from None


def _refuse_ole(path: Path) -> None:
    """An OLE compound file is either a password-protected workbook (Excel encrypts the whole .xlsx into an
    'EncryptedPackage' stream) or an old binary .xls."""
    if _file_contains(path, ENCRYPTED_PACKAGE):
        raise UnusableWorkbook(
            f"{path.name}: ไฟล์ถูกตั้งรหัสผ่านไว้ จึงอ่านไม่ได้ ให้เอารหัสผ่านออก:"
            " ใน Excel ไปที่ ไฟล์ > ข้อมูล > ป้องกันเวิร์กบุ๊ก > เข้ารหัสด้วยรหัสผ่าน"
            " แล้วลบรหัสผ่านให้ว่างและบันทึก หรือส่งออกจาก Google Sheets เป็น .xlsx อีกครั้ง"
            " / the workbook is password-protected (encrypted); remove the password: in Excel, File > Info >"
            " Protect Workbook > Encrypt with Password, clear it and save; or export it again from Google Sheets"
        )
    raise UnusableWorkbook(
        f"{path.name}: เป็นไฟล์ Excel รุ่นเก่า (.xls) ให้เปิดแล้วบันทึกเป็น (ไฟล์ > บันทึกเป็น) Excel Workbook (.xlsx)"
        " / an old Excel .xls file; open it and save it as an Excel Workbook (.xlsx) with File > Save As"
    )


def _file_contains(path: Path, needle: bytes) -> bool:
    """A streamed search: the file is read once, a piece at a time, the pieces overlapping by the needle."""
    tail = b""
    with path.open("rb") as file:
        while piece := file.read(CHUNK_BYTES):
            if needle in tail + piece:
                return True
            tail = piece[-len(needle) :]
    return False


def _refuse_not_zip(path: Path, head: bytes) -> None:
    if head.startswith(b"PK\x03\x04"):  # a zip that starts well but lacks its end: cut short
        raise UnusableWorkbook(
            f"{path.name}: ไฟล์ไม่ครบ (ดาวน์โหลดหรือคัดลอกไม่จบ?) ให้ดาวน์โหลดหรือคัดลอกอีกครั้ง"
            " / the file is incomplete (a download cut short?); download or copy it again"
        )
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        raise UnusableWorkbook(
            f"{path.name}: เป็นหน้าเว็บ (HTML) หรือ XML ไม่ใช่ไฟล์ Excel"
            " ถ้าได้มาจากลิงก์ ลิงก์อาจต้องเข้าสู่ระบบหรือยังไม่ได้แชร์"
            " ให้ดาวน์โหลดจาก Google Sheets เป็น Microsoft Excel (.xlsx) อีกครั้ง / a web page (HTML) or XML, not a"
            " workbook (a link that needs sign-in gives a page); download it again as Microsoft Excel (.xlsx)"
        )
    raise UnusableWorkbook(
        f"{path.name}: ไม่ใช่ไฟล์ Excel (.xlsx) อาจเป็น CSV หรือไฟล์อื่นที่เปลี่ยนชื่อ ให้ส่งออกจาก Google Sheets"
        f" เป็น Microsoft Excel (.xlsx) / not an .xlsx workbook (a CSV or another file renamed?); export it as .xlsx"
    )


def _check_parts(path: Path, archive: zipfile.ZipFile) -> None:
    unpacked = sum(info.file_size for info in archive.infolist())
    if unpacked > MAX_UNPACKED_BYTES:
        raise UnusableWorkbook(
            f"{path.name}: ไฟล์ขยายได้ {unpacked // 2**20:,} MB เกินขีดจำกัด"
            f" {MAX_UNPACKED_BYTES // 2**20} MB / unpacks to {unpacked // 2**20:,} MB, over the limit"
        )
    for name in archive.namelist():
        if name.endswith((".xml", ".rels")):
            with archive.open(name) as part:
                if _declares_entities(part.read(PROLOG_BYTES)):
                    raise UnusableWorkbook(
                        f"{path.name}: ไฟล์มี XML ที่ประกาศ entity ซึ่งอาจเป็นอันตราย จึงไม่อ่าน"
                        " / the workbook's XML declares entities (an XML bomb?); refused"
                    )


def _declares_entities(head: bytes) -> bool:
    """Entities can only be declared in a DOCTYPE, before the first element; comments and processing
    instructions may come first. A prolog longer than PROLOG_BYTES is no spreadsheet program's: refused too."""
    prolog = PROLOG.match(head)
    assert prolog is not None  # PROLOG matches the empty string, so it matches at the start of anything
    rest = head[prolog.end() :]
    return rest.startswith(b"<!") or (not rest and len(head) == PROLOG_BYTES)


def _is_ods(path: Path, archive: zipfile.ZipFile) -> bool:
    names = set(archive.namelist())
    if "mimetype" in names and archive.read("mimetype").startswith(ODS_MIMETYPE):
        return True
    if "xl/workbook.xml" not in names:
        raise UnusableWorkbook(
            f"{path.name}: ไม่ใช่ไฟล์ Excel (.xlsx) ไม่มีส่วน xl/workbook.xml"
            " (อาจเป็นไฟล์ Word หรือ zip อื่นที่เปลี่ยนชื่อ) ให้ส่งออกจาก Google Sheets เป็น Microsoft Excel (.xlsx)"
            " / not an .xlsx workbook: it has no"
            " xl/workbook.xml (a Word file or another zip renamed?); export it as .xlsx"
        )
    return False


def _sheet_paths(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> path of its XML part, from the workbook's relationships (parsed with defusedxml)."""
    try:
        book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except Exception:  # calamine reports a workbook it cannot read; the paths only serve the sheet scan
        return {}
    targets = {r.get("Id"): r.get("Target", "") for r in rels.findall("rel:Relationship", NS)}
    paths = {}
    for sheet in book.findall("m:sheets/m:sheet", NS):
        target = targets.get(sheet.get(f"{{{NS['r']}}}id"), "")
        paths[sheet.get("name")] = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
    return paths


@dataclass
class SheetScan:
    """What one pass over a sheet's XML found, before python-calamine loads the sheet."""

    uncomputed: set[str] = field(default_factory=set)
    """Cells holding a formula whose result was never saved (a file written by a script, not a spreadsheet
    program): calamine reads them as empty, so say why instead of 'empty'."""
    errors: dict[str, str] = field(default_factory=dict)
    """Cell -> the spreadsheet error it shows, such as #REF! (calamine reads those as empty too)."""
    rows: int = 0
    """The last row holding a value; cells merely formatted do not count."""
    columns: set[bytes] = field(default_factory=set)
    """Letters of the columns holding a value."""
    cells: int = 0
    """Cells with content."""
    examined: int = 0
    """Bytes of the sheet's XML searched, counted with repeats: the scan's work, which tests hold linear."""
    content_end: int = 0
    """Offset in the sheet's XML just after its last cell with content: what follows is formatting alone."""

    @property
    def width(self) -> int:
        return max((column_index_from_string(c.decode()) for c in self.columns), default=0)


def _scan_sheet(archive: zipfile.ZipFile, xml_path: str | None) -> SheetScan:
    """One linear pass over the sheet's XML, streamed from the zip."""
    scan = SheetScan()
    if not xml_path:
        return scan
    offset = 0
    for piece in _pieces(archive, xml_path, (b"<c ", b"<row"), b"</sheetData>"):
        last = _scan_piece(scan, piece)
        if last >= 0:
            scan.content_end = offset + last + len(b"</c>")
        offset += len(piece)
    return scan


def _without_formatted_tails(archive: zipfile.ZipFile, scans: dict[str, SheetScan]) -> io.BytesIO | None:
    """The workbook, in memory, with the formatted empty rows after each sheet's last value cut off, when that is
    worth it: calamine parses every row it is given (a second for 100,000 bordered blank rows) and keeps none.
    None when no sheet carries more than TAIL_BYTES of them, or a sheet's end is not as expected."""
    cut = {}
    for name, scan in scans.items():
        if scan.content_end and archive.getinfo(name).file_size - scan.content_end > TAIL_BYTES:
            xml = _cut_after(archive, name, scan.content_end)
            if xml is None:
                return None
            cut[name] = xml
    if not cut:
        return None
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as copy:  # stored: compressing again would cost more
        for info in archive.infolist():
            copy.writestr(info.filename, cut[info.filename] if info.filename in cut else archive.read(info))
    out.seek(0)
    return out


def _cut_after(archive: zipfile.ZipFile, name: str, end: int) -> bytes | None:
    """The sheet's XML up to `end` (just after its last cell with content), that cell's row closed, then the
    XML from '</sheetData>' on (merged cells, page setup): the rows between held formatting alone."""
    stop = b"</sheetData>"
    with archive.open(name) as part:
        head, carry = part.read(end), b""
        while chunk := part.read(CHUNK_BYTES):
            data = carry + chunk
            at = data.find(stop)
            if at >= 0:
                tail = data[at:] + part.read(MAX_PIECE_BYTES)
                return None if part.read(1) else head + b"</row>" + tail
            carry = data[-len(stop) :]
    return None


def _scan_piece(scan: SheetScan, piece: bytes) -> int:
    """Two passes of compiled regular expressions, each linear: the cells with content (formatted empty cells,
    <c r="A5" s="3"/>, never match, and no match crosses a cell), then the few places that can make a cell
    unreadable (a formula, an error type), each read within its own cell. `scan.examined` counts the bytes.
    Returns where the piece's last cell with content ends ('</c>'), or -1."""
    # Only a cell with content ends in '</c>': a piece without one (formatted empty rows, however many) is passed
    # over at the speed of a bytes search; in the others one compiled findall collects the cells.
    last = piece.rfind(b"</c>")
    if last >= 0:
        found = CONTENT_CELL.findall(piece)
        if found:
            scan.cells += len(found)
            scan.columns.update(map(itemgetter(0), found))
            scan.rows = max(scan.rows, int(found[-1][1]))  # rows are in ascending order (ECMA-376 §18.3.1.73)
    scan.examined += 2 * len(piece)
    if last < 0:
        return last  # a formula or an error value is inside a cell with content, so never here
    done = -1
    for at in sorted(_positions(piece, UNREADABLE_MARKS)):
        start = piece.rfind(b"<c ", 0, at)
        close = piece.find(b">", start)
        if start < 0 or start == done or close < 0 or piece[close - 1 : close] == b"/":
            continue  # not in a cell, the same cell again, or a self-closing (empty) one
        end = piece.find(b"</c>", close)
        if end < 0:
            continue
        done = start
        scan.examined += end - start
        ref = CELL_REF.search(piece, start + 2, close)  # from the space before the first attribute
        if ref is not None:
            _classify(scan, (ref.group(1) + ref.group(2)).decode(), piece[start + 3 : close], piece[close + 1 : end])
    return last


def _positions(piece: bytes, needles: tuple[bytes, ...]):
    for needle in needles:
        at = piece.find(needle)
        while at >= 0:
            yield at
            at = piece.find(needle, at + 1)


def _classify(scan: SheetScan, ref: str, attrs: bytes, body: bytes) -> None:
    value = VALUE.search(body)
    if FORMULA.search(body) and not value and not (STRING_TYPE.search(attrs) and b"<v" in body):
        scan.uncomputed.add(ref)  # a string formula whose result is "" keeps an empty <v></v>: that one is saved
    elif ERROR_TYPE.search(attrs):
        scan.errors[ref] = _error_text(value.group(1) if value else b"")


def _error_text(raw: bytes) -> str:
    text = raw.decode("utf-8", "replace").strip()
    return text if ERROR_VALUE.fullmatch(text) else "#ERROR"


def _pieces(archive: zipfile.ZipFile, name: str, boundaries: tuple[bytes, ...], stop: bytes | None = None):
    """The part's bytes, streamed in pieces of about CHUNK_BYTES, each cut just before the last of `boundaries`
    (the start of a cell or a row) so that no cell is split; reading ends at `stop`. Memory stays bounded:
    a single cell or row larger than MAX_PIECE_BYTES is refused."""
    carry = b""
    with archive.open(name) as part:
        while chunk := part.read(CHUNK_BYTES):
            data, searched = carry + chunk, max(0, len(carry) - 16)  # only the new bytes are searched again
            end = data.find(stop, searched) if stop else -1
            if end >= 0:
                yield data[:end]
                return
            cut = max(data.rfind(boundary, searched) for boundary in boundaries)
            if cut > 0:
                yield data[:cut]
                carry = data[cut:]
            else:
                carry = data
            if len(carry) > MAX_PIECE_BYTES:
                raise UnusableWorkbook(f"ส่วน {name} มีเซลล์หรือแถวยาวผิดปกติ / {name} holds an abnormally long cell or row")
    if carry:
        yield carry


def _scan_ods(archive: zipfile.ZipFile) -> dict[str, dict[str, str]]:
    """Sheet name -> cell -> error value, for an .ods (LibreOffice always saves formula results there, so only
    errors are looked for). Cells of an .ods carry no address: positions are counted, repeats included,
    and only when the file holds an error at all."""
    if not any(ODS_ERROR_MARK in piece for piece in _pieces(archive, "content.xml", (b"<table:",))):
        return {}
    found: dict[str, dict[str, str]] = {}
    sheet: dict[str, str] = {}
    row = next_row = column = 0
    for piece in _pieces(archive, "content.xml", (b"<table:",)):
        for match in ODS_TOKEN.finditer(piece):
            name, row_attrs, cell_attrs = match.groups()
            if name is not None:
                sheet, next_row = found.setdefault(html.unescape(name.decode()), {}), 1
            elif row_attrs is not None:  # a row repeated n times takes n row numbers
                row, column = next_row, 0
                next_row += _repeat(ODS_ROWS_REPEATED, row_attrs)
            else:
                if ODS_ERROR_MARK in cell_attrs:
                    text = ODS_TEXT.match(piece, match.end())
                    sheet[f"{get_column_letter(column + 1)}{row}"] = _error_text(text.group(1) if text else b"")
                column += _repeat(ODS_COLUMNS_REPEATED, cell_attrs)
    return {name: cells for name, cells in found.items() if cells}


def _repeat(pattern: re.Pattern, attrs: bytes) -> int:
    match = pattern.search(attrs)
    return int(match.group(1)) if match else 1


def _fill_merged(title: str, ws, grid: list[list], problems: list[Problem]) -> list[list]:
    """Copy each merged range's value into every cell of the range, as an editor who merged
    'บุรีรัมย์' down a column means it."""
    for (r0, c0), (r1, c1) in ws.merged_cell_ranges or ():
        ref = f"{get_column_letter(c0 + 1)}{r0 + 1}:{get_column_letter(c1 + 1)}{r1 + 1}"
        problems.append(
            Problem(
                title,
                ref,
                "เซลล์ผสาน ใช้ค่าของเซลล์แรกกับทุกเซลล์ในช่วง"
                " / merged cells: the first cell's value is used for the whole range",
                WARNING,
            )
        )
        value = grid[r0][c0] if r0 < len(grid) and c0 < len(grid[r0]) else None
        for r in range(r0, min(r1 + 1, len(grid))):
            row = grid[r]
            row += [""] * (c1 + 1 - len(row))
            for c in range(c0, c1 + 1):
                row[c] = value
    return grid


def _read_sheet(title: str, grid: list[list], scan: SheetScan, spec: Sheet, problems: list[Problem]) -> RawSheet:
    index = _column_index(spec)
    sheet = RawSheet(spec, title)
    header: list = []
    for number, values in enumerate(grid[:HEADER_SEARCH_ROWS], start=1):
        if sum(header_key(v) in index for v in values) >= min(2, len(spec.columns)):
            header, sheet.header_row = values, number
            break
    if not header:
        problems.append(
            Problem(
                title,
                "A1",
                f"ไม่พบแถวหัวตาราง ต้องมีหัวคอลัมน์ เช่น '{spec.columns[0].label}'"
                f" / no header row found; expected headers such as '{spec.columns[0].key}'",
            )
        )
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
            problems.append(
                Problem(
                    title,
                    ref,
                    f"คอลัมน์ '{col.label}' ซ้ำ ให้ลบหรือเปลี่ยนชื่อคอลัมน์หนึ่ง"
                    f" / duplicate column '{col.key}'; delete or rename one",
                )
            )
        else:
            positions[i] = col
    sheet.present = frozenset(c.key for c in positions.values())
    missing = {label: col for col in spec.columns if col.key not in sheet.present for label in (col.label, col.key)}
    for col in spec.columns:  # a required column misnamed: one error, at the header that is most likely it
        if col.required and col.key not in sheet.present:
            texts = {text: ref for ref, text in unknown}
            close = difflib.get_close_matches(col.label, texts, n=1, cutoff=0.6) or difflib.get_close_matches(
                col.key, texts, n=1, cutoff=0.6
            )
            if close:
                ref = texts[close[0]]
                unknown.remove((ref, close[0]))
                problems.append(
                    Problem(
                        title,
                        ref,
                        f"ไม่พบคอลัมน์ '{col.label}' ที่จำเป็น หัวคอลัมน์ '{close[0]}' ที่นี่ใช่หรือไม่?"
                        f" ให้แก้หัวคอลัมน์เป็น '{col.label}' / required column '{col.key}' is missing;"
                        f" is '{close[0]}' it? rename the header to '{col.label}'",
                    )
                )
            else:
                problems.append(
                    Problem(
                        title,
                        f"A{sheet.header_row}",
                        f"ไม่พบคอลัมน์ '{col.label}' ที่จำเป็น"
                        f" ให้เพิ่มคอลัมน์นี้ในแถวหัวตาราง / required column '{col.key}' is missing; add it",
                    )
                )
    for ref, text in unknown:
        close = difflib.get_close_matches(text, missing, n=1, cutoff=0.6)
        hint = f". หมายถึง '{missing[close[0]].label}' หรือไม่? / did you mean '{missing[close[0]].key}'?" if close else ""
        problems.append(
            Problem(title, ref, f"ไม่รู้จักคอลัมน์ '{text}' จะไม่นำไปเผยแพร่ / unknown column, not published" + hint, WARNING)
        )

    _unreadable_cells(sheet, scan, positions, problems)
    letters = {i: get_column_letter(i + 1) for i in positions}
    positions_by_key = {col.key: i for i, col in positions.items()}
    letters_by_key = {col.key: letters[i] for i, col in positions.items()}
    for number, values in enumerate(grid[sheet.header_row :], start=sheet.header_row + 1):
        # calamine gives '' for an empty cell; the later stages know empty as None
        picked = {col.key: (None if values[i] == "" else values[i]) for i, col in positions.items() if i < len(values)}
        for i in (i for i in positions if sheet.errors and f"{letters[i]}{number}" in sheet.errors):
            picked[positions[i].key] = None  # already reported: neither a value nor 'empty'
        for key, value in picked.items():
            if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                picked[key] = None
                problems.append(
                    Problem(
                        title,
                        f"{letters[positions_by_key[key]]}{number}",
                        f"ข้อความยาวเกิน {MAX_CELL_CHARS:,} ตัวอักษร / text longer than {MAX_CELL_CHARS:,} characters",
                    )
                )
        if all(v is None or (isinstance(v, str) and not clean_text(v)) for v in picked.values()):
            continue  # blank or merely formatted row
        sheet.rows.append(RawRow(number, picked, CellRefs(letters_by_key, number)))
    return sheet


def _unreadable_cells(sheet: RawSheet, scan: SheetScan, positions: dict[int, Column], problems: list[Problem]) -> None:
    """One error for each formula without a value and each error value (#REF!, ...) in a column the schema
    knows, recorded in sheet.errors so that the validator does not call the cell empty as well."""
    known = {get_column_letter(i + 1) for i in positions}
    for ref in [*scan.uncomputed, *scan.errors]:
        column = ref.rstrip("0123456789")
        if column not in known or int(ref[len(column) :]) <= sheet.header_row:
            continue
        sheet.errors.add(ref)
        problems.append(
            Problem(
                sheet.title,
                ref,
                UNCOMPUTED
                if ref in scan.uncomputed
                else f"เซลล์แสดงค่าผิดพลาด {scan.errors[ref]} ของสูตร ให้แก้สูตรหรือพิมพ์ค่าลงไปแทน"
                f" / the cell shows the spreadsheet error {scan.errors[ref]};"
                " fix the formula or type the value",
            )
        )
