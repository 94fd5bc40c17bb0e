"""Problems found in a workbook, collected as data; only cli.py formats them for people."""
from __future__ import annotations

from dataclasses import dataclass

ERROR, WARNING = "error", "warning"


@dataclass(frozen=True, order=True)
class Problem:
    sheet: str
    """The sheet's name as the editor sees it."""
    cell: str
    """The cell as Google Sheets shows it, e.g. C14."""
    message: str
    """Thai first, then English after ' / '."""
    level: str = ERROR

    def __str__(self) -> str:
        return f"{self.sheet}!{self.cell}: {self.message}"


class UnusableWorkbook(Exception):
    """The file cannot be read as a workbook at all (exit code 2)."""


class InvalidWorkbook(Exception):
    """Validation found errors; carries every problem so all can be fixed in one pass."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        errors = [p for p in problems if p.level == ERROR]
        super().__init__(f"{len(errors)} problem(s) in the workbook:\n" + "\n".join(map(str, errors)))
