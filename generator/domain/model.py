"""Stage 4, model: frozen objects the templates read, built from validated records.
Private columns are dropped here, so nothing after this stage can publish them."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, cast, overload

from pythainlp.util import collate

from .. import attachments, programme
from ..workbook import places
from ..workbook.normalise import THAI_DIGITS
from ..workbook.schema import (
    AWARD_RANKS,
    AWARD_TYPES,
    AWARDS,
    DISTRICTS,
    PLAN_STATUSES,
    PROVINCES,
    WELFARE_TYPES,
    private_keys,
)
from ..workbook.validate import Record

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

    def overdue_on(self, day: dt.date) -> bool:
        """Its period ended before `day` and the workbook does not say it was done or cancelled."""
        return self.end is not None and self.end < day and self.status not in FINISHED_PLAN_STATUSES


# The plan statuses (schema.PLAN_STATUSES) after which an activity is no longer followed up.
FINISHED_PLAN_STATUSES = frozenset(thai for thai, key in PLAN_STATUSES if key in ("done", "cancelled"))


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
    awards: tuple[Award, ...] = ()
    """Awards of the Savings Festival won in this district (its groups and their members)."""

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
        # A week after the last activity; with none held, a week after the activity deadline (the latest it
        # could have been due), so a district that never met is not shown as "not yet due" on its report.
        last = max(activities) if activities else programme.ACTIVITY_DEADLINE
        report_due = last + dt.timedelta(days=programme.REPORT_DAYS)
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

    @property
    def overdue_plan_items(self) -> tuple[PlanItem, ...]:
        return tuple(item for item in self.plan if item.overdue_on(self.as_of))


@overload
def _sum(values: Iterable[int | None]) -> int: ...
@overload
def _sum(values: Iterable[Decimal | None]) -> Decimal | int: ...
def _sum(values: Iterable[int | Decimal | None]) -> int | Decimal:
    """The sum of the values given; 0 (an int) when none is."""
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
    def meets_kpi(self) -> bool:
        """The share passed reaches the programme's indicator (80%); False when nobody reported."""
        share = self.passed_share
        return share is not None and share >= programme.KPI_PASS_SHARE

    @property
    def budget_allocated(self) -> Decimal | int:
        """0, an int, when no district gave an amount."""
        return _sum(d.budget_allocated for d in self.districts)

    @property
    def budget_spent(self) -> Decimal | int:
        """0, an int, when no district gave an amount."""
        return _sum(d.budget_spent for d in self.districts)

    def count_done(self, index: int) -> int:
        """Districts that completed milestone `index` (0 meeting, 1 visit, 2 plan, 3 report)."""
        return sum(1 for d in self.districts if d.milestones[index].done_on)

    def count_state(self, index: int, state: str) -> int:
        """Districts whose milestone `index` is in `state` (DONE, LATE, OVERDUE or PENDING)."""
        return sum(1 for d in self.districts if d.milestones[index].state == state)

    def done_share(self, index: int, whole: int | None = None) -> Decimal | None:
        """Districts that completed milestone `index`, as a share of `whole` (default: the area's districts)."""
        whole = len(self.districts) if whole is None else whole
        return Decimal(self.count_done(index)) / whole if whole else None

    @property
    def progress(self) -> tuple[tuple[str, int, int], ...]:
        """(milestone label, done, done late) for each milestone."""
        labels = [m.label for m in self.districts[0].milestones] if self.districts else []
        return tuple((label, self.count_done(i), self.count_state(i, LATE)) for i, label in enumerate(labels))

    def overdue_districts(self, *indices: int) -> tuple[District, ...]:
        """Districts with any of these milestones (any at all if none given) past its deadline and not done.
        Each district once, however many of the steps it owes: outstanding districts are distinct districts."""
        return tuple(
            d
            for d in self.districts
            if any(m.state == OVERDUE for i, m in enumerate(d.milestones) if not indices or i in indices)
        )

    @property
    def late_districts(self) -> tuple[District, ...]:
        return self.overdue_districts()

    @property
    def networks_with_plan(self) -> int:
        """Districts whose network has at least one action-plan item."""
        return sum(1 for d in self.districts if d.plan)

    @property
    def plan_items(self) -> tuple[PlanItem, ...]:
        return tuple(item for d in self.districts for item in d.plan)

    @property
    def overdue_plan_items(self) -> tuple[PlanItem, ...]:
        """Action-plan activities whose period has ended without being done or cancelled."""
        return tuple(item for d in self.districts for item in d.overdue_plan_items)

    @property
    def welfare_counts(self) -> tuple[tuple[str, int], ...]:
        counts = Counter(item.welfare_type for item in self.plan_items)
        return tuple((thai, counts[thai]) for thai, _ in WELFARE_TYPES)


@dataclass(frozen=True)
class Festival:
    """One province's results of the 50-year Savings Festival (activity 1.3)."""

    province_code: str
    province_name: str
    members_added: int | None
    amount_added: Decimal | None
    special_members: int | None
    special_amount: Decimal | None
    new_members: int | None
    deposit_reported: dt.date | None
    event_start: dt.date | None
    event_end: dt.date | None
    summary_reported: dt.date | None
    notes: str | None
    as_of: dt.date

    @property
    def amount_total(self) -> Decimal | None:
        if self.amount_added is None and self.special_amount is None:
            return None
        # a Decimal: at least one of the two is, and 0 + Decimal is a Decimal
        return cast(Decimal, _sum((self.amount_added, self.special_amount)))

    @property
    def event_held(self) -> dt.date | None:
        """The first event day, once it is not after the data's date (a later date is only planned)."""
        return self.event_start if self.event_start and self.event_start <= self.as_of else None

    @functools.cached_property
    def milestones(self) -> tuple[Milestone, ...]:
        return (
            Milestone(FESTIVAL_STEPS[0], programme.DEPOSIT_REPORT_DEADLINE, self.deposit_reported, self.as_of),
            Milestone(FESTIVAL_STEPS[1], programme.FESTIVAL_END, self.event_held, self.as_of),
            Milestone(FESTIVAL_STEPS[2], programme.SUMMARY_DEADLINE, self.summary_reported, self.as_of),
        )


FESTIVAL_STEPS = ("รายงานยอดเงินฝาก", "จัดงานมหกรรมการออม", "ส่งรายงานสรุปผล")


@dataclass(frozen=True)
class FestivalStep:
    """One festival deadline across the provinces: how many did it, how many late, how many still owe it.
    `state` is the country's: DONE or LATE once every province did it, OVERDUE while some still owe it after
    the deadline (done, late and outstanding then say how far it got), PENDING before the deadline."""

    label: str
    deadline: dt.date
    done: int
    late: int
    outstanding: int
    state: str


@dataclass(frozen=True)
class FestivalSummary:
    """National totals of the festival over the provinces that sent a row."""

    rows: tuple[Festival, ...]
    as_of: dt.date

    def total(self, key: str) -> int | Decimal:
        return _sum(getattr(f, key) for f in self.rows)

    @property
    def steps(self) -> tuple[FestivalStep, ...]:
        steps = []
        for i, label in enumerate(FESTIVAL_STEPS):
            deadline = (programme.DEPOSIT_REPORT_DEADLINE, programme.FESTIVAL_END, programme.SUMMARY_DEADLINE)[i]
            done = [f.milestones[i] for f in self.rows if f.milestones[i].done_on]
            late = sum(1 for m in done if m.state == LATE)
            missing = programme.PROVINCES - len(done)
            # The whole country's state: done when every province has done it (late if any was late).
            last = max((m.done_on for m in done if m.done_on), default=None) if not missing else None
            state = Milestone(label, deadline, last, self.as_of).state
            if state == DONE and late:
                state = LATE
            steps.append(FestivalStep(label, deadline, len(done), late, missing if self.as_of > deadline else 0, state))
        return tuple(steps)


@dataclass(frozen=True)
class Office:
    """A provincial community development office's public contact; the contact person is never kept."""

    province_code: str
    province_name: str
    office_name: str
    address: str | None
    phone: str | None
    email: str | None
    website: str | None

    @property
    def phone_link(self) -> str:
        """The first number's digits for a tel: link (0 4566 6512 ต่อ 12 -> 045666512)."""
        first = re.split(r",|/|ต่อ|ext|x", (self.phone or "").translate(THAI_DIGITS))[0]
        return re.sub(r"\D", "", first)


@dataclass(frozen=True)
class Province(Area):
    code: str = ""
    name: str = ""
    name_en: str = ""
    festival: Festival | None = None
    office: Office | None = None
    awards: tuple[Award, ...] = ()


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
class Award:
    """One award of the Savings Festival (activity 1.3, step 4): an outstanding member or group.
    The awardee's name is public, as an award is; their contact columns never reach this object."""

    award_type: str
    rank: str | None
    province_code: str
    province_name: str
    district_code: str
    district_name: str
    group_name: str
    awardee: str | None
    citation: tuple[str, ...]
    award_date: dt.date | None

    @property
    def is_group(self) -> bool:
        return self.award_type == AWARD_TYPES[1][0]


@dataclass(frozen=True)
class Document:
    """An official letter (หนังสือราชการ); its page address is doc_id, never the Thai letter number."""

    doc_id: str
    number: str
    date: dt.date
    date_as_written: str | None
    sender: str
    recipient: str
    subject: str
    references: tuple[str, ...]
    attachments: tuple[attachments.Attachment, ...]
    deadline: dt.date | None
    summary: tuple[str, ...]


@dataclass(frozen=True)
class Portal(Area):
    provinces: tuple[Province, ...] = ()
    sessions: tuple[Session, ...] = ()
    as_of: dt.date | None = None
    is_sample: bool = False
    source: str | None = None
    festival: FestivalSummary | None = None
    offices: tuple[Office, ...] = ()
    awards: tuple[Award, ...] = ()
    """Every award, by province in Thai dictionary order."""
    documents: tuple[Document, ...] = ()
    """Official letters, newest first."""

    @property
    def provinces_without_festival(self) -> tuple[Province, ...]:
        """Provinces with districts in the workbook but no row of Savings Festival results."""
        return tuple(p for p in self.provinces if p.festival is None)


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

    awards = _awards(records.get("awards", []))
    hidden = private_keys(DISTRICTS)
    districts = []
    for r in records["districts"]:
        public = {k: v for k, v in r.values.items() if k not in hidden}
        official = places.district(public["district_code"])
        districts.append(
            District(
                code=official.code,
                province_code=official.province_code,
                province_name=places.province(official.province_code).name_th,
                name=official.name_th,
                name_en=official.name_en,
                network_name=public["network_name"],
                target_participants=public["target_participants"] or programme.PEOPLE_PER_NETWORK,
                **{
                    k: public[k]
                    for k in (
                        "budget_allocated",
                        "budget_spent",
                        "meeting_date",
                        "meeting_venue",
                        "visit_date",
                        "visit_group",
                        "participants",
                        "passed",
                        "plan_submitted",
                        "report_submitted",
                        "notes",
                    )
                },
                plan=tuple(sorted(plans.get(official.code, []), key=lambda p: p.item_no)),
                as_of=as_of,
                awards=tuple(a for a in awards if a.district_code == official.code),
            )
        )

    festival = {f.province_code: f for f in _festival(records.get("festival", []), as_of)}
    offices = {o.province_code: o for o in _offices(records.get("provinces", []))}
    provinces = []
    for code in {d.province_code for d in districts}:
        p = places.province(code)
        members = thai_sorted([d for d in districts if d.province_code == code], lambda d: d.name)
        provinces.append(
            Province(
                tuple(members),
                code=code,
                name=p.name_th,
                name_en=p.name_en,
                festival=festival.get(code),
                office=offices.get(code),
                awards=tuple(a for a in awards if a.province_code == code),
            )
        )
    provinces = thai_sorted(provinces, lambda p: p.name)

    lines = ("scope", "method", "media", "evaluation")
    sessions = sorted(
        (Session(**_session_fields(r, lines)) for r in records["curriculum"]),
        key=lambda s: (s.day, s.start or dt.time(0), s.session_id),
    )
    return Portal(
        tuple(d for p in provinces for d in p.districts),
        provinces=tuple(provinces),
        sessions=tuple(sessions),
        as_of=as_of,
        is_sample=bool(about and about["is_sample"]),
        source=about["source"] if about else None,
        festival=FestivalSummary(tuple(thai_sorted(festival.values(), lambda f: f.province_name)), as_of),
        offices=tuple(thai_sorted(offices.values(), lambda o: o.province_name)),
        awards=tuple(a for p in provinces for a in p.awards),
        documents=_documents(records.get("documents", [])),
    )


def _session_fields(r: Record, lines: tuple[str, ...]) -> dict[str, Any]:
    """A Session's values, typed by the schema's columns (so Any); a line column's empty cell becomes ()."""
    return {k: r[k] or () if k in lines else r[k] for k in Session.__dataclass_fields__}


def _awards(records: list[Record]) -> list[Award]:
    """Public columns only. Ordered as the seed lists the awards (members, then groups), by rank, then by
    district and group in Thai dictionary order; provinces are ordered where they are grouped."""
    hidden = private_keys(AWARDS)
    awards = []
    for r in records:
        public = {k: v for k, v in r.values.items() if k not in hidden}
        district = places.district(public["district_code"])
        awards.append(
            Award(
                province_name=places.province(district.province_code).name_th,
                district_name=district.name_th,
                citation=public["citation"] or (),
                **{
                    k: public[k]
                    for k in (
                        "award_type",
                        "rank",
                        "province_code",
                        "district_code",
                        "group_name",
                        "awardee",
                        "award_date",
                    )
                },
            )
        )
    types = [t for t, _ in AWARD_TYPES]
    ranks = [t for t, _ in AWARD_RANKS]
    awards = thai_sorted(thai_sorted(awards, lambda a: a.group_name), lambda a: a.district_name)
    return sorted(awards, key=lambda a: (types.index(a.award_type), ranks.index(a.rank) if a.rank else len(ranks)))


def _documents(records: list[Record]) -> tuple[Document, ...]:
    docs = []
    for r in records:
        files = tuple(
            attachments.Attachment(title, target, attachments.kind(target) if target else attachments.NONE)
            for title, target in map(attachments.split, r["attachments"] or ())
        )
        # values typed by the schema's columns, so Any: a line column's empty cell becomes ()
        fields: dict[str, Any] = {
            k: r[k] or () if k in ("references", "summary") else r[k]
            for k in Document.__dataclass_fields__
            if k != "attachments"
        }
        docs.append(Document(attachments=files, **fields))
    return tuple(sorted(docs, key=lambda d: (d.date, d.doc_id), reverse=True))


def _festival(records: list[Record], as_of: dt.date) -> list[Festival]:
    fields = [k for k in Festival.__dataclass_fields__ if k not in ("province_name", "as_of")]
    return [
        Festival(province_name=places.province(r["province_code"]).name_th, as_of=as_of, **{k: r[k] for k in fields})
        for r in records
    ]


def _offices(records: list[Record]) -> list[Office]:
    """Public columns only: the schema's private ones (the contact person) are not read."""
    hidden = private_keys(PROVINCES)
    offices = []
    for r in records:
        public = {k: v for k, v in r.values.items() if k not in hidden}
        name = places.province(public["province_code"]).name_th
        offices.append(
            Office(
                province_code=public["province_code"],
                province_name=name,
                office_name=public["office_name"] or f"สำนักงานพัฒนาชุมชนจังหวัด{name}",
                **{k: public[k] for k in ("address", "phone", "email", "website")},
            )
        )
    return offices
