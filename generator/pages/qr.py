"""QR codes for printed pages: a compact one-path SVG (zxing-cpp) of a page's public URL under the site's address.

The address is the one MkDocs builds for: the plugin passes config.site_url to the pipeline, and the templates get
Site(that address) as `qr`; without one (`python -m generator` without --site-url, the tests) it is PREVIEW_URL.
A loopback address is a preview: printed codes say so (preview_note), and a publishing build refuses it
(address_problem, checked by the plugin's on_config; issue #16)."""

from __future__ import annotations

import functools
import html
import ipaddress
import re
from urllib.parse import urlsplit

import zxingcpp

PREVIEW_URL = "http://127.0.0.1:8000/"  # `make serve`'s address, mkdocs.yml's default, and the default here


def preview_host(url: str | None) -> str | None:
    """The host of `url` if it is a preview address that opens nothing on a reader's phone: a loopback
    (127.0.0.0/8, localhost, ::1) or 0.0.0.0 / ::; "" for no address at all; None for a real address."""
    if not url:
        return ""
    try:
        host = (urlsplit(url.strip()).hostname or "").rstrip(".")
    except ValueError:  # e.g. an unclosed "[" of an IPv6 address: no usable address
        return ""
    if not host:
        return ""
    if host == "localhost" or host.endswith(".localhost"):
        return host
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return None
    return host if address.is_loopback or address.is_unspecified else None


def address_problem(url: str | None) -> str | None:
    """Why `url` cannot be the address of a published site, Thai first, or None if it can."""
    host = preview_host(url)
    if host == "":
        thai, english = "ไม่มีที่อยู่เว็บไซต์ (site_url)", "has no public address (site_url)"
    elif host is not None:
        thai = f"ใช้ที่อยู่ {url} ซึ่งชี้ไปที่เครื่องที่สร้างเอง ({host}) ไม่ใช่เว็บไซต์จริง"
        english = f"has the address {url}, which is this machine ({host})"
    elif urlsplit(url.strip()).scheme != "https":
        thai, english = f"ใช้ที่อยู่ {url} ซึ่งไม่ใช่ https", f"has the address {url}, which is not https"
    else:
        return None
    return (
        f"การสร้างเพื่อเผยแพร่ (PORTAL_PUBLISH) {thai} คิวอาร์โค้ดที่พิมพ์และลิงก์ทุกหน้าจะเปิดไม่ได้"
        " ตั้งค่า PORTAL_SITE_URL เป็นที่อยู่จริง เช่น https://OWNER.github.io/REPO/ (ใน GitHub Actions"
        " ที่อยู่มาจาก actions/configure-pages) หรือสร้างแบบตัวอย่างโดยไม่ตั้ง PORTAL_PUBLISH"
        " ยังไม่ได้สร้างหรือแก้ไขหน้าเว็บใด"
        f"\n/ a publishing build {english}: printed QR codes and links would open nothing. Set PORTAL_SITE_URL"
        " to the public https address (in GitHub Actions it comes from actions/configure-pages), or build a"
        " preview without PORTAL_PUBLISH. Nothing was built."
    )


class Site:
    """QR codes for the pages of a site at `site_url` (None or empty: PREVIEW_URL), as the templates' `qr`."""

    def __init__(self, site_url: str | None = None):
        url = site_url or PREVIEW_URL
        self.site_url = url if url.endswith("/") else url + "/"

    def page_url(self, path: str) -> str:
        """The public URL of a page, e.g. page_url('districts/3101/')."""
        return self.site_url + path

    def preview_note(self) -> str:
        """Under a printed QR code: a warning when the site is built for a preview address (the codes open
        nothing)."""
        host = preview_host(self.site_url)
        if host is None:
            return ""
        return (
            f'<br><strong class="qr-preview">ตัวอย่างสำหรับทดสอบ ลิงก์ชี้ไปที่เครื่องนี้ ({html.escape(host)})'
            " ไม่ใช่เว็บไซต์จริง</strong>"
        )

    @staticmethod
    def svg(data: str, label: str | None = None) -> str:
        return svg(data, label)


def svg(data: str, label: str | None = None) -> str:
    """One line of SVG: dark modules as a single path, two modules of quiet zone, no fixed size.
    Without `label` the code is hidden from screen readers: the caption beside it says what it is."""
    modules = _modules(data)
    size = len(modules) + 2 * QUIET
    title = f"<title>{html.escape(label)}</title>" if label else ""
    role = 'role="img"' if label else 'aria-hidden="true"'
    return (
        f'<svg {role} xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" class="qr-svg">{title}'
        f'<path stroke="#000" d="{_path(modules)}"/></svg>'
    )


QUIET = 2  # modules of white border; the CSS gives the figure a white background too


@functools.cache
def _modules(data: str) -> tuple[bytes, ...]:
    """The code's rows, one byte a module (0 = dark). zxing-cpp encodes (C++; with the path below, half
    segno's time for 878 pages) in one call: given no error-correction level, its encoder (zint) takes the
    smallest version the data fits at level L, then the highest level that keeps that version, so a long
    published address costs no more modules than it must and gets all the error correction that size allows
    (tests/test_dashboard.py compares this with trying L, M, Q and H in turn, which took four encodes)."""
    try:
        barcode = zxingcpp.create_barcode(data, zxingcpp.BarcodeFormat.QRCode)
    except ValueError as error:  # zint's "Error 567: Input too long, requires … codewords"
        raise ValueError(
            f"{len(data.encode()):,} bytes do not fit in a QR code (at most {MAX_BYTES:,} bytes, "
            f"version 40, level L): {data[:80]!r}… ({error})"
        ) from None
    image = memoryview(barcode.to_image(scale=1, add_quiet_zones=False))
    rows, columns = image.shape
    raw = image.tobytes()
    return tuple(raw[r * columns : (r + 1) * columns] for r in range(rows))


MAX_BYTES = 2953  # ISO/IEC 18004 byte mode, version 40-L


def _path(modules: tuple[bytes, ...]) -> str:
    """Each row's runs of dark modules as horizontal strokes one module wide, in relative moves (short)."""
    parts, x, y = [], 0, 0.0
    for r, row in enumerate(modules):
        for run in DARK_RUN.finditer(row):
            tx, ty = run.start() + QUIET, r + QUIET + 0.5
            parts.append(f"M{tx} {ty:g}" if not parts else f"m{tx - x} {ty - y:g}")
            parts.append(f"h{run.end() - run.start()}")
            x, y = run.end() + QUIET, ty
    return "".join(parts)


DARK_RUN = re.compile(rb"\x00+")
