"""Charts as build-time SVG, drawn directly: horizontal bars (stacked when there are several series), an axis of
round ticks, values or a legend, and a title and summary for screen readers. portal.css styles the classes
(the names pygal gave them once: the portal drew its charts with pygal until it was dropped for this one path)."""

from __future__ import annotations

import functools
import html
import math
from decimal import Decimal

from .. import thai
from ..domain import model

STATES = (
    (model.DONE, "ทันกำหนด"),
    (model.LATE, "เสร็จหลังกำหนด"),
    (model.OVERDUE, "เลยกำหนด ยังไม่ดำเนินการ"),
    (model.PENDING, "ยังไม่ถึงกำหนด"),
)
WIDTH = 480  # viewBox units; portal.css draws the text at 16 px (values 15 px) in Sarabun


def _ticks(top: float, most: int = 5) -> list[float]:
    """At most `most` round ticks from 0 to past `top` (1, 2 or 5 times a power of ten apart): readable on a phone."""
    top = max(top, 1)
    magnitude = 10 ** math.floor(math.log10(top))
    step = next(m * magnitude for m in (0.1, 0.2, 0.5, 1, 2, 5, 10) if top / (m * magnitude) < most)
    step = int(step) if step >= 1 else 1
    return [i * step for i in range(int(top // step) + 1)]


def _round(number: str, digits: int) -> str:
    value = round(float(number), digits)
    return f"{value:.{digits}f}".rstrip("0").rstrip(".") if digits else str(int(value))


def progress(area: model.Area, key: str = "progress", of: str = "อำเภอ") -> str:
    """Each milestone: districts on time, late, overdue and not yet due, stacked to the total."""
    districts = area.districts
    labels = [m.label for m in districts[0].milestones] if districts else []
    counts = {
        state: [sum(1 for d in districts if d.milestones[i].state == state) for i in range(len(labels))]
        for state, _ in STATES
    }
    total = len(districts)
    summary = "; ".join(
        f"{label}: ทันกำหนด {counts[model.DONE][i]}, หลังกำหนด {counts[model.LATE][i]},"
        f" เลยกำหนด {counts[model.OVERDUE][i]}, ยังไม่ถึงกำหนด {counts[model.PENDING][i]}"
        f" จาก {total} {of}"
        for i, label in enumerate(labels)
    )
    return _bars(
        key,
        f"ความก้าวหน้าตามขั้นตอน ({total:,} {of})",
        summary,
        labels,
        [(name, counts[state]) for state, name in STATES],
        height=150 + ROW_HEIGHT * len(labels),
        top=max(total, 1),
        ticks=_ticks(max(total, 1)),
        legend=True,
    )


# The layout: the plot starts after the longest row label (9.6 units a character at 16 px, plus 16), 8 units from
# the top and right; its range and its rows each have 2% of padding either side; a bar fills its row but 6% above
# and below; the axis labels take 40 units of height under the plot, and a legend 24 a series under those.
PLOT_TOP, PAD, BAR_GAP = 8, 0.02, 0.06
ROW_HEIGHT = 44  # the progress chart's rows


def _bars(
    key: str,
    title: str,
    summary: str,
    labels: list[str],
    series: list[tuple[str, list[float]]],
    *,
    height: int,
    top: float,
    ticks: list[float],
    tick_text=thai.number,
    value_text=None,
    legend: bool = False,
) -> str:
    """Horizontal bars, one row per label (the first on top), the series stacked left to right, drawn directly
    (pygal took ~6 ms a chart to lay out the same for 77 pages). Each bar has a hover title; `value_text`
    prints each row's total after its bar (none for 0); `legend` names the series under the axis. The range is
    0..`top`."""
    rows = len(labels)
    left = 16 + 9.6 * max((len(label) for label in labels), default=0)
    width = WIDTH - (left + 8)
    plot_height = float(height - 40 - (24 * len(series) if legend else 0))
    low, high = 0 - PAD * top, top + PAD * top  # the range 0..top and its padding

    def x(value: float) -> float:
        return width * (value - low) / (high - low)

    def y(share: float) -> float:  # share 0..1 of the rows, from the bottom
        return plot_height - plot_height * (share - (0 - PAD)) / ((1 + PAD) - (0 - PAD))

    axis_y = [
        f'<text x="-5" y="{_1(y((i + 0.5) / rows) + 0.35 * 16)}">{_text(label)}</text>'
        for i, label in enumerate(reversed(labels))
    ]
    axis_x = [
        f'<path d="M{_1(f"{x(tick):f}")} 0 v{_1(f"{plot_height:f}")}" class="{"guide" if tick else "axis"} line" />'
        f'<text x="{_1(x(tick))}" y="{_1(plot_height + 18)}">{_text(tick_text(tick))}</text>'
        for tick in ticks
        if tick <= top
    ]
    row = (y(1) - y(0)) / rows if rows else 0  # negative: y grows downwards
    bar_height = -(row - 2 * (row * BAR_GAP))
    bars, legend_items, stacked = [], [], [0] * rows
    for s, (name, values) in enumerate(series):
        rects = []
        for i, value in enumerate(reversed(values)):  # the bottom row first
            start, stacked[i] = stacked[i], stacked[i] + value
            if not value:
                continue  # nothing to draw
            bar_width = -(x(start) - x(start + value))
            left_x, bar_top = x(start + value) - bar_width, y(i / rows) + row * BAR_GAP - bar_height
            label = labels[rows - 1 - i]
            rects.append(
                f'<rect x="{_1(left_x)}" y="{_1(bar_top)}" width="{_1(bar_width)}" height="{_1(bar_height)}"'
                f' class="rect"><title>{_text(label)} · {_text(name)}: {thai.number(value)}</title></rect>'
            )
        bars.append(f'<g class="color-{s}">{"".join(rects)}</g>')
        legend_items.append(
            f'<g class="legend"><rect x="0" y="{_1(24 * s + 0.5)}" width="15" height="15"'
            f' class="color-{s}" /><text x="20" y="{_1(24 * s + 12.8)}">{_text(name)}</text></g>'
        )
    if value_text is not None:
        texts = [
            f'<text x="{_1(x(total) + 7.5)}" y="{_1(y((i + 0.5) / rows) + 0.35 * 15)}" class="value">'
            f"{_text(value_text(total))}</text>"
            for i, total in enumerate(stacked)
            if total
        ]
        bars.append(f'<g class="color-0">{"".join(texts)}</g>')
    described = f" chart-{key}-desc" if summary else ""
    legends = (
        f'<g transform="translate({int(left + 8)}, {_1(plot_height + 40)})" class="legends">{"".join(legend_items)}</g>'
        if legend
        else ""
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg chart-{key}" viewBox="0 0 {WIDTH} {height}"'
        f' role="img" aria-labelledby="chart-{key}-title{described}">'
        f'<title id="chart-{key}-title">{_text(title)}</title>'
        + (f'<desc id="chart-{key}-desc">{_text(summary)}</desc>' if summary else "")
        + f'<g transform="translate({int(left)}, {PLOT_TOP})">'
        + (f'<g class="axis y">{"".join(axis_y)}</g>' if rows else "")
        + f'<g class="axis x">{"".join(axis_x)}</g>{"".join(bars)}</g>{legends}</svg>'
    )


def _1(number: float | str) -> str:
    """A coordinate with one decimal at most, as the pygal charts have them."""
    return _round(str(number), 1)


def _text(value: str) -> str:
    return html.escape(value, quote=False)


def welfare(area: model.Area, key: str = "welfare") -> str:
    """Action-plan items by welfare type."""
    counts = list(area.welfare_counts)
    most = max([n for _, n in counts] + [1])
    summary = ", ".join(f"{name} {thai.number(n)} รายการ" for name, n in counts)
    return _bars(
        key,
        "รายการในแผนปฏิบัติการ จำแนกตามประเภทสวัสดิการ",
        summary,
        [name for name, _ in counts],
        [("รายการ", [n for _, n in counts])],
        height=60 + 32 * len(counts),
        top=most * 1.15,
        ticks=_ticks(most),
        value_text=thai.number,
    )


def budget(area: model.Area, target: Decimal, key: str = "budget") -> str:
    """Budget: the target, what was allocated and what was spent, in baht."""
    rows = [("เป้าหมาย", target), ("ได้รับจัดสรร", area.budget_allocated), ("ใช้จ่ายแล้ว", area.budget_spent)]
    top = max([float(target)] + [float(v) for _, v in rows])
    summary = ", ".join(f"{label} {thai.number(v)} บาท" for label, v in rows)
    return _bars(
        key,
        "งบประมาณ (บาท)",
        summary,
        [label for label, _ in rows],
        [("บาท", [float(v) for _, v in rows])],
        height=150,
        top=top * 1.35,
        ticks=_ticks(top * 1.35, most=4),
        tick_text=_short_baht,
        value_text=thai.number,
    )


KPI_LABELS = ("ผู้เข้าร่วม / เป้าหมาย", "ผ่านการทดสอบ / ผู้เข้าร่วม", "ใช้จ่าย / งบที่ได้รับ")


def district_kpi(district: model.District) -> str:
    """One district against its targets, in whole per cent: participants, passed the knowledge check, budget spent."""

    def share(part, whole):
        return round(float(part) / float(whole) * 100) if part is not None and whole else None

    return _kpi_chart(
        (
            share(district.participants, district.target_participants),
            share(district.passed, district.participants),
            share(district.budget_spent, district.budget_allocated),
        )
    )


KPI_BAR_WIDTH = 177  # the layout pygal gave this chart once: plot 177 units wide, rows 43 apart, bars 33 high


@functools.lru_cache(maxsize=4096)
def _kpi_chart(values: tuple[int | None, ...]) -> str:
    """Three bars, drawn directly: 878 pages each have one, and pygal took ~1 ms a chart to lay out the same
    SVG (portal.css styles it like the pygal charts). A missing figure has no bar; the table above has it all."""
    top = max([100] + [v for v in values if v is not None])
    labels, bars, texts = [], [], []
    for row, (label, value) in enumerate(zip(KPI_LABELS, values)):
        y = 7 + 43 * row
        labels.append(f'<text x="-5" y="{y + 23}">{label}</text>')
        if value is not None:
            width = value / top * KPI_BAR_WIDTH
            bars.append(f'<rect x="4" y="{y}" width="{round(width)}" height="33" class="rect" />')
            texts.append(f'<text x="{round(4 + width + 7)}" y="{y + 22}" class="value">{value:.0f}%</text>')
    if not bars:
        texts.append('<text x="90" y="67">ยังไม่มีข้อมูล</text>')
    # pygal's order, bottom row first, so the page is the same as before
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg chart-kpi" viewBox="0 0 480 150" role="img"'
        ' aria-labelledby="chart-kpi-title"><title id="chart-kpi-title">ร้อยละเทียบเป้าหมาย (ตามตารางด้านบน)</title>'
        f'<g transform="translate(265, 8)"><g class="axis y">{"".join(reversed(labels))}</g>'
        f'<g class="color-0">{"".join(reversed(bars))}</g></g>'
        f'<g transform="translate(265, 8)"><g class="color-0">{"".join(reversed(texts))}</g></g></svg>'
    )


def _short_baht(value: float) -> str:
    return f"{value / 1e6:g} ล้าน" if value >= 1e6 else f"{value:,.0f}"


def festival(summary: model.FestivalSummary, top: int = 10, key: str = "festival") -> str:
    """The Savings Festival: the provinces with the most baht saved, 50-baht savings and special deposits stacked."""
    rows = sorted((f for f in summary.rows if f.amount_total), key=lambda f: (-f.amount_total, f.province_code))[:top]
    most = max([float(f.amount_total) for f in rows] + [1])
    summary_text = ", ".join(f"{f.province_name} {thai.number(f.amount_total)} บาท" for f in rows)
    return _bars(
        key,
        f"ยอดเงินออมสูงสุด {len(rows)} อันดับแรก รายจังหวัด (บาท)",
        summary_text or "ยังไม่มีข้อมูล",
        [f.province_name for f in rows],
        [
            ("เพิ่มเงินสัจจะ 50 บาท", [float(f.amount_added or 0) for f in rows]),
            ("ฝากสัจจะพิเศษ", [float(f.special_amount or 0) for f in rows]),
        ],
        height=150 + 30 * len(rows),
        top=most * 1.05,
        ticks=_ticks(most * 1.05, most=4),
        tick_text=_short_baht,
        legend=True,
    )
