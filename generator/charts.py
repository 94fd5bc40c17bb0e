"""Charts as build-time SVG: pygal lays them out; its script, styles and tooltips are dropped (portal.css styles them).
The charts on many pages (each province's progress, each district's figures) are drawn directly, in pygal's layout."""
from __future__ import annotations

import functools
import html
import math
import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pygal
from pygal.style import Style

from . import model, thai

# Sizes pygal lays the text out with; portal.css draws the text at the same sizes in Sarabun.
FONT = '"Sarabun", "Noto Sans Thai", sans-serif'
STYLE = Style(font_family=FONT, label_font_size=16, major_label_font_size=16, legend_font_size=16,
              title_font_size=18, value_font_size=15, value_label_font_size=15, tooltip_font_size=15)
STATES = ((model.DONE, "ทันกำหนด"), (model.LATE, "เสร็จหลังกำหนด"),
          (model.OVERDUE, "เลยกำหนด ยังไม่ดำเนินการ"), (model.PENDING, "ยังไม่ถึงกำหนด"))
_DROP = {"script", "style", "desc", "defs", "title"}
_NUMBER = re.compile(r"\d+\.\d+")
# pygal's classes that portal.css does not use: dropped to keep pages light.
_UNSTYLED = {"reactive", "tooltip-trigger", "activate-serie", "graph", "horizontal", "plot", "bars", "bar", "guides",
             "titles", "centered", "major", "text-overlay", "series", "horizontalbar-graph", "horizontalstackedbar-graph"}
_UNSTYLED |= {f"serie-{i}" for i in range(10)}


def _config(**extra) -> dict:
    config = dict(style=STYLE, css=[], js=[], no_prefix=True, explicit_size=False, disable_xml_declaration=True,
                  show_y_guides=False, truncate_label=-1, truncate_legend=-1, margin=8, spacing=8,
                  legend_box_size=15, print_zeroes=False, value_formatter=thai.number)
    config.update(extra)
    return config


def _svg(chart, key: str, title: str, summary: str | None, tooltips: bool = True, digits: int = 1) -> str:
    """The chart as one line of inline SVG: labelled for screen readers by its title and a summary."""
    tree = chart.render_tree()
    for parent in list(tree.iter()):
        for child in list(parent):
            if not isinstance(child.tag, str):  # comments: pygal's credit and today's date
                parent.remove(child)
                continue
            tag, cls = child.tag.split("}")[-1], child.get("class", "").split()
            empty = tag == "g" and not any(e.tag.endswith("text") for e in child.iter())
            # pygal's guide titles are its own numbers, not for readers; overlays are for its script
            if tag in _DROP or "tooltip-overlay" in cls or "background" in cls or ("overlay" in cls and empty):
                parent.remove(child)
    if tooltips:
        _bar_titles(tree, chart)
    for el in tree.iter():
        for attr in ("rx", "ry", "id", "text-anchor"):  # portal.css anchors the text
            el.attrib.pop(attr, None)
        cls = el.get("class")
        if cls is not None:
            cls = " ".join(c for c in cls.split() if c not in _UNSTYLED)
            if cls:
                el.set("class", cls)
            else:
                del el.attrib["class"]
    _prune(tree)
    tree.set("class", f"chart-svg chart-{key}")
    tree.set("role", "img")
    tree.set("aria-labelledby", f"chart-{key}-title" + (f" chart-{key}-desc" if summary else ""))
    if summary:
        head_desc = ET.Element("desc", id=f"chart-{key}-desc")
        head_desc.text = summary
        tree.insert(0, head_desc)
    head_title = ET.Element("title", id=f"chart-{key}-title")
    head_title.text = title
    tree.insert(0, head_title)
    text = ET.tostring(tree, encoding="unicode", short_empty_elements=True)
    return _NUMBER.sub(lambda m: _round(m.group(), digits), text)


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


def _prune(tree) -> None:
    """Empty groups go; a group with no attributes around one element gives way to that element."""
    for parent in list(tree.iter()):
        for i, child in enumerate(list(parent)):
            if child.tag == "g" and not len(child) and not (child.text or "").strip():
                parent.remove(child)
    changed = True
    while changed:
        changed = False
        for parent in list(tree.iter()):
            for i, child in enumerate(list(parent)):
                if child.tag == "g" and not child.attrib:
                    at = list(parent).index(child)
                    parent.remove(child)
                    for offset, grandchild in enumerate(list(child)):
                        parent.insert(at + offset, grandchild)
                    changed = True
                    break


def _bar_titles(tree, chart) -> None:
    """A hover title on each bar: its category, series and value."""
    labels = list(chart.x_labels or [])
    series = [(config.get("title", ""), values) for values, config in chart.raw_series]
    serie_groups = [g for g in tree.iter() if "series" in (g.get("class") or "").split()]
    for s_index, g in enumerate(serie_groups):
        bars = [b for b in g.iter() if b.get("class") == "bar"]
        for b_index, bar in enumerate(bars):
            name, values = series[s_index]
            raw = values[b_index] if b_index < len(values) else None
            if raw is None:
                continue
            label = labels[b_index] if b_index < len(labels) else ""
            rect = next((r for r in bar.iter("rect")), bar)
            title = ET.SubElement(rect, "title")
            title.text = f"{label} · {name}: {thai.number(raw)}" if name else f"{label}: {thai.number(raw)}"


def progress(area: model.Area, key: str = "progress", of: str = "อำเภอ") -> str:
    """Each milestone: districts on time, late, overdue and not yet due, stacked to the total."""
    districts = area.districts
    labels = [m.label for m in districts[0].milestones] if districts else []
    counts = {state: [sum(1 for d in districts if d.milestones[i].state == state) for i in range(len(labels))]
              for state, _ in STATES}
    total = len(districts)
    summary = "; ".join(f"{label}: ทันกำหนด {counts[model.DONE][i]}, หลังกำหนด {counts[model.LATE][i]},"
                        f" เลยกำหนด {counts[model.OVERDUE][i]}, ยังไม่ถึงกำหนด {counts[model.PENDING][i]}"
                        f" จาก {total} {of}" for i, label in enumerate(labels))
    return _stacked_rows(key, f"ความก้าวหน้าตามขั้นตอน ({total:,} {of})", summary, labels,
                         [(name, counts[state]) for state, name in STATES], top=max(total, 1))


# The layout pygal gave the progress chart (kept so the pages look the same): the plot starts 246.4 units in,
# after the longest milestone label, 8 from the top and right; its range and its rows each have 2% of padding
# either side; a bar fills its row but 6% above and below; the axis and the legend take 136 units of height.
PLOT_LEFT, PLOT_TOP, PAD, BAR_GAP = 246.4, 8, .02, .06
ROW_HEIGHT = 44


def _stacked_rows(key: str, title: str, summary: str, labels: list[str], series: list[tuple[str, list[int]]],
                  top: int) -> str:
    """Horizontal bars stacked left to right, one row per label (the first on top), drawn directly:
    pygal took ~6 ms a chart to lay out the same SVG for 77 pages. Bars, ticks and legend are in pygal's order
    (bottom row first) and its arithmetic, so each coordinate rounds as before; portal.css styles the classes."""
    rows = len(labels)
    height = 150 + ROW_HEIGHT * rows
    width, plot_height = 480 - (PLOT_LEFT + 8), float(height - 136)
    low, high = 0 - PAD * top, top + PAD * top  # the range 0..top and its padding

    def x(value: float) -> float:
        return width * (value - low) / (high - low)

    def y(share: float) -> float:  # share 0..1 of the rows, from the bottom
        return plot_height - plot_height * (share - (0 - PAD)) / ((1 + PAD) - (0 - PAD))

    axis_y = [f'<text x="-5" y="{_1(y((i + .5) / rows) + .35 * 16)}">{_text(label)}</text>'
              for i, label in enumerate(reversed(labels))]
    axis_x = [f'<path d="M{_1(f"{x(tick):f}")} 0 v{_1(f"{plot_height:f}")}" class="{"guide" if tick else "axis"} line" />'
              f'<text x="{_1(x(tick))}" y="{_1(plot_height + 18)}">{thai.number(tick)}</text>' for tick in _ticks(top)]
    row = (y(1) - y(0)) / rows if rows else 0  # negative, as pygal has it: y grows downwards
    bar_height = -(row - 2 * (row * BAR_GAP))
    bars, legend, stacked = [], [], [0] * rows
    for s, (name, values) in enumerate(series):
        rects = []
        for i, value in enumerate(reversed(values)):  # the bottom row first
            start, stacked[i] = stacked[i], stacked[i] + value
            if not value:
                continue  # pygal drew an empty rectangle
            bar_width = -(x(start) - x(start + value))
            left, bar_top = x(start + value) - bar_width, y(i / rows) + row * BAR_GAP - bar_height
            rects.append(f'<rect x="{_1(left)}" y="{_1(bar_top)}" width="{_1(bar_width)}" height="{_1(bar_height)}"'
                         f' class="rect"><title>{_text(labels[rows - 1 - i])} · {_text(name)}: {thai.number(value)}'
                         '</title></rect>')
        bars.append(f'<g class="color-{s}">{"".join(rects)}</g>')
        legend.append(f'<g class="legend"><rect x="0" y="{_1(24 * s + .5)}" width="15" height="15" class="color-{s}" />'
                      f'<text x="20" y="{_1(24 * s + 12.8)}">{_text(name)}</text></g>')
    plot, legends = f"translate({int(PLOT_LEFT)}, {PLOT_TOP})", f"translate({int(PLOT_LEFT + 8)}, {_1(plot_height + 40)})"
    described = f" chart-{key}-desc" if summary else ""
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg chart-{key}" viewBox="0 0 480 {height}"'
            f' role="img" aria-labelledby="chart-{key}-title{described}">'
            f'<title id="chart-{key}-title">{_text(title)}</title>'
            + (f'<desc id="chart-{key}-desc">{_text(summary)}</desc>' if summary else "")
            + f'<g transform="{plot}">' + (f'<g class="axis y">{"".join(axis_y)}</g>' if rows else "")
            + f'<g class="axis x">{"".join(axis_x)}</g>{"".join(bars)}</g>'
            f'<g transform="{legends}" class="legends">{"".join(legend)}</g></svg>')


def _1(number: float | str) -> str:
    """A coordinate with one decimal at most, as the pygal charts have them."""
    return _round(str(number), 1)


def _text(value: str) -> str:
    return html.escape(value, quote=False)


def welfare(area: model.Area, key: str = "welfare") -> str:
    """Action-plan items by welfare type."""
    counts = list(area.welfare_counts)
    chart = pygal.HorizontalBar(**_config(width=480, height=60 + 32 * len(counts), show_legend=False,
                                          print_values=True, print_values_position="top",
                                          y_labels=_ticks(max([n for _, n in counts] + [1]))))
    chart.x_labels = [name for name, _ in reversed(counts)]
    chart.add("รายการ", [n for _, n in reversed(counts)])
    summary = ", ".join(f"{name} {thai.number(n)} รายการ" for name, n in counts)
    return _svg(chart, key, "รายการในแผนปฏิบัติการ จำแนกตามประเภทสวัสดิการ", summary)


def budget(area: model.Area, target: Decimal, key: str = "budget") -> str:
    """Budget: the target, what was allocated and what was spent, in baht."""
    rows = [("เป้าหมาย", target), ("ได้รับจัดสรร", area.budget_allocated), ("ใช้จ่ายแล้ว", area.budget_spent)]
    top = max([float(target)] + [float(v) for _, v in rows])
    chart = pygal.HorizontalBar(**_config(width=480, height=150, show_legend=False, print_values=True,
                                          print_values_position="top", range=(0, top * 1.35),
                                          y_labels=_ticks(top * 1.35, most=4),
                                          value_formatter=_short_baht, formatter=thai.number))
    chart.x_labels = [label for label, _ in reversed(rows)]
    chart.add("บาท", [float(v) for _, v in reversed(rows)])
    summary = ", ".join(f"{label} {thai.number(v)} บาท" for label, v in rows)
    return _svg(chart, key, "งบประมาณ (บาท)", summary)


KPI_LABELS = ("ผู้เข้าร่วม / เป้าหมาย", "ผ่านการทดสอบ / ผู้เข้าร่วม", "ใช้จ่าย / งบที่ได้รับ")


def district_kpi(district: model.District) -> str:
    """One district against its targets, in whole per cent: participants, passed the knowledge check, budget spent."""
    def share(part, whole):
        return round(float(part) / float(whole) * 100) if part is not None and whole else None

    return _kpi_chart((share(district.participants, district.target_participants),
                       share(district.passed, district.participants),
                       share(district.budget_spent, district.budget_allocated)))


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
    return ('<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg chart-kpi" viewBox="0 0 480 150" role="img"'
            ' aria-labelledby="chart-kpi-title"><title id="chart-kpi-title">ร้อยละเทียบเป้าหมาย (ตามตารางด้านบน)</title>'
            f'<g transform="translate(265, 8)"><g class="axis y">{"".join(reversed(labels))}</g>'
            f'<g class="color-0">{"".join(reversed(bars))}</g></g>'
            f'<g transform="translate(265, 8)"><g class="color-0">{"".join(reversed(texts))}</g></g></svg>')


def _short_baht(value: float) -> str:
    return f"{value / 1e6:g} ล้าน" if value >= 1e6 else f"{value:,.0f}"


def festival(summary: model.FestivalSummary, top: int = 10, key: str = "festival") -> str:
    """The Savings Festival: the provinces with the most baht saved, 50-baht savings and special deposits stacked."""
    rows = sorted((f for f in summary.rows if f.amount_total), key=lambda f: (-f.amount_total, f.province_code))[:top]
    most = max([float(f.amount_total) for f in rows] + [1])
    chart = pygal.HorizontalStackedBar(**_config(width=480, height=150 + 30 * len(rows), legend_at_bottom=True,
                                                 legend_at_bottom_columns=1, range=(0, most * 1.05),
                                                 y_labels=_ticks(most * 1.05, most=4), value_formatter=_short_baht,
                                                 formatter=thai.number))
    chart.x_labels = [f.province_name for f in reversed(rows)]
    chart.add("เพิ่มเงินสัจจะ 50 บาท", [float(f.amount_added or 0) for f in reversed(rows)])
    chart.add("ฝากสัจจะพิเศษ", [float(f.special_amount or 0) for f in reversed(rows)])
    summary_text = ", ".join(f"{f.province_name} {thai.number(f.amount_total)} บาท" for f in rows)
    return _svg(chart, key, f"ยอดเงินออมสูงสุด {len(rows)} อันดับแรก รายจังหวัด (บาท)", summary_text or "ยังไม่มีข้อมูล")
