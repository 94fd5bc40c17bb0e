"""The map of Thailand by province as static SVG, from the simplified boundaries in generator/data/."""

from __future__ import annotations

import functools
import html
import json
from pathlib import Path

import geothai

from ..domain import model

DATA = Path(__file__).resolve().parent.parent / "data" / "thailand-provinces.json"
ATTRIBUTION = (
    "เขตจังหวัด: Apache Superset (@superset-ui/legacy-plugin-chart-country-map 0.18.25),"
    " สัญญาอนุญาต Apache-2.0 ปรับให้เรียบง่ายขึ้น"
)
# Share of a province's districts that submitted the action plan: five classes, light to dark. Every
# district is to have a plan (the qualitative KPI), so the classes are finer towards 100%.
CLASSES = ((0.5, "ต่ำกว่า 50%"), (0.7, "50–69%"), (0.85, "70–84%"), (0.95, "85–94%"), (1.01, "95–100%"))
NO_DATA = "ไม่มีอำเภอในโครงการ"


@functools.cache
def boundaries() -> dict:
    return json.loads(DATA.read_text(encoding="utf-8"))


def plan_share(province: model.Province) -> float:
    return province.count_done(2) / len(province.districts) if province.districts else 0.0


def level(share: float) -> int:
    return next(i for i, (upper, _) in enumerate(CLASSES) if share < upper)


def thailand(portal: model.Portal, base: str, highlight: str | None = None, key: str = "map") -> str:
    """Every province a link to its page (`base` + code + '/'), filled by its share of plans submitted.
    `highlight` outlines one province (its own page). One line of SVG, for a raw HTML block."""
    data = boundaries()
    by_code = {p.code: p for p in portal.provinces}
    shapes = []
    for code, shape in data["provinces"].items():
        province = by_code.get(code)
        if province is None:
            name = html.escape(geothai.province(code).name_th)
            shapes.append(f'<path class="map-none" d="{shape["d"]}"><title>{name}: {NO_DATA}</title></path>')
            continue
        done, total = province.count_done(2), len(province.districts)
        label = html.escape(f"จังหวัด{province.name}: ส่งแผนแล้ว {done} จาก {total} อำเภอ ({plan_share(province):.0%})")
        css = f"map-l{level(plan_share(province))}" + (" map-here" if code == highlight else "")
        # href for crawlers and today's browsers, xlink:href for older SVG readers; both the same address.
        # (Material's instant navigation would assign el.href, which an SVG link does not allow: mkdocs.yml
        # does not turn it on, and tests/test_reader_details.py follows a map link in Chromium.)
        shapes.append(
            f'<a href="{base}{code}/" xlink:href="{base}{code}/" aria-label="{label}">'
            f'<path class="{css}" d="{shape["d"]}">'
            f"<title>{label}</title></path></a>"
        )
    if highlight in data["provinces"]:  # drawn last so its outline is on top
        shapes.append(f'<path class="map-outline" d="{data["provinces"][highlight]["d"]}"/>')
    title = "แผนที่ประเทศไทยรายจังหวัด: สัดส่วนอำเภอที่ส่งแผนปฏิบัติการแล้ว"
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" class="map-svg"'
        f' viewBox="{data["viewBox"]}" role="group"'
        f' aria-labelledby="{key}-title"><title id="{key}-title">{title}</title>{"".join(shapes)}</svg>'
    )


def legend() -> list[tuple[str, str]]:
    """(css class, label) for each colour of the map."""
    return [(f"map-l{i}", label) for i, (_, label) in enumerate(CLASSES)] + [("map-none", NO_DATA)]
