"""QR codes for printed pages: a compact one-path SVG (zxing-cpp) of a page's public URL under mkdocs.yml's site_url."""
from __future__ import annotations

import functools
import html
import os
import re
from pathlib import Path

import zxingcpp
import yaml

MKDOCS_YML = Path(__file__).resolve().parent.parent / "mkdocs.yml"


@functools.cache
def site_url() -> str:
    """mkdocs.yml's site_url, which reads PORTAL_SITE_URL (as MkDocs itself does), with a trailing slash."""
    from mkdocs.utils.yaml import get_yaml_loader  # MkDocs' loader understands !ENV

    url = None
    if MKDOCS_YML.is_file():
        with MKDOCS_YML.open(encoding="utf-8") as f:
            url = (yaml.load(f, Loader=get_yaml_loader()) or {}).get("site_url")
    url = url or os.environ.get("PORTAL_SITE_URL") or "http://127.0.0.1:8000/"
    return url if url.endswith("/") else url + "/"


def page_url(path: str) -> str:
    """The public URL of a page, e.g. page_url('districts/3101/')."""
    return site_url() + path


def svg(data: str, label: str | None = None) -> str:
    """One line of SVG: dark modules as a single path, two modules of quiet zone, no fixed size.
    Without `label` the code is hidden from screen readers: the caption beside it says what it is."""
    modules = _modules(data)
    size = len(modules) + 2 * QUIET
    title = f"<title>{html.escape(label)}</title>" if label else ""
    role = 'role="img"' if label else 'aria-hidden="true"'
    return (f'<svg {role} xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" class="qr-svg">{title}'
            f'<path stroke="#000" d="{_path(modules)}"/></svg>')


QUIET = 2  # modules of white border; the CSS gives the figure a white background too


@functools.lru_cache(maxsize=None)
def _modules(data: str) -> tuple[bytes, ...]:
    """The code's rows, one byte a module (0 = dark). zxing-cpp encodes (C++; with the path below, half
    segno's time for 878 pages) in one call: given no error-correction level, its encoder (zint) takes the
    smallest version the data fits at level L, then the highest level that keeps that version, so a long
    published address costs no more modules than it must and gets all the error correction that size allows
    (tests/test_dashboard.py compares this with trying L, M, Q and H in turn, which took four encodes)."""
    try:
        barcode = zxingcpp.create_barcode(data, zxingcpp.BarcodeFormat.QRCode)
    except ValueError as error:  # zint's "Error 567: Input too long, requires … codewords"
        raise ValueError(f"{len(data.encode()):,} bytes do not fit in a QR code (at most {MAX_BYTES:,} bytes, "
                         f"version 40, level L): {data[:80]!r}… ({error})") from None
    image = memoryview(barcode.to_image(scale=1, add_quiet_zones=False))
    rows, columns = image.shape
    raw = image.tobytes()
    return tuple(raw[r * columns:(r + 1) * columns] for r in range(rows))


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
