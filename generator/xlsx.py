"""A small XLSX writer for the downloads: text as inline strings (never a formula), numbers, dates; same input, same bytes."""
from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from decimal import Decimal
from xml.sax.saxutils import escape, quoteattr

from openpyxl.utils import get_column_letter

# openpyxl writes a workbook cell by cell through an XML library, about ten times slower than this for the
# 77 download workbooks (national and one per province); these need no more than text, numbers and dates.
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
EPOCH = dt.datetime(1899, 12, 30)
ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")  # not allowed in XML 1.0 (nor in UTF-8)
HEADER = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
STYLES = (HEADER + f'<styleSheet xmlns="{MAIN}"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>'
          '</numFmts><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/>'
          '<name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill>'
          '<patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/>'
          '<bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0"'
          ' borderId="0"/></cellStyleXfs><cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"'
          ' xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/><xf numFmtId="164"'
          ' fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal"'
          ' xfId="0" builtinId="0"/></cellStyles></styleSheet>')
BOLD, DATE = 1, 2


def _cell(ref: str, value, style: int = 0) -> str:
    s = f' s="{style}"' if style else ""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"{s}><v>{int(value)}</v></c>'
    if isinstance(value, (int, float, Decimal)):
        return f'<c r="{ref}"{s}><v>{value}</v></c>'
    if isinstance(value, dt.date):
        days = (dt.datetime.combine(value, dt.time()) - EPOCH).days if not isinstance(value, dt.datetime) \
            else (value - EPOCH).total_seconds() / 86400
        return f'<c r="{ref}" s="{DATE if not style else style}"><v>{days}</v></c>'
    text = ILLEGAL.sub("", str(value))  # text is only ever an inline string: never <f>, never t="str"
    return f'<c r="{ref}" t="inlineStr"{s}><is><t xml:space="preserve">{escape(text)}</t></is></c>'


def _sheet(rows: list[list], widths: list[float]) -> str:
    cols = "".join(f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>' for i, w in enumerate(widths, start=1))
    letters = [get_column_letter(i) for i in range(1, max((len(r) for r in rows), default=0) + 1)]
    body = []
    for r, row in enumerate(rows, start=1):
        style = BOLD if r == 1 else 0
        cells = "".join(_cell(f"{letters[c]}{r}", value, style) for c, value in enumerate(row))
        body.append(f'<row r="{r}">{cells}</row>')
    return (HEADER + f'<worksheet xmlns="{MAIN}"><sheetViews><sheetView workbookViewId="0"><pane ySplit="1"'
            ' topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>'
            + (f"<cols>{cols}</cols>" if cols else "") + f'<sheetData>{"".join(body)}</sheetData></worksheet>')


def workbook(sheets: list[tuple[str, list[list]]]) -> bytes:
    """sheets: (title, rows), the first row bold and frozen as the header. Returns the .xlsx file's bytes."""
    parts = {}
    for i, (_, rows) in enumerate(sheets, start=1):
        width = max((len(r) for r in rows), default=0)
        widths = [min(60, max(10, max((len(str(r[c])) for r in rows if c < len(r) and r[c] is not None),
                                      default=0) + 2)) for c in range(width)]
        parts[f"xl/worksheets/sheet{i}.xml"] = _sheet(rows, widths)
    overrides = "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{SHEET_TYPE}"/>'
                        for i in range(1, len(sheets) + 1))
    parts["[Content_Types].xml"] = (
        HEADER + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml"'
        ' ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/styles.xml"'
        ' ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        f"{overrides}</Types>")
    parts["_rels/.rels"] = (HEADER + f'<Relationships xmlns="{PKG_REL}"><Relationship Id="rId1" Type="{REL}/'
                            'officeDocument" Target="xl/workbook.xml"/></Relationships>')
    names = "".join(f'<sheet name={quoteattr(title[:31])} sheetId="{i}" r:id="rId{i}"/>'
                    for i, (title, _) in enumerate(sheets, start=1))
    parts["xl/workbook.xml"] = HEADER + f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>{names}</sheets></workbook>'
    rels = "".join(f'<Relationship Id="rId{i}" Type="{REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                   for i in range(1, len(sheets) + 1))
    rels += f'<Relationship Id="rId{len(sheets) + 1}" Type="{REL}/styles" Target="styles.xml"/>'
    parts["xl/_rels/workbook.xml.rels"] = HEADER + f'<Relationships xmlns="{PKG_REL}">{rels}</Relationships>'
    parts["xl/styles.xml"] = STYLES
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name in ("[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                     "xl/styles.xml", *sorted(n for n in parts if n.startswith("xl/worksheets/"))):
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, parts[name].encode("utf-8"))
    return out.getvalue()
