"""Stage 3, validate: type every cell and check the sheets against each other and against
the official list of districts (geothai). Every problem is collected; nothing stops early."""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

import geothai

from . import normalise as n
from .problems import ERROR, WARNING, Problem
from .read import RawSheet
from .schema import BOOL, CHOICE, CODE2, CODE4, DATE, INT, LINES, MONEY, SLUG, TEXT, TIME, Column

BANGKOK = "10"  # Bangkok has no district networks in this programme


@dataclass(frozen=True)
class Record:
    """One row with typed values; every value remembers its cell for later messages."""
    sheet: str
    row: int
    values: dict
    cells: dict

    def __getitem__(self, key):
        return self.values.get(key)

    def where(self, key: str) -> str:
        return self.cells.get(key) or f"A{self.row}"


def parse_cell(raw: object, col: Column) -> tuple[object, str | None]:
    """Return (value, note) for one non-empty cell; raise normalise.CellError."""
    if col.type == DATE:
        return n.parse_date(raw)
    parser = {
        TEXT: n.parse_text, LINES: n.parse_lines, INT: n.parse_int, MONEY: n.parse_money,
        TIME: n.parse_time, BOOL: n.parse_bool, SLUG: n.parse_slug,
        CODE4: lambda v: n.parse_code(v, 4), CODE2: lambda v: n.parse_code(v, 2),
        CHOICE: lambda v: n.parse_choice(v, col.choices),
    }[col.type]
    return parser(raw), None


def type_sheet(sheet: RawSheet, problems: list[Problem]) -> list[Record]:
    records = []
    for raw in sheet.rows:
        values, ok = {}, True
        for col in sheet.spec.columns:
            if col.key not in sheet.present:
                values[col.key] = None
                continue
            cell_value, where = raw.values.get(col.key), raw.cells[col.key]
            if n.is_empty(cell_value) or (col.type in (TEXT, LINES) and not n.clean_text(str(cell_value))):
                values[col.key] = None
                if col.required:
                    ok = False
                    problems.append(Problem(sheet.title, where, f"ช่อง '{col.label}' ต้องไม่ว่าง / '{col.key}' is required"))
                continue
            try:
                values[col.key], note = parse_cell(cell_value, col)
            except n.CellError as exc:
                values[col.key] = None
                ok = ok and not col.required
                # A private cell's value must not reach logs: name the column, not the value.
                message = f"ค่าในช่อง '{col.label}' ไม่ถูกต้อง / invalid '{col.key}'" if col.private else str(exc)
                problems.append(Problem(sheet.title, where, message))
                continue
            if note:
                problems.append(Problem(sheet.title, where, note, WARNING))
        if ok:
            records.append(Record(sheet.title, raw.number, values, raw.cells))
    return records


def _bare(name: str, prefixes: tuple[str, ...]) -> str:
    name = re.sub(r"\s+", "", name or "").casefold()
    for prefix in prefixes:
        if name.startswith(prefix):
            return name[len(prefix):]
    return name


def _official_districts() -> dict[str, geothai.District]:
    return {d.code: d for p in geothai.provinces() if p.code != BANGKOK for d in geothai.districts(p.code)}


def _suggest_code(rec: Record, official: dict[str, geothai.District]) -> str:
    """Name the district the editor most likely meant, from the names typed or the code's digits."""
    name = _bare(rec["district"] or "", ("อำเภอ", "อ."))
    by_name = [d for d in official.values() if _bare(d.name_th, ()) == name]
    province = _bare(rec["province"] or "", ("จังหวัด", "จ."))
    by_name = [d for d in by_name if _bare(geothai.province(d.province_code).name_th, ()) == province] or by_name
    if not by_name:
        close = difflib.get_close_matches(str(rec["district_code"] or ""), official, n=1)
        by_name = [official[c] for c in close]
    if not by_name:
        return ""
    d = by_name[0]
    return f" หมายถึง {d.code} {d.name_th} จังหวัด{geothai.province(d.province_code).name_th} หรือไม่? / did you mean {d.code} {d.name_en}?"


def check_districts(records: list[Record], problems: list[Problem]) -> list[Record]:
    official = _official_districts()
    seen: dict[str, Record] = {}
    good = []
    for rec in records:
        code = rec["district_code"]
        where = rec.where("district_code")
        if code not in official:
            problems.append(Problem(rec.sheet, where, f"ไม่มีรหัสอำเภอ {code} นอกกรุงเทพมหานคร / no district {code} outside Bangkok."
                                    + _suggest_code(rec, official)))
            continue
        if code in seen:
            problems.append(Problem(rec.sheet, where, f"รหัสอำเภอ {code} ซ้ำกับแถว {seen[code].row} ให้ลบแถวที่ซ้ำ"
                                    f" / district {code} repeats row {seen[code].row}; delete one"))
            continue
        seen[code] = rec
        ok = True
        d = official[code]
        p = geothai.province(d.province_code)
        if _bare(rec["province"], ("จังหวัด", "จ.")) not in (_bare(p.name_th, ()), _bare(p.name_en, ())):
            ok = False
            problems.append(Problem(rec.sheet, rec.where("province"), f"จังหวัด '{rec['province']}' ไม่ตรงกับรหัส {code}"
                                    f" ซึ่งเป็นจังหวัด{p.name_th} / province does not match code {code} ({p.name_en})"))
        if _bare(rec["district"], ("อำเภอ", "อ.")) not in (_bare(d.name_th, ()), _bare(d.name_en, ())):
            ok = False
            problems.append(Problem(rec.sheet, rec.where("district"), f"อำเภอ '{rec['district']}' ไม่ตรงกับรหัส {code}"
                                    f" ซึ่งเป็นอำเภอ{d.name_th} / district does not match code {code} ({d.name_en})."
                                    + _suggest_code(rec, official)))
        participants, passed, target = rec["participants"], rec["passed"], rec["target_participants"]
        if passed is not None and participants is not None and passed > participants:
            ok = False
            problems.append(Problem(rec.sheet, rec.where("passed"), f"ผู้ผ่านการทดสอบ ({passed}) มากกว่าผู้เข้าร่วม ({participants})"
                                    f" / more passed ({passed}) than participated ({participants})"))
        if passed is not None and participants is None:
            problems.append(Problem(rec.sheet, rec.where("participants"), "มีผู้ผ่านการทดสอบแต่ไม่ได้กรอกจำนวนผู้เข้าร่วม"
                                    " / passed is filled but participants is empty"))
            ok = False
        if target == 0:
            problems.append(Problem(rec.sheet, rec.where("target_participants"), "เป้าหมายต้องมากกว่า 0 / target must be above 0"))
            ok = False
        spent, allocated = rec["budget_spent"], rec["budget_allocated"]
        if spent is not None and allocated is not None and spent > allocated:
            problems.append(Problem(rec.sheet, rec.where("budget_spent"), f"ใช้จ่ายเกินงบที่ได้รับ ({spent:,} > {allocated:,})"
                                    f" / spent more than allocated", WARNING))
        if ok:
            good.append(rec)
    return good


def check_curriculum(records: list[Record], problems: list[Problem]) -> list[Record]:
    seen, good = set(), []
    for rec in records:
        if rec["session_id"] in seen:
            problems.append(Problem(rec.sheet, rec.where("session_id"), f"รหัสหัวข้อ {rec['session_id']} ซ้ำ / duplicate session id"))
            continue
        seen.add(rec["session_id"])
        if rec["start"] and rec["end"] and rec["end"] <= rec["start"]:
            problems.append(Problem(rec.sheet, rec.where("end"), "เวลาสิ้นสุดต้องหลังเวลาเริ่ม / end must be after start"))
            continue
        good.append(rec)
    return good


def check_plans(records: list[Record], district_codes: set[str], problems: list[Problem]) -> list[Record]:
    seen, good = set(), []
    for rec in records:
        code = rec["district_code"]
        if code not in district_codes:
            problems.append(Problem(rec.sheet, rec.where("district_code"), f"ไม่มีอำเภอรหัส {code} ในชีตอำเภอ"
                                    f" / no district {code} in the districts sheet"))
            continue
        if (code, rec["item_no"]) in seen:
            problems.append(Problem(rec.sheet, rec.where("item_no"), f"ลำดับ {rec['item_no']} ของอำเภอ {code} ซ้ำ"
                                    f" / item {rec['item_no']} of district {code} repeats"))
            continue
        seen.add((code, rec["item_no"]))
        if rec["start"] and rec["end"] and rec["end"] < rec["start"]:
            problems.append(Problem(rec.sheet, rec.where("end"), "วันสิ้นสุดอยู่ก่อนวันเริ่ม / end is before start"))
            continue
        good.append(rec)
    return good


def validate(sheets: dict[str, RawSheet], problems: list[Problem]) -> dict[str, list[Record]]:
    """Type and check every sheet; append every problem found. Returns the good records."""
    typed = {key: type_sheet(sheet, problems) for key, sheet in sheets.items()}
    records = {key: typed.get(key, []) for key in ("districts", "curriculum", "plans", "about")}
    records["districts"] = check_districts(records["districts"], problems)
    records["curriculum"] = check_curriculum(records["curriculum"], problems)
    all_codes = {r["district_code"] for r in typed.get("districts", [])}
    records["plans"] = check_plans(records["plans"], all_codes, problems)
    if len(records["about"]) > 1:
        problems.append(Problem(records["about"][1].sheet, f"A{records['about'][1].row}",
                                "ชีตนี้ต้องมีข้อมูลแถวเดียว / this sheet takes one row only"))
    return records


def has_errors(problems: list[Problem]) -> bool:
    return any(p.level == ERROR for p in problems)
