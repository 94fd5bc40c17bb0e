"""What an editor sees: every mistake in one pass, annotations in CI, a sheet from a URL."""

import datetime as dt
import functools
import http.server
import subprocess
import sys
import threading
import time

import pytest

from generator.pipeline import check
from generator.workbook import fetch
from generator.workbook.fetch import resolve_workbook
from generator.workbook.problems import UnusableWorkbook

from .conftest import ROOT


def ten_mistakes(rows):
    d1, d2, d3 = rows["districts"]
    for item in rows["plans"]:
        item["district_code"] = "3102"  # (so the plans do not depend on the row with mistake 1)
    for award in rows["awards"]:
        award["district_code"] = "3102"  # (nor the awards)
    d1["district_code"] = "3199"  # 1 unknown code (suggests 3101)
    d2["district"] = "กระสัง"  # 2 name does not match code 3102 (is 3103)
    d2["passed"] = 19  # 3 more passed than participated (18)
    d3["meeting_date"] = "31/2/2567"  # 4 impossible date
    d3["participants"] = "ยี่สิบ"  # 5 not a number
    d3["budget_spent"] = -5  # 6 negative amount
    rows["plans"][0]["welfare_type"] = "กีฬา"  # 7 not an allowed welfare type
    rows["plans"][1]["end"] = dt.date(2024, 1, 1)  # 8 end before start
    rows["plans"].append(dict(rows["plans"][1], district_code="9999", item_no=3))  # 9 no such district
    rows["curriculum"][1]["start"] = "9 โมง"  # 10 unreadable time


def test_ten_mistakes_are_all_reported_in_one_run(make_workbook):
    portal, problems = check(make_workbook(ten_mistakes))
    errors = [str(p) for p in problems if p.level == "error"]
    assert portal is None
    assert [e.split(":")[0] for e in errors] == [
        "อำเภอ!A2",
        "อำเภอ!C3",
        "อำเภอ!M3",
        "อำเภอ!G4",
        "อำเภอ!H4",
        "อำเภอ!L4",  # the schema's sheet order
        "หลักสูตร!C3",
        "แผนปฏิบัติการ!E2",
        "แผนปฏิบัติการ!K3",
        "แผนปฏิบัติการ!A4",
    ]
    assert len(errors) == 10
    joined = "\n".join(errors)
    assert "หมายถึง 3101 เมืองบุรีรัมย์" in joined  # the suggestion for the unknown code
    assert "ซึ่งเป็นอำเภอคูเมือง" in joined  # the right name for code 3102
    assert "หมายถึง 3103 กระสัง" in joined  # and the code of the name typed


def test_check_prints_github_annotations_and_a_summary(make_workbook):
    path = make_workbook(ten_mistakes)
    out = subprocess.run(
        [sys.executable, "-m", "generator", "check", "--github", str(path)], cwd=ROOT, capture_output=True, text=True
    )
    assert out.returncode == 1
    annotations = [line for line in out.stdout.splitlines() if line.startswith("::error title=")]
    assert len(annotations) == 10
    assert "::error title=อำเภอ!A2::" in out.stdout
    assert "%3A" not in annotations[0].split("::")[1]  # the title keeps its '!' and has no stray ':'
    assert "พบข้อผิดพลาด 10 รายการ" in out.stderr


class _Handler(http.server.SimpleHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/slow.xlsx":
            time.sleep(3)
        return super().do_GET()

    def log_message(self, *args):
        pass


@pytest.fixture
def server(tmp_path):
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Handler, directory=str(tmp_path)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_url_good_bad_slow_and_oversized(make_workbook, server, tmp_path, monkeypatch):
    make_workbook(name="good.xlsx")
    make_workbook(ten_mistakes, name="bad.xlsx")
    (tmp_path / "slow.xlsx").write_bytes((tmp_path / "good.xlsx").read_bytes())
    (tmp_path / "page.xlsx").write_text("<html>Sign in to Google</html>")  # a private sheet's login page

    assert check(resolve_workbook(f"{server}/good.xlsx"))[0] is not None
    portal, problems = check(resolve_workbook(f"{server}/bad.xlsx"))
    assert portal is None and len([p for p in problems if p.level == "error"]) == 10
    with pytest.raises(UnusableWorkbook, match="not a workbook"):
        check(resolve_workbook(f"{server}/page.xlsx"))
    with pytest.raises(UnusableWorkbook, match="cannot download"):
        resolve_workbook(f"{server}/slow.xlsx", timeout=0.5)
    monkeypatch.setattr(fetch, "MAX_DOWNLOAD", 1000)
    with pytest.raises(UnusableWorkbook, match="too large"):
        resolve_workbook(f"{server}/good.xlsx")
