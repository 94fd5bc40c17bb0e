"""Work split over cores (generator/parallel.py, generator/mkdocs_ext/prerender.py) gives the same site as one core.

The worker count is the portal plugin's `workers` setting (tests/tools/settings.py), or parallel.using(n): the
tests ask for two processes where they need two, so they pass on a one-CPU machine too."""

from __future__ import annotations

import logging
import os
import re

import pytest

from generator import parallel
from generator.workbook.template import write_workbook
from tests.conftest import small_rows
from tests.test_site import make_project, mkdocs_build, tree
from tests.tools.settings import with_settings


def test_map_slices_keeps_order_across_workers():
    assert parallel.map_slices(lambda xs: [x * x for x in xs], list(range(11)), 3) == [x * x for x in range(11)]
    assert [len(s) for s in parallel.split(list(range(11)), 3)] == [4, 4, 3]
    assert parallel.split([1], 4) == [[1]]


def test_a_workers_exception_is_raised_in_the_parent():
    def fail(items):
        raise ValueError(f"bad cell in {items[0]}")

    with pytest.raises(ValueError, match="bad cell in a"):
        parallel.map_slices(fail, ["a", "b"], 2)


def test_a_worker_runs_in_another_process():
    with parallel.using(2):  # two whatever the cores: on one CPU too
        assert parallel.workers() == 2
        assert parallel.start(os.getpid)() != os.getpid()


def test_one_worker_runs_here(monkeypatch):
    monkeypatch.setenv("PORTAL_WORKERS", "2")  # read by mkdocs.yml's !ENV only: nothing here looks at it
    with parallel.using(1):
        assert parallel.workers() == 1
        assert parallel.start(os.getpid)() == os.getpid()
    assert parallel.workers() == parallel.cores()  # the setting ends with its block


def test_the_workers_setting_is_a_number_of_processes(tmp_path, caplog):
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    project = make_project(tmp_path / "settings")
    assert load_config(str(with_settings(project, workers=3))).plugins["portal"].config.workers == 3
    with pytest.raises(Abort):
        load_config(str(with_settings(project, workers="many")))
    assert "option 'workers': expected a number of processes (0: every core), got 'many'" in caplog.text


def _build(tmp_path, name: str, workers: int, extra_page: str | None = None):
    project = make_project(tmp_path / name)
    with_settings(project, workers=workers)
    if extra_page:
        (project / "docs" / "extra.md").write_text(extra_page, encoding="utf-8")
    workbook = tmp_path / "master.xlsx"
    if not workbook.exists():
        write_workbook(workbook, small_rows())
    return project, mkdocs_build(project, workbook)


@pytest.mark.slow
def test_site_built_on_two_cores_is_byte_identical_to_one_core(tmp_path):
    serial, run1 = _build(tmp_path, "serial", 1)  # the reference: everything in one process, as plain MkDocs
    split, run2 = _build(tmp_path, "split", 2)
    assert run1.returncode == 0 and run2.returncode == 0, run1.stderr + run2.stderr
    # the split build really split: the plugin says so, and only then
    assert "worker processes" in run2.stderr and "worker processes" not in run1.stderr
    one, two = tree(serial / "site"), tree(split / "site")
    assert one.keys() == two.keys()
    different = [name for name in one if one[name] != two[name]]
    assert not different, different
    assert b"districts/3101/" in one["search/thai_index.json"]  # the compared index is the real one
    assert b"\n    <" not in one["districts/3101/index.html"]  # and its pages are written without indentation
    assert b"<table>" in one["districts/3101/index.html"] and b"<!-- html -->" not in one["districts/3101/index.html"]


@pytest.mark.slow
def test_a_warning_in_a_worker_still_fails_a_strict_build(tmp_path):
    _, run = _build(tmp_path, "broken", 2, "# หน้าเพิ่ม\n\n[ลิงก์เสีย](missing.md)\n")
    assert run.returncode != 0
    assert "missing.md" in run.stderr and "worker processes" in run.stderr


@pytest.mark.slow
def test_a_rebuild_in_the_same_process_reuses_unchanged_pages_only(tmp_path, monkeypatch, caplog):
    """What `mkdocs serve` does after an edit: build again in the same process."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    project = make_project(tmp_path / "serve")
    with_settings(project, workers=2)
    page = project / "docs" / "extra.md"
    page.write_text("# หน้าเพิ่ม\n\nข้อความเดิม\n", encoding="utf-8")
    workbook = tmp_path / "master.xlsx"
    write_workbook(workbook, small_rows())
    monkeypatch.setenv("PORTAL_WORKBOOK", str(workbook))
    monkeypatch.chdir(project)
    caplog.set_level(logging.INFO)

    build(load_config(str(project / "mkdocs.yml")))
    first = tree(project / "site")
    page.write_text("# หน้าเพิ่ม\n\nข้อความใหม่\n", encoding="utf-8")
    caplog.clear()
    build(load_config(str(project / "mkdocs.yml")))
    second = tree(project / "site")

    converted = re.search(r"(\d+) pages converted to HTML in \d+ worker processes, (\d+) unchanged", caplog.text)
    assert converted and int(converted.group(2)) > 0, caplog.text
    assert "ข้อความใหม่" in second["extra/index.html"].decode() and "ข้อความเดิม" not in second["extra/index.html"].decode()
    assert first["districts/3101/index.html"] == second["districts/3101/index.html"]
    # the home page includes a generated snippet, so it is converted again, never taken stale
    assert int(converted.group(1)) >= 2


ORPHAN = """
import sys, time
from pathlib import Path
from generator import parallel

def work(pid_file):
    import os
    Path(pid_file).write_text(str(os.getpid()))
    time.sleep(120)
    return 1

with parallel.using(2):
    wait = parallel.start(work, sys.argv[1])
    time.sleep(120)
"""


def test_workers_die_with_a_killed_parent(tmp_path):
    import signal
    import subprocess
    import sys
    import time

    from tests.conftest import ROOT

    pid_file = tmp_path / "worker.pid"
    parent = subprocess.Popen([sys.executable, "-c", ORPHAN, str(pid_file)], cwd=ROOT)
    try:
        for _ in range(100):
            if pid_file.exists() and pid_file.read_text():
                break
            time.sleep(0.1)
        worker = int(pid_file.read_text())
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait()
        for _ in range(50):
            try:
                os.kill(worker, 0)
            except ProcessLookupError:
                return
            time.sleep(0.1)
        os.kill(worker, signal.SIGKILL)
        pytest.fail("the worker outlived its killed parent")
    finally:
        parent.kill()
