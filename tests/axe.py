"""axe-core (npm, node_modules/axe-core) run in headless Chromium on a loaded page: the WCAG 2.1 A and AA rules
and axe's best practices. Used by tests/test_accessibility.py and by `make screenshots`, which keeps the report
(axe-report.json, axe-report.md) next to the screenshots."""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice")
BLOCKING = ("critical", "serious")  # impacts that fail the test; moderate and minor are reported only

# The pages checked (issue #7): name -> path under the site; the letter's path is found in the built site.
PAGES = {
    "home": "",
    "province-31": "provinces/31/",
    "district-3101": "districts/3101/",
    "curriculum-1-1": "curriculum/1-1/",
    "festival": "festival/",
    "letter": None,
    "privacy": "privacy/",
}
WIDTHS = {"desktop": (1280, 900, False), "phone": (390, 844, True)}
SEED_LETTER = "ว๑๙๙๒"  # บร ๐๐๑๙/ว๑๙๙๒, the first letter of the default workbook

_RUN = """
const done = arguments[arguments.length - 1];
axe.run(document, {runOnly: {type: "tag", values: arguments[0]}, resultTypes: ["violations"]})
  .then(r => done({version: r.testEngine.version, url: r.url, passes: r.passes.length,
                   incomplete: r.incomplete.length,
                   violations: r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                     tags: v.tags, nodes: v.nodes.map(n => ({target: n.target, html: n.html.slice(0, 300),
                                                             summary: n.failureSummary}))}))}))
  .catch(e => done({error: String(e)}));
"""


def available() -> bool:
    return AXE.is_file()


def page_paths(site: Path) -> dict[str, str | None]:
    """PAGES with the letter's path filled in (None when the site has no such page yet)."""
    letters = sorted(p.parent for p in (site / "documents").glob("*/index.html"))
    seed = [p for p in letters if SEED_LETTER in (p / "index.html").read_text(encoding="utf-8")]
    chosen = (seed or letters or [None])[0]
    paths = dict(PAGES, letter=f"documents/{chosen.name}/" if chosen else None)
    return {
        name: path if path is not None and (site / path / "index.html").is_file() else None
        for name, path in paths.items()
    }


def check(driver) -> dict:
    """Inject axe-core into the page loaded in `driver` and run it; the results as plain data."""
    driver.set_script_timeout(120)
    driver.execute_script(AXE.read_text(encoding="utf-8"))
    result = driver.execute_async_script(_RUN, list(TAGS))
    if "error" in result:
        raise RuntimeError(f"axe-core failed: {result['error']}")
    return result


def blocking(result: dict) -> list[dict]:
    return [v for v in result["violations"] if v["impact"] in BLOCKING]


def describe(violations: list[dict]) -> str:
    """Violations as lines a person can act on: impact, rule, what to do, and up to five elements."""
    lines = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']} ({len(v['nodes'])} element(s)) {v['helpUrl']}")
        for node in v["nodes"][:5]:
            summary = " ".join((node.get("summary") or "").split())
            lines.append(f"    {' '.join(map(str, node['target']))}: {summary[:300]}")
    return "\n".join(lines)


def markdown(report: dict) -> str:
    """The short summary kept beside the screenshots: one row per page and width."""
    rows = []
    version = ""
    for name, widths in report.items():
        for width, result in widths.items():
            if result is None:
                rows.append(f"| {name} | {width} | – | – | page not in this build |")
                continue
            version = result["version"]
            counts = {impact: 0 for impact in ("critical", "serious", "moderate", "minor")}
            for v in result["violations"]:
                counts[v["impact"]] = counts.get(v["impact"], 0) + 1
            found = ", ".join(f"{v['id']} ({v['impact']})" for v in result["violations"]) or "none"
            rows.append(
                f"| {name} `{result['url']}` | {width} | {counts['critical'] + counts['serious']} | "
                f"{counts['moderate'] + counts['minor']} | {found} |"
            )
    return "\n".join(
        [
            "# Accessibility check (axe-core)",
            "",
            f"axe-core {version} in headless Chromium, rules tagged {', '.join(TAGS)}; written by `make screenshots`.",
            "The test (tests/test_accessibility.py) fails on any critical or serious violation.",
            "",
            "| page | width | critical + serious | moderate + minor | rules violated |",
            "| --- | --- | ---: | ---: | --- |",
            *rows,
            "",
        ]
    )


def write_report(report: dict, folder: Path) -> list[Path]:
    json_path, md_path = folder / "axe-report.json", folder / "axe-report.md"
    for widths in report.values():  # the port of the throwaway server changes every run
        for result in widths.values():
            if result:
                result["url"] = "/" + result["url"].split("/", 3)[-1]
    json_path.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    md_path.write_text(markdown(report), encoding="utf-8")
    return [json_path, md_path]
