"""The private columns' values (schema.private_keys), in every form they could be printed in, and the national
ID checksum: what the cell scan (personal_data.py) and the built site's leak scan (mkdocs_ext/leak_scan.py) look
for. model.py drops private columns; these let the scans prove nothing of them is published."""

from __future__ import annotations

import re

from .normalise import THAI_DIGITS, clean_text
from .read import RawSheet
from .schema import private_keys

MIN_PRIVATE_LENGTH = 5  # shorter values (e.g. a one-word first name) would match ordinary text


def valid_national_id(digits: str) -> bool:
    if len(digits) != 13 or not digits.isdigit():
        return False
    check = (11 - sum(int(d) * (13 - i) for i, d in enumerate(digits[:12])) % 11) % 10
    return check == int(digits[12])


def private_values(sheets: dict[str, RawSheet]) -> set[str]:
    """Every non-trivial value typed into a private column, in the forms it could be printed in."""
    values = set()
    for sheet in sheets.values():
        hidden = private_keys(sheet.spec)
        for row in sheet.rows:
            for key in hidden:
                raw = row.values.get(key)
                if raw is None:
                    continue
                text = clean_text(str(raw)).translate(THAI_DIGITS)
                for form in (text, re.sub(r"[\s-]", "", text)):
                    if len(form) >= MIN_PRIVATE_LENGTH:
                        values.add(form)
    return values
