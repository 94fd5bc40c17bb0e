"""Every figure of the home page, a province page and the festival page, recomputed from the published downloads
(districts.csv, plans.csv, festival.csv, awards.csv, portal.json) and compared with the number in the built HTML.

Independent of the code that renders: nothing here imports the generator's model, timeline or render; the
programme's constants are the seed letter's, written out below. Built twice: from the default workbook, and from a
workbook where districts are late on several steps at once (issue #14: "outstanding districts" are distinct)."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from collections import Counter
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import geothai
import pytest

from generator.workbook.template import write_workbook
from tests.conftest import small_rows
from tests.test_site import make_project, mkdocs_build

# ---------------------------------------------------------------- the programme, from the seed letter

NETWORKS, PEOPLE, BUDGET, KPI = 878, 17_560, Decimal(21_950_000), Decimal(80)
PROVINCES = 76  # the festival's provinces: all but Bangkok
ACTIVITY_DEADLINE, PLAN_DEADLINE, BPM_DEADLINE = dt.date(2023, 12, 31), dt.date(2024, 1, 20), dt.date(2024, 1, 31)
REPORT_DAYS = 7
FY_START = dt.date(2023, 10, 1)
DEPOSIT_DEADLINE, FESTIVAL_END, SUMMARY_DEADLINE = dt.date(2024, 2, 20), dt.date(2024, 3, 8), dt.date(2024, 3, 29)
FESTIVAL_DEADLINES = (DEPOSIT_DEADLINE, FESTIVAL_END, SUMMARY_DEADLINE)
MILESTONES = ("จัดประชุม 1 วัน", "ศึกษาดูงาน 1 วัน", "ส่งแผนปฏิบัติการ (แบบ ๒)", "ส่งรายงานผล")
FESTIVAL_STEPS = ("รายงานยอดเงินฝาก", "จัดงานมหกรรมการออม", "ส่งรายงานสรุปผล")
WELFARE = ("การเกิด", "การศึกษา", "การเจ็บป่วย", "ผู้สูงอายุ", "การเสียชีวิต", "ภัยพิบัติ", "อาชีพ", "อื่น ๆ")
FINISHED_PLAN = ("เสร็จแล้ว", "ยกเลิก")  # plan statuses no longer followed up
AWARD_TYPES = ("สมาชิกดีเด่น", "กลุ่มออมทรัพย์เพื่อการผลิตดีเด่น")
DONE, LATE, OVERDUE, PENDING = "done", "late", "overdue", "pending"
SHORT = {DONE: "✓", LATE: "✓ ช้า", OVERDUE: "✗ ค้าง", PENDING: "–"}
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
PROVINCE = "31"  # the province page checked


# ---------------------------------------------------------------- reading the HTML and its numbers

THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
NUMBER = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")


def numbers(text: str) -> list[Decimal]:
    """Every number in the text: Thai digits read as Arabic, thousands separators dropped."""
    return [Decimal(n.replace(",", "")) for n in NUMBER.findall(text.translate(THAI_DIGITS))]


def number(text: str) -> Decimal | None:
    found = numbers(text)
    assert len(found) <= 1, (text, found)
    return found[0] if found else None


MONTH = "|".join(re.escape(m) for m in MONTHS_LONG + MONTHS_SHORT)
DATE = re.compile(rf"(\d{{1,2}})(?: – \d{{1,2}})? ({MONTH}) (\d{{4}})")


def thai_date(text: str) -> dt.date | None:
    """The first date of the text ('31 ธ.ค. 2566', '5 เมษายน 2567', or a range's first day: '6 – 7 มี.ค. 2567'),
    Buddhist Era; None for '–' or no date."""
    found = DATE.search(text.translate(THAI_DIGITS))
    if not found:
        return None
    months = MONTHS_LONG if found[2] in MONTHS_LONG else MONTHS_SHORT
    return dt.date(int(found[3]) - 543, months.index(found[2]) + 1, int(found[1]))


class Approx:
    """A percentage as printed (one decimal, or none): equal to any rounding of the exact value."""

    def __init__(self, exact: Decimal | None, digits: int = 1):
        self.exact, self.slack = exact, Decimal(5) / 10 ** (digits + 1) + Decimal("1e-9")

    def __eq__(self, shown):
        if self.exact is None or shown is None:
            return self.exact is None and shown is None
        return abs(Decimal(shown) - self.exact) <= self.slack

    def __repr__(self):
        return f"≈{self.exact:.3f}" if self.exact is not None else "None"


class Baht:
    """An amount as printed, in baht or in ล้านบาท with some decimals: equal to the baht it rounds from."""

    def __init__(self, text: str, value: Decimal, slack: Decimal):
        self.text, self.value, self.slack = text, value, slack

    def __eq__(self, exact):
        return exact is not None and abs(Decimal(exact) - self.value) <= self.slack

    def __repr__(self):
        return repr(self.text)


def amounts(text: str) -> list[Baht]:
    """The amounts of money in the text; "19.24 ล้านบาท" is 19,240,000 baht give or take 5,000."""
    out = []
    text = text.translate(THAI_DIGITS)
    for found in re.finditer(rf"({NUMBER.pattern})( ?ล้าน)?", text):
        value = Decimal(found[1].replace(",", ""))
        decimals = len(found[1].split(".")[1]) if "." in found[1] else 0
        scale = Decimal(10**6) if found[2] else Decimal(1)
        out.append(Baht(found[0], value * scale, scale * Decimal(5) / 10 ** (decimals + 1) if found[2] else 0))
    return out


def share(part, whole) -> Decimal | None:
    return Decimal(part) * 100 / Decimal(whole) if whole else None


def differences(shown, expected, path: str = "") -> list[tuple[str, object, object]]:
    """(where, shown, expected) for each figure that differs, dicts and lists followed into."""
    if isinstance(shown, dict) and isinstance(expected, dict):
        return [
            d
            for key in sorted(shown.keys() | expected.keys(), key=str)
            for d in differences(shown.get(key, "(missing)"), expected.get(key, "(missing)"), f"{path}/{key}")
        ]
    if isinstance(shown, list) and isinstance(expected, list) and len(shown) == len(expected):
        return [d for i, (a, b) in enumerate(zip(shown, expected)) for d in differences(a, b, f"{path}[{i}]")]
    return [] if shown == expected else [(path, shown, expected)]


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Node:
    def __init__(self, tag: str, attrs: dict, parent: Node | None):
        self.tag, self.attrs, self.parent, self.children = tag, attrs, parent, []

    @property
    def classes(self) -> list[str]:
        return (self.attrs.get("class") or "").split()

    def text(self, skip=()) -> str:
        parts = [
            c if isinstance(c, str) else c.text(skip) for c in self.children if isinstance(c, str) or c.tag not in skip
        ]
        return " ".join("".join(parts).split())

    def own_text(self) -> str:
        return " ".join("".join(c for c in self.children if isinstance(c, str)).split())

    def all(self, tag: str | None = None, cls: str | None = None) -> list[Node]:
        found = []
        for child in self.children:
            if isinstance(child, Node):
                if (tag is None or child.tag == tag) and (cls is None or cls in child.classes):
                    found.append(child)
                found += child.all(tag, cls)
        return found

    def one(self, tag: str | None = None, cls: str | None = None) -> Node:
        found = self.all(tag, cls)
        assert len(found) == 1, (tag, cls, len(found))
        return found[0]

    def child(self, tag: str) -> Node:
        """The one element child with this tag (an SVG's own title, not its bars' titles)."""
        found = [c for c in self.children if isinstance(c, Node) and c.tag == tag]
        assert len(found) == 1, (tag, len(found))
        return found[0]

    def following(self) -> list[Node]:
        """The element siblings after this one."""
        siblings = [c for c in self.parent.children if isinstance(c, Node)]
        return siblings[siblings.index(self) + 1 :]


class Document(HTMLParser):
    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {}, None)
        self.stack = [self.root]
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        node = Node(tag, dict(attrs), self.stack[-1])
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(Node(tag, dict(attrs), self.stack[-1]))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def article(site: Path, page: str) -> Node:
    root = Document((site / page).read_text(encoding="utf-8")).root
    return root.one("article")


def table(root: Node, *headers: str) -> list[list[Node]]:
    """The body rows (as cells) of the one table whose header row starts with `headers`."""
    found = []
    for t in root.all("table"):
        head = [th.text() for th in t.all("th")]
        if head[: len(headers)] == list(headers):
            found.append([row.all("td") for row in t.all("tr") if row.all("td")])
    assert len(found) == 1, (headers, len(found))
    return found[0]


def section(root: Node, heading: str) -> list[Node]:
    """The elements after the h2 `heading`, up to the next h2."""
    h2 = next(h for h in root.all("h2") if h.own_text() == heading)
    out = []
    for node in h2.following():
        if node.tag == "h2":
            break
        out.append(node)
    return out


def badge(cell: Node) -> tuple[str, str]:
    """A status badge's state (its CSS class) and its words."""
    span = cell.one("span", "state")
    state = next(c.removeprefix("state-") for c in span.classes if c.startswith("state-"))
    return state, span.text()


# ---------------------------------------------------------------- the published downloads, recomputed


def date(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def count(text: str) -> int | None:
    return int(text) if text else None


def money(text: str) -> Decimal | None:
    return Decimal(text) if text else None


def state(done_on: dt.date | None, deadline: dt.date, as_of: dt.date) -> str:
    if done_on:
        return LATE if done_on > deadline else DONE
    return OVERDUE if as_of > deadline else PENDING


class Data:
    """The downloads of one built site, and the figures a reader would compute from them."""

    def __init__(self, site: Path):
        def rows(name):
            with open(site / "downloads" / name, encoding="utf-8-sig", newline="") as f:
                return list(csv.DictReader(f))

        self.about = json.loads((site / "downloads" / "portal.json").read_text(encoding="utf-8"))["about"]
        self.as_of = dt.date.fromisoformat(self.about["as_of"])
        self.districts = rows("districts.csv")
        self.plans = rows("plans.csv")
        self.festival = rows("festival.csv")
        self.awards = rows("awards.csv")

    # districts
    def milestones(self, d: dict) -> list[tuple[str, dt.date]]:
        """(state, deadline) of the meeting, visit, plan and report. The report is due a week after the district's
        last activity; with no activity held, a week after the activity deadline (the latest it could be due)."""
        meeting, visit = date(d["meeting_date"]), date(d["visit_date"])
        held = [day for day in (meeting, visit) if day]
        report_due = (max(held) if held else ACTIVITY_DEADLINE) + dt.timedelta(days=REPORT_DAYS)
        dues = (ACTIVITY_DEADLINE, ACTIVITY_DEADLINE, PLAN_DEADLINE, report_due)
        done = (meeting, visit, date(d["plan_submitted"]), date(d["report_submitted"]))
        return [(state(on, due, self.as_of), due) for on, due in zip(done, dues)]

    def in_province(self, code: str | None) -> list[dict]:
        return [d for d in self.districts if code is None or d["province_code"] == code]

    def states(self, index: int, code: str | None = None) -> Counter:
        return Counter(self.milestones(d)[index][0] for d in self.in_province(code))

    def done(self, index: int, code: str | None = None) -> int:
        s = self.states(index, code)
        return s[DONE] + s[LATE]

    def outstanding(self, *indices: int) -> int:
        """Distinct districts with any of these milestones past its deadline and not done."""
        return sum(1 for d in self.districts if any(self.milestones(d)[i][0] == OVERDUE for i in indices))

    def total(self, key: str, code: str | None = None, parse=count):
        return sum((parse(d[key]) for d in self.in_province(code) if d[key]), 0)

    def passed_share(self, code: str | None = None) -> Decimal | None:
        reported = [d for d in self.in_province(code) if count(d["participants"]) and d["passed"]]
        return share(sum(int(d["passed"]) for d in reported), sum(int(d["participants"]) for d in reported))

    def provinces(self) -> dict[str, str]:
        return {d["province_code"]: d["province"] for d in self.districts}

    # plans
    def plan_items(self, code: str | None = None) -> list[dict]:
        codes = {d["district_code"] for d in self.in_province(code)}
        return [p for p in self.plans if p["district_code"] in codes]

    def overdue_plan_items(self, code: str | None = None) -> int:
        return sum(
            1
            for p in self.plan_items(code)
            if p["end"] and date(p["end"]) < self.as_of and p["status"] not in FINISHED_PLAN
        )

    # the Savings Festival
    def festival_done_on(self, row: dict, step: int) -> dt.date | None:
        """The event counts once its first day is not after the data's date (a later date is only planned)."""
        if step == 1:
            start = date(row["event_start"])
            return start if start and start <= self.as_of else None
        return date(row[("deposit_reported", None, "summary_reported")[step]])

    def festival_step(self, step: int) -> tuple[int, int, int]:
        """Provinces that did it, did it late, and still owe it past its deadline."""
        deadline = FESTIVAL_DEADLINES[step]
        done = [on for on in (self.festival_done_on(r, step) for r in self.festival) if on]
        outstanding = PROVINCES - len(done) if self.as_of > deadline else 0
        return len(done), sum(1 for on in done if on > deadline), outstanding


# ---------------------------------------------------------------- the two sites


def late_rows() -> dict[str, list[dict]]:
    """The small workbook with districts late on several steps at once: some missing both the meeting and the
    visit, others only one; plans and reports missing or late; the festival done by some provinces, late by one."""
    rows = small_rows()
    rows["about"][0]["as_of"] = dt.date(2024, 4, 5)

    def add(code: str, **values):
        d = geothai.district(code)
        rows["districts"].append(
            dict(
                district_code=code,
                province=geothai.province(d.province_code).name_th,
                district=d.name_th,
                network_name=f"เครือข่ายอำเภอ{d.name_th}",
                target_participants=20,
                budget_allocated=25000,
                **values,
            )
        )

    def held(meeting=None, visit=None, **values):
        return dict(meeting_date=meeting, visit_date=visit, participants=19, passed=15, budget_spent=23150, **values)

    day = dt.date
    add("3103")  # nothing at all
    add("3104", **held(day(2023, 12, 5), plan_submitted=day(2024, 1, 15)))  # no visit, no report; no plan late
    add("3105", **held(day(2024, 1, 5)))  # meeting late, no visit
    add(
        "3106",
        **held(day(2023, 12, 4), day(2024, 1, 3), plan_submitted=day(2024, 1, 10), report_submitted=day(2024, 1, 15)),
    )  # visit late, report late
    add("3107", **held(day(2023, 12, 1), day(2023, 12, 2), report_submitted=day(2023, 12, 6)))  # no plan
    add("5002")  # nothing at all
    add("5003", **held(None, day(2023, 12, 20), report_submitted=day(2023, 12, 22)))  # visit only
    add(
        "3001",
        **held(
            day(2023, 12, 10), day(2023, 12, 12), plan_submitted=day(2024, 1, 19), report_submitted=day(2023, 12, 19)
        ),
    )  # all on time; no festival row
    rows["plans"] += [
        dict(
            district_code="3104",
            item_no=1,
            activity="ตรวจสุขภาพประจำปีสมาชิก",
            welfare_type="การเจ็บป่วย",
            start=day(2024, 2, 1),
            end=day(2024, 3, 1),
            status="กำลังดำเนินการ",
        ),
        dict(
            district_code="3104",
            item_no=2,
            activity="ถุงยังชีพช่วยเหลือผู้ประสบภัยแล้ง",
            welfare_type="ภัยพิบัติ",
            start=day(2024, 2, 1),
            end=day(2024, 3, 1),
            status="เสร็จแล้ว",
        ),
        dict(
            district_code="5001",
            item_no=1,
            activity="ชมรมผู้สูงอายุออมทรัพย์",
            welfare_type="ผู้สูงอายุ",
            budget=5000.5,
            start=day(2024, 1, 1),
            end=day(2024, 2, 1),
            status="ยังไม่เริ่ม",
        ),
    ]
    rows["festival"][0].update(summary_reported=day(2024, 3, 20))
    rows["festival"].append(
        dict(
            province_code="50",
            province="เชียงใหม่",
            members_added=900,
            amount_added=45000,
            special_members=10,
            special_amount=2000,
            deposit_reported=day(2024, 2, 23),
            event_start=day(2024, 3, 7),
            event_end=day(2024, 3, 7),
        )
    )
    return rows


@pytest.fixture(scope="module", params=["default", "late"])
def site(request, tmp_path_factory) -> Path:
    if request.param == "default":  # the session's default site (tests/conftest.py): built once for every module
        return request.getfixturevalue("built_site")
    project = make_project(tmp_path_factory.mktemp(request.param) / "project")
    workbook = project.parent / "late.xlsx"
    write_workbook(workbook, late_rows())
    run = mkdocs_build(project, workbook, timeout=400)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    return project / "site"


@pytest.fixture(scope="module")
def data(site) -> Data:
    return Data(site)


def test_the_late_workbook_is_late_on_several_steps_at_once(site, data):
    """The case of the double count: districts missing both activities and districts missing one."""
    both = [d for d in data.districts if not d["meeting_date"] and not d["visit_date"]]
    one = [d for d in data.districts if bool(d["meeting_date"]) != bool(d["visit_date"])]
    assert both and one
    assert data.outstanding(0, 1) < data.states(0)[OVERDUE] + data.states(1)[OVERDUE]


# ---------------------------------------------------------------- the home page


def progress_chart(svg: Node) -> dict:
    """The progress chart's text alternative and its bars' titles, as figures."""
    figures = {"title": numbers(svg.child("title").text())}
    for part in svg.child("desc").text().split("; "):
        label, counts = part.split(": ", 1)
        figures[label] = numbers(counts)
    for rect in svg.all("rect"):
        if rect.all("title"):
            name, value = rect.one("title").text().rsplit(": ", 1)
            figures[f"bar {name}"] = number(value)
    return figures


def expected_progress_chart(data: Data, code: str | None) -> dict:
    total = len(data.in_province(code))
    figures = {"title": [Decimal(total)]}
    names = {DONE: "ทันกำหนด", LATE: "เสร็จหลังกำหนด", OVERDUE: "เลยกำหนด ยังไม่ดำเนินการ", PENDING: "ยังไม่ถึงกำหนด"}
    for i, label in enumerate(MILESTONES):
        s = data.states(i, code)
        figures[label] = [Decimal(s[k]) for k in (DONE, LATE, OVERDUE, PENDING)] + [Decimal(total)]
        for k, name in names.items():
            if s[k]:
                figures[f"bar {label} · {name}"] = s[k]
    return figures


def map_labels(root: Node) -> dict:
    """Each province of the map: its plans submitted, districts and share, from its link's label."""
    svg = root.all("svg", "map-svg")[0]
    return {a.attrs["aria-label"].split(":")[0]: numbers(a.attrs["aria-label"].split(":", 1)[1]) for a in svg.all("a")}


def expected_map_labels(data: Data) -> dict:
    out = {}
    for code, name in data.provinces().items():
        done, total = data.done(2, code), len(data.in_province(code))
        out[f"จังหวัด{name}"] = [done, total, Approx(share(done, total), digits=0)]
    return out


def tiles(root: Node) -> dict:
    """The headline tiles: each one's value, what it is out of, and its note, as figures."""
    out = {}
    for t in root.all("div", "tile"):
        label = t.one("p", "tile-label").text()
        value, of = t.one("p", "tile-value").own_text(), t.one("span", "tile-of").text()
        note = t.one("p", "tile-note").text() if t.all("p", "tile-note") else ""
        if label.startswith("งบประมาณ"):  # money: in baht or in ล้านบาท
            figures = amounts(f"{value} {of}")
            out["budget"] = [figures[0], figures[1:] + amounts(note)]
        elif label in MILESTONES:
            out[label] = [number(value), numbers(of), numbers(note), "หลังกำหนด" in note, "ค้าง" in note]
        else:
            out[label] = [number(value), numbers(of), "✓" in note]
    return out


def expected_tiles(data: Data, code: str | None, networks: int, people: int, budget_of: list) -> dict:
    out = {}
    for i, label in enumerate(MILESTONES):
        s = data.states(i, code)
        # the note says how many did it late; with none late, how many still owe it
        note = [s[LATE]] if s[LATE] else [s[OVERDUE]] if s[OVERDUE] else []
        out[label] = [s[DONE] + s[LATE], [networks], note, bool(s[LATE]), not s[LATE] and bool(s[OVERDUE])]
    out["ผู้เข้าร่วม"] = [data.total("participants", code), [people], False]
    passed = data.passed_share(code)
    out["ผ่านการทดสอบความรู้"] = [Approx(passed), [KPI], passed is not None and passed >= KPI]
    out["budget"] = [data.total("budget_spent", code, money), budget_of]
    return out


def test_home_page_figures(site, data):
    root = article(site, "index.html")
    shown, expected = {}, {}

    intro = next(p.text() for p in root.all("p") if p.text().startswith("ข้อมูล ณ วันที่"))
    shown["data date"], expected["data date"] = thai_date(intro), data.as_of
    shown["districts, provinces"] = numbers(intro.split(str(data.as_of.year + 543), 1)[1])
    expected["districts, provinces"] = [len(data.districts), len(data.provinces())]

    # the hand-written targets agree with the programme's
    targets = {row[0].text(): numbers(row[1].text()) for row in table(root, "รายการ", "เป้าหมาย")}
    shown["targets"] = [targets["เครือข่ายระดับอำเภอ"][-1], targets["คณะกรรมการเครือข่าย"][-1], targets["งบประมาณ"][-1]]
    expected["targets"] = [NETWORKS, PEOPLE, BUDGET]

    shown["tiles"] = tiles(root)
    allocated = data.total("budget_allocated", parse=money)
    expected["tiles"] = expected_tiles(data, None, NETWORKS, PEOPLE, [BUDGET, allocated])
    passed = data.passed_share()

    for row in table(root, "ขั้นตอน", "ดำเนินการแล้ว"):
        label = row[0].text()
        i = MILESTONES.index(label)
        shown[f"progress {label}"] = [number(c.text()) for c in row[1:]]
        done = data.done(i)
        expected[f"progress {label}"] = [done, NETWORKS, Approx(share(done, NETWORKS)), data.states(i)[LATE]]

    kpi = {row[0].text(): [numbers(c.text()) for c in row[1:]] for row in table(root, "ตัวชี้วัด", "ผล")}
    shown["kpi"] = kpi
    expected["kpi"] = {
        "ผู้เข้าร่วม": [[data.total("participants")], [PEOPLE]],
        "ผู้มีความรู้ความเข้าใจ (ผ่านการทดสอบ)": [[Approx(passed)], [KPI]],
        "เครือข่ายที่มีแผนปฏิบัติการ": [[len({p["district_code"] for p in data.plans})], [NETWORKS]],
        "งบประมาณได้รับจัดสรร": [[data.total("budget_allocated", parse=money)], [BUDGET]],
        "งบประมาณใช้จ่าย": [[data.total("budget_spent", parse=money)], [BUDGET]],
    }

    # the timeline: each deadline passed, with the distinct districts (or provinces) that still owe it
    shown["timeline"] = {}
    for li in root.one("ol", "timeline").all("li"):
        if "tl-now" in li.classes:
            continue
        state_text = li.one("b", "tl-state").text()
        shown["timeline"][thai_date(li.one("time").text())] = (li.classes[0], number(state_text), "ค้าง" in state_text)
    tracked = {
        ACTIVITY_DEADLINE: data.outstanding(0, 1),
        ACTIVITY_DEADLINE + dt.timedelta(days=REPORT_DAYS): data.outstanding(3),
        PLAN_DEADLINE: data.outstanding(2),
        FY_START: None,
        BPM_DEADLINE: None,
    }
    for step, deadline in enumerate(FESTIVAL_DEADLINES):
        tracked[deadline] = data.festival_step(step)[2] if data.festival else None
    expected["timeline"] = {}
    for day, n in tracked.items():
        if day < data.as_of:
            expected["timeline"][day] = ("tl-late", n, True) if n else ("tl-past", None, False)
        else:
            expected["timeline"][day] = ("tl-due" if (day - data.as_of).days <= 14 else "tl-upcoming", None, False)

    # the map's table and the map's own labels
    shown["map table"] = {
        row[0].text(): [number(c.text()) for c in row[1:]] for row in table(root, "จังหวัด", "ส่งแผนแล้ว")
    }
    expected["map table"] = {}
    for code, name in data.provinces().items():
        done, total = data.done(2, code), len(data.in_province(code))
        expected["map table"][name] = [done, total, Approx(share(done, total))]
    shown["map"], expected["map"] = map_labels(root), expected_map_labels(data)

    # the charts' text alternatives, their bars' titles and captions
    shown["progress chart"] = progress_chart(root.one("svg", "chart-progress"))
    expected["progress chart"] = expected_progress_chart(data, None)
    welfare = root.one("svg", "chart-welfare")
    shown["welfare chart"] = {part.rsplit(" ", 2)[0]: number(part) for part in welfare.child("desc").text().split(", ")}
    shown["welfare bars"] = {
        r.one("title").text().split(" · ")[0]: number(r.one("title").text().rsplit(":", 1)[1])
        for r in welfare.all("rect")
        if r.all("title")
    }
    shown["welfare caption"] = numbers(welfare.parent.one("figcaption").text())
    counts = Counter(p["welfare_type"] for p in data.plans)
    expected["welfare chart"] = {w: counts[w] for w in WELFARE}
    # a type with no items may have no bar; a bar it has says 0
    expected["welfare bars"] = {w: counts[w] for w in WELFARE if counts[w] or w in shown["welfare bars"]}
    expected["welfare caption"] = [len(data.plans)]
    budget = root.one("svg", "chart-budget")
    money_figures = [BUDGET, data.total("budget_allocated", parse=money), data.total("budget_spent", parse=money)]
    shown["budget chart"] = numbers(budget.child("desc").text())
    shown["budget caption"] = numbers(budget.parent.one("figcaption").text())
    shown["budget bars"] = sorted(
        number(r.one("title").text().rsplit(":", 1)[1]) for r in budget.all("rect") if r.all("title")
    )
    expected["budget chart"] = expected["budget caption"] = money_figures
    expected["budget bars"] = sorted(v for v in money_figures if v)
    assert differences(shown, expected) == []


# ---------------------------------------------------------------- a province page


def test_province_page_figures(site, data):
    root = article(site, f"provinces/{PROVINCE}/index.html")
    mine = data.in_province(PROVINCE)
    names = {d["district"]: d for d in mine}
    shown, expected = {}, {}

    shown["districts"] = number(next(p.text() for p in root.all("p") if "รหัสจังหวัด" in p.text()).split("·")[-1])
    expected["districts"] = len(mine)
    shown["tiles"] = tiles(root)
    if shown["tiles"]:  # the province's headline tiles, when its page has them
        expected["tiles"] = expected_tiles(
            data,
            PROVINCE,
            len(mine),
            data.total("target_participants", PROVINCE),
            [data.total("budget_allocated", PROVINCE, money)],
        )
    else:
        expected["tiles"] = {}

    overview = {row[0].text(): [numbers(c.text()) for c in row[1:]] for row in table(root, "รายการ", "ผล", "เป้าหมาย")}
    shown["overview"] = overview
    expected["overview"] = {}
    for i, label in enumerate(MILESTONES):
        s = data.states(i, PROVINCE)
        against_country = [
            Approx(share(data.done(i, PROVINCE), len(mine))),
            Approx(share(data.done(i), len(data.districts))),
        ]  # the province's rate, the nation's
        expected["overview"][label] = [
            [s[DONE] + s[LATE]] + ([s[LATE]] if s[LATE] else []),
            [len(mine)],
            against_country,
        ]
    expected["overview"].update(
        {
            "ผู้เข้าร่วม": [[data.total("participants", PROVINCE)], [data.total("target_participants", PROVINCE)], []],
            "ผู้ผ่านการทดสอบความรู้": [
                [Approx(data.passed_share(PROVINCE))],
                [KPI],
                [Approx(data.passed_share(PROVINCE)), Approx(data.passed_share())],
            ],
            "งบประมาณใช้จ่าย": [
                [data.total("budget_spent", PROVINCE, money)],
                [data.total("budget_allocated", PROVINCE, money)],
                [],
            ],
            "รายการในแผนปฏิบัติการ": [[len(data.plan_items(PROVINCE))], [], []],
            "รายการในแผนที่เลยกำหนดแล้วยังไม่เสร็จ": [[data.overdue_plan_items(PROVINCE)], [], []],
        }
    )

    # each district's row: its four steps' states, participants, share passed, budget spent
    shown["district rows"], expected["district rows"] = {}, {}
    for row in table(root, "อำเภอ", "ประชุม"):
        badges = [badge(c) for c in row[1:5]]
        shown["district rows"][row[0].text()] = (
            [s for s, _ in badges],
            [t for _, t in badges],
            number(row[5].text()),
            number(row[6].text()),
            number(row[7].text()),
        )
    for name, d in names.items():
        states = [s for s, _ in data.milestones(d)]
        passed = share(d["passed"], d["participants"]) if count(d["participants"]) and d["passed"] else None
        expected["district rows"][name] = (
            states,
            [SHORT[s] for s in states],
            count(d["participants"]),
            Approx(passed),
            money(d["budget_spent"]),
        )

    # the list of districts still owing a step, with each step and its deadline
    late_list = [n for n in section(root, "อำเภอที่ค้างดำเนินการ") if n.tag == "ul"]
    shown["late"] = {}
    for li in late_list[0].all("li") if late_list else []:
        name, steps = li.text().split(":", 1)
        shown["late"][name.strip()] = [
            (label.strip(), thai_date(due)) for label, due in re.findall(r"([^,]+?) \(กำหนด ([^)]+)\)", steps)
        ]
    expected["late"] = {
        name: [(MILESTONES[i], due) for i, (s, due) in enumerate(data.milestones(d)) if s == OVERDUE]
        for name, d in names.items()
    }
    expected["late"] = {name: steps for name, steps in expected["late"].items() if steps}

    shown["progress chart"] = progress_chart(root.one("svg", "chart-progress"))
    expected["progress chart"] = expected_progress_chart(data, PROVINCE)
    shown["map"], expected["map"] = map_labels(root), expected_map_labels(data)

    # its Savings Festival, and its awards
    row = next((r for r in data.festival if r["province_code"] == PROVINCE), None)
    festival = section(root, "มหกรรมการออม 50 ปี")
    if row:
        tables = [t for node in festival for t in ([node] if node.tag == "table" else node.all("table"))]
        cells = {r[0].text(): r[1] for t in tables for r in [tr.all("td") for tr in t.all("tr")] if r}
        shown["festival"] = {
            label: numbers(cell.text()) for label, cell in cells.items() if not cell.all("span", "state")
        }
        shown["festival steps"] = [
            (badge(cell)[0], thai_date(cell.text())) for cell in cells.values() if cell.all("span", "state")
        ]
        expected["festival"] = {
            "สมาชิกที่เพิ่มเงินสัจจะ 50 บาท": [count(row["members_added"]), money(row["amount_added"])],
            "สมาชิกที่ฝากเงินสัจจะพิเศษ": [count(row["special_members"]), money(row["special_amount"])],
            "สมาชิกใหม่": [count(row["new_members"])],
        }
        expected["festival"] = {k: [v for v in vs if v is not None] for k, vs in expected["festival"].items()}
        expected["festival steps"] = [
            (
                state(data.festival_done_on(row, i), due, data.as_of),
                date(row["event_start"]) if i == 1 else data.festival_done_on(row, i),
            )
            for i, due in enumerate(FESTIVAL_DEADLINES)
        ]
    awards = section(root, "รางวัลมหกรรมการออม 50 ปี")
    line = " ".join(n.text() for n in awards)
    shown["awards"] = {t: number(m[1]) for t in AWARD_TYPES for m in [re.search(rf"{t} (\S+) รางวัล", line)] if m}
    mine_awards = Counter(a["award_type"] for a in data.awards if a["province_code"] == PROVINCE)
    expected["awards"] = {t: n for t, n in mine_awards.items() if n}
    assert differences(shown, expected) == []


# ---------------------------------------------------------------- the festival page


def step_status(text: str) -> dict:
    """What a national step's status says: how many did it, late, still owe it; its symbols."""

    def figure(pattern):
        found = re.search(pattern, text.translate(THAI_DIGITS).replace(",", ""))
        return int(found[1]) if found else 0

    return dict(
        done=figure(r"ทำแล้ว(?:ครบ)? (\d+)"),
        late=figure(r"ช้า (\d+)"),
        outstanding=figure(r"ค้าง (\d+)"),
        cross="✗" in text,
        tick="✓" in text,
        pending="ยังไม่ถึงกำหนด" in text,
    )


def test_festival_page_figures(site, data):
    root = article(site, "festival/index.html")
    shown, expected = {}, {}
    rows = data.festival
    if rows:
        intro = next(p.text() for p in root.all("p") if p.text().startswith("ข้อมูล ณ วันที่"))
        shown["intro"] = [thai_date(intro), numbers(intro.split(str(data.as_of.year + 543), 1)[1])]
        expected["intro"] = [data.as_of, [len(rows), PROVINCES]]

        def total(key):
            return sum((money(r[key]) for r in rows if r[key]), Decimal(0))

        shown["totals"] = {r[0].text().replace("*", ""): numbers(r[1].text()) for r in table(root, "รายการ", "ผล")}
        expected["totals"] = {
            "สมาชิกที่เพิ่มเงินสัจจะ 50 บาท": [total("members_added")],
            "ยอดเงินสัจจะที่เพิ่ม": [total("amount_added")],
            "สมาชิกที่ฝากเงินสัจจะพิเศษ": [total("special_members")],
            "ยอดเงินฝากสัจจะพิเศษ": [total("special_amount")],
            "รวมเงินออม": [total("amount_added") + total("special_amount")],
            "สมาชิกใหม่": [total("new_members")],
        }
        # numbers() reads the 50 of "50 บาท" in the label, not the cell: the label is the key
    shown["steps"], expected["steps"] = {}, {}
    for row in table(root, "ขั้นตอน", "กำหนด"):
        label = row[0].text()
        status = step_status(row[5].text())
        shown["steps"][label] = [numbers(row[2].text()), number(row[3].text()), number(row[4].text()), status]
    for i, label in enumerate(FESTIVAL_STEPS):
        done, late, outstanding = data.festival_step(i)
        past = data.as_of > FESTIVAL_DEADLINES[i]
        everyone = done == PROVINCES
        expected["steps"][label] = [
            [done, PROVINCES],
            late,
            outstanding,
            dict(
                done=done,
                late=late,
                outstanding=outstanding,
                cross=outstanding > 0,
                tick=everyone,
                pending=not past and not everyone,
            ),
        ]
    if rows:
        chart = root.one("svg", "chart-festival")
        shown["chart"] = [
            numbers(chart.child("title").text()),
            [(p.rsplit(" ", 2)[0], number(p)) for p in chart.child("desc").text().split(", ")],
        ]
        amounts = [(r, (money(r["amount_added"]) or 0) + (money(r["special_amount"]) or 0)) for r in rows]
        top = sorted((a for a in amounts if a[1]), key=lambda a: (-a[1], a[0]["province_code"]))[:10]
        expected["chart"] = [[len(top)], [(r["province"], amount) for r, amount in top]]

        shown["provinces"], expected["provinces"] = {}, {}
        for row in table(root, "จังหวัด", "เพิ่มสัจจะ (คน)"):
            steps = [(badge(c)[0], badge(c)[1], thai_date(c.text())) for c in row[6:9]]
            shown["provinces"][row[0].text()] = [number(c.text()) for c in row[1:6]] + steps
        for r in rows:
            figures = [
                count(r["members_added"]),
                money(r["amount_added"]),
                count(r["special_members"]),
                money(r["special_amount"]),
                count(r["new_members"]),
            ]
            steps = []
            for i, due in enumerate(FESTIVAL_DEADLINES):
                s = state(data.festival_done_on(r, i), due, data.as_of)
                steps.append((s, SHORT[s], date(r["event_start"]) if i == 1 else data.festival_done_on(r, i)))
            expected["provinces"][r["province"]] = figures + steps
        missing = sorted(set(data.provinces().values()) - {r["province"] for r in rows})
        note = [p.text() for p in root.all("p") if p.text().startswith("จังหวัดที่ยังไม่มีข้อมูลมหกรรมการออม")]
        shown["missing"] = [(number(n.split(":")[0]), sorted(n.split(": ", 1)[1].split(" · "))) for n in note]
        expected["missing"] = [(len(missing), missing)] if missing else []
    assert differences(shown, expected) == []
