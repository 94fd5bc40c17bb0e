"""PORTAL_WORKBOOK as an https export URL: downloaded, then read like a local file (served on 127.0.0.1)."""
import functools
import http.server
import threading

import pytest

from generator.fetch import resolve_workbook
from generator.pipeline import check
from generator.problems import UnusableWorkbook


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
