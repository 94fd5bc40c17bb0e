"""The code keeps its shape (issue #17): ruff's lint and format over the generator and the tests (line length
120, settings in pyproject.toml), mypy over the workbook and domain layers. Each runs as the tool itself would
from the command line, so what fails here fails there too."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT

CODE = ["generator", "tests"]


def run(*command: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *command], cwd=ROOT, capture_output=True, text=True, timeout=600)


@pytest.mark.parametrize(
    "command", [("ruff", "check", *CODE), ("ruff", "format", "--check", *CODE)], ids=["ruff check", "ruff format"]
)
def test_ruff(command):
    result = run(*command)
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-2000:]


def test_mypy_on_the_workbook_and_domain_layers():
    result = run("mypy")  # the packages and settings are pyproject.toml's [tool.mypy]
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-2000:]
    checked = int(result.stdout.split(" source file")[0].rsplit(" ", 1)[1])  # "Success: … in 15 source files"
    assert checked >= len(list((ROOT / "generator").glob("workbook/*.py"))), result.stdout
