"""The command line as editors and CI run it: `python -m generator ...` in a subprocess."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile

import pytest
from openpyxl import load_workbook

from generator.pipeline import check
from generator.workbook.schema import DISTRICTS, SHEETS

from .conftest import ROOT

PROBLEM_LINE = re.compile(r"^[^!\n]+![A-Z]{1,3}\d+: \S.* / .+$")


def run(*args, timeout=300):
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "generator", *map(str, args)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
    )


def snapshot(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_check_valid_workbook_exits_0(make_workbook):
    result = run("check", make_workbook())
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.stderr


def test_check_invalid_workbook_exits_1_with_one_line_per_problem(make_workbook):
    def edit(rows):
        rows["districts"][0]["district_code"] = "3199"
        rows["districts"][1]["passed"] = 99

    path = make_workbook(edit)
    result = run("check", path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stdout.splitlines()
    expected = [str(p) for p in check(path)[1] if p.level == "error"]
    assert len(expected) >= 2
    assert lines == expected
    for line in lines:
        assert PROBLEM_LINE.match(line), line
    assert any(line.startswith("อำเภอ!A2: ") for line in lines)
    assert any(line.startswith("อำเภอ!M3: ") for line in lines)


def _text_file(tmp_path):
    path = tmp_path / "master.xlsx"
    path.write_text("นี่ไม่ใช่ไฟล์ Excel\nthis is not a workbook\n", encoding="utf-8")
    return path


def _empty_file(tmp_path):
    path = tmp_path / "empty.xlsx"
    path.write_bytes(b"")
    return path


def _csv_file(tmp_path):
    path = tmp_path / "master.csv"
    path.write_text("รหัสอำเภอ,จังหวัด,อำเภอ\n3101,บุรีรัมย์,เมืองบุรีรัมย์\n", encoding="utf-8")
    return path


def _csv_renamed(tmp_path):
    path = tmp_path / "renamed.xlsx"
    path.write_text("รหัสอำเภอ,จังหวัด,อำเภอ\n3101,บุรีรัมย์,เมืองบุรีรัมย์\n", encoding="utf-8")
    return path


def _missing(tmp_path):
    return tmp_path / "nowhere" / "master.xlsx"


def _zip_not_workbook(tmp_path):
    path = tmp_path / "archive.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("readme.txt", "hello")
    return path


def _directory(tmp_path):
    path = tmp_path / "folder.xlsx"
    path.mkdir()
    return path


@pytest.mark.parametrize(
    "make_bad",
    [_text_file, _empty_file, _csv_file, _csv_renamed, _missing, _zip_not_workbook, _directory],
    ids=lambda f: f.__name__.strip("_"),
)
@pytest.mark.parametrize("command", ["check", "build"])
def test_not_a_workbook_exits_2_with_one_clear_line(tmp_path, make_bad, command):
    path = make_bad(tmp_path)
    args = [command, path] + (["--docs", tmp_path / "docs"] if command == "build" else [])
    result = run(*args)
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    assert result.stdout == ""
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, lines
    assert path.name in lines[0]
    assert " / " in lines[0]
    assert not (tmp_path / "docs").exists()


def test_template_writes_thai_headers_for_every_sheet(tmp_path):
    out = tmp_path / "sub" / "template.xlsx"
    result = run("template", out)
    assert result.returncode == 0, result.stderr
    book = load_workbook(out)
    for sheet in SHEETS:
        assert sheet.label in book.sheetnames
        header = [cell.value for cell in book[sheet.label][1]]
        assert header == [c.label for c in sheet.columns]
        values = [c.value for row in book[sheet.label].iter_rows(min_row=2) for c in row if c.value is not None]
        if sheet.key == "curriculum":
            assert len(values) > 0  # the seed's curriculum is filled in
        else:
            assert values == []  # blank: the header only


def test_sample_passes_check_and_has_878_districts(tmp_path):
    out = tmp_path / "sample.xlsx"
    result = run("sample", out)
    assert result.returncode == 0, result.stderr
    ws = load_workbook(out, read_only=True)[DISTRICTS.label]
    codes = [row[0] for row in ws.iter_rows(min_row=2, values_only=True) if row and row[0] is not None]
    assert len(codes) == 878
    assert len(set(codes)) == 878

    result = run("check", out)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""
    assert "878" in result.stderr


def test_build_writes_district_pages(tmp_path, make_workbook):
    docs = tmp_path / "docs"
    result = run("build", make_workbook(), "--docs", docs)
    assert result.returncode == 0, result.stdout + result.stderr
    page = docs / "districts" / "3101.md"
    assert page.is_file()
    assert "เมืองบุรีรัมย์" in page.read_text(encoding="utf-8")
    assert (docs / "districts" / "5001.md").is_file()
    assert not list(tmp_path.glob(".portal-staging-*"))


def test_build_with_invalid_workbook_changes_nothing(tmp_path, make_workbook):
    docs = tmp_path / "docs"
    assert run("build", make_workbook(name="good.xlsx"), "--docs", docs).returncode == 0
    (docs / "index.md").write_text("# หน้าแรก\n\nเขียนเอง / hand-written\n", encoding="utf-8")
    (docs / "stylesheets").mkdir()
    (docs / "stylesheets" / "extra.css").write_text(".state { color: red }\n", encoding="utf-8")
    before = snapshot(docs)
    assert "districts/3101.md" in before and "index.md" in before

    bad = make_workbook(
        lambda rows: rows["districts"][0].update(district_code="3199", network_name="ใหม่"), name="bad.xlsx"
    )
    result = run("build", bad, "--docs", docs)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert any(line.startswith("อำเภอ!A2: ") for line in result.stdout.splitlines())
    assert snapshot(docs) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["docs", "good.xlsx", "bad.xlsx"])
