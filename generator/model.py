"""Stage 4, model: frozen objects the templates read, built from validated records.
Private columns are dropped here, so nothing after this stage can publish them."""
from __future__ import annotations

import datetime as dt
import functools
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

import geothai
from pythainlp.util import collate

from . import programme
from .schema import DISTRICTS, WELFARE_TYPES, private_keys
from .validate import Record

DONE, LATE, OVERDUE, PENDING = "done", "late", "overdue", "pending"


@dataclass(frozen=True)
class Milestone:
    label: str
    deadline: dt.date | None
    done_on: dt.date | None
    as_of: dt.date

    @property
    def state(self) -> str:
        if self.done_on:
            return LATE if self.deadline and self.done_on > self.deadline else DONE
        return OVERDUE if self.deadline and self.as_of > self.deadline else PENDING


@dataclass(frozen=True)
class PlanItem:
    district_code: str
    item_no: int
    activity: str
    objective: str | None
    welfare_type: str
    target_group: str | None
    target_count: int | None
    budget: Decimal | None
    budget_source: str | None
    start: dt.date | None
    end: dt.date | None
    responsible: str | None
    indicator: str | None
    status: str | None


@dataclass(frozen=True)
class District:
    code: str
    province_code: str
    province_name: str
    name: str
    name_en: str
    network_name: str | None
    target_participants: int
    budget_allocated: Decimal | None
    budget_spent: Decimal | None
    meeting_date: dt.date | None
    meeting_venue: str | None
    visit_date: dt.date | None
    visit_group: str | None
    participants: int | None
    passed: int | None
    plan_submitted: dt.date | None
    report_submitted: dt.date | None
    notes: str | None
    plan: tuple[PlanItem, ...]
    as_of: dt.date

    @property
    def passed_share(self) -> Decimal | None:
        if not self.participants or self.passed is None:
            return None
        return Decimal(self.passed) / Decimal(self.participants)

    @property
    def meets_kpi(self) -> bool | None:
        share = self.passed_share
        return None if share is None else share >= programme.KPI_PASS_SHARE

    @functools.cached_property  # read for every district by every summary; computed once
    def milestones(self) -> tuple[Milestone, ...]:
        activities = [d for d in (self.meeting_date, self.visit_date) if d]
        report_due = max(activities) + dt.timedelta(days=programme.REPORT_DAYS) if activities else None
        return (
            Milestone("จัดประชุม 1 วัน", programme.ACTIVITY_DEADLINE, self.meeting_date, self.as_of),
            Milestone("ศึกษาดูงาน 1 วัน", programme.ACTIVITY_DEADLINE, self.visit_date, self.as_of),
            Milestone("ส่งแผนปฏิบัติการ (แบบ ๒)", programme.PLAN_DEADLINE, self.plan_submitted, self.as_of),
            Milestone("ส่งรายงานผล", report_due, self.report_submitted, self.as_of),
        )

    @property
    def is_late(self) -> bool:
        return any(m.state in (LATE, OVERDUE) for m in self.milestones)

    @property
    def overdue(self) -> tuple[Milestone, ...]:
        return tuple(m for m in self.milestones if m.state == OVERDUE)


def _sum(values) -> int | Decimal:
    return sum((v for v in values if v is not None), 0)


@dataclass(frozen=True)
class Area:
    """Totals over a set of districts: a province or the whole country."""
    districts: tuple[District, ...]

    @property
    def target_participants(self) -> int:
        return _sum(d.target_participants for d in self.districts)

    @property
    def participants(self) -> int:
        return _sum(d.participants for d in self.districts)

    @property
    def passed(self) -> int:
        return _sum(d.passed for d in self.districts)

    @property
    def passed_share(self) -> Decimal | None:
        # Only districts that reported both counts, so a missing report does not lower the share.
        reported = [d for d in self.districts if d.passed_share is not None]
        people = _sum(d.participants for d in reported)
        return Decimal(_sum(d.passed for d in reported)) / people if people else None

    @property
    def budget_allocated(self) -> Decimal:
        return _sum(d.budget_allocated for d in self.districts)

    @property
    def budget_spent(self) -> Decimal:
        return _sum(d.budget_spent for d in self.districts)

    def count_done(self, index: int) -> int:
        """Districts that completed milestone `index` (0 meeting, 1 visit, 2 plan, 3 report)."""
        return sum(1 for d in self.districts if d.milestones[index].done_on)

    @property
    def progress(self) -> tuple[tuple[str, int, int], ...]:
        """(milestone label, done, done late) for each milestone."""
        labels = [m.label for m in self.districts[0].milestones] if self.districts else []
        return tuple(
            (label, self.count_done(i), sum(1 for d in self.districts if d.milestones[i].state == LATE))
            for i, label in enumerate(labels)
        )

    @property
    def late_districts(self) -> tuple[District, ...]:
        return tuple(d for d in self.districts if d.overdue)

    @property
    def plan_items(self) -> tuple[PlanItem, ...]:
        return tuple(item for d in self.districts for item in d.plan)

    @property
    def welfare_counts(self) -> tuple[tuple[str, int], ...]:
        counts = Counter(item.welfare_type for item in self.plan_items)
        return tuple((thai, counts[thai]) for thai, _ in WELFARE_TYPES)


@dataclass(frozen=True)
class Province(Area):
    code: str = ""
    name: str = ""
    name_en: str = ""


@dataclass(frozen=True)
class Session:
    session_id: str
    day: int
    start: dt.time | None
    end: dt.time | None
    topic: str
    scope: tuple[str, ...]
    method: tuple[str, ...]
    media: tuple[str, ...]
    evaluation: tuple[str, ...]


@dataclass(frozen=True)
class Portal(Area):
    provinces: tuple[Province, ...] = ()
    sessions: tuple[Session, ...] = ()
    as_of: dt.date | None = None
    is_sample: bool = False
    source: str | None = None


def thai_sorted(items, name):
    """Sort in Thai dictionary order (code-point order puts เ แ โ ใ ไ after ฮ)."""
    order = {text: i for i, text in enumerate(collate({name(i) for i in items}))}
    return sorted(items, key=lambda i: order[name(i)])


def _latest_date(records: dict[str, list[Record]]) -> dt.date | None:
    dates = [v for rs in records.values() for r in rs for v in r.values.values() if isinstance(v, dt.date)]
    return max(dates, default=None)


def build_portal(records: dict[str, list[Record]]) -> Portal:
    about = records["about"][0] if records["about"] else None
    # Lateness is judged as of the data's own date, never the build's clock, so output is reproducible.
    as_of = (about and about["as_of"]) or _latest_date(records) or programme.PLAN_DEADLINE
    plans: dict[str, list[PlanItem]] = {}
    for r in records["plans"]:
        plans.setdefault(r["district_code"], []).append(PlanItem(**{k: r[k] for k in PlanItem.__dataclass_fields__}))

    hidden = private_keys(DISTRICTS)
    districts = []
    for r in records["districts"]:
        public = {k: v for k, v in r.values.items() if k not in hidden}
        official = geothai.district(public["district_code"])
        districts.append(District(
            code=official.code, province_code=official.province_code,
            province_name=geothai.province(official.province_code).name_th,
            name=official.name_th, name_en=official.name_en,
            network_name=public["network_name"],
            target_participants=public["target_participants"] or programme.PEOPLE_PER_NETWORK,
            **{k: public[k] for k in ("budget_allocated", "budget_spent", "meeting_date", "meeting_venue",
                                      "visit_date", "visit_group", "participants", "passed",
                                      "plan_submitted", "report_submitted", "notes")},
            plan=tuple(sorted(plans.get(official.code, []), key=lambda p: p.item_no)),
            as_of=as_of,
        ))

    provinces = []
    for code in {d.province_code for d in districts}:
        p = geothai.province(code)
        members = thai_sorted([d for d in districts if d.province_code == code], lambda d: d.name)
        provinces.append(Province(tuple(members), code=code, name=p.name_th, name_en=p.name_en))
    provinces = thai_sorted(provinces, lambda p: p.name)

    lines = ("scope", "method", "media", "evaluation")
    sessions = sorted((Session(**{k: r[k] or () if k in lines else r[k] for k in Session.__dataclass_fields__})
                       for r in records["curriculum"]),
                      key=lambda s: (s.day, s.start or dt.time(0), s.session_id))
    return Portal(
        tuple(d for p in provinces for d in p.districts),
        provinces=tuple(provinces), sessions=tuple(sessions), as_of=as_of,
        is_sample=bool(about and about["is_sample"]), source=about and about["source"],
    )
