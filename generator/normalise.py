"""Stage 2, normalise: turn one raw cell into a clean Python value.

Each parser returns the value, or raises CellError with a Thai-then-English message.
A value accepted with a correction (a Buddhist-Era year in a date cell) also yields a note."""
from __future__ import annotations

import datetime as dt
import functools
import re
from decimal import Decimal, InvalidOperation

THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
ODD_SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t\r]")
EMPTY_WORDS = {"", "-", "–", "—", "n/a", "na", "ไม่มี", "ไม่ระบุ"}
BE_OFFSET = 543
EXCEL_EPOCH = dt.date(1899, 12, 30)
YEARS = range(2000, 2101)  # Christian Era years a programme date can sensibly have

THAI_MONTHS = {
    name: i
    for i, names in enumerate((
        ("มกราคม", "ม.ค.", "มค"), ("กุมภาพันธ์", "ก.พ.", "กพ"), ("มีนาคม", "มี.ค.", "มีค"),
        ("เมษายน", "เม.ย.", "เมย"), ("พฤษภาคม", "พ.ค.", "พค"), ("มิถุนายน", "มิ.ย.", "มิย"),
        ("กรกฎาคม", "ก.ค.", "กค"), ("สิงหาคม", "ส.ค.", "สค"), ("กันยายน", "ก.ย.", "กย"),
        ("ตุลาคม", "ต.ค.", "ตค"), ("พฤศจิกายน", "พ.ย.", "พย"), ("ธันวาคม", "ธ.ค.", "ธค"),
    ), start=1)
    for name in names
}


class CellError(ValueError):
    """The cell cannot be read as the column's type."""


@functools.lru_cache(maxsize=1 << 16)  # sheets repeat the same names and words thousands of times
def clean_text(value: str) -> str:
    """Drop zero-width characters, make NBSP and odd spaces plain, trim each line."""
    text = ODD_SPACES.sub(" ", value.translate(INVISIBLE))
    lines = [re.sub(r" {2,}", " ", line).strip() for line in text.split("\n")]
    return "\n".join(lines).strip("\n ")


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
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = _text(value).lstrip("'")
    if m := re.fullmatch(rf"(\d{{{digits}}})\s+[^\d\s].*", text):  # '3101 เมืองบุรีรัมย์', picked from the dropdown
        return m.group(1)
    text = text.replace(" ", "")
    if re.fullmatch(r"\d+\.0+", text):
        text = text.split(".")[0]
    if not re.fullmatch(rf"\d{{{digits}}}", text):
        raise CellError(f"รหัสต้องเป็นตัวเลข {digits} หลัก แต่พบ '{value}' / expected a {digits}-digit code, found '{value}'")
    return text


def parse_int(value: object) -> int:
    number = parse_money(value)
    if number != number.to_integral_value():
        raise CellError(f"ต้องเป็นจำนวนเต็ม แต่พบ '{value}' / expected a whole number, found '{value}'")
    return int(number)


def parse_money(value: object) -> Decimal:
    if isinstance(value, bool) or isinstance(value, (dt.date, dt.datetime, dt.time)):
        raise CellError(f"ต้องเป็นตัวเลข แต่พบ '{value}' / expected a number, found '{value}'")
    if isinstance(value, (int, float)):
        number = Decimal(str(value))
    else:
        text = _text(value).replace(",", "").replace(" ", "")
        text = re.sub(r"^฿|(บาท|คน|฿)$|\.-$", "", text)  # ฿25,000 / 25,000 บาท / 25,000.-
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise CellError(f"ต้องเป็นตัวเลข แต่พบ '{value}' / expected a number, found '{value}'") from None
    if number < 0:
        raise CellError(f"ต้องไม่ติดลบ แต่พบ {value} / must not be negative, found {value}")
    return number


def _from_be(year: int) -> int:
    return year - BE_OFFSET if year >= 2400 else year


def parse_date(value: object) -> tuple[dt.date, str | None]:
    """Return the date and, when it was corrected, a note saying how."""
    note = None
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        date = value
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        if not 1 <= value < 2_958_466:
            raise CellError(f"ไม่ใช่วันที่ '{value}' / not a date: '{value}'")
        date = EXCEL_EPOCH + dt.timedelta(days=int(value))
    else:
        date = _parse_date_text(_text(value), value)
    if date.year >= 2400:  # a Buddhist-Era year typed into a date cell
        try:
            date = date.replace(year=date.year - BE_OFFSET)
        except ValueError:  # 29 Feb of a BE year that is not a CE leap year
            raise CellError(f"วันที่ไม่มีจริง '{value}' / impossible date '{value}'") from None
        note = (f"อ่านปี {date.year + BE_OFFSET} เป็นพุทธศักราช = ค.ศ. {date.year}"
                f" / year read as Buddhist Era: {date.isoformat()}")
    if date.year not in YEARS:
        raise CellError(f"ปีไม่สมเหตุสมผล '{value}' / implausible year in '{value}'")
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
    if day is None or month is None:
        raise CellError(f"อ่านวันที่ไม่ได้ '{raw}' ให้พิมพ์เช่น 20/1/2567 หรือ 20 ม.ค. 2567"
                        f" / cannot read the date '{raw}'; type it like 20/1/2567")
    if year < 100:
        year += 2500  # two-digit years are Buddhist Era in Thai use: 67 = 2567
    try:
        return dt.date(_from_be(year), month, day)
    except ValueError:
        raise CellError(f"วันที่ไม่มีจริง '{raw}' / impossible date '{raw}'") from None


def parse_time(value: object) -> dt.time:
    """Times as 08.00, 08:00, '08.00 น.', a time cell or a fraction of a day."""
    if isinstance(value, dt.datetime):
        return value.time()
    if isinstance(value, dt.time):
        return value
    if isinstance(value, float) and 0 <= value < 1:  # a time cell: a fraction of a day
        minutes = min(round(value * 24 * 60), 24 * 60 - 1)
        return dt.time(minutes // 60, minutes % 60)
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
    raise CellError(f"อ่านเวลาไม่ได้ '{value}' ให้พิมพ์เช่น 08.00 / cannot read the time '{value}'; type it like 08.00")


def parse_bool(value: object) -> bool:
    text = _text(value).casefold()
    if text in {"ใช่", "yes", "true", "1", "y", "จริง"} or value is True:
        return True
    if text in {"ไม่ใช่", "no", "false", "0", "n", "ไม่"} or value is False:
        return False
    raise CellError(f"ต้องเป็น ใช่ หรือ ไม่ใช่ แต่พบ '{value}' / expected yes or no, found '{value}'")


@functools.lru_cache(maxsize=None)
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
    raise CellError(f"ค่า '{value}' ไม่อยู่ในรายการ ต้องเป็นหนึ่งใน: {allowed} / '{value}' is not one of the allowed values")


def parse_slug(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = _text(value)
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9-]{0,19}", text):
        raise CellError(f"รหัสต้องเป็นตัวอักษรอังกฤษ ตัวเลข หรือ - แต่พบ '{value}' / expected letters, digits or '-', found '{value}'")
    return text.lower()
