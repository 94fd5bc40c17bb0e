"""Dev-time only: derive thailand-provinces.json (SVG paths) from the Apache-2.0 Thailand GeoJSON.

Not run by the build (which must not reach the network). To regenerate:

    npm pack @superset-ui/legacy-plugin-chart-country-map@0.18.25 && tar xzf superset-ui-*.tgz
    npm install --no-save mapshaper@0.7.70
    python generator/data/derive_provinces.py package/lib/countries/thailand.geojson \
        --mapshaper node_modules/.bin/mapshaper

mapshaper simplifies with shared borders kept shared (no slivers between provinces); this script
then projects (equirectangular, scaled by cos of the middle latitude) onto a grid of whole SVG units
and writes one compact path per province, keyed by the DOPA province code (ISO 3166-2 TH-xx)."""
from __future__ import annotations

import argparse
import json
import math
import subprocess
import tempfile
from pathlib import Path

OUT = Path(__file__).with_name("thailand-provinces.json")
SCALE = 60          # SVG units per degree of longitude at the middle latitude
SIMPLIFY = "12%"     # share of vertices mapshaper keeps
SOURCE = "@superset-ui/legacy-plugin-chart-country-map 0.18.25, lib/countries/thailand.geojson"


def simplify(src: Path, mapshaper: str) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.json"
        subprocess.run([mapshaper, str(src), "-simplify", SIMPLIFY, "keep-shapes", "-clean",
                        "-o", "format=geojson", "precision=0.0001", str(out)], check=True)
        return json.loads(out.read_text(encoding="utf-8"))


def polygons(geometry: dict) -> list:
    return [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("geojson", type=Path)
    parser.add_argument("--mapshaper", default="mapshaper")
    args = parser.parse_args()
    data = simplify(args.geojson, args.mapshaper)
    points = [pt for f in data["features"] for poly in polygons(f["geometry"]) for ring in poly for pt in ring]
    west, east = min(p[0] for p in points), max(p[0] for p in points)
    south, north = min(p[1] for p in points), max(p[1] for p in points)
    kx = SCALE * math.cos(math.radians((north + south) / 2))

    def xy(lon: float, lat: float) -> tuple[int, int]:
        return round((lon - west) * kx) + 2, round((north - lat) * SCALE) + 2

    provinces = {}
    for feature in data["features"]:
        code = feature["properties"]["ISO"].removeprefix("TH-")
        parts = []
        for poly in polygons(feature["geometry"]):
            for ring in poly:
                grid = [xy(*pt) for pt in ring]
                cleaned = [p for i, p in enumerate(grid) if i == 0 or p != grid[i - 1]]
                if len(set(cleaned)) < 3:
                    continue  # an island smaller than one unit
                x0, y0 = cleaned[0]
                steps, (px, py) = [], cleaned[0]
                for x, y in cleaned[1:-1] if cleaned[-1] == cleaned[0] else cleaned[1:]:
                    steps.append(f"{x - px} {y - py}")
                    px, py = x, y
                parts.append(f"M{x0} {y0}l" + " ".join(steps).replace(" -", "-") + "z")
        provinces[code] = {"name_en": feature["properties"]["NAME_1"], "d": "".join(parts)}
    width, height = xy(east, south)
    OUT.write_text(json.dumps({
        "source": SOURCE,
        "licence": "Apache-2.0; see thailand-provinces.NOTICE and .LICENSE beside this file",
        "viewBox": f"0 0 {width + 2} {height + 2}",
        "provinces": dict(sorted(provinces.items())),
    }, ensure_ascii=False, indent=0, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes, {len(provinces)} provinces)")


if __name__ == "__main__":
    main()
