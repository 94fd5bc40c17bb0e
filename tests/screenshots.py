"""`make screenshots`: the home, a province, a district, a policy page and the festival page at phone and desktop
width, a district page printed to PDF, and the axe-core accessibility report (axe-report.json, axe-report.md;
tests/axe.py), into screenshots/ for reviewers. Not a test; builds the default workbook's site.

Needs Debian's chromium and chromium-driver; pdftoppm (poppler-utils), when present, adds PNGs of the PDF pages."""
from __future__ import annotations

import base64
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from tests import axe
from tests.chromium import bind, serving, start

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "screenshots"
PAGES = {"home": "", "province-31": "provinces/31/", "district-3101": "districts/3101/", "privacy": "privacy/",
         "festival": "festival/"}
WIDTHS = {"phone": (390, 844, True), "desktop": (1280, 900, False)}
MAX_HEIGHT = 7000  # px: a full-page capture longer than this is cut


def chromium(profile: Path):
    return start(profile, (1280, 900), "--hide-scrollbars")


def full_page(driver, path: Path) -> None:
    metrics = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})
    size = metrics.get("cssContentSize") or metrics["contentSize"]
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True,
        "clip": {"x": 0, "y": 0, "width": size["width"], "height": min(size["height"], MAX_HEIGHT), "scale": 1}})
    path.write_bytes(base64.b64decode(shot["data"]))


def accessibility(driver, site: Path, url: str) -> None:
    """axe-core on the checked pages at both widths; the report is kept beside the screenshots."""
    report: dict = {}
    for name, path in axe.page_paths(site).items():
        report[name] = {}
        for width_name, (width, height, mobile) in axe.WIDTHS.items():
            if path is None:
                report[name][width_name] = None
                continue
            driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
                "width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile})
            driver.get(url + path)
            driver.execute_async_script("document.fonts.ready.then(arguments[0])")
            report[name][width_name] = axe.check(driver)
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    for written in axe.write_report(report, OUT):
        print(f"wrote {written.relative_to(ROOT)}")


def main() -> None:
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        server, url = bind(site)  # bound first, so the site can be built for its own address (QR codes)
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PORTAL_SITE_URL=url)
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(site)],
                       cwd=ROOT, env=env, check=True)
        with serving(server):
            driver = chromium(Path(tmp) / "profile")
            try:
                for width_name, (width, height, mobile) in WIDTHS.items():
                    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
                        "width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile})
                    for name, path in PAGES.items():
                        driver.get(url + path)
                        driver.execute_async_script("document.fonts.ready.then(arguments[0])")
                        target = OUT / f"{name}-{width_name}.png"
                        full_page(driver, target)
                        print(f"wrote {target.relative_to(ROOT)}")
                driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
                driver.get(url + PAGES["district-3101"])
                driver.execute_async_script("document.fonts.ready.then(arguments[0])")
                pdf = driver.execute_cdp_cmd("Page.printToPDF", {"paperWidth": 8.27, "paperHeight": 11.69,
                                                                 "preferCSSPageSize": True, "printBackground": True})
                target = OUT / "district-3101-print.pdf"
                target.write_bytes(base64.b64decode(pdf["data"]))
                print(f"wrote {target.relative_to(ROOT)}")
                if shutil.which("pdftoppm"):
                    for old in OUT.glob("district-3101-print-*.png"):
                        old.unlink()
                    subprocess.run(["pdftoppm", "-png", "-r", "80", str(target), str(OUT / "district-3101-print")], check=True)
                    print("wrote " + ", ".join(p.name for p in sorted(OUT.glob("district-3101-print-*.png"))))
                if axe.available():
                    accessibility(driver, site, url)
                else:
                    print(f"no axe report: {axe.AXE.relative_to(ROOT)} missing (npm ci)")
            finally:
                driver.quit()


if __name__ == "__main__":
    main()
