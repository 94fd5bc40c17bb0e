"""A failed build changes nothing on disk (issue #13, item 3): MkDocs builds from a staged docs tree into a staged
site, swapped into docs/ and site/ only after every check, the leak scan included, has passed (plugin.py,
write.py). Each test builds a small project end to end, breaks the next build one way, and compares every byte."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from generator.workbook.privacy import valid_national_id
from generator.workbook.template import write_workbook
from tests.conftest import small_rows
from tests.test_site import make_project, mkdocs_build, readable, tree

STAGE = ".portal-staging-"
THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
COORDINATOR_ID = "1101700230708"  # district 3101's coordinator: a private column (tests/conftest.py)
COORDINATOR_EMAIL = "somsri@example.org"  # the same coordinator's private e-mail


def national_id(first12: str) -> str:
    return next(first12 + d for d in "0123456789" if valid_national_id(first12 + d))


NEW_ID = national_id("310050320455")


@pytest.fixture(scope="module")
def built_once(tmp_path_factory) -> Path:
    """A project built once from the small workbook: each test works on its own copy."""
    project = make_project(tmp_path_factory.mktemp("atomic") / "project")
    workbook = project.parent / "good.xlsx"
    write_workbook(workbook, small_rows())
    run = mkdocs_build(project, workbook)
    assert run.returncode == 0, run.stdout + run.stderr
    return project


@pytest.fixture
def project(built_once, tmp_path) -> Path:
    copy = tmp_path / "project"
    shutil.copytree(built_once, copy, symlinks=True)
    return copy


def workbook(tmp_path: Path, edit=None, name: str = "book.xlsx") -> Path:
    rows = small_rows()
    if edit:
        edit(rows)
    path = tmp_path / name
    write_workbook(path, rows)
    return path


def snapshot(project: Path) -> dict[str, dict[str, bytes]]:
    return {"docs": tree(project / "docs"), "site": tree(project / "site")}


def stages(project: Path) -> list[str]:
    return sorted(p.name for p in project.iterdir() if p.name.startswith(STAGE))


def files_holding(root: Path, value: str, skip: set[Path] = frozenset()) -> list[str]:
    """Every file under root (workbooks and `skip` aside) that holds value, however it is spaced or written."""

    def plain(text: str) -> str:
        return re.sub(r"[\s\-\u200b]", "", text.translate(THAI_DIGITS))

    wanted = plain(value)
    found = []
    for path in sorted(root.rglob("*")):
        if not path.is_file() or path.suffix == ".xlsx" and path.parent == root or path in skip:
            continue
        try:
            text = readable(path)
        except ValueError:  # a .json that is not JSON: its plain text is enough
            text = path.read_bytes().decode("utf-8", "replace")
        if wanted in plain(text):
            found.append(path.relative_to(root).as_posix())
    return found


def assert_failed_and_untouched(run, project: Path, before: dict, value: str, skip: set[Path] = frozenset()):
    output = run.stdout + run.stderr
    assert run.returncode != 0, output
    assert snapshot(project) == before  # byte-identical: nothing added, removed or changed
    assert stages(project) == []  # the failed build's stages are gone
    assert files_holding(project.parent, value, skip) == []
    return output


# ---------------------------------------------------------------- leaks: the build fails, nothing changes


def test_leak_only_the_site_scan_finds_changes_nothing(project, tmp_path):
    """A template that prints the coordinator's national ID: `check` cannot see it, the scan of the site does."""
    template = project / "generator" / "pages" / "templates" / "district.md.jinja"
    with template.open("a", encoding="utf-8") as out:  # split in two: the template itself does not hold the ID
        out.write('\n{{ "' + COORDINATOR_ID[:6] + '" ~ "' + COORDINATOR_ID[6:] + '" }}\n')
    before = snapshot(project)
    run = mkdocs_build(project, workbook(tmp_path))
    output = assert_failed_and_untouched(run, project, before, COORDINATOR_ID)
    assert "private data found in the built site" in output
    assert "districts/3101/index.html" in output


def test_private_value_on_a_hand_written_page_changes_nothing(project, tmp_path):
    """A hand-written page quoting the coordinator's private e-mail: the page is refused, the site kept."""
    page = project / "docs" / "about.md"
    page.write_text(page.read_text(encoding="utf-8") + f"\nติดต่อ {COORDINATOR_EMAIL}\n", encoding="utf-8")
    before = snapshot(project)
    run = mkdocs_build(project, workbook(tmp_path))
    output = assert_failed_and_untouched(run, project, before, COORDINATOR_EMAIL, skip={page})
    assert "about/index.html" in output


LEAKS = {
    "national ID in a plan objective": lambda rows: rows["plans"][0].update(objective=f"ผู้ประสาน {NEW_ID}"),
    "dashed national ID in district notes": lambda rows: rows["districts"][0].update(
        notes=f"เลขบัตร {NEW_ID[0]}-{NEW_ID[1:5]}-{NEW_ID[5:10]}-{NEW_ID[10:12]}-{NEW_ID[12]}"
    ),
    "national ID in Thai digits in an award citation": lambda rows: rows["awards"][0].update(
        citation="ผู้รับ " + NEW_ID.translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))
    ),
    "mobile number in district notes": lambda rows: rows["districts"][1].update(notes="โทร 086-999-0001"),
    "mobile number in the venue": lambda rows: rows["districts"][2].update(meeting_venue="บ้านผู้ใหญ่ 089 999 0002"),
}
LEAKED = {
    "national ID in a plan objective": NEW_ID,
    "dashed national ID in district notes": NEW_ID,
    "national ID in Thai digits in an award citation": NEW_ID,
    "mobile number in district notes": "0869990001",
    "mobile number in the venue": "0899990002",
}


@pytest.mark.parametrize("case", LEAKS)
def test_private_data_in_a_public_column_changes_nothing(project, tmp_path, case):
    """Whether `check` or the final scan stops it, the build fails before anything changes, and the value is in
    no file and no line of the output."""
    before = snapshot(project)
    run = mkdocs_build(project, workbook(tmp_path, LEAKS[case]))
    output = assert_failed_and_untouched(run, project, before, LEAKED[case])
    assert LEAKED[case] not in re.sub(r"[\s\-]", "", output.translate(THAI_DIGITS))


# ---------------------------------------------------------------- other failures


def test_invalid_workbook_changes_nothing(project, tmp_path):
    def broken(rows):
        rows["districts"][1]["district_code"] = "3199"  # no such district
        rows["districts"][2]["meeting_venue"] = "ห้องประชุมใหม่"  # a valid change that must not be published

    before = snapshot(project)
    run = mkdocs_build(project, workbook(tmp_path, broken))
    assert_failed_and_untouched(run, project, before, "ห้องประชุมใหม่")


def test_strict_warning_changes_nothing(project, tmp_path):
    """--strict fails after the last event of the build: the stages are not swapped in before that."""
    page = project / "docs" / "about.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n[ไม่มีหน้านี้](no-such-page.md) ตรวจสอบแล้ว\n", encoding="utf-8")
    before = snapshot(project)
    run = mkdocs_build(
        project, workbook(tmp_path, lambda rows: rows["districts"][2].update(meeting_venue="ห้องประชุมใหม่"))
    )
    output = assert_failed_and_untouched(run, project, before, "ห้องประชุมใหม่")
    assert "no-such-page.md" in output and "strict mode" in output


# ---------------------------------------------------------------- success swaps both in


def test_success_updates_docs_and_site(project, tmp_path):
    before = snapshot(project)
    site_mode = (project / "site").stat().st_mode
    page = project / "docs" / "about.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nหน้านี้แก้ไขแล้ว\n", encoding="utf-8")
    run = mkdocs_build(
        project, workbook(tmp_path, lambda rows: rows["districts"][2].update(meeting_venue="ห้องประชุมใหม่"))
    )
    assert run.returncode == 0, run.stdout + run.stderr
    after = snapshot(project)
    assert "ห้องประชุมใหม่" in after["docs"]["districts/5001.md"].decode()
    assert "ห้องประชุมใหม่" in after["site"]["districts/5001/index.html"].decode()
    assert "หน้านี้แก้ไขแล้ว" in after["site"]["about/index.html"].decode()
    # only what the change touches: the other pages' Markdown is the same
    assert after["docs"]["districts/3101.md"] == before["docs"]["districts/3101.md"]
    assert after["docs"].keys() == before["docs"].keys() and after["site"].keys() == before["site"].keys()
    assert (project / "site").stat().st_mode == site_mode
    assert stages(project) == []
    assert files_holding(project / "site", "portal-staging") == []  # no stage path published


# ---------------------------------------------------------------- a kill during the build


def _kill_when(project: Path, book: Path, ready) -> None:
    env = {**os.environ, "PORTAL_WORKBOOK": str(book), "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=project,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 300
        while not ready() and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)
        assert proc.poll() is None, "the build ended before the moment to kill it"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()


@pytest.mark.slow
def test_sigkill_during_the_build_changes_nothing_and_the_next_build_cleans_up(project, tmp_path):
    before = snapshot(project)
    book = workbook(tmp_path, lambda rows: rows["districts"][2].update(meeting_venue="ห้องประชุมใหม่"))
    moments = {
        "pages staged": lambda: any(project.glob(STAGE + "*/docs/districts/5001.md")),
        "site half written": lambda: any(project.glob(STAGE + "*/site/**/index.html")),
    }
    for moment, ready in moments.items():
        _kill_when(project, book, ready)
        assert snapshot(project) == before, moment
        assert stages(project), moment  # the killed build's stage is there (so the next build has work to do)
    run = mkdocs_build(project, book)
    assert run.returncode == 0, run.stdout + run.stderr
    assert stages(project) == []
    after = snapshot(project)
    assert "ห้องประชุมใหม่" in after["site"]["districts/5001/index.html"].decode()
    assert "ห้องประชุมใหม่" in after["docs"]["districts/5001.md"].decode()


# ---------------------------------------------------------------- live preview


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow
def test_serve_never_serves_a_refused_page_and_watches_the_real_docs(project, tmp_path):
    port, temp = _free_port(), Path(tempfile.gettempdir())
    earlier = set(temp.glob("mkdocs_*"))  # `mkdocs serve` builds into a new temporary folder and serves it
    env = {**os.environ, "PORTAL_WORKBOOK": str(workbook(tmp_path)), "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    log: list[str] = []
    threading.Thread(target=lambda: log.extend(proc.stderr), daemon=True).start()

    def wait_for(text: str, after: int) -> None:
        deadline = time.monotonic() + 240
        while not any(text in line for line in log[after:]):
            assert proc.poll() is None and time.monotonic() < deadline, "".join(log)
            time.sleep(0.1)

    def about(timeout: float = 30) -> str | None:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/about/", timeout=timeout) as response:
                return response.read().decode("utf-8")
        except TimeoutError:  # MkDocs holds requests back while the last build failed
            return None

    page = project / "docs" / "about.md"
    original = page.read_text(encoding="utf-8")
    try:
        wait_for("Serving on", 0)
        assert "เกี่ยวกับ" in about()
        served = set(temp.glob("mkdocs_*")) - earlier
        assert served
        mark = len(log)
        page.write_text(original + f"\nติดต่อ {COORDINATOR_EMAIL}\n", encoding="utf-8")  # in the real docs/
        wait_for("private data found in the built site", mark)
        time.sleep(1)
        assert COORDINATOR_EMAIL not in (about(timeout=3) or "")  # the refused build is not served
        assert [f for folder in served for f in files_holding(folder, COORDINATOR_EMAIL)] == []
        mark = len(log)
        page.write_text(original + "\nหน้านี้แก้ไขแล้ว\n", encoding="utf-8")  # saving the page rebuilds
        wait_for("Reloading browsers", mark)
        assert "หน้านี้แก้ไขแล้ว" in about()
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=60)
    # the stages of its site (beside its temporary site_dir) and of its pages are gone
    assert not list(temp.glob(f"{STAGE}{proc.pid}-*")) and stages(project) == []
    assert files_holding(project, COORDINATOR_EMAIL) == []
