"""Where the workbook comes from: a local path, or an https URL such as a Google Sheets
export link (…/export?format=xlsx), downloaded to a temporary file."""
from __future__ import annotations

import tempfile
import urllib.request
from pathlib import Path

from .problems import UnusableWorkbook

MAX_DOWNLOAD = 50 * 1024 * 1024  # far above any real master sheet


def resolve_workbook(source: str | Path, timeout: float = 60) -> Path:
    text = str(source)
    if not text.startswith(("https://", "http://")):
        return Path(source)
    try:
        with urllib.request.urlopen(text, timeout=timeout) as response:
            data = response.read(MAX_DOWNLOAD + 1)
    except OSError as exc:
        raise UnusableWorkbook(f"ดาวน์โหลดสมุดงานไม่ได้ / cannot download the workbook from {text}: {exc}") from None
    if len(data) > MAX_DOWNLOAD:
        raise UnusableWorkbook(f"ไฟล์ใหญ่เกิน {MAX_DOWNLOAD // 2**20} MB / the download is too large: {text}")
    out = Path(tempfile.mkdtemp(prefix="portal-workbook-")) / "master.xlsx"
    out.write_bytes(data)
    return out
