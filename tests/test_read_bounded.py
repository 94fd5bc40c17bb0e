"""Reading is linear and bounded whatever the workbook holds (issue #13): formatted blank rows, whole-column
validation, a claimed dimension of the whole grid, values far away, cached spreadsheet errors, files saved
by LibreOffice (.xlsx and .ods)."""

from __future__ import annotations

import copy
import re
import shutil
import subprocess
import zipfile

import pytest
from openpyxl import load_workbook
from openpyxl.styles import Border, Side
from openpyxl.worksheet.datavalidation import DataValidation

from generator.pipeline import check
from generator.workbook import read
from generator.workbook.problems import ERROR, UnusableWorkbook
from generator.workbook.read import read_workbook

DISTRICTS_XML = "xl/worksheets/sheet3.xml"  # the template's third sheet is อำเภอ (districts)


def rewrite(src, dst, name, edit):
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            zout.writestr(info, edit(data) if info.filename == name else data)
    return dst


def blank_rows(first: int, count: int, columns: int = 20) -> bytes:
    """Rows of formatted empty cells, as Excel and Google Sheets save bordered rows under the data."""
    letters = [chr(ord("A") + i).encode() for i in range(columns)]
    return b"".join(
        b'<row r="%d">' % r + b"".join(b'<c r="%s%d" s="1"/>' % (c, r) for c in letters) + b"</row>"
        for r in range(first, first + count)
    )


def with_blank_rows(path, count, tmp_path):
    return rewrite(
        path,
        tmp_path / f"blank{count}.xlsx",
        DISTRICTS_XML,
        lambda xml: xml.replace(b"</sheetData>", blank_rows(5, count) + b"</sheetData>"),
    )


def scan(path):
    with zipfile.ZipFile(path) as archive:
        return read._scan_sheet(archive, DISTRICTS_XML)


def summary(problems):
    return [str(p) for p in problems]


def test_scan_work_grows_with_the_rows_not_their_square(make_workbook, tmp_path):
    base = make_workbook()
    small, large = (scan(with_blank_rows(base, n, tmp_path)) for n in (2_000, 4_000))
    sizes = {n: zipfile.ZipFile(tmp_path / f"blank{n}.xlsx").getinfo(DISTRICTS_XML).file_size for n in (2_000, 4_000)}
    # each byte is searched by two passes (the old lazy regex re-read every following cell from each empty one)
    assert small.examined <= 2.2 * sizes[2_000] and large.examined <= 2.2 * sizes[4_000]
    assert large.examined <= 2.2 * small.examined
    assert small.cells == large.cells == scan(base).cells  # formatted empty cells are not cells with content


def test_a_piece_of_empty_cells_then_a_formula_is_read_in_one_pass():
    piece = b"".join(b'<c r="A%d" s="3" />' % r for r in range(1, 1001)) + b'<c r="B1001"><f>A1*2</f><v /></c>'
    found = read.SheetScan()
    read._scan_piece(found, piece)
    assert found.uncomputed == {"B1001"} and found.cells == 1 and found.rows == 1001
    assert found.examined == 2 * len(piece) + len(b'<c r="B1001"><f>A1*2</f><v />')  # two passes, one cell


def test_10000_bordered_blank_rows_and_whole_column_validation(make_workbook):
    path = make_workbook()
    expected = summary(check(path)[1])
    book = load_workbook(path)
    ws = book["อำเภอ"]
    thin = Side(style="thin")
    ws["B5"].border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for row in range(5, 10_005):  # a few columns keep openpyxl quick; the reader meets the same empty <c .../>
        for column in (1, 2, 3, 20):
            ws.cell(row, column)._style = copy.copy(ws["B5"]._style)
    rule = DataValidation(type="list", formula1='"บุรีรัมย์,เชียงใหม่"', allow_blank=True)
    rule.add("B2:B1048576")
    ws.add_data_validation(rule)
    book.save(path)
    xml = zipfile.ZipFile(path).read(DISTRICTS_XML)
    assert b'<c r="T10004" s="' in xml and b"B2:B1048576" in xml
    assert scan(path).rows == 4
    portal, problems = check(path)
    assert portal is not None and {d.code for d in portal.districts} == {"3101", "3102", "5001"}
    assert summary(problems) == expected


def rows_of(sheets):
    return {key: [(r.number, r.values, dict(r.cells)) for r in sheet.rows] for key, sheet in sheets.items()}


def test_formatted_rows_after_the_data_are_cut_off_before_calamine_reads_them(make_workbook, tmp_path, monkeypatch):
    merged = b'</sheetData><mergeCells count="1"><mergeCell ref="F3:F4"/></mergeCells>'  # kept after the cut
    base = rewrite(
        make_workbook(), tmp_path / "merged.xlsx", DISTRICTS_XML, lambda xml: xml.replace(b"</sheetData>", merged)
    )
    expected_sheets, expected_problems = read_workbook(base)
    assert any(p.cell == "F3:F4" for p in expected_problems)
    blank = with_blank_rows(base, 2_000, tmp_path)
    cut, real_cut = [], read._cut_after
    monkeypatch.setattr(read, "_cut_after", lambda archive, name, end: cut.append(name) or real_cut(archive, name, end))
    monkeypatch.setattr(read, "TAIL_BYTES", 10_000)  # 2,000 rows of 20 cells: about 600 KB to cut
    sheets, problems = read_workbook(blank)
    assert cut == [DISTRICTS_XML]
    assert rows_of(sheets) == rows_of(expected_sheets) and summary(problems) == summary(expected_problems)
    monkeypatch.setattr(read, "TAIL_BYTES", 10**9)  # read whole, the same
    assert rows_of(read_workbook(blank)[0]) == rows_of(expected_sheets) and cut == [DISTRICTS_XML]


def test_a_dimension_claiming_the_whole_grid_is_not_believed(make_workbook, tmp_path):
    path = make_workbook()
    claimed = rewrite(
        path,
        tmp_path / "dim.xlsx",
        DISTRICTS_XML,
        lambda xml: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', xml),
    )
    assert b"A1:XFD1048576" in zipfile.ZipFile(claimed).read(DISTRICTS_XML)
    assert summary(check(claimed)[1]) == summary(check(path)[1])
    assert check(claimed)[0] is not None


class Watched:
    """python-calamine's workbook, noting which sheets were loaded (each one allocates a full grid)."""

    loaded: list[str] = []

    def __init__(self, book):
        self.book = book

    def get_sheet_by_name(self, name):
        Watched.loaded.append(name)
        return self.book.get_sheet_by_name(name)

    def __getattr__(self, name):
        return getattr(self.book, name)


@pytest.mark.parametrize(
    "far_cell, expected",
    [
        (b"A1048576", "has more than 200,000 rows"),
        (b"XFD900", "as far right as column XFD"),
    ],
)
def test_a_value_far_away_is_refused_before_the_sheet_is_loaded(
    make_workbook, tmp_path, monkeypatch, far_cell, expected
):
    row = far_cell.lstrip(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    cell = b'<row r="%s"><c r="%s" t="inlineStr"><is><t>x</t></is></c></row>' % (row, far_cell)
    far = rewrite(
        make_workbook(),
        tmp_path / "far.xlsx",
        DISTRICTS_XML,
        lambda xml: xml.replace(b"</sheetData>", cell + b"</sheetData>"),
    )
    real = read.CalamineWorkbook
    monkeypatch.setattr(Watched, "loaded", [])
    monkeypatch.setattr(Watched, "from_path", classmethod(lambda cls, p: cls(real.from_path(p))), raising=False)
    monkeypatch.setattr(read, "CalamineWorkbook", Watched)
    with pytest.raises(UnusableWorkbook, match=expected):
        check(far)
    assert "อำเภอ" not in Watched.loaded  # refused from the scan: calamine never built its grid


def cached_errors(path, tmp_path, cells: dict[str, str]):
    """The workbook with these cells holding a cached spreadsheet error, as Excel saves =1/0 or a broken reference."""
    book = load_workbook(path)
    for ref, error in cells.items():
        book["อำเภอ"][ref] = error  # openpyxl writes an error code as a cell of type "e"
    out = tmp_path / "errors.xlsx"
    book.save(out)
    assert b'<c r="C2" t="e"><v>#REF!</v></c>' in zipfile.ZipFile(out).read(DISTRICTS_XML)
    return out


ERROR_MESSAGE = (
    "เซลล์แสดงค่าผิดพลาด {0} ของสูตร ให้แก้สูตรหรือพิมพ์ค่าลงไปแทน"
    " / the cell shows the spreadsheet error {0}; fix the formula or type the value"
)


def test_cached_error_values_are_errors_at_their_cell(make_workbook, tmp_path):
    path = cached_errors(make_workbook(), tmp_path, {"C2": "#REF!", "F2": "#DIV/0!", "M3": "#N/A", "U9": "#NAME?"})
    sheets, problems = read_workbook(path)
    assert sorted(str(p) for p in problems if p.level == ERROR) == [
        "อำเภอ!C2: " + ERROR_MESSAGE.format("#REF!"),
        "อำเภอ!F2: " + ERROR_MESSAGE.format("#DIV/0!"),
        "อำเภอ!M3: " + ERROR_MESSAGE.format("#N/A"),
    ]  # U9 is outside the table's columns: not the schema's business
    districts = sheets["districts"]
    assert districts.errors == {"C2", "F2", "M3"}  # the validator must not call these cells empty as well
    row = next(r for r in districts.rows if r.number == 2)
    assert row.values["district"] is None and row.values["budget_allocated"] is None
    portal, checked = check(path)
    # one message each: the error value, not also "must not be empty" for the required district name in C2
    assert portal is None and sorted(p.cell for p in checked if p.level == ERROR) == ["C2", "F2", "M3"]


def test_a_string_formula_whose_result_is_empty_has_a_saved_value():
    found = read.SheetScan()
    read._scan_piece(found, b'<c r="P2" t="str"><f>IF(1,"")</f><v></v></c><c r="Q2"><f>1+1</f><v /></c>')
    assert found.uncomputed == {"Q2"} and not found.errors


def libreoffice(paths, fmt):
    """The same workbooks saved by LibreOffice Calc as .xlsx or .ods, all in one run of soffice (its start is slow)."""
    out = paths[0].parent / f"lo-{fmt}"
    subprocess.run(
        [
            shutil.which("soffice"),
            f"-env:UserInstallation=file://{out.parent}/lo-profile",
            "--headless",
            "--convert-to",
            fmt,
            "--outdir",
            str(out),
            *map(str, paths),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return [out / f"{path.stem}.{fmt}" for path in paths]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_copies_give_the_same_problems(make_workbook):
    """A valid workbook, and one with an invalid value and two formulas (openpyxl saves them without results,
    LibreOffice computes them to #DIV/0! and #N/A): the .xlsx and the .ods LibreOffice saves read alike."""
    valid = make_workbook(name="valid.xlsx")
    path = make_workbook(name="formulas.xlsx")
    book = load_workbook(path)
    ws = book["อำเภอ"]
    ws["F2"], ws["C3"], ws["L4"] = "=1/0", "=NA()", "ยี่สิบ"  # budget_allocated, district, participants
    book.save(path)
    for fmt in ("xlsx", "ods"):
        saved_valid, saved = libreoffice([valid, path], fmt)
        portal, problems = check(saved_valid)
        assert portal is not None, summary(problems)
        assert summary(problems) == summary(check(valid)[1])

        original, problems = check(path)[1], check(saved)[1]
        errors = {(p.cell, p.message) for p in problems if p.level == ERROR}
        assert {("F2", ERROR_MESSAGE.format("#DIV/0!")), ("C3", ERROR_MESSAGE.format("#N/A"))} <= errors, fmt
        assert {p.cell for p in original if p.level == ERROR} == {cell for cell, _ in errors}
        assert [str(p) for p in original if p.cell == "L4"] == [str(p) for p in problems if p.cell == "L4"]
