"""The last line of defence for private data: scan every built file for national ID numbers, Thai mobile numbers
and any exact value of a private column (workbook/privacy.py), after MkDocs has written the site and before it
is published. model.py already drops private columns; this catches whatever a future template, plugin or
download might leak."""

from __future__ import annotations

import gzip
import json
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import ahocorasick

from ..workbook.privacy import valid_national_id

NATIONAL_ID = re.compile(r"(?<![\d.])(\d)[- ]?(\d{4})[- ]?(\d{5})[- ]?(\d{2})[- ]?(\d)(?![\d.])")
MOBILE = re.compile(r"(?<![\d.])(?:\+66[- ]?|0)[689]\d[- ]?\d{3}[- ]?\d{4}(?![\d.])")  # 081 234 5678, +66 81 234 5678
# Both need ten digits or more in a row (spaces and hyphens between): one quick pass finds such runs, and the
# two patterns above then look only there, with a character either side for their boundaries.
DIGIT_RUN = re.compile(r"\d[\d -]{9,}")
TEXT_SUFFIXES = {".html", ".htm", ".json", ".js", ".xml", ".csv", ".txt", ".md", ".svg"}
PACKED_SUFFIXES = {".xlsx", ".gz"}  # downloads and the gzipped sitemap: scanned inside
THEME_DIR = "assets"  # the theme's own bundles: not made from the workbook


def _readable_text(path: Path) -> str:
    if path.suffix == ".xlsx":
        with zipfile.ZipFile(path) as archive:  # every XML part: shared strings, sheets, properties
            return "\n".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
    if path.suffix == ".gz":
        return gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
    text = path.read_text("utf-8", errors="replace")
    if path.suffix == ".json":  # the search index may store Thai as \u escapes
        try:
            text = json.dumps(json.loads(text), ensure_ascii=False)
        except ValueError:
            pass
    return text


def scan(site_dir: Path, private: set[str]) -> list[str]:
    """Return one line per leak found: the file and what kind of value (never the value itself)."""
    return start_scan(site_dir, private)()


def start_scan(site_dir: Path, private: set[str]) -> Callable[[], list[str]]:
    """Begin the scan, its files shared out among worker processes (parallel.py); the returned function waits
    for the findings, in file order."""
    site_dir = Path(site_dir)
    files = [
        path
        for path in sorted(site_dir.rglob("*"))
        if path.is_file()
        and path.suffix in TEXT_SUFFIXES | PACKED_SUFFIXES
        and path.relative_to(site_dir).parts[0] != THEME_DIR
    ]
    # Thousands of values against every page: one Aho-Corasick pass per file, not one search per value.
    automaton = ahocorasick.Automaton()
    for value in private:
        automaton.add_word(value, value)
    if private:
        automaton.make_automaton()

    def findings(paths: list[Path]) -> list[tuple[Path, list[str]]]:
        return [(path, _findings(path, path.relative_to(site_dir), automaton if private else None)) for path in paths]

    from .. import parallel  # multiprocessing: only the site scan needs it, not `check`

    waits = [parallel.start(findings, part) for part in parallel.split(files, parallel.workers())] if files else []
    return lambda: [line for _, lines in sorted(pair for wait in waits for pair in wait()) for line in lines]


def _findings(path: Path, rel: Path, automaton) -> list[str]:
    text = _readable_text(path)
    runs = [text[max(0, m.start() - 1) : m.end() + 1] for m in DIGIT_RUN.finditer(text)]
    found = []
    if any(valid_national_id("".join(m.groups())) for run in runs for m in NATIONAL_ID.finditer(run)):
        found.append(f"{rel}: เลขประจำตัวประชาชน / a national ID number")
    if any(MOBILE.search(run) for run in runs):
        found.append(f"{rel}: หมายเลขโทรศัพท์มือถือ / a mobile phone number")
    if automaton is not None and next(automaton.iter(text), None) is not None:
        found.append(f"{rel}: ค่าจากคอลัมน์ที่ไม่เผยแพร่ / a value from a private column")
    return found
