"""Stage 3, validate: type every cell and check the sheets against each other and against
the official list of districts (geothai). Every problem is collected; nothing stops early."""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, cast

import geothai

from .. import attachments, programme
from . import normalise as n
from . import places
from .problems import ERROR, WARNING, Problem
from .read import RawSheet
from .schema import (
    AWARD_TYPES,
    BOOL,
    CHOICE,
    CODE2,
    CODE4,
    DATE,
    GENERATED_DIRS,
    INT,
    LINES,
    MONEY,
    SLUG,
    TEXT,
    TIME,
    Column,
)

BANGKOK = "10"  # Bangkok has no district networks in this programme


@dataclass(frozen=True)
class Record:
    """One row with typed values; every value remembers its cell for later messages."""

    sheet: str
    row: int
    values: dict[str, Any]
    """Column key -> typed value (as the schema's column type says), None where the cell was empty."""
    cells: Mapping[str, str]

    def __getitem__(self, key: str) -> Any:
        return self.values.get(key)

    def where(self, key: str) -> str:
        return self.cells.get(key) or f"A{self.row}"


def parse_cell(raw: object, col: Column) -> tuple[object, str | None]:
    """Return (value, note) for one non-empty cell; raise normalise.CellError."""
    if col.type == DATE:
        return n.parse_date(raw)
    parser = {
        TEXT: n.parse_text,
        LINES: n.parse_lines,
        INT: n.parse_int,
        MONEY: n.parse_money,
        TIME: n.parse_time,
        BOOL: n.parse_bool,
        SLUG: n.parse_slug,
        CODE4: lambda v: n.parse_code(v, 4),
        CODE2: lambda v: n.parse_code(v, 2),
        CHOICE: lambda v: n.parse_choice(v, col.choices),
    }[col.type]
    return parser(raw), None


_EMPTY = object()  # what _typed gives for a cell that holds nothing (or only spaces, in a text column)


def _typed(cache: dict[tuple[object, ...], object], raw: object, col: Column) -> object:
    """(value, note), _EMPTY, or the CellError parsing the cell raised; once per distinct (type, value): a sheet
    repeats the same dates, amounts, names and blanks in thousands of cells."""
    key = (col.type, col.choices, type(raw), raw)
    found = cache.get(key, cache)  # the cache itself stands for 'not yet'
    if found is cache:
        if n.is_empty(raw) or (col.type in (TEXT, LINES) and not n.clean_text(str(raw))):
            found = _EMPTY
        else:
            try:
                found = parse_cell(raw, col)
            except n.CellError as exc:
                found = exc
        cache[key] = found
    return found


def type_sheet(sheet: RawSheet, problems: list[Problem]) -> list[Record]:
    records: list[Record] = []
    cache: dict[tuple[object, ...], object] = {}
    present: list[tuple[str, Column, dict[object, object]]] = [
        (col.key, col, {}) for col in sheet.spec.columns if col.key in sheet.present
    ]
    keys = [col.key for col in sheet.spec.columns]  # every value in the schema's order, None where absent
    for raw in sheet.rows:
        values, ok = dict.fromkeys(keys), True
        for key, col, seen in present:
            value = raw.values.get(key)
            if sheet.errors and raw.cells[key] in sheet.errors:  # an error value or unsaved formula: read.py said so
                ok = ok and not col.required
                continue
            # text is looked up in the column's own memo (a str hashes once); other values through _typed
            found = seen.get(value, seen) if value.__class__ is str else _typed(cache, value, col)
            if found is seen:
                found = seen[value] = _typed(cache, value, col)
            if found is _EMPTY:
                if col.required:
                    ok = False
                    problems.append(
                        Problem(sheet.title, raw.cells[key], f"ช่อง '{col.label}' ต้องไม่ว่าง / '{col.key}' is required")
                    )
            elif isinstance(found, n.CellError):
                ok = ok and not col.required
                # A private cell's value must not reach logs: name the column, not the value.
                message = f"ค่าในช่อง '{col.label}' ไม่ถูกต้อง / invalid '{col.key}'" if col.private else str(found)
                problems.append(Problem(sheet.title, raw.cells[key], message))
            else:
                values[key], note = cast("tuple[object, str | None]", found)  # what parse_cell returns
                if note:
                    problems.append(Problem(sheet.title, raw.cells[key], note, WARNING))
        if ok:
            records.append(Record(sheet.title, raw.number, values, raw.cells))
    return records


def _names_match(typed: str | None, place, prefixes: tuple[str, ...]) -> bool:
    """The name an editor typed is the place's Thai or English name (its prefix, spaces and case aside)."""
    return _bare(typed or "", prefixes) in (_bare(place.name_th, ()), _bare(place.name_en, ()))


def _bare(name: str, prefixes: tuple[str, ...]) -> str:
    name = re.sub(r"\s+", "", name or "").casefold()
    for prefix in prefixes:
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def _official_districts() -> dict[str, geothai.District]:
    return {d.code: d for p in geothai.provinces() if p.code != BANGKOK for d in geothai.districts(p.code)}


def _suggest_code(rec: Record, official: dict[str, geothai.District]) -> str:
    """Name the district the editor most likely meant, from the names typed or the code's digits."""
    name = _bare(rec["district"] or "", ("อำเภอ", "อ."))
    by_name = [d for d in official.values() if _bare(d.name_th, ()) == name]
    province = _bare(rec["province"] or "", ("จังหวัด", "จ."))
    by_name = [d for d in by_name if _bare(places.province(d.province_code).name_th, ()) == province] or by_name
    if not by_name:
        close = difflib.get_close_matches(str(rec["district_code"] or ""), official, n=1)
        by_name = [official[c] for c in close]
    if not by_name:
        return ""
    d = by_name[0]
    province = places.province(d.province_code).name_th
    return f" หมายถึง {d.code} {d.name_th} จังหวัด{province} หรือไม่? / did you mean {d.code} {d.name_en}?"


def check_districts(records: list[Record], problems: list[Problem]) -> list[Record]:
    official = _official_districts()
    seen: dict[str, Record] = {}
    good = []
    for rec in records:
        code = rec["district_code"]
        where = rec.where("district_code")
        if code not in official:
            problems.append(
                Problem(
                    rec.sheet,
                    where,
                    f"ไม่มีรหัสอำเภอ {code} นอกกรุงเทพมหานคร / no district {code} outside Bangkok."
                    + _suggest_code(rec, official),
                )
            )
            continue
        if code in seen:
            problems.append(
                Problem(
                    rec.sheet,
                    where,
                    f"รหัสอำเภอ {code} ซ้ำกับแถว {seen[code].row} ให้ลบแถวที่ซ้ำ"
                    f" / district {code} repeats row {seen[code].row}; delete one",
                )
            )
            continue
        seen[code] = rec
        ok = True
        d = official[code]
        p = places.province(d.province_code)
        if not _names_match(rec["province"], p, ("จังหวัด", "จ.")):
            ok = False
            problems.append(
                Problem(
                    rec.sheet,
                    rec.where("province"),
                    f"จังหวัด '{rec['province']}' ไม่ตรงกับรหัส {code}"
                    f" ซึ่งเป็นจังหวัด{p.name_th} / province does not match code {code} ({p.name_en})",
                )
            )
        if not _names_match(rec["district"], d, ("อำเภอ", "อ.")):
            ok = False
            problems.append(
                Problem(
                    rec.sheet,
                    rec.where("district"),
                    f"อำเภอ '{rec['district']}' ไม่ตรงกับรหัส {code}"
                    f" ซึ่งเป็นอำเภอ{d.name_th} / district does not match code {code} ({d.name_en})."
                    + _suggest_code(rec, official),
                )
            )
        participants, passed, target = rec["participants"], rec["passed"], rec["target_participants"]
        if passed is not None and participants is not None and passed > participants:
            ok = False
            problems.append(
                Problem(
                    rec.sheet,
                    rec.where("passed"),
                    f"ผู้ผ่านการทดสอบ ({passed}) มากกว่าผู้เข้าร่วม ({participants})"
                    f" / more passed ({passed}) than participated ({participants})",
                )
            )
        if passed is not None and participants is None:
            problems.append(
                Problem(
                    rec.sheet,
                    rec.where("participants"),
                    "มีผู้ผ่านการทดสอบแต่ไม่ได้กรอกจำนวนผู้เข้าร่วม / passed is filled but participants is empty",
                )
            )
            ok = False
        if target == 0:
            problems.append(
                Problem(rec.sheet, rec.where("target_participants"), "เป้าหมายต้องมากกว่า 0 / target must be above 0")
            )
            ok = False
        spent, allocated = rec["budget_spent"], rec["budget_allocated"]
        if spent is not None and allocated is not None and spent > allocated:
            problems.append(
                Problem(
                    rec.sheet,
                    rec.where("budget_spent"),
                    f"ใช้จ่ายเกินงบที่ได้รับ ({spent:,} > {allocated:,}) / spent more than allocated",
                    WARNING,
                )
            )
        if ok:
            good.append(rec)
    return good


def check_curriculum(records: list[Record], problems: list[Problem]) -> list[Record]:
    seen, good = set(), []
    for rec in records:
        if rec["session_id"] in seen:
            problems.append(
                Problem(rec.sheet, rec.where("session_id"), f"รหัสหัวข้อ {rec['session_id']} ซ้ำ / duplicate session id")
            )
            continue
        seen.add(rec["session_id"])
        if rec["start"] and rec["end"] and rec["end"] <= rec["start"]:
            problems.append(Problem(rec.sheet, rec.where("end"), "เวลาสิ้นสุดต้องหลังเวลาเริ่ม / end must be after start"))
            continue
        good.append(rec)
    return good


def check_plans(records: list[Record], district_codes: set[str] | None, problems: list[Problem]) -> list[Record]:
    """district_codes is None when the districts sheet could not be read: nothing to check the codes against."""
    seen, good = set(), []
    for rec in records:
        code = rec["district_code"]
        if district_codes is not None and code not in district_codes:
            problems.append(
                Problem(
                    rec.sheet,
                    rec.where("district_code"),
                    f"ไม่มีอำเภอรหัส {code} ในชีตอำเภอ / no district {code} in the districts sheet",
                )
            )
            continue
        if (code, rec["item_no"]) in seen:
            problems.append(
                Problem(
                    rec.sheet,
                    rec.where("item_no"),
                    f"ลำดับ {rec['item_no']} ของอำเภอ {code} ซ้ำ / item {rec['item_no']} of district {code} repeats",
                )
            )
            continue
        seen.add((code, rec["item_no"]))
        if rec["start"] and rec["end"] and rec["end"] < rec["start"]:
            problems.append(Problem(rec.sheet, rec.where("end"), "วันสิ้นสุดอยู่ก่อนวันเริ่ม / end is before start"))
            continue
        good.append(rec)
    return good


def _suggest_province(rec: Record) -> str:
    """Name the province the editor most likely meant, from the name typed or the code's digits."""
    official = {p.code: p for p in geothai.provinces() if p.code != BANGKOK}
    name = _bare(rec["province"] or "", ("จังหวัด", "จ."))
    found = [p for p in official.values() if name in (_bare(p.name_th, ()), _bare(p.name_en, ()))]
    if not found:
        close = difflib.get_close_matches(name, [_bare(p.name_th, ()) for p in official.values()], n=1, cutoff=0.7)
        found = [p for p in official.values() if close and _bare(p.name_th, ()) == close[0]]
    if not found:
        found = [official[c] for c in difflib.get_close_matches(str(rec["province_code"] or ""), official, n=1)]
    if not found:
        return ""
    p = found[0]
    return f" หมายถึง {p.code} {p.name_th} หรือไม่? / did you mean {p.code} {p.name_en}?"


def check_province_rows(records: list[Record], problems: list[Problem]) -> list[Record]:
    """One row per province outside Bangkok: the code exists, the name matches it, no province twice."""
    seen: dict[str, Record] = {}
    good = []
    for rec in records:
        code, where = rec["province_code"], rec.where("province_code")
        if code == BANGKOK:
            problems.append(
                Problem(
                    rec.sheet,
                    where,
                    "กรุงเทพมหานครไม่อยู่ในโครงการนี้ (ส่วนภูมิภาคเท่านั้น)"
                    " / Bangkok is not part of this programme (provinces only)",
                )
            )
            continue
        p = geothai.province(code)
        if p is None:
            problems.append(
                Problem(rec.sheet, where, f"ไม่มีรหัสจังหวัด {code} / no province {code}." + _suggest_province(rec))
            )
            continue
        if code in seen:
            problems.append(
                Problem(
                    rec.sheet,
                    where,
                    f"รหัสจังหวัด {code} ซ้ำกับแถว {seen[code].row} ให้ลบแถวที่ซ้ำ"
                    f" / province {code} repeats row {seen[code].row}; delete one",
                )
            )
            continue
        seen[code] = rec
        if not _names_match(rec["province"], p, ("จังหวัด", "จ.")):
            problems.append(
                Problem(
                    rec.sheet,
                    rec.where("province"),
                    f"จังหวัด '{rec['province']}' ไม่ตรงกับรหัส {code}"
                    f" ซึ่งเป็นจังหวัด{p.name_th} / province does not match code {code} ({p.name_en})."
                    + _suggest_province(rec),
                )
            )
            continue
        good.append(rec)
    return good


def check_festival(records: list[Record], problems: list[Problem]) -> list[Record]:
    good = []
    for rec in check_province_rows(records, problems):
        start, end = rec["event_start"], rec["event_end"]
        if start and end and end < start:
            problems.append(
                Problem(
                    rec.sheet, rec.where("event_end"), "วันที่จัดงานวันสุดท้ายอยู่ก่อนวันที่เริ่ม / the event ends before it starts"
                )
            )
            continue
        if end and not start:
            problems.append(
                Problem(
                    rec.sheet,
                    rec.where("event_start"),
                    "มีวันสุดท้ายแต่ไม่ได้กรอกวันที่เริ่มจัดงาน / event_end is filled but event_start is empty",
                )
            )
            continue
        # Warnings: the figures are published, but an editor should look again.
        for members, amount, what in (
            ("members_added", "amount_added", "เงินสัจจะที่เพิ่ม"),
            ("special_members", "special_amount", "เงินฝากสัจจะพิเศษ"),
        ):
            people, baht = rec[members], rec[amount]
            least = (people or 0) * programme.FESTIVAL_SAVING
            if baht is not None and baht < least:
                problems.append(
                    Problem(
                        rec.sheet,
                        rec.where(amount),
                        f"ยอด{what} {baht:,} บาท น้อยกว่า 50 บาท × {people:,} คน"
                        f" = {least:,} บาท / {amount} is less than 50 baht per member",
                        WARNING,
                    )
                )
            elif baht and not people:
                problems.append(
                    Problem(
                        rec.sheet,
                        rec.where(members),
                        f"มียอด{what}แต่ไม่ได้กรอกจำนวนสมาชิก / {amount} is filled but {members} is empty",
                        WARNING,
                    )
                )
        for key, earliest in (
            ("deposit_reported", programme.SAVING_START),
            ("event_start", programme.SAVING_START),
            ("summary_reported", start or programme.SAVING_START),
        ):
            if rec[key] and rec[key] < earliest:
                problems.append(
                    Problem(
                        rec.sheet,
                        rec.where(key),
                        f"วันที่ {rec[key]:%d/%m}/{rec[key].year + 543}"
                        f" อยู่ก่อนวันที่ {earliest:%d/%m}/{earliest.year + 543} ตรวจสอบปีอีกครั้ง"
                        f" / {key} is before {earliest.isoformat()}; check the year",
                        WARNING,
                    )
                )
        if start and not (programme.FESTIVAL_START <= start <= programme.FESTIVAL_END):
            problems.append(
                Problem(
                    rec.sheet,
                    rec.where("event_start"),
                    "จัดงานนอกช่วง 6 – 8 มีนาคม 2567 ที่กรมฯ กำหนด / the event is outside 6-8 March 2567",
                    WARNING,
                )
            )
        good.append(rec)
    return good


EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+")
WEBSITE = re.compile(r"https?://[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+(:\d+)?(/[A-Za-z0-9._~%/?#=&+-]*)?")
PHONE = re.compile(r"[0-9 ()#,/-]+(ต่อ|ext\.?|x)?[0-9 ,-]*")  # 0 4566 6512, 0-4566-6512 ต่อ 12


def check_offices(records: list[Record], problems: list[Problem]) -> list[Record]:
    good = []
    for rec in check_province_rows(records, problems):
        ok = True
        phone = (rec["phone"] or "").translate(n.THAI_DIGITS)
        # a mobile number here is personal data: personal_data.py reports it at this cell
        if rec["phone"] and not PHONE.fullmatch(phone):
            ok = False
            problems.append(
                Problem(
                    rec.sheet,
                    rec.where("phone"),
                    f"ใส่เฉพาะหมายเลข เช่น 0 4566 6512 หรือ 0 4566 6512 ต่อ 12"
                    f" แต่พบ '{rec['phone']}' / digits only, e.g. 0 4566 6512",
                )
            )
        if rec["email"] and not EMAIL.fullmatch(rec["email"]):
            ok = False
            problems.append(
                Problem(
                    rec.sheet,
                    rec.where("email"),
                    f"อีเมลไม่ถูกต้อง '{rec['email']}' เช่น saraban_buriram@cdd.mail.go.th / not an e-mail address",
                )
            )
        if rec["website"] and not WEBSITE.fullmatch(rec["website"]):
            ok = False
            problems.append(
                Problem(
                    rec.sheet,
                    rec.where("website"),
                    f"ที่อยู่เว็บไซต์ต้องขึ้นต้นด้วย https:// เช่น https://www.cdd.go.th"
                    f" แต่พบ '{rec['website']}' / the website must be an http(s) address",
                )
            )
        if ok:
            good.append(rec)
    return good


def _suggest_in_province(code: str, province_code: str | None, official: dict[str, geothai.District]) -> str:
    """The district the editor most likely meant: the closest code in the stated province, else anywhere."""
    pool = {c: d for c, d in official.items() if d.province_code == province_code} or official
    close = difflib.get_close_matches(code, pool, n=1, cutoff=0.5) or difflib.get_close_matches(code, official, n=1)
    if not close:
        return ""
    d = official[close[0]]
    return (
        f" หมายถึง {d.code} {d.name_th} จังหวัด{places.province(d.province_code).name_th} หรือไม่?"
        f" / did you mean {d.code} {d.name_en}?"
    )


def check_awards(records: list[Record], district_codes: set[str] | None, problems: list[Problem]) -> list[Record]:
    """Each award names a real province and a district of it that has a row in the districts sheet (when that
    sheet could be read: district_codes is None otherwise)."""
    official = _official_districts()
    seen: dict[tuple, Record] = {}
    good = []
    for rec in records:
        province, code = rec["province_code"], rec["district_code"]
        p = geothai.province(province) if province != BANGKOK else None
        if p is None:
            problems.append(
                Problem(
                    rec.sheet,
                    rec.where("province_code"),
                    f"ไม่มีรหัสจังหวัด {province} นอกกรุงเทพมหานคร"
                    f" / no province {province} outside Bangkok."
                    + (
                        f" อำเภอ {code} อยู่ในจังหวัดรหัส {official[code].province_code}"
                        f" / district {code} is in province {official[code].province_code}"
                        if code in official
                        else ""
                    ),
                )
            )
            continue
        if code not in official:
            problems.append(
                Problem(
                    rec.sheet,
                    rec.where("district_code"),
                    f"ไม่มีรหัสอำเภอ {code} นอกกรุงเทพมหานคร"
                    f" / no district {code} outside Bangkok." + _suggest_in_province(code, province, official),
                )
            )
            continue
        d = official[code]
        if d.province_code != province:
            problems.append(
                Problem(
                    rec.sheet,
                    rec.where("district_code"),
                    f"อำเภอ {code} {d.name_th} อยู่ในจังหวัด"
                    f"{places.province(d.province_code).name_th} (รหัส {d.province_code}) ไม่ใช่จังหวัด{p.name_th}"
                    f" (รหัส {province}) / district {code} is in province {d.province_code}, not {province}."
                    + _suggest_in_province(code, province, official),
                )
            )
            continue
        if district_codes is not None and code not in district_codes:
            problems.append(
                Problem(
                    rec.sheet,
                    rec.where("district_code"),
                    f"ไม่มีอำเภอรหัส {code} {d.name_th} ในชีตอำเภอ"
                    f" รางวัลต้องเป็นของอำเภอที่อยู่ในโครงการ / no district {code} in the districts sheet;"
                    f" an award must belong to a district of the programme",
                )
            )
            continue
        if rec["award_type"] == AWARD_TYPES[0][0] and not rec["awardee"]:
            problems.append(
                Problem(
                    rec.sheet,
                    rec.where("awardee"),
                    "รางวัลสมาชิกดีเด่นต้องมีชื่อผู้ได้รับรางวัล / an outstanding-member award needs the awardee's name",
                )
            )
            continue
        key = (rec["award_type"], rec["rank"], code, rec["group_name"], rec["awardee"])
        if key in seen:
            problems.append(
                Problem(
                    rec.sheet,
                    rec.where("group_name"),
                    f"รางวัลนี้ซ้ำกับแถว {seen[key].row} ให้ลบแถวที่ซ้ำ / the same award as row {seen[key].row}; delete one",
                )
            )
            continue
        seen[key] = rec
        when = rec["award_date"]
        if when and not (programme.SAVING_START <= when <= programme.SUMMARY_DEADLINE):
            problems.append(
                Problem(
                    rec.sheet,
                    rec.where("award_date"),
                    f"วันที่มอบรางวัล {when.day}/{when.month}/"
                    f"{when.year + 543} อยู่นอกช่วงมหกรรมการออม (ธันวาคม 2566 – มีนาคม 2567) ตรวจสอบปีอีกครั้ง"
                    f" / award date {when.isoformat()} is outside the Savings Festival; check the year",
                    WARNING,
                )
            )
        good.append(rec)
    return good


def check_documents(records: list[Record], pages: set[str], problems: list[Problem]) -> list[Record]:
    """Letters: ids unique (they are the page addresses), attachments inside docs/files/ or on this portal."""
    seen: dict[str, Record] = {}
    good = []
    for rec in records:
        doc_id = rec["doc_id"]
        if doc_id in seen:
            problems.append(
                Problem(
                    rec.sheet,
                    rec.where("doc_id"),
                    f"รหัสหนังสือ {doc_id} ซ้ำกับแถว {seen[doc_id].row}"
                    f" ให้ใช้รหัสอื่น / document id {doc_id} repeats row {seen[doc_id].row}; use another id",
                )
            )
            continue
        seen[doc_id] = rec
        ok = True
        if rec["deadline"] and rec["date"] and rec["deadline"] < rec["date"]:
            ok = False
            problems.append(
                Problem(
                    rec.sheet,
                    rec.where("deadline"),
                    "กำหนดดำเนินการอยู่ก่อนวันที่ของหนังสือ ตรวจสอบปีอีกครั้ง"
                    " / the deadline is before the letter's date; check the year",
                )
            )
        for number, line in enumerate(rec["attachments"] or (), start=1):
            title, target = attachments.split(line)
            if target is None:
                problems.append(
                    Problem(
                        rec.sheet,
                        rec.where("attachments"),
                        f"สิ่งที่ส่งมาด้วยบรรทัดที่ {number} ไม่มีที่อยู่ไฟล์"
                        f" จะแสดงเป็นข้อความ (เขียนเป็น ชื่อรายการ | ที่อยู่ไฟล์) / attachment {number} has no"
                        f" file; shown as text (write 'title | path')",
                        WARNING,
                    )
                )
                continue
            _, reason = attachments.check(target, pages)
            if reason:
                ok = False
                problems.append(Problem(rec.sheet, rec.where("attachments"), f"สิ่งที่ส่งมาด้วยบรรทัดที่ {number}: {reason}"))
        if ok:
            good.append(rec)
    return good


def _district_codes(sheet: RawSheet) -> set[str]:
    """Every code typed in the districts sheet, its row valid or not: a plan of a district whose row has another
    error belongs to a district that exists, and saying otherwise would give one cause two messages."""
    codes = set()
    for row in sheet.rows:
        try:
            codes.add(n.parse_code(row.values.get("district_code"), 4))
        except (n.CellError, TypeError):
            pass
    return codes


def validate(sheets: dict[str, RawSheet], problems: list[Problem]) -> dict[str, list[Record]]:
    """Type and check every sheet; append every problem found. Returns the good records."""
    # A sheet without its header or a required column was reported once, about the column (read.py): its rows,
    # and other sheets' checks against it, would only repeat that one cause hundreds of times.
    unreadable = {
        key
        for key, sheet in sheets.items()
        if not sheet.present or any(c.required and c.key not in sheet.present for c in sheet.spec.columns)
    }
    typed = {key: type_sheet(sheet, problems) for key, sheet in sheets.items() if key not in unreadable}
    records = {
        key: typed.get(key, []) for key in ("districts", "curriculum", "plans", "about", "festival", "provinces")
    }
    records["districts"] = check_districts(records["districts"], problems)
    records["curriculum"] = check_curriculum(records["curriculum"], problems)
    all_codes = _district_codes(sheets["districts"]) if "districts" in typed else None
    records["plans"] = check_plans(records["plans"], all_codes, problems)
    records["festival"] = check_festival(records["festival"], problems)
    records["provinces"] = check_offices(records["provinces"], problems)
    records["awards"] = check_awards(typed.get("awards", []), all_codes, problems)
    pages = attachments.site_pages(
        GENERATED_DIRS,
        {r["session_id"] for r in records["curriculum"]},
        {r["district_code"] for r in records["districts"]},
        {r["district_code"][:2] for r in records["districts"]},
    )
    records["documents"] = check_documents(typed.get("documents", []), pages, problems)
    if len(records["about"]) > 1:
        problems.append(
            Problem(
                records["about"][1].sheet,
                f"A{records['about'][1].row}",
                "ชีตนี้ต้องมีข้อมูลแถวเดียว / this sheet takes one row only",
            )
        )
    return records


def has_errors(problems: list[Problem]) -> bool:
    return any(p.level == ERROR for p in problems)
