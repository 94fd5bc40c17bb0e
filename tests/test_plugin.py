"""The portal as a MkDocs plugin (generator/mkdocs_ext/plugin.py): found by its entry point, settings from mkdocs.yml,
state on the instance and gone when a build ends, and its handlers in an explicit order around other plugins'."""

from __future__ import annotations

import importlib.metadata

import pytest
from mkdocs.config import load_config

from generator import parallel
from generator.mkdocs_ext import mkdocs_internals, nav_cache, plugin, prerender
from generator.workbook.template import write_workbook
from tests.conftest import ROOT, small_rows
from tests.test_site import make_project
from tests.tools.settings import with_settings


def test_mkdocs_finds_the_plugin_by_its_entry_point():
    (entry,) = [e for e in importlib.metadata.entry_points(group="mkdocs.plugins") if e.name == "portal"]
    assert entry.load() is plugin.PortalPlugin
    config = load_config(str(ROOT / "mkdocs.yml"))
    assert isinstance(config.plugins["portal"], plugin.PortalPlugin)
    assert "hooks" not in (ROOT / "mkdocs.yml").read_text(encoding="utf-8")


@pytest.mark.parametrize("module", [plugin, prerender, mkdocs_internals, nav_cache])
def test_the_plugin_layer_keeps_no_module_level_mutable_state(module):
    import inspect

    assert "\nglobal " not in inspect.getsource(module) and "    global " not in inspect.getsource(module)
    mutable = [
        name
        for name, value in vars(module).items()
        if not name.startswith("__") and isinstance(value, (dict, list, set, bytearray))
    ]
    assert not mutable, f"{module.__name__} keeps state in module globals: {mutable}"


def test_the_page_writers_are_waited_for_before_any_other_post_build_and_the_scan_comes_last():
    config = load_config(str(ROOT / "mkdocs.yml"))
    portal = config.plugins["portal"]
    post_build = mkdocs_internals.handlers(config, "post_build")
    assert post_build[0] == portal._wait_for_pages and post_build[-1] == portal._scan_and_publish
    assert mkdocs_internals.handlers(config, "pre_build")[0] == portal.on_pre_build
    for event in ("nav", "env", "post_page"):
        assert mkdocs_internals.handlers(config, event)[-1] == getattr(portal, f"on_{event}")


HOOK = '''
from pathlib import Path

def on_pre_page(page, config, files):
    """Runs before a page is read: what it does must reach the page even when workers convert it."""
    if page.file.src_uri == "about.md":
        page.file.content_string = page.file.content_string + "\\n\\nPRE-PAGE-MARK\\n"
    return page

def on_post_build(config):
    """A plugin after the portal's page writers: every page is in site_dir already."""
    generated = Path(config.docs_dir) / "_generated"
    pages = [f for f in Path(config.docs_dir).rglob("*.md") if not f.is_relative_to(generated)]
    missing = [
        str(p)
        for p in pages
        if not (Path(config.site_dir) / p.relative_to(config.docs_dir)).with_suffix("").exists()
        and p.name != "index.md"
    ]
    written = list(Path(config.site_dir).rglob("index.html"))
    Path(config.config_file_path).with_name("seen.txt").write_text(f"{len(written)} {len(missing)}")
'''


@pytest.mark.slow
def test_a_split_build_fires_pre_page_and_shows_later_plugins_every_page(tmp_path, monkeypatch):
    """In process, as `mkdocs serve` builds: state is the instance's, and nothing of it is left after the build."""
    from mkdocs.commands.build import build

    project = make_project(tmp_path / "project")
    (project / "hook.py").write_text(HOOK, encoding="utf-8")
    with_settings(project, {"hooks": ["hook.py"]}, workers=2)
    write_workbook(tmp_path / "master.xlsx", small_rows())
    monkeypatch.setenv("PORTAL_WORKBOOK", str(tmp_path / "master.xlsx"))
    monkeypatch.chdir(project)
    config = load_config(str(project / "mkdocs.yml"))
    portal = config.plugins["portal"]
    config.plugins.on_startup(command="build", dirty=False)
    build(config)
    config.plugins.on_shutdown()

    assert "PRE-PAGE-MARK" in (project / "site" / "about" / "index.html").read_text(encoding="utf-8")
    written, missing = map(int, (project / "seen.txt").read_text().split())
    pages = len(list((project / "site").rglob("index.html")))
    assert written == pages and missing == 0 and pages > 20  # the hook saw every page written
    assert portal.current is None and parallel.workers() == parallel.cores()  # nothing left of the build
    assert portal.converted  # kept for the next rebuild of `mkdocs serve`
    assert config.docs_dir == str(project / "docs")
