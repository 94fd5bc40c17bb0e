"""Every download is formula-safe, whatever the column's type (issue #13): hostile text typed into every public
text and multi-line column of every sheet never starts a CSV cell with = + - @, tab or CR, and never becomes a
formula in an XLSX download. The columns come from the schema, so a new column is covered without editing this."""

from __future__ import annotations

import csv
import io
import re
import tempfile
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from generator import pipeline
from generator.exports import downloads
from generator.workbook import normalise
from generator.workbook.schema import LINES, SHEETS, TEXT
from generator.workbook.template import write_workbook
from tests.conftest import small_rows

DANGER = ("=", "+", "-", "@", "\t", "\r")
PAYLOADS = ('=HYPERLINK("http://evil.example","x")', "+cmd|' /C calc'!A0")
KEEP = None  # the sample's valid value stays: validation would refuse hostile text in this column
# Columns whose values validation pins down, and what hostile text they can still hold. Any other public text or
# lines column gets the payload as it is; a new column that validation refuses fails the build below, loudly.
CONSTRAINED = {
    # matched against the official list of places; the downloads publish the official name, not what was typed
    ("districts", "province"): KEEP,
    ("districts", "district"): KEEP,
    ("festival", "province"): KEEP,
    ("provinces", "province"): KEEP,
    ("provinces", "phone"): lambda p: "-0 4566 6512",  # digits, spaces and dashes only: a dash may lead
    ("provinces", "email"): lambda p: "+saraban_buriram@cdd.mail.go.th",  # a '+' may lead an address
    ("provinces", "website"): KEEP,  # must start with https://
    # one attachment a line, "title | target": the title is free text, the target must exist
    ("documents", "attachments"): lambda p: "\n".join(f"{line} | https://www.cdd.go.th/" for line in p.split("\n")),
}
HOSTILE = [
    (sheet, col)
    for sheet in SHEETS
    for col in sheet.columns
    if not col.private and col.type in (TEXT, LINES) and CONSTRAINED.get((sheet.key, col.key), ...) is not KEEP
]
CSV_STEMS = {"provinces": "offices"}  # a sheet's national CSV is downloads/<key>.csv but for these
NO_CSV = {"about"}  # one row about the data: in portal.json and portal.xlsx only
BLANK_FORMS = ("downloads/master-template.xlsx", "downloads/plan-form.xlsx")  # no data of the workbook in these


def _token(i: int) -> str:
    return f"HOSTILE{i:03d}TOKEN"


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> bytes:
    """The small workbook with a placeholder in every hostile cell: written once, each case swaps its text in."""
    rows = small_rows()
    for i, (sheet, col) in enumerate(HOSTILE):
        for row in rows[sheet.key]:
            row[col.key] = _token(i)
    path = tmp_path_factory.mktemp("template") / "master.xlsx"
    write_workbook(path, rows)
    return path.read_bytes()


def _workbook(template: bytes, payloads: list[str], path: Path) -> None:
    """Put each column's text into its cells as a string cell (as Excel saves text typed with a leading
    apostrophe), never as a formula: openpyxl would turn '=…' into one, and read.py rightly refuses it."""
    tags = {
        f"<t>{_token(i)}</t>": _cell_value(sheet.key, col.key, payloads[i]) for i, (sheet, col) in enumerate(HOSTILE)
    }
    swap = re.compile("|".join(map(re.escape, tags)))
    src = zipfile.ZipFile(io.BytesIO(template))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename.startswith("xl/") and info.filename.endswith(".xml"):  # inline or shared strings
                text = swap.sub(lambda m: _xml_text(tags[m.group()]), body.decode("utf-8"))
                assert "TOKEN" not in text, "a placeholder was not replaced"
                body = text.encode("utf-8")
            dst.writestr(info, body)


def _xml_text(value: str) -> str:
    xml = escape(value).replace("\r", "&#13;")  # a literal CR would be read back as a line break
    return f'<t xml:space="preserve">{xml}</t>'


def _cell_value(sheet: str, column: str, payload: str) -> str:
    form = CONSTRAINED.get((sheet, column))
    return form(payload) if form else payload


def _published(col, value: str) -> str:
    """What the download holds for the typed text: normalised as the build does, lines joined."""
    return "\n".join(normalise.parse_lines(value)) if col.type == LINES else normalise.parse_text(value)


def _build(template: bytes, payloads: list[str], tmp: Path) -> dict[str, bytes]:
    """The whole build, as the command line runs it: the downloads as written under docs/."""
    _workbook(template, payloads, tmp / "master.xlsx")
    pipeline.build(tmp / "master.xlsx", tmp / "docs")  # raises InvalidWorkbook, with the problems, if refused
    return {
        path.relative_to(tmp / "docs").as_posix(): path.read_bytes()
        for path in (tmp / "docs" / "downloads").rglob("*")
        if path.is_file()
    }


def _downloads(template: bytes, payloads: list[str], tmp: Path) -> dict[str, bytes]:
    """The same files as the build writes (downloads.download_files), without the pages: three times faster."""
    _workbook(template, payloads, tmp / "master.xlsx")
    portal, problems = pipeline.check(tmp / "master.xlsx")
    assert portal is not None, [str(p) for p in problems]
    return downloads.download_files(portal)


def _check_downloads(files: dict[str, bytes], payloads: list[str], all_books: bool = True) -> None:
    csvs = {name: data for name, data in files.items() if name.endswith(".csv")}
    books = {name: data for name, data in files.items() if name.endswith(".xlsx")}
    assert csvs and "downloads/portal.xlsx" in books
    for name, data in csvs.items():
        for row in _csv(data):
            bad = [cell for cell in row if cell.startswith(DANGER)]
            assert not bad, f"{name}: cells a spreadsheet would run: {bad!r}"
    _check_csv_values(csvs, payloads)
    for name, data in books.items():
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            for part in z.namelist():
                if part.startswith("xl/worksheets/"):
                    xml = z.read(part).decode("utf-8")
                    assert not re.search(r"<f[ >/]", xml), f"{name} {part}: a formula"
                    assert 't="str"' not in xml, f"{name} {part}: a formula's result"
        if all_books or name not in BLANK_FORMS:
            book = load_workbook(io.BytesIO(data))
            formulas = [
                f"{ws.title}!{c.coordinate}" for ws in book for r in ws.iter_rows() for c in r if c.data_type == "f"
            ]
            assert not formulas, f"{name}: formulas in {formulas}"


def _csv(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def _check_csv_values(csvs: dict[str, bytes], payloads: list[str]) -> None:
    """Not a vacuous pass: the hostile text is in the national CSVs, made literal where it needed to be."""
    for i, (sheet, col) in enumerate(HOSTILE):
        if sheet.key in NO_CSV:
            continue
        rows = _csv(csvs[f"downloads/{CSV_STEMS.get(sheet.key, sheet.key)}.csv"])
        assert len(rows) > 1 and col.key in rows[0], (sheet.key, col.key)
        published = _published(col, _cell_value(sheet.key, col.key, payloads[i]))
        expected = "'" + published if published.startswith(DANGER) else published
        cells = {row[rows[0].index(col.key)] for row in rows[1:]}
        assert cells == {expected}, (sheet.key, col.key)


def test_every_sheet_has_sample_rows_and_hostile_columns():
    rows = small_rows()
    assert [s.key for s in SHEETS if not rows.get(s.key)] == [], "a sheet without sample rows is not tested"
    assert {s.key for s, _ in HOSTILE} == {s.key for s in SHEETS}
    assert ("curriculum", "scope") in {(s.key, c.key) for s, c in HOSTILE}  # a lines column, the case
    assert set(CONSTRAINED) <= {(s.key, c.key) for s in SHEETS for c in s.columns}, "a stale exemption"


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_named_payloads_in_every_column(template, tmp_path, payload):
    multi = f"{payload}\nบรรทัดที่สอง\n{payload}"  # the dangerous line first, and again later
    payloads = [multi if col.type == LINES else payload for _, col in HOSTILE]
    files = _build(template, payloads, tmp_path)
    _check_downloads(files, payloads)
    # the multi-line case, literally: the curriculum's scope in the national CSV
    rows = _csv(files["downloads/curriculum.csv"])
    assert rows[1][rows[0].index("scope")] == f"'{payload}\nบรรทัดที่สอง\n{payload}"
    # the XLSX keeps the text as it was typed, as an inline string
    book = load_workbook(io.BytesIO(files["downloads/portal.xlsx"]))
    ws = book["หลักสูตร"]
    cell = ws.cell(row=2, column=[c.value for c in ws[1]].index("scope") + 1)
    assert cell.data_type == "s" and cell.value == f"{payload}\nบรรทัดที่สอง\n{payload}"


LINE = st.text(
    st.characters(blacklist_categories=("Cs", "Cc", "Co", "Cn", "Nd"), blacklist_characters="|")
    | st.sampled_from("\u202e\u2066\u200b\u200f\u0e4d\u0e32\u0e49 =+-@"),
    max_size=10,
)
HOSTILE_TEXT = st.builds(
    lambda start, first, rest: "\n".join([start + first + " ข้อความ", *(line + " ข้อความ" for line in rest)]),
    st.sampled_from(DANGER + ("\t=", "\r+", " =", "=-", "- =", "@@", "\u202e=", "\u200b+")),
    LINE,
    st.lists(LINE, max_size=2),
)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(payloads=st.lists(HOSTILE_TEXT, min_size=len(HOSTILE), max_size=len(HOSTILE)))
def test_hostile_text_in_every_column_never_reaches_a_download_as_a_formula(template, payloads):
    with tempfile.TemporaryDirectory() as tmp:
        _check_downloads(_downloads(template, payloads, Path(tmp)), payloads, all_books=False)
