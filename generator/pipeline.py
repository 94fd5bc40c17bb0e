"""The whole pipeline, read → normalise → validate → model → render → write, as two calls
shared by the command line and the MkDocs hook."""
from __future__ import annotations

from pathlib import Path

from .downloads import download_files
from .model import Portal, build_portal
from .problems import InvalidWorkbook, Problem
from .read import read_workbook
from .render import render_pages
from .validate import has_errors, validate
from .write import write_pages


def check(workbook: Path) -> tuple[Portal | None, list[Problem]]:
    """Read and validate; the portal model is returned only when there is no error.
    Raises UnusableWorkbook when the file is not a workbook at all."""
    sheets, problems = read_workbook(workbook)
    records = validate(sheets, problems)
    problems.sort(key=lambda p: (p.level != "error", p.sheet, _cell_order(p.cell)))
    if has_errors(problems):
        return None, problems
    return build_portal(records), problems


def build(workbook: Path, docs_dir: Path) -> tuple[Portal, list[Problem], int]:
    """Validate and write the generated pages; nothing in docs_dir changes when validation fails."""
    portal, problems = check(workbook)
    if portal is None:
        raise InvalidWorkbook(problems)
    files = {**render_pages(portal), **download_files(portal)}
    changed = write_pages(files, docs_dir)
    return portal, problems, changed


def _cell_order(cell: str) -> tuple[int, int, str]:
    letters = cell.rstrip("0123456789")
    digits = cell[len(letters):]
    return (int(digits) if digits else 0, len(letters), letters)
