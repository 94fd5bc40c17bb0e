"""The published data as files, national and per province: CSV (UTF-8 with BOM, so Excel shows Thai),
JSON and XLSX with the data dictionary, the blank workbook and the blank action-plan form (แบบ ๒).
Built from the model, which has no private columns, and with the schema's public columns only.
The optional sheets' files (festival, awards, offices, documents) are always written, with only the header
row when there is nothing to list: the model cannot tell a missing sheet from an empty one, and so the
downloads page links the same files whatever the workbook has."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from decimal import Decimal

from .. import attachments, programme
from ..domain import model
from ..workbook import xlsx
from ..workbook.schema import (
    ABOUT,
    AWARDS,
    CODE4,
    CURRICULUM,
    DATE,
    DISTRICTS,
    DOCUMENTS,
    FESTIVAL,
    INT,
    MONEY,
    PLANS,
    PROVINCES,
    Sheet,
)
from ..workbook.template import template_bytes

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
    """Every cell that is text, whatever it came from (text, the lines of a LINES column joined, a date, an
    attachment's title), is made literal with a leading apostrophe when a spreadsheet would read it as a formula.
    Numbers stay numbers: a number is never run as a formula (and money and counts are never negative)."""
    if value is None:
        return ""
    plain = _plain(value)
    text = str(plain)
    if isinstance(plain, (int, float)) and not isinstance(plain, bool):
        return text
    return "'" + text if text.startswith(FORMULA_START) else text


# Download columns are the data dictionary's keys (schema.py), public ones only, plus two derived ones.
DERIVED = {
    "province_code": ("รหัสจังหวัด", "รหัสจังหวัด 2 หลัก ตามรหัสอำเภอ"),
    "district_en": ("ชื่ออำเภอภาษาอังกฤษ", "ชื่ออำเภอภาษาอังกฤษตามทะเบียนของกรมการปกครอง"),
}
MODEL_NAMES = {"district_code": "code", "province": "province_name", "district": "name", "district_en": "name_en"}
SHEET_TITLES = {
    "districts": DISTRICTS.label,
    "plans": PLANS.label,
    "curriculum": CURRICULUM.label,
    "festival": FESTIVAL.label,
    "awards": AWARDS.label,
    "offices": "สำนักงานพัฒนาชุมชนจังหวัด",
    "documents": DOCUMENTS.label,
    "dictionary": "พจนานุกรมข้อมูล",
    "about": ABOUT.label,
}


def public_columns(sheet: Sheet) -> list[str]:
    """The columns a download of `sheet` has: its public keys (district downloads add the derived ones)."""
    keys = [c.key for c in sheet.columns if not c.private]
    if sheet is DISTRICTS:
        at = keys.index("district") + 1
        keys[at:at] = ["district_en"]
        keys.insert(1, "province_code")
    return keys


def _model_value(value):
    """A letter's attachments as the workbook has them: one line each, "title | target" (title alone if no file)."""
    if isinstance(value, tuple) and value and isinstance(value[0], attachments.Attachment):
        return tuple(f"{a.title} | {a.target}" if a.target else a.title for a in value)
    return value


def _rows(items, sheet: Sheet) -> tuple[list[str], list[dict]]:
    fields = public_columns(sheet)
    names = MODEL_NAMES if sheet in (DISTRICTS, FESTIVAL, PROVINCES) else {}  # 'province' is the official name
    return fields, [{name: _model_value(getattr(item, names.get(name, name))) for name in fields} for item in items]


def dictionary() -> tuple[list[str], list[dict]]:
    """What each download column means: the schema's labels and help, private columns left out."""
    fields = ["sheet", "key", "label", "type", "help"]
    rows = []
    for sheet in (DISTRICTS, PLANS, CURRICULUM, FESTIVAL, AWARDS, PROVINCES, DOCUMENTS):
        for key in public_columns(sheet):
            if key in DERIVED:
                label, help_text, kind = *DERIVED[key], "text"
            else:
                col = sheet.column(key)
                label, help_text, kind = col.label, col.help, col.type
            rows.append(dict(sheet=sheet.key, key=key, label=label, type=kind, help=help_text))
    return fields, rows


def tables(portal: model.Area, curriculum: bool = True) -> dict[str, tuple[list[str], list[dict]]]:
    out = {"districts": _rows(portal.districts, DISTRICTS), "plans": _rows(portal.plan_items, PLANS)}
    if curriculum:
        out["curriculum"] = _rows(portal.sessions, CURRICULUM)
    if isinstance(portal, model.Portal):  # national only: one row per province already
        out["festival"] = _rows(portal.festival.rows if portal.festival else (), FESTIVAL)
        out["awards"] = _rows(portal.awards, AWARDS)  # the awardee is public; their contacts are not in the model
        out["offices"] = _rows(portal.offices, PROVINCES)  # public columns: the contact person is not in the model
        out["documents"] = _rows(portal.documents, DOCUMENTS)
    elif isinstance(portal, model.Province):  # in the province's .json and .xlsx (its CSVs stay districts and plans)
        out["festival"] = _rows((portal.festival,) if portal.festival else (), FESTIVAL)
        out["awards"] = _rows(portal.awards, AWARDS)
    return out


def _csv(fields: list[str], rows: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(fields)
    for row in rows:
        writer.writerow([_safe_cell(row[name]) for name in fields])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _json(meta: dict, data: dict) -> bytes:
    plain = {name: [{k: _plain(v) for k, v in row.items()} for row in rows] for name, (_, rows) in data.items()}
    return json.dumps({"about": meta, **plain}, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")


def _xlsx(meta: dict, data: dict) -> bytes:
    """One sheet per table, keys as the header row, dates as dates; text is never a formula."""

    def value(v):
        return _plain(v) if isinstance(v, (Decimal, tuple, dt.time)) else v

    sheets = [
        (SHEET_TITLES[name], [fields] + [[value(row[key]) for key in fields] for row in rows])
        for name, (fields, rows) in data.items()
    ]
    sheets.append((SHEET_TITLES["about"], [list(meta), [value(v) for v in meta.values()]]))
    return xlsx.workbook(sheets)


def plan_form() -> bytes:
    """The blank action-plan form (แบบ ๒): the plan sheet's Thai headers, lists to pick from, a title row."""
    title = (
        f"แผนปฏิบัติการของเครือข่ายกลุ่มออมทรัพย์เพื่อการผลิตในการจัดสวัสดิการของชุมชน (แบบ ๒)"
        f" อำเภอ ........ จังหวัด ........ ปีงบประมาณ พ.ศ. {programme.FISCAL_YEAR_BE}"
    )
    lists = [
        xlsx.ListChoice(f"{xlsx.column_letter(i)}3:{xlsx.column_letter(i)}200", tuple(t for t, _ in col.choices))
        for i, col in enumerate(PLANS.columns, start=1)
        if col.choices
    ]
    return xlsx.workbook(
        [
            xlsx.Sheet(
                "แบบ ๒",
                [[title], [col.label for col in PLANS.columns]],
                widths=[16 if col.type in (DATE, INT, MONEY, CODE4) else 28 for col in PLANS.columns],
                frozen_rows=2,
                row_styles={0: xlsx.Style(bold=True, size=13), 1: xlsx.BOLD},
                lists=lists,
            )
        ]
    )


def download_files(portal: model.Portal) -> dict[str, bytes]:
    return {**national_files(portal), **province_files(portal)}


def _meta(portal: model.Portal) -> dict:
    return {"as_of": _plain(portal.as_of), "is_sample": portal.is_sample, "source": portal.source}


def national_files(portal: model.Portal) -> dict[str, bytes]:
    """The whole country's tables as CSV, JSON and XLSX, the blank workbook and the blank action-plan form."""
    files = {}
    data = {**tables(portal), "dictionary": dictionary()}
    for name, (fields, rows) in data.items():
        files[f"downloads/{name}.csv"] = _csv(fields, rows)
    files["downloads/portal.json"] = _json(_meta(portal), data)
    files["downloads/portal.xlsx"] = _xlsx(_meta(portal), data)
    files["downloads/master-template.xlsx"] = template_bytes()
    files["downloads/plan-form.xlsx"] = plan_form()
    return files


def province_files(portal: model.Portal) -> dict[str, bytes]:
    """Each province's districts and plans as CSV, and all its tables as JSON and XLSX."""
    files = {}
    for province in portal.provinces:
        part = {**tables(province, curriculum=False), "dictionary": dictionary()}
        meta = {**_meta(portal), "province_code": province.code, "province": province.name}
        stem = f"downloads/provinces/{province.code}"
        for name in ("districts", "plans"):
            files[f"{stem}-{name}.csv"] = _csv(*part[name])
        files[f"{stem}.json"] = _json(meta, part)
        files[f"{stem}.xlsx"] = _xlsx(meta, part)
    return files
