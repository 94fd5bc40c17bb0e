"""The published data dictionary documents every column of the schema."""

from __future__ import annotations

import re

import pytest

from generator import pipeline
from generator.pages import render
from generator.workbook.schema import SHEETS

THAI = re.compile(r"[\u0e00-\u0e7f]")
ALL_COLUMNS = [(s, c) for s in SHEETS for c in s.columns]


def _id(param):
    sheet, col = param
    return f"{sheet.key}.{col.key}"


@pytest.fixture
def dictionary(make_workbook):
    portal, problems = pipeline.check(make_workbook())
    assert portal is not None, [str(p) for p in problems]
    return render.render_pages(portal)["_generated/dictionary.md"]


def _row(dictionary: str, sheet, col) -> str:
    """The dictionary table row for `col` within `sheet`'s section."""
    sections = [s for s in re.split(r"^### ", dictionary, flags=re.M) if s.strip()]
    section = next(s for s in sections if f"(`{sheet.key}`)" in s.splitlines()[0])
    rows = [line for line in section.splitlines() if line.startswith("|") and f"`{col.key}`" in line]
    assert len(rows) == 1, rows
    return rows[0]


def test_schema_keys_are_unique():
    assert len({s.key for s in SHEETS}) == len(SHEETS)
    assert len({s.label for s in SHEETS}) == len(SHEETS)
    for sheet in SHEETS:
        assert len({c.key for c in sheet.columns}) == len(sheet.columns)
        assert len({c.label for c in sheet.columns}) == len(sheet.columns)


@pytest.mark.parametrize("sheet_col", ALL_COLUMNS, ids=_id)
def test_every_column_has_a_thai_label(sheet_col):
    _, col = sheet_col
    assert col.label.strip()
    assert THAI.search(col.label), col.label


@pytest.mark.parametrize("sheet_col", ALL_COLUMNS, ids=_id)
def test_every_column_is_in_the_data_dictionary(dictionary, sheet_col):
    sheet, col = sheet_col
    assert f"### ชีต {sheet.label} (`{sheet.key}`)" in dictionary
    row = _row(dictionary, sheet, col)
    cells = [c.strip() for c in row.strip().strip("|").split("|")]
    assert cells[0] == col.label
    assert cells[1] == f"`{col.key}`"
    assert cells[4] == ("ไม่เผยแพร่" if col.private else "เผยแพร่")
    assert cells[3] == ("✓" if col.required else "")


def test_private_columns_are_marked_not_published(dictionary):
    private = [(s, c) for s, c in ALL_COLUMNS if c.private]
    assert {c.key for _, c in private} >= {
        "coordinator_name",
        "coordinator_phone",
        "coordinator_email",
        "coordinator_national_id",
    }
    published = {(s.key, c.key): _row(dictionary, s, c).split("|")[5].strip() for s, c in ALL_COLUMNS}
    for sheet, col in private:
        assert published[sheet.key, col.key] == "ไม่เผยแพร่"
    assert {k for k, v in published.items() if v == "ไม่เผยแพร่"} == {(s.key, c.key) for s, c in private}
