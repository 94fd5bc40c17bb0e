"""Thai presentation: Buddhist-Era dates, numbers with separators, percentages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

MONTHS_SHORT = ("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.")
MONTHS_LONG = (
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
)


def thai_date(date: dt.date | None, long: bool = False) -> str:
    """20 ม.ค. 2567 (or 20 มกราคม 2567 with long=True); '–' when there is no date."""
    if date is None:
        return "–"
    months = MONTHS_LONG if long else MONTHS_SHORT
    return f"{date.day} {months[date.month - 1]} {date.year + 543}"


def thai_time(time: dt.time | None) -> str:
    return "–" if time is None else f"{time.hour:02d}.{time.minute:02d} น."


def number(value: int | Decimal | None) -> str:
    """1,234 or 1,234.50; '–' when empty."""
    if value is None:
        return "–"
    if isinstance(value, Decimal) and value != value.to_integral_value():
        return f"{value:,.2f}"
    return f"{int(value):,}"


def percent(share: Decimal | float | None) -> str:
    return "–" if share is None else f"{Decimal(share) * 100:.1f}%"
