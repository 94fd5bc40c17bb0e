"""A build killed at any moment (SIGKILL) leaves every generated folder whole: old or new."""

import shutil
import signal
import subprocess
import sys
import time

import pytest

from generator.workbook.sample import write_sample
from generator.write import GENERATED_DIRS, STAGE_PREFIX

from .conftest import ROOT


def _snapshot(docs):
    return {
        top: {
            p.relative_to(docs / top).as_posix(): p.read_bytes() for p in sorted((docs / top).rglob("*")) if p.is_file()
        }
        for top in GENERATED_DIRS
        if (docs / top).is_dir()
    }


def _build(workbook, docs):
    return subprocess.Popen(
        [sys.executable, "-m", "generator", "build", str(workbook), "--docs", str(docs)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


@pytest.mark.slow
def test_sigkill_at_any_moment_leaves_old_or_new_folders(tmp_path):
    old_book, new_book = tmp_path / "old.xlsx", tmp_path / "new.xlsx"
    write_sample(old_book, scale=1)
    write_sample(new_book, scale=2)  # every district with a plan changes
    expected = {}
    for name, book in (("old", old_book), ("new", new_book)):
        docs = tmp_path / name / "docs"
        start = time.perf_counter()
        assert _build(book, docs).wait() == 0
        expected[name] = (_snapshot(docs), time.perf_counter() - start)
    old, duration = expected["old"]
    new = expected["new"][0]
    assert all(old[top] != new[top] for top in ("districts", "provinces", "downloads"))

    docs = tmp_path / "site" / "docs"
    outcomes = []
    delay = 0.2 * duration
    while "new" not in outcomes and delay < 4 * duration:  # later and later, until a kill lands after the swap
        shutil.rmtree(docs.parent, ignore_errors=True)
        shutil.copytree(tmp_path / "old", docs.parent)
        proc = _build(new_book, docs)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        now = _snapshot(docs)
        assert set(now) == set(old)
        for top, files in now.items():
            assert files in (old[top], new[top]), (
                f"kill after {delay:.2f} s: {top} is neither the old nor the new folder"
            )
        outcomes.append("new" if all(now[top] == new[top] for top in now) else "old")
        # The next build finishes the job and clears what the killed one left.
        assert _build(new_book, docs).wait() == 0
        assert _snapshot(docs) == new
        assert not list(docs.parent.glob(STAGE_PREFIX + "*"))
        delay += 0.15 * duration
    assert outcomes[0] == "old" and outcomes[-1] == "new", outcomes
