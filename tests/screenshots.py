"""`make screenshots`: the home, a province, a district, a policy page, the festival, contacts and downloads pages and
the 404 page at phone and desktop width, a district and a province page printed to PDF, and the axe-core
accessibility report (axe-report.json, axe-report.md; tests/axe.py), into screenshots/ (or SCREENSHOTS_DIR) for
reviewers. Not a test; builds the default workbook's site.

Needs Debian's chromium and chromium-driver. The printed pages are also PNGs: the PDF's pages with pdftoppm
(poppler-utils) when present, else the page laid out for print (CSS print media at A4's printable width) in one
image."""

from __future__ import annotations

import base64
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from tests import axe
from tests.chromium import bind, serving, start

ROOT = Path(__file__).resolve().parent.parent
OUT = Path(os.environ.get("SCREENSHOTS_DIR") or ROOT / "screenshots")
PAGES = {
    "home": "",
    "province-31": "provinces/31/",
    "district-3101": "districts/3101/",
    "privacy": "privacy/",
    "festival": "festival/",
    "contacts": "contacts/",
    "downloads": "downloads/",
    "404": "404.html",
}  # what a server answers at a missing address (its links are absolute)
PRINTED = ("district-3101", "province-31")
A4_PRINTABLE = 703  # CSS px: 210 mm less portal.css's 12 mm margins, at 96 px an inch
WIDTHS = {"phone": (390, 844, True), "desktop": (1280, 900, False)}
MAX_HEIGHT = 7000  # px: a full-page capture longer than this is cut


def chromium(profile: Path):
    return start(profile, (1280, 900), "--hide-scrollbars")


def full_page(driver, path: Path) -> None:
    metrics = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})
    size = metrics.get("cssContentSize") or metrics["contentSize"]
    shot = driver.execute_cdp_cmd(
        "Page.captureScreenshot",
        {
            "format": "png",
            "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": size["width"], "height": min(size["height"], MAX_HEIGHT), "scale": 1},
        },
    )
    path.write_bytes(base64.b64decode(shot["data"]))


def printed(driver, url: str, name: str) -> None:
    """`name`-print.pdf on A4 as Chromium prints it, with its page count; its pages as PNGs (pdftoppm), or without
    pdftoppm the page in print media at A4's printable width (`name`-print.png, page breaks not shown)."""
    driver.get(url)
    driver.execute_async_script("document.fonts.ready.then(arguments[0])")
    pdf = driver.execute_cdp_cmd(
        "Page.printToPDF",
        {"paperWidth": 8.27, "paperHeight": 11.69, "preferCSSPageSize": True, "printBackground": True},
    )
    target = OUT / f"{name}-print.pdf"
    target.write_bytes(base64.b64decode(pdf["data"]))
    print(f"wrote {shown(target)} ({pdf_pages(target.read_bytes())} A4 pages)")
    for old in OUT.glob(f"{name}-print*.png"):
        old.unlink()
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "80", str(target), str(OUT / f"{name}-print")], check=True)
        print("wrote " + ", ".join(p.name for p in sorted(OUT.glob(f"{name}-print-*.png"))))
        return
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": A4_PRINTABLE, "height": 1000, "deviceScaleFactor": 1, "mobile": False},
    )
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        full_page(driver, OUT / f"{name}-print.png")
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    print(f"wrote {shown(OUT / f'{name}-print.png')} (print media, no pdftoppm)")


def pdf_pages(data: bytes) -> int:
    """Pages in a PDF as Chromium writes it (no object streams): its /Type /Page objects."""
    return len(re.findall(rb"/Type\s*/Page(?![A-Za-z])", data))


def shown(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def accessibility(driver, site: Path, url: str) -> None:
    """axe-core on the checked pages at both widths; the report is kept beside the screenshots."""
    report: dict = {}
    for name, path in axe.page_paths(site).items():
        report[name] = {}
        for width_name, (width, height, mobile) in axe.WIDTHS.items():
            if path is None:
                report[name][width_name] = None
                continue
            driver.execute_cdp_cmd(
                "Emulation.setDeviceMetricsOverride",
                {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile},
            )
            driver.get(url + path)
            driver.execute_async_script("document.fonts.ready.then(arguments[0])")
            report[name][width_name] = axe.check(driver)
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    for written in axe.write_report(report, OUT):
        print(f"wrote {shown(written)}")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        server, url = bind(site)  # bound first, so the site can be built for its own address (QR codes)
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PORTAL_SITE_URL=url)
        subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(site)],
            cwd=ROOT,
            env=env,
            check=True,
        )
        with serving(server):
            driver = chromium(Path(tmp) / "profile")
            try:
                for width_name, (width, height, mobile) in WIDTHS.items():
                    driver.execute_cdp_cmd(
                        "Emulation.setDeviceMetricsOverride",
                        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile},
                    )
                    for name, path in PAGES.items():
                        driver.get(url + path)
                        driver.execute_async_script("document.fonts.ready.then(arguments[0])")
                        target = OUT / f"{name}-{width_name}.png"
                        full_page(driver, target)
                        print(f"wrote {shown(target)}")
                driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
                for name in PRINTED:
                    printed(driver, url + PAGES[name], name)
                if axe.available():
                    accessibility(driver, site, url)
                else:
                    print(f"no axe report: {axe.AXE.relative_to(ROOT)} missing (npm ci)")
            finally:
                driver.quit()


if __name__ == "__main__":
    main()
