"""QR codes for printed pages: a compact one-path SVG (segno) of a page's public URL under mkdocs.yml's site_url."""
from __future__ import annotations

import functools
import io
import os
from pathlib import Path

import segno
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
    # The smallest version the data fits at level L; segno then raises the level as far as that version allows
    # (M for a short address), so a long published address costs no more bytes than it must.
    # A fixed mask: choosing the "best" of eight costs three quarters of the time and any mask scans.
    code = segno.make(data, error="l", boost_error=True, micro=False, mask=0)
    out = io.BytesIO()
    code.save(out, kind="svg", xmldecl=False, svgns=True, nl=False, omitsize=True, border=2,
              svgclass="qr-svg", lineclass=None, title=label)
    text = out.getvalue().decode("utf-8")
    return text.replace("<svg ", '<svg role="img" ' if label else '<svg aria-hidden="true" ', 1)
