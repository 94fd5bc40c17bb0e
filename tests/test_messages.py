"""One cause, one message: a missing column is one error about the column, repeated problems are counted, and the
first line `check` prints is the one to fix first."""

from __future__ import annotations

from openpyxl import load_workbook

from generator import cli, pipeline
from generator.workbook.problems import ERROR, Problem, summarised
from generator.workbook.schema import DISTRICTS, PLANS


def _rename_header(path, sheet_label: str, key: str, new: str):
    book = load_workbook(path)
    ws = book[sheet_label]
    cell = next(
        c
        for c in ws[1]
        if c.value in (key, DISTRICTS.column(key).label if sheet_label == DISTRICTS.label else PLANS.column(key).label)
    )
    cell.value = new
    book.save(path)
    return path


def _many_plans(rows, n=40):
    base = rows["plans"][0]
    rows["plans"] = [dict(base, item_no=i + 1) for i in range(n)]


def test_a_missing_key_column_is_one_error_about_the_column(make_workbook, capfd):
    path = _rename_header(make_workbook(_many_plans), DISTRICTS.label, "district_code", "รหัสอำเภ")
    portal, problems = pipeline.check(path)
    assert portal is None
    errors = [p for p in problems if p.level == ERROR]
    # not one per district, nor one per plan or award pointing at a districts sheet it could not read
    assert len(errors) == 1 and errors[0].sheet == DISTRICTS.label and "district_code" in errors[0].message
    assert errors[0].cell == "A1" and "'รหัสอำเภ'" in errors[0].message  # the header most likely meant
    assert not [p for p in problems if p.cell == "A1" and p.level != ERROR]  # not also "unknown column"
    assert cli.main(["check", str(path)]) == 1
    printed = capfd.readouterr()
    assert printed.out.splitlines()[0].startswith(f"{DISTRICTS.label}!A1:")
    assert "None" not in printed.out + printed.err


def test_the_column_problem_comes_before_row_problems_of_other_sheets(make_workbook):
    def edit(rows):
        rows["plans"][0]["welfare_type"] = "ไม่มีประเภทนี้"  # a row problem in plans

    path = _rename_header(make_workbook(edit), DISTRICTS.label, "province", "จังหวด")
    _, problems = pipeline.check(path)
    errors = [p for p in problems if p.level == ERROR]
    assert errors[0].sheet == DISTRICTS.label and errors[0].cell == "B1"  # the misspelt header's own cell
    assert any(p.sheet == PLANS.label for p in errors[1:])


def test_the_same_problem_down_a_column_is_counted_not_repeated(make_workbook, capfd):
    def edit(rows):
        _many_plans(rows)
        for row in rows["plans"]:
            row["status"] = "ทำอยู่"  # not one of the allowed statuses, in all 40 rows

    path = make_workbook(edit)
    assert cli.main(["check", str(path)]) == 1
    lines = capfd.readouterr().out.splitlines()
    assert len(lines) == 4
    assert "และอีก 37 แถวในคอลัมน์" in lines[3] and "and 37 more rows in column" in lines[3]
    assert lines[3].startswith(f"{PLANS.label}!") and ":" in lines[3].split("!")[1]  # a range of cells


def test_summarised_keeps_different_messages_and_short_groups():
    problems = [Problem("s", f"C{r}", "same") for r in range(2, 6)] + [Problem("s", f"D{r}", f"v{r}") for r in range(9)]
    assert summarised(problems) == problems  # 4 of one message: all shown; different messages: all shown
    many = [Problem("s", f"C{r}", "same") for r in range(2, 12)]
    out = summarised(many)
    assert out[:3] == many[:3] and len(out) == 4 and out[3].cell == "C5:C11" and "อีก 7 แถว" in out[3].message
