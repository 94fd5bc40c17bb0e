"""The one XLSX writer: every download, the blank master workbook and the blank plan form (แบบ ๒). Text is only
ever an inline string (never a formula), numbers, dates and times; bold, fills, wrapped headers, column number
formats, frozen header rows, hidden sheets, list dropdowns and header notes. Same input, same bytes."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from xml.sax.saxutils import escape, quoteattr

# openpyxl writes a workbook cell by cell through an XML library, about ten times slower than this for the
# 77 download workbooks (national and one per province); XlsxWriter, measured on the 10× downloads, 1.8 times
# slower (docs/benchmark figures in README). This writes the XML as text, with only what the portal's files use.
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE = "application/vnd.openxmlformats-officedocument"
SHEET_TYPE = f"{OFFICE}.spreadsheetml.worksheet+xml"
EPOCH = dt.datetime(1899, 12, 30)
ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")  # not allowed in XML 1.0 (nor in UTF-8)
HEADER = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
FIXED_TIME = (2024, 1, 1, 0, 0, 0)  # every part's time in the zip: the same workbook gives the same bytes


@dataclass(frozen=True)
class Style:
    """A cell's look. `fill` is an RGB hex colour ('DDEBF7'); `number_format` an Excel format code."""

    bold: bool = False
    size: int = 11
    fill: str | None = None
    wrap: bool = False
    number_format: str | None = None


PLAIN = Style()
BOLD = Style(bold=True)
DATE_FORMAT, TIME_FORMAT = "yyyy-mm-dd", "hh:mm"


@dataclass(frozen=True)
class ListChoice:
    """A dropdown on `cells` (such as 'E2:E5000'): `source` is a list of values or a range ("'Lists'!$A$2:$A$9")."""

    cells: str
    source: tuple[str, ...] | str
    error: str = ""
    error_title: str = ""


@dataclass
class Sheet:
    """One worksheet. `rows` hold values (str, int, float, Decimal, bool, date, datetime, time, None);
    `row_styles` style rows by index (0 is the first), all alike or one style a column; `column_styles` the
    other cells of a column and the
    column itself (what a cell typed there later gets); `widths` are column widths (None: from the content)."""

    title: str
    rows: list[list]
    widths: list[float] | None = None
    frozen_rows: int = 1
    row_styles: dict[int, Style | list[Style]] = field(default_factory=lambda: {0: BOLD})
    column_styles: dict[int, Style] = field(default_factory=dict)
    hidden: bool = False
    lists: list[ListChoice] = field(default_factory=list)
    notes: dict[str, str] = field(default_factory=dict)  # cell reference -> note text (author 'generator')


def column_letter(i: int) -> str:
    """1 -> A, 27 -> AA."""
    letters = ""
    while i:
        i, rest = divmod(i - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class _Styles:
    """The workbook's cell formats, numbered in order of first use (so the same workbook, the same numbers)."""

    def __init__(self):
        self.ids: dict[Style, int] = {PLAIN: 0}

    def __call__(self, style: Style) -> int:
        if style not in self.ids:
            self.ids[style] = len(self.ids)
        return self.ids[style]

    def dated(self, style: Style, value) -> int:
        """A date or time with no number format of its own is shown as one."""
        if style.number_format is None:
            kind = TIME_FORMAT if isinstance(value, dt.time) else DATE_FORMAT
            style = Style(style.bold, style.size, style.fill, style.wrap, kind)
        return self(style)

    def xml(self) -> str:
        styles = list(self.ids)
        codes = list(dict.fromkeys(s.number_format for s in styles if s.number_format and s.number_format != "@"))
        fmt_id = {code: 164 + i for i, code in enumerate(codes)}
        fmt_id["@"] = 49  # Excel's built-in text format
        fonts = list(dict.fromkeys((s.bold, s.size) for s in styles))
        fills = list(dict.fromkeys(s.fill for s in styles if s.fill))
        num_fmts = "".join(f'<numFmt numFmtId="{fmt_id[c]}" formatCode={quoteattr(c)}/>' for c in codes)
        font_xml = "".join(
            f'<font>{"<b/>" if bold else ""}<sz val="{size}"/><name val="Calibri"/></font>' for bold, size in fonts
        )
        fill_xml = (
            '<fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
            + "".join(
                f'<fill><patternFill patternType="solid"><fgColor rgb="FF{rgb}"/><bgColor indexed="64"/>'
                "</patternFill></fill>"
                for rgb in fills
            )
        )
        xfs = []
        for s in styles:
            num = fmt_id[s.number_format] if s.number_format else 0
            font, fill = fonts.index((s.bold, s.size)), fills.index(s.fill) + 2 if s.fill else 0
            applied = (
                (' applyNumberFormat="1"' if num else "")
                + (' applyFont="1"' if font else "")
                + (' applyFill="1"' if fill else "")
                + (' applyAlignment="1"' if s.wrap else "")
            )
            align = '<alignment vertical="top" wrapText="1"/>' if s.wrap else ""
            xfs.append(
                f'<xf numFmtId="{num}" fontId="{font}" fillId="{fill}" borderId="0" xfId="0"{applied}'
                + (f">{align}</xf>" if align else "/>")
            )
        return (
            HEADER
            + f'<styleSheet xmlns="{MAIN}">'
            + (f'<numFmts count="{len(codes)}">{num_fmts}</numFmts>' if codes else "")
            + f'<fonts count="{len(fonts)}">{font_xml}</fonts><fills count="{len(fills) + 2}">{fill_xml}</fills>'
            '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
            f'<cellXfs count="{len(xfs)}">{"".join(xfs)}</cellXfs>'
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
        )


def _number(value) -> str | None:
    """The cell value of a number, date or time, or None for text."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float, Decimal)):
        return str(value)
    if isinstance(value, dt.datetime):
        return str((value - EPOCH).total_seconds() / 86400)
    if isinstance(value, dt.date):
        return str((dt.datetime.combine(value, dt.time()) - EPOCH).days)
    if isinstance(value, dt.time):
        return str((value.hour * 3600 + value.minute * 60 + value.second) / 86400)
    return None


def _cell(ref: str, value, s: int, styles: _Styles, style: Style) -> str:
    attr = f' s="{s}"' if s else ""
    if value is None or value == "":
        return f'<c r="{ref}"{attr}/>' if s else ""
    if isinstance(value, str):  # text is only ever an inline string: never <f>, never t="str"
        space = ' xml:space="preserve"' if value != value.strip() else ""  # keep leading and trailing spaces
        return f'<c r="{ref}" t="inlineStr"{attr}><is><t{space}>{escape(ILLEGAL.sub("", value))}</t></is></c>'
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"{attr}><v>{int(value)}</v></c>'
    if isinstance(value, (int, float, Decimal)):
        return f'<c r="{ref}"{attr}><v>{value}</v></c>'
    number = _number(value)
    if number is not None:  # a date, a datetime or a time
        return f'<c r="{ref}" s="{styles.dated(style, value)}"><v>{number}</v></c>'
    return _cell(ref, str(value), s, styles, style)


def _auto_widths(rows: list[list]) -> list[float]:
    width = max((len(r) for r in rows), default=0)
    return [
        min(60, max(10, max((len(str(r[c])) for r in rows if c < len(r) and r[c] is not None), default=0) + 2))
        for c in range(width)
    ]


def _sheet_xml(sheet: Sheet, styles: _Styles, legacy_drawing: str | None) -> str:
    rows = sheet.rows
    widths = _auto_widths(rows) if sheet.widths is None else sheet.widths
    ncols = max(max((len(r) for r in rows), default=0), len(widths), max(sheet.column_styles, default=-1) + 1)
    letters = [column_letter(i) for i in range(1, ncols + 1)]
    col_ids = {c: styles(st) for c, st in sheet.column_styles.items()}
    cols = "".join(
        f'<col min="{c + 1}" max="{c + 1}"'
        + (f' width="{widths[c]}" customWidth="1"' if c < len(widths) else "")
        + (f' style="{col_ids[c]}"' if c in col_ids else "")
        + "/>"
        for c in range(ncols)
        if c < len(widths) or c in col_ids
    )
    body = []
    for r, row in enumerate(rows):
        row_style = sheet.row_styles.get(r)
        n = r + 1
        if isinstance(row_style, list):
            cells = "".join(
                _cell(f"{letters[c]}{n}", v, styles(row_style[c]), styles, row_style[c]) for c, v in enumerate(row)
            )
        elif row_style is not None:
            s = styles(row_style)
            cells = "".join(_cell(f"{letters[c]}{n}", v, s, styles, row_style) for c, v in enumerate(row))
        elif col_ids:
            cells = "".join(
                _cell(f"{letters[c]}{n}", v, col_ids.get(c, 0), styles, sheet.column_styles.get(c, PLAIN))
                for c, v in enumerate(row)
            )
        else:
            cells = "".join(_cell(f"{letters[c]}{n}", v, 0, styles, PLAIN) for c, v in enumerate(row))
        body.append(f'<row r="{n}">{cells}</row>')
    top = sheet.frozen_rows + 1
    pane = (
        f'<pane ySplit="{sheet.frozen_rows}" topLeftCell="A{top}" activePane="bottomLeft" state="frozen"/>'
        f'<selection pane="bottomLeft" activeCell="A{top}" sqref="A{top}"/>'
        if sheet.frozen_rows
        else ""
    )
    lists = "".join(
        '<dataValidation type="list" allowBlank="1"'
        + (f" errorTitle={quoteattr(v.error_title)}" if v.error_title else "")
        + (f" error={quoteattr(v.error)}" if v.error else "")
        + f' sqref="{v.cells}"><formula1>'
        + escape(v.source if isinstance(v.source, str) else '"' + ",".join(v.source) + '"')
        + "</formula1></dataValidation>"
        for v in sheet.lists
    )
    used = max((len(r) for r in rows), default=0)
    extent = f"A1:{letters[used - 1]}{len(rows)}" if used and len(rows) else "A1"
    return (
        HEADER
        + f'<worksheet xmlns="{MAIN}" xmlns:r="{REL}"><dimension ref="{extent}"/>'
        + f'<sheetViews><sheetView workbookViewId="0">{pane}'
        '</sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>'
        + (f"<cols>{cols}</cols>" if cols else "")
        + f"<sheetData>{''.join(body)}</sheetData>"
        + (f'<dataValidations count="{len(sheet.lists)}">{lists}</dataValidations>' if sheet.lists else "")
        + '<pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" footer="0.5"/>'
        + (f'<legacyDrawing r:id="{legacy_drawing}"/>' if legacy_drawing else "")
        + "</worksheet>"
    )


def _cell_position(ref: str) -> tuple[int, int]:
    found = re.fullmatch(r"([A-Z]+)(\d+)", ref)
    if found is None:
        raise ValueError(f"not a cell reference: {ref!r}")
    letters, digits = found.groups()
    col = 0
    for ch in letters:
        col = col * 26 + ord(ch) - 64
    return int(digits) - 1, col - 1


def _notes_xml(notes: dict[str, str]) -> str:
    items = "".join(
        f'<comment ref="{ref}" authorId="0"><text><t xml:space="preserve">{escape(ILLEGAL.sub("", text))}'
        "</t></text></comment>"
        for ref, text in notes.items()
    )
    return (
        HEADER + f'<comments xmlns="{MAIN}"><authors><author>generator</author></authors>'
        f"<commentList>{items}</commentList></comments>"
    )


def _notes_vml(notes: dict[str, str], sheet_number: int) -> str:
    """The drawing Excel needs to show a note (LibreOffice reads the notes part alone); hidden until hovered."""
    shapes = []
    for i, ref in enumerate(notes, start=1):
        row, col = _cell_position(ref)
        shapes.append(
            f'<v:shape id="_x0000_s{sheet_number * 1024 + i}" type="#_x0000_t202" style="position:absolute;'
            'margin-left:59.25pt;margin-top:1.5pt;width:144pt;height:79pt;z-index:1;visibility:hidden"'
            ' fillcolor="#ffffe1" o:insetmode="auto"><v:fill color2="#ffffe1"/><v:shadow color="black" obscured="t"/>'
            '<v:path o:connecttype="none"/><v:textbox style="mso-direction-alt:auto"><div style="text-align:left"/>'
            '</v:textbox><x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/>'
            f"<x:Anchor>{col + 1}, 15, {row}, 2, {col + 3}, 15, {row + 4}, 16</x:Anchor><x:AutoFill>False</x:AutoFill>"
            f"<x:Row>{row}</x:Row><x:Column>{col}</x:Column></x:ClientData></v:shape>"
        )
    return (
        '<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"'
        ' xmlns:x="urn:schemas-microsoft-com:office:excel"><o:shapelayout v:ext="edit">'
        f'<o:idmap v:ext="edit" data="{sheet_number}"/></o:shapelayout><v:shapetype id="_x0000_t202"'
        ' coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/>'
        f'<v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>{"".join(shapes)}</xml>'
    )


def workbook(sheets: Sequence[Sheet | tuple[str, list[list]]]) -> bytes:
    """The .xlsx file's bytes. A (title, rows) pair is a Sheet with its first row bold and frozen as the header."""
    pages = [s if isinstance(s, Sheet) else Sheet(*s) for s in sheets]
    styles = _Styles()
    parts: dict[str, str] = {}
    overrides = []
    for i, sheet in enumerate(pages, start=1):
        drawing = None
        if sheet.notes:
            drawing = "rId1"
            parts[f"xl/comments{i}.xml"] = _notes_xml(sheet.notes)
            parts[f"xl/drawings/vmlDrawing{i}.vml"] = _notes_vml(sheet.notes, i)
            parts[f"xl/worksheets/_rels/sheet{i}.xml.rels"] = (
                HEADER + f'<Relationships xmlns="{PKG_REL}"><Relationship Id="rId1" Type="{REL}/vmlDrawing"'
                f' Target="../drawings/vmlDrawing{i}.vml"/><Relationship Id="rId2" Type="{REL}/comments"'
                f' Target="../comments{i}.xml"/></Relationships>'
            )
            overrides.append(
                f'<Override PartName="/xl/comments{i}.xml" ContentType="{OFFICE}.spreadsheetml.comments+xml"/>'
            )
        parts[f"xl/worksheets/sheet{i}.xml"] = _sheet_xml(sheet, styles, drawing)
        overrides.append(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{SHEET_TYPE}"/>')
    parts["[Content_Types].xml"] = (
        HEADER + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        + (f'<Default Extension="vml" ContentType="{OFFICE}.vmlDrawing"/>' if any(s.notes for s in pages) else "")
        + f'<Override PartName="/xl/workbook.xml" ContentType="{OFFICE}.spreadsheetml.sheet.main+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{OFFICE}.spreadsheetml.styles+xml"/>'
        f"{''.join(overrides)}</Types>"
    )
    parts["_rels/.rels"] = (
        HEADER + f'<Relationships xmlns="{PKG_REL}"><Relationship Id="rId1" Type="{REL}/'
        'officeDocument" Target="xl/workbook.xml"/></Relationships>'
    )
    names = "".join(
        f'<sheet name={quoteattr(sheet.title[:31])} sheetId="{i}"'
        + (' state="hidden"' if sheet.hidden else "")
        + f' r:id="rId{i}"/>'
        for i, sheet in enumerate(pages, start=1)
    )
    first_visible = next((i for i, s in enumerate(pages) if not s.hidden), 0)
    parts["xl/workbook.xml"] = (
        HEADER + f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><bookViews><workbookView'
        f' activeTab="{first_visible}" firstSheet="{first_visible}"/></bookViews>'
        f"<sheets>{names}</sheets></workbook>"
    )
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="{REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, len(pages) + 1)
    )
    rels += f'<Relationship Id="rId{len(pages) + 1}" Type="{REL}/styles" Target="styles.xml"/>'
    parts["xl/_rels/workbook.xml.rels"] = HEADER + f'<Relationships xmlns="{PKG_REL}">{rels}</Relationships>'
    parts["xl/styles.xml"] = styles.xml()  # last: the sheets above named the styles they use
    out = io.BytesIO()
    first = ("[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name in (*first, *sorted(n for n in parts if n not in first)):
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, parts[name].encode("utf-8"))
    return out.getvalue()
