"""The whole pipeline, read → normalise → validate → model → render → write, as two calls
shared by the command line and the MkDocs plugin."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .domain.model import Portal, build_portal
from .workbook.personal_data import PublicText, find_personal_data, published_private_values
from .workbook.privacy import private_values
from .workbook.problems import ERROR, InvalidWorkbook, Problem
from .workbook.read import RawSheet, read_workbook
from .workbook.schema import SHEETS
from .workbook.validate import has_errors, validate
from .write import Stage, stage_pages


@dataclass(frozen=True)
class Built:
    portal: Portal
    problems: list[Problem]
    changed: int
    """Generated files written or removed; 0 when the pages were already up to date."""
    private: frozenset[str]
    """What the private columns held, for the leak scan of the built site; never rendered."""
    stage: Stage | None = None
    """With build(commit=False): the pages staged beside docs_dir, for the caller to commit or discard."""


def check(workbook: Path) -> tuple[Portal | None, list[Problem]]:
    """Read and validate; the portal model is returned only when there is no error.
    Raises UnusableWorkbook when the file is not a workbook at all."""
    portal, problems, _ = _load(workbook)
    return portal, problems


def build(workbook: Path, docs_dir: Path, *, commit: bool = True, site_url: str | None = None) -> Built:
    """Validate and write the generated pages, for a site at site_url (what QR codes point under; None: a preview
    at qr.PREVIEW_URL); nothing in docs_dir changes when validation fails.
    With commit=False they are only staged (write.py): the caller commits them after its own checks, or discards
    them (the MkDocs plugin builds and scans the site from the stage first)."""
    from . import parallel  # the rendering half, imported here: `check` alone starts in a third of the time
    from .exports.downloads import national_files, province_files
    from .pages.render import render_pages

    portal, problems, private = _load(workbook)
    if portal is None:
        raise InvalidWorkbook(problems)
    # the downloads are written beside the page rendering, in two halves of about the same work
    halves = [parallel.start(national_files, portal), parallel.start(province_files, portal)]
    made: dict[str, bytes] = {}

    def downloads() -> dict[str, bytes]:  # the downloads page, rendered last, lists their sizes
        for half in halves:
            made.update(half())
        return made

    files = {**render_pages(portal, downloads, site_url), **made}
    stage = stage_pages(files, docs_dir)
    if commit:
        stage.commit()
    return Built(portal, problems, stage.changed, private, None if commit else stage)


def _load(workbook: Path) -> tuple[Portal | None, list[Problem], frozenset[str]]:
    sheets, problems = read_workbook(workbook)
    records = validate(sheets, problems)
    # Personal data in a public column is an error at its cell, before anything is written; a private value
    # the editor also typed in a public column is public (an office e-mail), not a leak for the final scan.
    public = PublicText(sheets)
    problems += find_personal_data(public)
    private = private_values(sheets)
    published, notes = published_private_values(public, private)
    problems += notes
    problems.sort(key=_most_useful_first(sheets))
    portal = None if has_errors(problems) else build_portal(records)
    return portal, problems, frozenset(private - published)


def _most_useful_first(sheets: dict[str, RawSheet]):
    """Errors before warnings; a missing sheet or column (one cause of many later errors) before any row's problem;
    then the sheets in the schema's order (districts first) and the cells in reading order."""
    header_rows = {sheet.title: sheet.header_row for sheet in sheets.values()}
    sheet_order = {sheets[spec.key].title if spec.key in sheets else spec.label: i for i, spec in enumerate(SHEETS)}

    def key(p: Problem) -> tuple:
        row, column = _cell_order(p.cell.split(":")[0])
        return (
            p.level != ERROR,
            row > header_rows.get(p.sheet, 1),
            sheet_order.get(p.sheet, len(sheet_order)),
            p.sheet,
            row,
            column,
        )

    return key


def _cell_order(cell: str) -> tuple[int, tuple[int, str]]:
    letters = cell.rstrip("0123456789")
    digits = cell[len(letters) :]
    return (int(digits) if digits else 0, (len(letters), letters))
