"""Headless Debian Chromium through Selenium, with one set of flags for the browser tests, the search
benchmark and the screenshots (the background-networking flags keep it off this closed network)."""
from __future__ import annotations

from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage")


def start(profile: Path | str, size: tuple[int, int] = (1280, 900), *extra: str, performance_log: bool = False):
    """A new Chromium with its own profile folder; the caller quits it."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in (*FLAGS, *extra, f"--user-data-dir={profile}", f"--window-size={size[0]},{size[1]}"):
        options.add_argument(arg)
    if performance_log:
        options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    return webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
