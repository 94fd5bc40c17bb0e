"""Stage 3, validate (privacy): personal data typed into a public column is stopped at its cell.

The leak scan of the built site (privacy.py) is the last line of defence; this is the first. Every
public cell of every sheet is searched for Thai national ID numbers and mobile numbers in the forms
officers type them (plain, dashed, spaced, Thai digits, +66), so `check` names the cell to fix before
anything is written. Values are shown masked: a message, a log or a CI annotation never holds one whole."""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Mapping
from dataclasses import dataclass

import ahocorasick

from .normalise import THAI_DIGITS, clean_text
from .privacy import valid_national_id
from .problems import WARNING, Problem
from .read import RawSheet

# A run of digits with the separators people put in numbers: spaces, '-', '.', brackets, a leading '+'.
# Ten characters at least, as the shortest number. It starts with one of a set of characters, which lets the
# regular expression engine skip to the candidates (2.5 times faster than an optional '+' or '(' first).
NUMBER_RUN = re.compile(r"[\d+(][\d\s().+\-]{8,}\d")
ID_GROUPS = re.compile(r"(?<!\d)\d[\s.-]?\d{4}[\s.-]?\d{5}[\s.-]?\d{2}[\s.-]?\d(?!\d)")
MOBILE_GROUPS = re.compile(r"(?<!\d)(?:\+?66[\s.-]?|0)[689]\d[\s.-]?\d{3}[\s.-]?\d{4}(?!\d)")
NOT_DIGIT = re.compile(r"\D")
THAI_DIGIT_RUN = re.compile("[๐-๙]+")  # translate() of the whole workbook's text would cost ten times more
ID, MOBILE = "id", "mobile"
KIND_NAMES = {ID: ("เลขประจำตัวประชาชน", "a national ID number"), MOBILE: ("หมายเลขโทรศัพท์มือถือ", "a mobile number")}


@dataclass(frozen=True)
class Found:
    kind: str
    digits: str

    @property
    def masked(self) -> str:
        """Enough for the officer to recognise the number, too little to use it: 11xxxxxxxxx08."""
        return self.digits[:2] + "x" * (len(self.digits) - 4) + self.digits[-2:]


def _mobile(digits: str) -> bool:
    return (len(digits) == 10 and digits[:2] in ("06", "08", "09")) or (
        len(digits) == 11 and digits[:3] in ("666", "668", "669")
    )


def personal_numbers(text: str) -> list[Found]:
    """National IDs (valid checksum) and mobile numbers in `text`, however they are spaced."""
    return [found for run in NUMBER_RUN.finditer(text.translate(THAI_DIGITS)) for found in _classify(run.group())]


@functools.lru_cache(maxsize=4096)  # a workbook repeats its dates and amounts thousands of times
def _classify(run: str) -> tuple[Found, ...]:
    digits = NOT_DIGIT.sub("", run)
    if len(digits) == 13 and valid_national_id(digits):
        return (Found(ID, digits),)
    if _mobile(digits):
        return (Found(MOBILE, "0" + digits[2:] if len(digits) == 11 else digits),)
    found = []
    if len(digits) > 10:  # several numbers in one run: look for each in the usual groupings
        for m in ID_GROUPS.finditer(run):
            if valid_national_id(re.sub(r"\D", "", m.group())):
                found.append(Found(ID, re.sub(r"\D", "", m.group())))
        for m in MOBILE_GROUPS.finditer(run):
            number = re.sub(r"\D", "", m.group())
            found.append(Found(MOBILE, "0" + number[2:] if len(number) == 11 else number))
    return tuple(found)


def _arabic(m: re.Match) -> str:
    return m.group().translate(THAI_DIGITS)


def _cell_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # an ID typed into a number cell
    return clean_text(str(value))


def _what_to_do(sheet: RawSheet, kind: str) -> tuple[str, str]:
    """Move it to the sheet's own private column for this kind of number, if it has one; else delete it."""
    words = ("national_id",) if kind == ID else ("mobile", "phone")
    for col in sheet.spec.columns:
        if col.private and any(word in col.key for word in words):
            return (
                f"ให้ย้ายไปไว้ในคอลัมน์ '{col.label}' ซึ่งไม่เผยแพร่ หรือลบออก",
                f"move it to '{col.key}', which is never published, or delete it",
            )
    return "ให้ลบออก ห้ามเผยแพร่ข้อมูลส่วนบุคคล", "delete it: personal data is never published"


def _message(sheet: RawSheet, found: Found) -> str:
    (thai, english), (do_thai, do_english) = KIND_NAMES[found.kind], _what_to_do(sheet, found.kind)
    return (
        f"พบ{thai} ({found.masked}) ในคอลัมน์ที่เผยแพร่ {do_thai}"
        f" / {english} ({found.masked}) in a public column; {do_english}"
    )


class PublicText:
    """Every non-empty public cell of the workbook as clean text, Thai digits made Arabic as the leak scan reads
    them, joined into one string so that each search below is one pass over the workbook, not one per cell."""

    SEPARATOR = "\x00"  # clean_text removes control characters: no cell holds it, no match crosses it

    def __init__(self, sheets: dict[str, RawSheet]):
        self.cells: list[tuple[RawSheet, Mapping[str, str], str]] = []  # sheet, its row's cells, column key
        texts = []
        memo: dict = {}  # a workbook repeats its names, dates and amounts: each distinct value is cleaned once
        for sheet in sheets.values():
            public = [c.key for c in sheet.spec.columns if not c.private and c.key in sheet.present]
            for row in sheet.rows:
                for key in public:
                    value = row.values.get(key)
                    if value is not None and value.__class__ is not bool:
                        self.cells.append((sheet, row.cells, key))
                        text = memo.get(value)
                        texts.append(text if text is not None else memo.setdefault(value, _cell_text(value)))
        self.text = THAI_DIGIT_RUN.sub(_arabic, self.SEPARATOR.join(texts))
        self.starts = list(itertools.accumulate((len(t) + 1 for t in texts[:-1]), initial=0))

    def where(self, index: int) -> tuple[RawSheet, str]:
        """The sheet and the reference (C14) of a cell."""
        sheet, cells, key = self.cells[index]
        return sheet, cells[key]

    def at(self, position: int) -> int:
        """Which cell the character at `position` belongs to."""
        return bisect.bisect_right(self.starts, position) - 1

    def cell_text(self, index: int) -> str:
        end = self.starts[index + 1] - 1 if index + 1 < len(self.starts) else len(self.text)
        return self.text[self.starts[index] : end]


def find_personal_data(public: PublicText) -> list[Problem]:
    """One error per public cell and number: a national ID or a mobile number."""
    found: dict[tuple[int, Found], None] = {}
    for run in NUMBER_RUN.finditer(public.text):
        for number in _classify(run.group()):
            found[(public.at(run.start()), number)] = None
    return [
        Problem(sheet.title, cell, _message(sheet, number))
        for (sheet, cell), number in ((public.where(i), number) for i, number in found)
    ]


def published_private_values(public: PublicText, private: set[str]) -> tuple[set[str], list[Problem]]:
    """Private values the editor also typed into a public cell: those are public by the editor's choice (an
    office e-mail used as the contact's e-mail), so the leak scan must not refuse them. Typed as the whole cell
    it is silent; inside longer text, a warning at the public cell says it will be published."""
    if not private:
        return set(), []
    automaton = ahocorasick.Automaton()
    for value in private:
        automaton.add_word(value, value)
    automaton.make_automaton()
    published, problems = set(), []
    for end, value in automaton.iter(public.text):
        if value in published:
            continue
        published.add(value)
        index = public.at(end)
        text = public.cell_text(index)
        if value != text and value != re.sub(r"[\s-]", "", text):
            sheet, cell = public.where(index)
            problems.append(
                Problem(
                    sheet.title,
                    cell,
                    "ข้อความในเซลล์นี้มีค่าที่กรอกไว้ในคอลัมน์ที่ไม่เผยแพร่ด้วย"
                    " ค่านั้นจะถูกเผยแพร่ ถ้าไม่ตั้งใจให้ลบออก / this cell holds a value also typed"
                    " in a private column; it will be published: delete it if that is not meant",
                    WARNING,
                )
            )
    return published, problems
