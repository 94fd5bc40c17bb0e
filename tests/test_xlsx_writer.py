"""The one XLSX writer (generator/workbook/xlsx.py) behind every download, the blank master workbook and the blank plan
form: the same bytes every time, text never a formula, and LibreOffice Calc opens what it writes with the dropdowns,
the notes on the headers and the hidden list sheet intact."""

import csv
import datetime as dt
import re
import shutil
import subprocess
import zipfile
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook

from generator import pipeline
from generator.exports import downloads
from generator.workbook import xlsx
from generator.workbook.schema import DISTRICTS, LISTS_SHEET, PLANS, SHEETS
from generator.workbook.template import template_bytes

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def portal(make_workbook):
    portal, problems = pipeline.check(make_workbook())
    assert portal is not None, [str(p) for p in problems]
    return portal


def test_no_second_writer_in_the_generator():
    """openpyxl (and any other writer) is gone from the generator: one writer for every file it writes."""
    for path in (ROOT / "generator").glob("*.py"):
        source = path.read_text()
        assert not re.search(r"^\s*(from|import) (openpyxl|xlsxwriter)\b", source, re.M), path.name


def test_same_bytes_every_time_and_no_clock_inside():
    assert template_bytes() == template_bytes() and downloads.plan_form() == downloads.plan_form()
    with zipfile.ZipFile(BytesIO(template_bytes())) as z:
        assert {info.date_time for info in z.infolist()} == {xlsx.FIXED_TIME}
        assert not [n for n in z.namelist() if n.startswith("docProps/")]  # no creation time to stamp


def test_values_keep_their_types_and_text_stays_text():
    rows = [
        ["text", "number", "date", "time", "flag"],
        ["=1+1", 12.5, dt.date(2023, 12, 8), dt.time(8, 30), True],
        ["  spaced  ", 3, dt.datetime(2024, 1, 20, 12, 0), None, False],
    ]
    book = load_workbook(BytesIO(xlsx.workbook([("t", rows)])))
    ws = book["t"]
    assert [c.value for c in ws[2]] == ["=1+1", 12.5, dt.datetime(2023, 12, 8), dt.time(8, 30), True]
    assert ws["A2"].data_type == "s" and ws["A3"].value == "  spaced  "
    assert ws["C3"].value == dt.datetime(2024, 1, 20, 12, 0) and ws["C2"].number_format == "yyyy-mm-dd"
    assert ws["A1"].font.b and not ws["A2"].font.b and ws.freeze_panes == "A2"
    with zipfile.ZipFile(BytesIO(xlsx.workbook([("t", rows)]))) as z:
        assert "<f" not in z.read("xl/worksheets/sheet1.xml").decode()


def test_template_headers_are_filled_noted_and_private_ones_marked():
    book = load_workbook(BytesIO(template_bytes()))
    ws = book[DISTRICTS.label]
    for i, col in enumerate(DISTRICTS.columns, start=1):
        cell = ws.cell(row=1, column=i)
        assert cell.font.b and cell.alignment.wrap_text
        assert cell.fill.fgColor.rgb == ("FFF8CBAD" if col.private else "FFDDEBF7")
        assert cell.comment is not None and cell.comment.text.startswith(f"{col.key}: ")
    assert [c.value for c in book[PLANS.label][1]] == [col.label for col in PLANS.columns]


def _soffice(tmp_path: Path, target: str, *files: Path) -> Path:
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    out = tmp_path / target.split(":")[0]
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path}/lo-profile",
            "--headless",
            "--convert-to",
            target,
            "--outdir",
            str(out),
            *map(str, files),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    return out


def test_libreoffice_reads_every_kind_of_file(tmp_path, portal):
    """Calc opens the national download, a province's, the blank workbook and the plan form; each sheet it reads
    back as CSV has the header and values the writer was given."""
    files = {**downloads.national_files(portal), **downloads.province_files(portal)}
    names = {
        "portal": "downloads/portal.xlsx",
        "31": "downloads/provinces/31.xlsx",
        "template": "downloads/master-template.xlsx",
        "plan": "downloads/plan-form.xlsx",
    }
    for stem, name in names.items():
        (tmp_path / f"{stem}.xlsx").write_bytes(files[name])
    # all sheets (-1), UTF-8 (76), comma-separated, quoted text
    out = _soffice(
        tmp_path,
        "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
        *(tmp_path / f"{stem}.xlsx" for stem in names),
    )

    def read(stem, sheet):
        with open(out / f"{stem}-{sheet}.csv", encoding="utf-8", newline="") as f:
            return list(csv.reader(f))

    fields, rows = downloads.tables(portal)["districts"]
    national = read("portal", downloads.SHEET_TITLES["districts"])
    assert national[0] == fields and len(national) == len(rows) + 1
    first = {k: downloads._plain(v) for k, v in rows[0].items()}
    assert national[1][fields.index("district_code")] == first["district_code"]
    assert national[1][fields.index("meeting_date")] == (first["meeting_date"] or "")
    assert read("31", downloads.SHEET_TITLES["districts"])[0] == fields
    for sheet in SHEETS:
        assert read("template", sheet.label)[0] == [col.label for col in sheet.columns]
    assert len(read("template", LISTS_SHEET)) == 879
    assert read("plan", "แบบ ๒")[1] == [col.label for col in PLANS.columns]


def test_libreoffice_keeps_the_dropdowns_notes_and_hidden_list(tmp_path):
    (tmp_path / "template.xlsx").write_bytes(template_bytes())
    (tmp_path / "plan.xlsx").write_bytes(downloads.plan_form())
    out = _soffice(tmp_path, "ods", tmp_path / "template.xlsx", tmp_path / "plan.xlsx")
    template = zipfile.ZipFile(out / "template.ods").read("content.xml").decode()
    plan = zipfile.ZipFile(out / "plan.ods").read("content.xml").decode()
    lists = re.findall(r'table:condition="of:cell-content-is-in-list\(([^)]*)\)"', template)
    assert f"[$'{LISTS_SHEET}'.$A$2:.$A$879]" in lists or f"[${LISTS_SHEET}.$A$2:.$A$879]" in lists  # district code
    assert any("&quot;ใช่&quot;;&quot;ไม่ใช่&quot;" in cond for cond in lists)  # yes / no
    assert template.count("<office:annotation") == sum(len(sheet.columns) for sheet in SHEETS)  # a note a header
    assert 'table:display="false"' in template  # the hidden list
    plan_lists = re.findall(r'table:condition="of:cell-content-is-in-list\(([^)]*)\)"', plan)
    assert any("การศึกษา" in c for c in plan_lists) and any("เสร็จแล้ว" in c for c in plan_lists)
