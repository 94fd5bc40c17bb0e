"""PORTAL_WORKBOOK as an https export URL: downloaded, then read like a local file (served on 127.0.0.1)."""

import functools
import http.server
import tempfile
import threading

import pytest

from generator.pipeline import check
from generator.workbook.fetch import resolve_workbook
from generator.workbook.problems import UnusableWorkbook


@pytest.fixture
def served(tmp_path):
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_url_is_downloaded_and_validated(make_workbook, served):
    make_workbook(name="export.xlsx")
    path = resolve_workbook(f"{served}/export.xlsx")
    portal, problems = check(path)
    assert portal is not None and len(portal.districts) == 3


def test_unreachable_url_is_an_unusable_workbook(served):
    with pytest.raises(UnusableWorkbook, match="cannot download"):
        resolve_workbook(f"{served}/missing.xlsx")


def test_local_path_is_used_as_it_is(tmp_path):
    assert resolve_workbook(tmp_path / "x.xlsx") == tmp_path / "x.xlsx"


def test_download_is_private_and_capped(make_workbook, served, tmp_path, monkeypatch):
    """The workbook holds private columns: 0600 in a 0700 folder; over the cap, nothing is kept."""
    make_workbook(name="export.xlsx")
    path = resolve_workbook(f"{served}/export.xlsx")
    assert path.stat().st_mode & 0o777 == 0o600 and path.parent.stat().st_mode & 0o777 == 0o700
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(downloads))
    with pytest.raises(UnusableWorkbook, match="ใหญ่เกิน 1,000 bytes / the download is too large"):
        resolve_workbook(f"{served}/export.xlsx", cap=1000)
    assert not list(downloads.iterdir())


def test_drive_source_without_a_key_says_which_variable_to_set(monkeypatch):
    monkeypatch.delenv("PORTAL_SERVICE_ACCOUNT_KEY", raising=False)
    monkeypatch.delenv("GOOGLE_APPLICATION_CREDENTIALS", raising=False)
    with pytest.raises(UnusableWorkbook, match="ยังไม่ได้ตั้งค่ากุญแจบัญชีบริการ.*PORTAL_SERVICE_ACCOUNT_KEY"):
        resolve_workbook("gdrive:1AbCdEfGhIjKlMnOp")
