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


SHOWN_PER_COLUMN = 3  # of the same problem in one column: enough to see the pattern, the rest counted


def summarised(problems: list[Problem]) -> list[Problem]:
    """The same message in many rows of one column (a whole column typed the same wrong way) becomes its first
    few cells and one line counting the rest, so the output stays readable and its first line useful."""

    def group(p: Problem) -> tuple:
        return p.level, p.sheet, p.cell.rstrip("0123456789"), p.message

    groups: dict[tuple, list[Problem]] = {}
    for p in problems:
        groups.setdefault(group(p), []).append(p)
    seen: dict[tuple, int] = {}
    out = []
    for p in problems:
        same = groups[group(p)]
        at = seen[group(p)] = seen.get(group(p), -1) + 1
        if len(same) <= SHOWN_PER_COLUMN + 1 or at < SHOWN_PER_COLUMN:
            out.append(p)
        elif at == SHOWN_PER_COLUMN:
            column, more = p.cell.rstrip("0123456789"), len(same) - SHOWN_PER_COLUMN
            out.append(
                Problem(
                    p.sheet,
                    f"{p.cell}:{same[-1].cell}",
                    f"… และอีก {more:,} แถวในคอลัมน์ {column}"
                    f" ที่มีปัญหาเดียวกัน: {p.message} / … and {more:,} more rows in column {column}",
                    p.level,
                )
            )
    return out
