"""Headless Debian Chromium through Selenium, with one set of flags for the browser tests, the search
benchmark and the screenshots (the background-networking flags keep it off this closed network)."""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
)


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


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def bind(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """A static server for `site` on 127.0.0.1, bound to a free port but not serving yet (so a site can be built
    for its own address, which its QR codes point to); with its URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site)))
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


@contextlib.contextmanager
def serving(server: http.server.ThreadingHTTPServer):
    """Serve in a background thread until the block ends."""
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@contextlib.contextmanager
def served(site: Path):
    """The URL of `site` served on 127.0.0.1 until the block ends."""
    server, url = bind(site)
    with serving(server):
        yield url
