"""Files that are not honest workbooks are refused before they are parsed, with one clear line."""

import io
import random
import re
import shutil
import struct
import subprocess
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from generator.cli import main
from generator.pipeline import check
from generator.workbook.problems import UnusableWorkbook
from generator.workbook.read import MAX_UNPACKED_BYTES

BOMB = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(b'<!ENTITY lol%d "%s">' % (i + 1, (b"&lol%d;" % i if i else b"&lol;") * 10) for i in range(9))
    + b']><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>'
)


def _rewrite_member(src, dst, name, data):
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info, data if info.filename == name else zin.read(info.filename))


def test_xml_entity_bomb_is_refused(make_workbook, tmp_path):
    good = make_workbook()
    bomb = tmp_path / "bomb.xlsx"
    _rewrite_member(good, bomb, "xl/worksheets/sheet2.xml", BOMB)
    with pytest.raises(UnusableWorkbook, match="XML bomb"):
        check(bomb)


def test_zip_bomb_is_refused_before_unpacking(make_workbook, tmp_path):
    bomb = tmp_path / "zipbomb.xlsx"
    bomb.write_bytes(make_workbook().read_bytes())
    chunk = bytes(2**20)
    with (
        zipfile.ZipFile(bomb, "a", zipfile.ZIP_DEFLATED) as archive,
        archive.open("xl/media/padding.bin", "w", force_zip64=True) as member,
    ):
        for _ in range(MAX_UNPACKED_BYTES // len(chunk) + 1):
            member.write(chunk)
    assert bomb.stat().st_size < 2 * 2**20  # small on disk, huge unpacked
    with pytest.raises(UnusableWorkbook, match="over the limit"):
        check(bomb)


@pytest.mark.parametrize(
    "content, expected",
    [
        (b"", "the file is empty"),
        (b"district_code,province\n3101,\xe0\xb8\x9a\n", "a CSV or another file renamed"),
    ],
)
def test_not_a_workbook(tmp_path, content, expected):
    path = tmp_path / "x.xlsx"
    path.write_bytes(content)
    with pytest.raises(UnusableWorkbook, match=expected):
        check(path)


def test_hidden_and_unknown_sheets_are_warnings(make_workbook, tmp_path):
    path = make_workbook()
    book = load_workbook(path)
    book["หลักสูตร"].sheet_state = "hidden"
    book.create_sheet("โน้ตส่วนตัว")["A1"] = "ร่าง"
    book.save(path)
    portal, problems = check(path)
    assert portal is not None
    assert [str(p) for p in problems] == [
        "หลักสูตร!A1: ชีตนี้ถูกซ่อนอยู่ แต่ยังนำข้อมูลไปใช้ / the sheet is hidden but still read",
        "โน้ตส่วนตัว!A1: ไม่รู้จักชีตนี้ จะไม่นำไปใช้ / unknown sheet, not read",
    ]
    assert all(p.level == "warning" for p in problems)
    assert len(portal.sessions) == 5


def test_merged_cells_give_their_value_to_every_row(make_workbook):
    path = make_workbook()
    book = load_workbook(path)
    ws = book["อำเภอ"]
    ws["B3"] = None  # province of 3102, covered by the merge from B2 (บุรีรัมย์)
    ws.merge_cells("B2:B3")
    book.save(path)
    portal, problems = check(path)
    assert portal is not None, [str(p) for p in problems]
    assert [str(p) for p in problems] == [
        "อำเภอ!B2:B3: เซลล์ผสาน ใช้ค่าของเซลล์แรกกับทุกเซลล์ในช่วง"
        " / merged cells: the first cell's value is used for the whole range"
    ]
    assert {d.code for d in portal.districts} == {"3101", "3102", "5001"}


def test_formulas_with_and_without_saved_values(make_workbook, tmp_path):
    path = make_workbook()
    book = load_workbook(path)
    ws = book["อำเภอ"]
    ws["M2"] = "=L2-3"  # passed: a formula that openpyxl saves without its value
    book.save(path)
    portal, problems = check(path)
    assert portal is None
    assert [str(p) for p in problems if p.level == "error"] == [
        "อำเภอ!M2: เซลล์มีสูตรแต่ไม่มีค่าที่คำนวณไว้ ให้เปิดไฟล์ใน Google Sheets หรือ Excel แล้วส่งออกอีกครั้ง"
        " / formula without a saved value; open and export the file again from Google Sheets or Excel"
    ]
    # The same formula with its cached result (as Google Sheets exports it) is read as the value.
    cached = tmp_path / "cached.xlsx"
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(cached, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "xl/worksheets/sheet3.xml":
                assert b"<f>L2-3</f><v /></c>" in data
                data = data.replace(b"<f>L2-3</f><v /></c>", b"<f>L2-3</f><v>17</v></c>")
            zout.writestr(info, data)
    portal, problems = check(cached)
    assert portal is not None, [str(p) for p in problems]
    assert next(d for d in portal.districts if d.code == "3101").passed == 17


def test_renamed_header_suggests_the_expected_column(make_workbook):
    path = make_workbook()
    book = load_workbook(path)
    book["อำเภอ"]["H1"] = "วันจัดประชุม"  # was วันที่จัดประชุม (meeting_date)
    book.save(path)
    portal, problems = check(path)
    assert (
        "อำเภอ!H1: ไม่รู้จักคอลัมน์ 'วันจัดประชุม' จะไม่นำไปเผยแพร่ / unknown column, not published."
        " หมายถึง 'วันที่จัดประชุม' หรือไม่? / did you mean 'meeting_date'?" in [str(p) for p in problems]
    )
    assert portal is not None and all(d.meeting_date is None for d in portal.districts)


def test_overlong_cell_is_an_error_and_endless_sheet_is_refused(make_workbook, monkeypatch):
    from generator.workbook import read

    path = make_workbook(lambda rows: rows["districts"][0].update(notes="PLACEHOLDER"))
    long = path.with_name("overlong.xlsx")  # openpyxl itself truncates at the limit, so write the XML
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(long, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(
                info, zin.read(info.filename).replace(b"PLACEHOLDER", ("ก" * (read.MAX_CELL_CHARS + 1)).encode())
            )
    portal, problems = check(long)
    assert [str(p) for p in problems if p.level == "error"] == [
        "อำเภอ!P2: ข้อความยาวเกิน 32,767 ตัวอักษร / text longer than 32,767 characters"
    ]
    monkeypatch.setattr(read, "MAX_ROWS", 3)  # the small workbook's districts sheet has 4 rows
    with pytest.raises(UnusableWorkbook, match="has more than 3 rows"):
        check(make_workbook(name="long.xlsx"))


def test_defusedxml_refuses_entities_where_the_reader_parses_xml_itself():
    from defusedxml import EntitiesForbidden
    from defusedxml.ElementTree import fromstring

    from generator.workbook import read

    assert read.ElementTree.fromstring is fromstring  # the workbook's relationships go through defusedxml
    with pytest.raises(EntitiesForbidden):
        fromstring(BOMB)


def test_entities_declared_after_a_long_prolog_are_still_refused(make_workbook, tmp_path):
    padded = BOMB.replace(b'<?xml version="1.0"?>', b'<?xml version="1.0"?>' + b"<!--" + b"x" * 10_000 + b"-->")
    bomb = tmp_path / "padded.xlsx"
    _rewrite_member(make_workbook(), bomb, "xl/worksheets/sheet3.xml", padded)
    with pytest.raises(UnusableWorkbook, match="XML bomb"):  # the whole prolog is read, once, not two pieces
        check(bomb)


def compound_file(stream: str) -> bytes:
    """A minimal OLE compound file (the container of old .xls files and of password-protected .xlsx, whose
    encrypted package is a stream named EncryptedPackage): header, one FAT sector, one directory sector."""

    def entry(name: str, kind: int) -> bytes:
        encoded = (name + "\0").encode("utf-16-le")
        return (
            encoded.ljust(64, b"\0")
            + struct.pack("<HBB3I", len(encoded), kind, 1, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF if kind == 2 else 1)
            + bytes(16 + 4 + 16)
            + struct.pack("<IQ", 0xFFFFFFFE, 0)
        )

    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + bytes(16)
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + bytes(6)
        + struct.pack("<IIIIIIII", 0, 1, 1, 0, 4096, 0xFFFFFFFE, 0, 0xFFFFFFFE)
        + struct.pack("<I", 0xFFFFFFFF)
        + struct.pack("<I", 0)
        + b"\xff" * 4 * 108
    )
    fat = struct.pack("<II", 0xFFFFFFFD, 0xFFFFFFFE).ljust(512, b"\xff")
    directory = (entry("Root Entry", 5) + entry(stream, 2)).ljust(512, b"\0")
    return header + fat + directory


def _corrupt_deflate(good: Path) -> bytes:
    """The districts sheet's compressed bytes overwritten in the middle, the zip's structure intact."""
    data = bytearray(good.read_bytes())
    with zipfile.ZipFile(good) as archive:
        info = archive.getinfo("xl/worksheets/sheet3.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start + 8 : start + 8 + 64] = bytes(range(64))
    return bytes(data)


def _without(good: Path, member: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(good) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename != member:
                zout.writestr(info, zin.read(info.filename))
    return out.getvalue()


BROKEN = {
    "corrupt deflate data": (_corrupt_deflate, "the workbook is damaged"),
    "no xl/workbook.xml": (lambda good: _without(good, "xl/workbook.xml"), "it has no xl/workbook.xml"),
    "password-protected": (lambda good: compound_file("EncryptedPackage"), "password-protected"),
    "old .xls": (lambda good: compound_file("Workbook"), "an old Excel .xls file"),
    "HTML saved as .xlsx": (
        lambda good: b"<!DOCTYPE html><html><head><title>Sign in</title></head></html>",
        "a web page (HTML)",
    ),
    "truncated download": (lambda good: good.read_bytes()[: len(good.read_bytes()) // 2], "the file is incomplete"),
}


@pytest.mark.parametrize("case", BROKEN)
def test_every_broken_container_is_exit_2_in_one_line(make_workbook, tmp_path, capsys, case):
    make, expected = BROKEN[case]
    path = tmp_path / "broken.xlsx"
    path.write_bytes(make(make_workbook()))
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and expected in err, err
    assert re.match(r"broken\.xlsx: [\u0e00-\u0e7f]", err), err  # Thai first, then ' / ' and English
    assert " / " in err


def test_a_real_xls_saved_by_libreoffice_says_save_as_xlsx(make_workbook, tmp_path, capsys):
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    path = make_workbook()
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path}/lo-profile",
            "--headless",
            "--convert-to",
            "xls",
            "--outdir",
            str(tmp_path / "xls"),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    assert main(["check", str(tmp_path / "xls" / "master.xls")]) == 2
    assert "an old Excel .xls file" in capsys.readouterr().err


def test_fuzzed_workbooks_never_escape_as_a_traceback(make_workbook, tmp_path, capsys):
    """Seeded byte flips and truncations of a real workbook: valid, exit 1 with problems, or exit 2 in one line."""
    good = make_workbook().read_bytes()
    rng = random.Random(13)
    path = tmp_path / "fuzzed.xlsx"
    codes = []
    for case in range(240):
        data = bytearray(good)
        if case % 4 == 0:
            data = data[: rng.randrange(len(data))]
        else:
            for _ in range(rng.randint(1, 8)):
                data[rng.randrange(len(data))] = rng.randrange(256)
        path.write_bytes(bytes(data))
        code = main(["check", str(path)])
        out = capsys.readouterr()
        assert code in (0, 1, 2), case
        if code == 2:
            assert out.err.count("\n") == 1 and " / " in out.err, (case, out.err)
        codes.append(code)
    assert codes.count(2) > 100 and codes.count(0) > 0  # most flips break the zip; some land where nothing is read
