"""Stage 2, normalise: turn one raw cell into a clean Python value.

Each parser returns the value, or raises CellError with a Thai-then-English message that quotes the cell as
the officer sees it (shown). Text is cleaned first (clean_text): what looks the same on screen is the same here.
A value accepted with a correction (a Buddhist-Era year in a date cell) also yields a note."""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from decimal import Decimal, InvalidOperation

THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
# What clean_text deletes or replaces, found by one regex: characters nobody sees (zero-width; bidi controls
# such as the right-to-left override, which would reverse text on a page or in a CSV), control characters (C0 but
# the line break, C1, the noncharacters U+FFFE/U+FFFF, lone surrogates), and odd spaces, tabs and CRs (a space).
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
BIDI = "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
CONTROLS = (
    *range(0x00, 0x09),
    0x0B,
    0x0C,
    *range(0x0E, 0x20),
    *range(0x7F, 0xA0),
    0xFFFE,
    0xFFFF,
    *range(0xD800, 0xE000),
)
ODD_SPACES = "\u00a0\u1680\u202f\u205f\u3000\t\r" + "".join(map(chr, range(0x2000, 0x200B)))
CHARACTERS = {
    **dict.fromkeys(map(chr, CONTROLS), ""),
    **dict.fromkeys(INVISIBLE + BIDI, ""),
    **dict.fromkeys(ODD_SPACES, " "),
    "\u2028": "\n",
    "\u2029": "\n",
}
# A regex finds them: twice as fast as str.translate, which makes an object of every character of Thai text.
UNCLEAN = re.compile("[" + "".join(map(re.escape, CHARACTERS)) + "]")
# Sara am typed as nikhahit + sara aa looks like sara am but matches nothing, nor does a tone mark typed after
# sara am; the canonical order is consonant, tone mark, sara am (น้ำ). The same pass squeezes spaces. Every
# branch starts with a fixed character, which lets the regex engine skip ahead fast.
TIDY = re.compile("\u0e4d([\u0e48-\u0e4b]?)\u0e32|\u0e33([\u0e48-\u0e4b])|\n +| (?: *\n *| +)")
EMPTY_WORDS = {"", "-", "–", "—", "n/a", "na", "ไม่มี", "ไม่ระบุ"}
BE_OFFSET = 543
EXCEL_EPOCH = dt.date(1899, 12, 30)
YEARS = range(2000, 2101)  # Christian Era years a programme date can sensibly have
EPOCH_END = dt.date(1900, 3, 1)  # a "date" before this is a small number typed into a date- or time-formatted cell
SHOWN_CHARS = 80  # a message quotes this much of a long cell

THAI_MONTHS = {
    name: i
    for i, names in enumerate(
        (
            ("มกราคม", "ม.ค.", "มค"),
            ("กุมภาพันธ์", "ก.พ.", "กพ"),
            ("มีนาคม", "มี.ค.", "มีค"),
            ("เมษายน", "เม.ย.", "เมย"),
            ("พฤษภาคม", "พ.ค.", "พค"),
            ("มิถุนายน", "มิ.ย.", "มิย"),
            ("กรกฎาคม", "ก.ค.", "กค"),
            ("สิงหาคม", "ส.ค.", "สค"),
            ("กันยายน", "ก.ย.", "กย"),
            ("ตุลาคม", "ต.ค.", "ตค"),
            ("พฤศจิกายน", "พ.ย.", "พย"),
            ("ธันวาคม", "ธ.ค.", "ธค"),
        ),
        start=1,
    )
    for name in names
}


class CellError(ValueError):
    """The cell cannot be read as the column's type."""


@functools.lru_cache(maxsize=1 << 16)  # sheets repeat the same names and words thousands of times
def clean_text(value: str) -> str:
    """Text as the officer meant it: NFC, sara am as one character, no invisible, bidi or control characters,
    NBSP and odd spaces made plain, spaces squeezed, each line trimmed."""
    text = UNCLEAN.sub(_character, value)
    if not unicodedata.is_normalized("NFC", text):  # a quick check; Thai typed in Excel is nearly always NFC
        text = unicodedata.normalize("NFC", text)
    return TIDY.sub(_tidy, text).strip("\n ")


def _character(m: re.Match) -> str:
    return CHARACTERS[m.group()]


def _tidy(m: re.Match) -> str:
    if m.group(1) is not None or m.group(2) is not None:
        return (m.group(1) or m.group(2) or "") + "\u0e33"  # the tone mark, if any, before sara am
    return "\n" if "\n" in m.group() else " "


def shown(value: object) -> str:
    """A raw cell value as the officer would recognise it, for messages (never Python's None or an internal date).

    None is (ว่าง); a number typed into a date- or time-formatted cell, which python-calamine reads as a date near
    Excel's epoch (12 as 1900-01-12, 8.3 as 1900-01-08 07:12), is the number typed: 12, 8.3 (a fraction of a day
    alone comes back as a time, shown as a time: 12.00; Excel's fictional 29 Feb 1900, 60, comes back as 59); a
    date is d/m/Buddhist-Era year as Thai offices write it (20/1/2567; a year already in BE is kept); a time is
    08.30; a whole float is an integer (812345678, not 812345678.0); text is one line, cleaned, at most 80 characters.
    """
    if value is None:
        return "(ว่าง)"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"  # as Excel shows it
    if (serial := _serial(value)) is not None:
        return _clock(_day_fraction(serial)) if serial < 1 else _number(serial)
    if isinstance(value, dt.datetime):
        day = _day(value.date())
        return day if value.time() == dt.time() else f"{day} {_clock(value.time())}"
    if isinstance(value, dt.date):
        return _day(value)
    if isinstance(value, dt.time):
        return _clock(value)
    if isinstance(value, dt.timedelta):  # an [h]:mm cell
        minutes = round(value.total_seconds() / 60)
        return f"{minutes // 60:02d}.{minutes % 60:02d}"
    if isinstance(value, float):
        return _number(value)
    text = clean_text(str(value)).replace("\n", " ")
    return text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 1] + "…"


def _quoted(value: object) -> str:
    return shown(value) if value is None else f"'{shown(value)}'"


def _serial(value: object) -> float | None:
    """The number behind a date before 1900-03-01 (an epoch artefact, see shown); None for anything else."""
    if not isinstance(value, dt.date):
        return None
    day = value.date() if isinstance(value, dt.datetime) else value
    if day >= EPOCH_END:
        return None
    seconds = (value - dt.datetime.combine(day, dt.time())).total_seconds() if isinstance(value, dt.datetime) else 0
    # calamine counts 1900-01-01 as 1; 1899-12-30/31 carry a time alone
    return round(max((day - dt.date(1899, 12, 31)).days, 0) + seconds / 86400, 6)


def _as_typed(value: object) -> object:
    """The number the officer typed when the cell's format made it a date near the epoch; else the value."""
    serial = _serial(value)
    return value if serial is None else int(serial) if serial.is_integer() else serial


def _number(value: float) -> str:
    return str(int(value)) if value.is_integer() else f"{value:.15g}"  # Excel shows 15 significant digits


def _day(date: dt.date) -> str:
    year = date.year if date.year >= 2400 else date.year + BE_OFFSET
    return f"{date.day}/{date.month}/{year}"


def _clock(time: dt.time) -> str:
    return f"{time.hour:02d}.{time.minute:02d}" + (f".{time.second:02d}" if time.second else "")


def _day_fraction(value: float) -> dt.time:
    minutes = min(round(value * 24 * 60), 24 * 60 - 1)
    return dt.time(minutes // 60, minutes % 60)


@functools.lru_cache(maxsize=1 << 16, typed=True)  # typed: 1 and 1.0 must not share an entry
def _text(value: object) -> str:
    return clean_text(str(value)).translate(THAI_DIGITS)


def is_empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and _text(value).casefold() in EMPTY_WORDS)


def parse_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (dt.datetime, dt.date)):
        raise CellError("ต้องเป็นข้อความ แต่พบวันที่ / expected text, found a date")
    return clean_text(str(value)).replace("\n", " ")


def parse_lines(value: object) -> tuple[str, ...]:
    """One item a line; a leading '-' or '•' bullet is dropped. Items typed in one line
    as '- a - b' (as the seed's curriculum is) are split too."""
    text = clean_text(str(value))
    items = []
    for line in text.split("\n"):
        parts = re.split(r"(?:^|\s)[-•]\s+", line) if re.match(r"\s*[-•]\s", line) else [line]
        items += [p.strip() for p in parts if p.strip()]
    return tuple(items)


def parse_code(value: object, digits: int) -> str:
    """A DOPA code typed as a number, a float, text, with an apostrophe or Thai digits."""
    value = _as_typed(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = _text(value).lstrip("'")
    if m := re.fullmatch(rf"(\d{{{digits}}})\s+[^\d\s].*", text):  # '3101 เมืองบุรีรัมย์', picked from the dropdown
        return m.group(1)
    text = text.replace(" ", "")
    if re.fullmatch(r"\d+\.0+", text):
        text = text.split(".")[0]
    if not re.fullmatch(rf"\d{{{digits}}}", text):
        raise CellError(
            f"รหัสต้องเป็นตัวเลข {digits} หลัก แต่พบ {_quoted(value)}"
            f" / expected a {digits}-digit code, found {_quoted(value)}"
        )
    return text


def parse_int(value: object) -> int:
    number = parse_money(value)
    if number != number.to_integral_value():
        raise CellError(f"ต้องเป็นจำนวนเต็ม แต่พบ {_quoted(value)} / expected a whole number, found {_quoted(value)}")
    return int(number)


def parse_money(value: object) -> Decimal:
    number = _decimal(_as_typed(value))  # 20 typed into a date-formatted cell is still 20
    if number is None or not number.is_finite():  # 'nan' and 'inf' are Decimals too
        raise CellError(f"ต้องเป็นตัวเลข แต่พบ {_quoted(value)} / expected a number, found {_quoted(value)}")
    if number < 0:
        raise CellError(f"ต้องไม่ติดลบ แต่พบ {_quoted(value)} / must not be negative, found {_quoted(value)}")
    return number


def _decimal(value: object) -> Decimal | None:
    if isinstance(value, (bool, dt.date, dt.time, dt.timedelta)):
        return None
    if isinstance(value, (int, float)):
        return Decimal(str(value))
    text = _text(value).replace(",", "").replace(" ", "")
    text = re.sub(r"^฿|(บาท|คน|฿)$|\.-$", "", text)  # ฿25,000 / 25,000 บาท / 25,000.-
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def _from_be(year: int) -> int:
    return year - BE_OFFSET if year >= 2400 else year


def parse_date(value: object) -> tuple[dt.date, str | None]:
    """Return the date and, when it was corrected, a note saying how."""
    note = None
    value = _as_typed(value)  # 12 in a date-formatted cell is the number 12, not 12 January 1900
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        date = value
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        serial = EXCEL_EPOCH + dt.timedelta(days=int(value)) if 1 <= value < 2_958_466 else None
        if serial is None or serial.year not in YEARS:
            raise CellError(
                f"ไม่ใช่วันที่ {_quoted(value)} ให้พิมพ์เช่น 20/1/2567 / not a date: {_quoted(value)}; type it like 20/1/2567"
            )
        date = serial
    else:
        date = _parse_date_text(_text(value), value)
    if date.year >= 2400:  # a Buddhist-Era year typed into a date cell
        try:
            date = date.replace(year=date.year - BE_OFFSET)
        except ValueError:  # 29 Feb of a BE year that is not a CE leap year
            raise CellError(f"วันที่ไม่มีจริง {_quoted(value)} / impossible date {_quoted(value)}") from None
        note = (
            f"อ่านปี {date.year + BE_OFFSET} เป็นพุทธศักราช = ค.ศ. {date.year}"
            f" / year read as Buddhist Era: {date.isoformat()}"
        )
    if date.year not in YEARS:
        raise CellError(f"ปีไม่สมเหตุสมผล {_quoted(value)} / implausible year in {_quoted(value)}")
    return date, note


def _parse_date_text(text: str, raw: object) -> dt.date:
    text = re.sub(r"^(วันที่|วัน)\s*", "", text).strip()
    day = month = year = None
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?", text):
        year, month, day = map(int, m.groups())
    elif m := re.fullmatch(r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2}|\d{4})", text):
        day, month, year = map(int, m.groups())
    elif m := re.fullmatch(r"(\d{1,2})\s*([^\d\s]+?)\s*(?:พ\.ศ\.|พ\.ศ|ค\.ศ\.)?\s*(\d{2}|\d{4})", text):
        day, year = int(m.group(1)), int(m.group(3))
        month = THAI_MONTHS.get(m.group(2).replace(" ", ""))
    if day is None or month is None or year is None:  # year is set whenever day is
        raise CellError(
            f"อ่านวันที่ไม่ได้ {_quoted(raw)} ให้พิมพ์เช่น 20/1/2567 หรือ 20 ม.ค. 2567"
            f" / cannot read the date {_quoted(raw)}; type it like 20/1/2567"
        )
    if year < 100:
        year += 2500  # two-digit years are Buddhist Era in Thai use: 67 = 2567
    try:
        return dt.date(_from_be(year), month, day)
    except ValueError:
        raise CellError(f"วันที่ไม่มีจริง {_quoted(raw)} / impossible date {_quoted(raw)}") from None


def parse_time(value: object) -> dt.time:
    """Times as 08.00, 08:00, '08.00 น.', a time cell, an [h]:mm cell or a fraction of a day."""
    value = _as_typed(value)  # 8.30 typed into a time-formatted cell is read as 1900-01-08 07:12; it means 08.30
    if isinstance(value, dt.datetime):
        return value.time()
    if isinstance(value, dt.time):
        return value
    if isinstance(value, dt.timedelta) and dt.timedelta(0) <= value < dt.timedelta(days=1):
        value = value.total_seconds() / 86400
    if isinstance(value, float) and 0 <= value < 1:  # a time cell: a fraction of a day
        return _day_fraction(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 1 <= value < 24:
        # 08.30 typed into a General cell is stored as the number 8.3
        hour = int(value)
        minute = round((value - hour) * 100)
        if minute < 60 and abs((value - hour) * 100 - minute) < 1e-6:
            return dt.time(hour, minute)
    text = re.sub(r"\s*(น\.|น)$", "", _text(value))
    if m := re.fullmatch(r"(\d{1,2})(?:[.:](\d{2}))?", text):
        hour, minute = int(m.group(1)), int(m.group(2) or 0)
        if hour < 24 and minute < 60:
            return dt.time(hour, minute)
    raise CellError(
        f"อ่านเวลาไม่ได้ {_quoted(value)} ให้พิมพ์เช่น 08.00 / cannot read the time {_quoted(value)}; type it like 08.00"
    )


def parse_bool(value: object) -> bool:
    text = _text(value).casefold()
    if text in {"ใช่", "yes", "true", "1", "y", "จริง"} or value is True:
        return True
    if text in {"ไม่ใช่", "no", "false", "0", "n", "ไม่"} or value is False:
        return False
    raise CellError(f"ต้องเป็น ใช่ หรือ ไม่ใช่ แต่พบ {_quoted(value)} / expected yes or no, found {_quoted(value)}")


@functools.cache
def _choice_lookup(choices: tuple[tuple[str, str], ...]) -> dict[str, str]:
    lookup = {re.sub(r"\s", "", thai): thai for thai, _ in choices}
    lookup.update({english.replace("_", ""): thai for thai, english in choices})
    return lookup


def parse_choice(value: object, choices: tuple[tuple[str, str], ...]) -> str:
    """Accept the Thai value or the English key, spaces forgiven; return the Thai value."""
    key = re.sub(r"[\s_]", "", _text(value)).casefold()
    if key in (lookup := _choice_lookup(choices)):
        return lookup[key]
    allowed = ", ".join(thai for thai, _ in choices)
    raise CellError(
        f"ค่า {_quoted(value)} ไม่อยู่ในรายการ ต้องเป็นหนึ่งใน: {allowed} / {_quoted(value)} is not one of the allowed values"
    )


def parse_slug(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = _text(value)
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9-]{0,19}", text):
        raise CellError(
            f"รหัสต้องเป็นตัวอักษรอังกฤษ ตัวเลข หรือ - แต่พบ {_quoted(value)}"
            f" / expected letters, digits or '-', found {_quoted(value)}"
        )
    return text.lower()
