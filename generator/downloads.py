"""The published data as files: CSV (UTF-8 with BOM, so Excel shows Thai), JSON, and the blank
workbook. Built from the model, which has no private columns, so no download can carry them."""
from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import re
import tempfile
import zipfile
from decimal import Decimal
from pathlib import Path

from . import model
from .template import write_template

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # a spreadsheet would run these as formulas


def _plain(value):
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, tuple):
        return "\n".join(map(str, value))
    return value


def _safe_cell(value) -> str:
    """Text that a spreadsheet would read as a formula is made literal with a leading apostrophe."""
    if value is None:
        return ""
    text = str(_plain(value))
    return "'" + text if isinstance(value, str) and text.startswith(FORMULA_START) else text


def _rows(items, skip=()) -> tuple[list[str], list[dict]]:
    fields = [f.name for f in dataclasses.fields(items[0]) if f.name not in skip] if items else []
    return fields, [{name: getattr(item, name) for name in fields} for item in items]


def tables(portal: model.Portal) -> dict[str, tuple[list[str], list[dict]]]:
    return {
        "districts": _rows(portal.districts, skip=("plan", "as_of")),
        "plans": _rows(portal.plan_items),
        "curriculum": _rows(portal.sessions),
    }


def _csv(fields: list[str], rows: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(fields)
    for row in rows:
        writer.writerow([_safe_cell(row[name]) for name in fields])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def download_files(portal: model.Portal) -> dict[str, bytes]:
    files = {}
    everything = {}
    for name, (fields, rows) in tables(portal).items():
        files[f"downloads/{name}.csv"] = _csv(fields, rows)
        everything[name] = [{k: _plain(v) for k, v in row.items()} for row in rows]
    meta = {"as_of": _plain(portal.as_of), "is_sample": portal.is_sample, "source": portal.source}
    files["downloads/portal.json"] = json.dumps({"about": meta, **everything}, ensure_ascii=False,
                                                indent=1, sort_keys=True).encode("utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "template.xlsx"
        write_template(path)
        files["downloads/master-template.xlsx"] = _stable_zip(path.read_bytes())
    return files


def _stable_zip(data: bytes) -> bytes:
    """openpyxl stamps the time into the file; rewrite the zip with fixed times and a fixed
    creation date so the same input gives the same bytes (and unchanged files are not rewritten)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>2024-01-01T00:00:00Z", body)
            fixed = zipfile.ZipInfo(info.filename, date_time=(2024, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, body)
    return out.getvalue()
