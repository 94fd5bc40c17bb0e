"""Material's templates indent their HTML deeply: an eighth of a district page's bytes were indentation and
blank lines. Whitespace at the start of a line means nothing to a browser outside <pre>, <textarea>, scripts
and styles, so it goes; every line break stays, so text never runs together."""
from __future__ import annotations

import re

KEEP = re.compile(r"<(pre|textarea|script|style)\b.*?</\1\s*>", re.S | re.I)
INDENT = re.compile(r"\n\s+")


def strip_indentation(html: str) -> str:
    out, pos = [], 0
    for kept in KEEP.finditer(html):
        out += [INDENT.sub("\n", html[pos:kept.start()]), kept.group()]
        pos = kept.end()
    out.append(INDENT.sub("\n", html[pos:]))
    return "".join(out)
