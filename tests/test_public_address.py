"""Issue #16, item 1: one public address, impossible to forget.

A build for publishing (PORTAL_PUBLISH=1, as the Pages workflow sets it) whose address is missing, a loopback or
not https fails in the plugin's on_config with a Thai-first message, before anything is generated or built; the
address MkDocs builds for is the one QR codes point to (the plugin hands config.site_url to the pipeline); a preview
build (the loopback default of `make site`) says under each printed QR code that it opens this machine, not the site."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError

from generator.pages import qr, render
from generator.workbook.template import write_workbook
from tests.conftest import ROOT, small_rows
from tests.test_site import make_project, tree

PUBLIC = "https://example.github.io/portal/"
NOTE = "ตัวอย่างสำหรับทดสอบ ลิงก์ชี้ไปที่เครื่องนี้ (127.0.0.1) ไม่ใช่เว็บไซต์จริง"
PREVIEWS = [
    "http://127.0.0.1:8000/",
    "http://127.0.0.1:8000",
    "http://127.9.9.9/portal/",
    "http://localhost:8000/",
    "https://localhost/",
    "http://[::1]:8000/",
    "http://0.0.0.0:8000/",
    "https://[::]/",
]
THAI_FIRST = re.compile(r"^การสร้างเพื่อเผยแพร่ \(PORTAL_PUBLISH\) [\u0e00-\u0e7f]")


# ---------------------------------------------------------------- which addresses a published site may have


@pytest.mark.parametrize("url", PREVIEWS)
def test_a_loopback_address_is_a_preview_and_cannot_be_published(url):
    host = qr.preview_host(url)
    assert host and host in url
    problem = qr.address_problem(url)
    assert THAI_FIRST.match(problem) and f"({host})" in problem and "ไม่ใช่เว็บไซต์จริง" in problem
    assert "\n/ a publishing build has the address" in problem and "Nothing was built." in problem


@pytest.mark.parametrize("url", [None, "", "   ", "https://", "http://[::1"])
def test_a_missing_address_cannot_be_published(url):
    assert qr.preview_host(url) == ""
    problem = qr.address_problem(url)
    assert THAI_FIRST.match(problem) and "ไม่มีที่อยู่เว็บไซต์ (site_url)" in problem and "PORTAL_SITE_URL" in problem


def test_a_public_address_must_be_https():
    assert qr.preview_host("http://example.github.io/portal/") is None
    assert "ซึ่งไม่ใช่ https" in qr.address_problem("http://example.github.io/portal/")


@pytest.mark.parametrize(
    "url", [PUBLIC, "https://portal.cdd.go.th/", "https://127.example.org/", "https://localhost.example.org/"]
)
def test_a_public_https_address_can_be_published(url):
    assert qr.preview_host(url) is None and qr.address_problem(url) is None


# ---------------------------------------------------------------- the plugin's on_config, with MkDocs' own config


def _configured(monkeypatch, site_url: str | None, publish: str | None):
    """mkdocs.yml loaded as MkDocs loads it (its !ENV site_url and the portal plugin's settings), then every
    plugin's on_config."""
    monkeypatch.setenv("PORTAL_SITE_URL", site_url or "")  # empty: site_url is None, as an unset secret gives
    if publish is None:
        monkeypatch.delenv("PORTAL_PUBLISH", raising=False)
    else:
        monkeypatch.setenv("PORTAL_PUBLISH", publish)
    config = load_config(str(ROOT / "mkdocs.yml"))
    return config.plugins.on_config(config)


class _Stop(Exception):
    pass


def _address_given(monkeypatch, config) -> str:
    """The site_url the plugin's pre_build hands the pipeline (the pipeline itself stopped right there)."""
    from generator.mkdocs_ext import plugin

    given = []

    def build(*args, site_url, **kwargs):
        given.append(site_url)
        raise _Stop

    monkeypatch.setattr(plugin, "build", build)
    with pytest.raises(_Stop):
        config.plugins.on_pre_build(config=config)
    config.plugins.on_build_error(error=_Stop())
    return given[0]


def test_a_publishing_build_takes_the_address_from_the_config(monkeypatch):
    config = _configured(monkeypatch, PUBLIC, "1")
    assert config.site_url == PUBLIC and config.plugins["portal"].config.publish is True
    site = qr.Site(_address_given(monkeypatch, config))
    assert site.page_url("districts/3101/") == PUBLIC + "districts/3101/" and site.preview_note() == ""


def test_the_plugin_passes_the_address_mkdocs_builds_for(monkeypatch):
    """Not mkdocs.yml read again: what MkDocs has (`mkdocs serve` puts its own address in config.site_url)."""
    monkeypatch.setenv("PORTAL_SITE_URL", PUBLIC)
    config = load_config(str(ROOT / "mkdocs.yml"))
    config.site_url = "https://portal.cdd.go.th/savings/"
    config.plugins.on_config(config)
    assert _address_given(monkeypatch, config) == "https://portal.cdd.go.th/savings/"


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8000/", "http://localhost:8000/", None, "http://example.github.io/portal/"]
)
def test_a_publishing_build_refuses_a_preview_or_missing_address(monkeypatch, url):
    with pytest.raises(PluginError) as error:
        _configured(monkeypatch, url, "1")
    assert THAI_FIRST.match(str(error.value))


@pytest.mark.parametrize("url", ["http://127.0.0.1:8000/", None])
def test_a_local_build_keeps_working_with_a_preview_address(monkeypatch, url):
    config = _configured(monkeypatch, url, None)
    assert config.plugins["portal"].config.publish is False
    site = qr.Site(_address_given(monkeypatch, config))
    assert site.site_url == "http://127.0.0.1:8000/" and NOTE in site.preview_note()
    for off in ("0", "", "false", "no"):
        config = _configured(monkeypatch, url, off)  # PORTAL_PUBLISH 0, empty, false or no: not a publishing build
        assert config.plugins["portal"].config.publish is False
    assert qr.Site(_address_given(monkeypatch, config)).site_url == "http://127.0.0.1:8000/"


# ---------------------------------------------------------------- the caption under printed QR codes

QR_CAPTION = re.compile(r'<figure class="qr">.*?<figcaption>(.*?)</figcaption></figure>')


def _captions(pages) -> dict[str, str]:
    return {
        name: m.group(1)
        for name in ("districts/3101.md", "documents/br-0019-w1992.md")
        for m in [QR_CAPTION.search(pages[name])]
    }


def test_a_preview_build_says_so_under_its_qr_codes(pages):
    """`pages` (conftest): rendered for mkdocs.yml's default address, as a local `make site` is."""
    captions = _captions(pages)
    assert set(captions) == {"districts/3101.md", "documents/br-0019-w1992.md"}
    for caption in captions.values():
        assert re.search(r'class="qr-url[^"]*">http://127\.0\.0\.1:8000/', caption)
        assert caption.endswith(f'<br><strong class="qr-preview">{NOTE}</strong>')


def test_a_published_build_has_no_preview_note(make_workbook, default_site_url):
    from generator import pipeline

    portal, problems = pipeline.check(make_workbook())
    captions = _captions(render.render_pages(portal, site_url=PUBLIC))  # as the plugin does in a publishing build
    assert re.search(f'class="qr-url[^"]*">{re.escape(PUBLIC)}districts/3101/</span>$', captions["districts/3101.md"])
    assert re.search(
        f'class="qr-url[^"]*">{re.escape(PUBLIC)}documents/br-0019-w1992/#attachments</span>$',
        captions["documents/br-0019-w1992.md"],
    )
    assert "qr-preview" not in "".join(captions.values())


# ---------------------------------------------------------------- a real `mkdocs build`


def _build(project, workbook, **env):
    env = {**os.environ, "PORTAL_WORKBOOK": str(workbook), "NO_MKDOCS_2_WARNING": "1", **env}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    folder = tmp_path_factory.mktemp("address")
    write_workbook(folder / "master.xlsx", small_rows())
    return make_project(folder / "project"), folder / "master.xlsx"


@pytest.mark.parametrize("url", ["http://127.0.0.1:8000/", ""])
def test_a_publishing_build_with_a_loopback_or_missing_address_writes_nothing(project, url):
    folder, workbook = project
    docs = tree(folder / "docs")
    run = _build(folder, workbook, PORTAL_PUBLISH="1", PORTAL_SITE_URL=url)
    assert run.returncode != 0
    output = run.stdout + run.stderr
    assert "การสร้างเพื่อเผยแพร่ (PORTAL_PUBLISH)" in output and "Aborted with a BuildError" in output
    assert ("ชี้ไปที่เครื่องที่สร้างเอง (127.0.0.1)" if url else "ไม่มีที่อยู่เว็บไซต์ (site_url)") in output
    assert not (folder / "site").exists() and tree(folder / "docs") == docs
    assert not [
        p.name for p in folder.iterdir() if p.name not in ("docs", "site", "mkdocs.yml", "overrides", "generator")
    ]  # no stage left beside them


def test_a_publishing_build_points_everything_at_the_public_address(project):
    folder, workbook = project
    run = _build(folder, workbook, PORTAL_PUBLISH="1", PORTAL_SITE_URL=PUBLIC)
    assert run.returncode == 0, run.stdout + run.stderr
    page = (folder / "site/districts/3101/index.html").read_text(encoding="utf-8")
    assert re.search(f'class="qr-url[^"]*">{re.escape(PUBLIC)}districts/3101/</span></figcaption>', page)
    assert f'<link rel="canonical" href="{PUBLIC}districts/3101/"' in page
    assert "qr-preview" not in page and "127.0.0.1" not in page
    assert f"<loc>{PUBLIC}districts/3101/</loc>" in (folder / "site/sitemap.xml").read_text(encoding="utf-8")
