"""MkDocs hook: plain `mkdocs build` (and `mkdocs serve`) runs the generator first.

PORTAL_WORKBOOK may name another workbook; by default data/master.xlsx beside mkdocs.yml."""
from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # MkDocs loads hooks by path, not as part of a package
    sys.path.insert(0, str(ROOT))

import material  # noqa: E402
from mkdocs.exceptions import PluginError  # noqa: E402

from generator.compact_html import strip_indentation  # noqa: E402
from generator.fetch import resolve_workbook  # noqa: E402
from generator.html_blocks import HtmlBlocks  # noqa: E402
from generator.pipeline import build  # noqa: E402
from generator.privacy import start_scan  # noqa: E402
from generator.problems import InvalidWorkbook, UnusableWorkbook  # noqa: E402
from generator import nav_cache, prerender, search_index  # noqa: E402
from generator.thai import thai_date  # noqa: E402

# Under mkdocs.plugins so MkDocs formats it; INFO so --strict does not fail on accepted input.
log = logging.getLogger("mkdocs.plugins.portal")


def _workbook(config) -> Path:
    return resolve_workbook(os.environ.get("PORTAL_WORKBOOK") or Path(config.config_file_path).parent / "data/master.xlsx")


_private: frozenset[str] = frozenset()  # the private columns' values of this build, for the leak scan


def on_pre_build(config) -> None:
    global _private
    try:
        built = build(_workbook(config), Path(config.docs_dir))
    except InvalidWorkbook as exc:
        raise PluginError("ข้อมูลในสมุดงานไม่ถูกต้อง หน้าเว็บเดิมไม่ถูกแก้ไข / the workbook has errors; docs/ was left as it was:\n"
                          + "\n".join(str(p) for p in exc.problems if p.level == "error")) from None
    except UnusableWorkbook as exc:
        raise PluginError(str(exc)) from None
    _private = built.private
    for p in built.problems:
        log.info(f"คำเตือน / warning: {p}")
    portal = built.portal
    # Shown on every page (overrides/main.html): the date the data is as of, in Buddhist Era.
    config.extra["last_updated"] = thai_date(portal.as_of, long=True)
    log.info(f"{len(portal.districts)} districts, {len(portal.provinces)} provinces,"
             f" {len(portal.sessions)} sessions; {built.changed} generated file(s) changed")


_dirty = False  # `mkdocs serve --dirty` renders only changed pages: nothing to split then


def on_config(config):
    """The generated pages' finished HTML skips Python-Markdown's and MkDocs' HTML parsing (html_blocks.py)."""
    config.markdown_extensions.append(HtmlBlocks())
    return config


def on_startup(command, dirty) -> None:
    global _dirty
    _dirty = dirty


def on_nav(nav, config, files):
    """Convert and index every page on all cores while MkDocs walks through them (prerender.py)."""
    if not _dirty:
        prerender.start(config, files)
    search_index.load_dictionary()  # needed after the pages are built: loaded while the workers convert them
    return nav


def on_post_page(output, page, config) -> str:
    """Pages without Material's indentation: district pages stay under their 30 KB budget (issue #8)."""
    return strip_indentation(output)


on_post_page.safe_in_workers = True  # depends on nothing but its input: prerender.PageWriter may run it anywhere

_writer: prerender.PageWriter | None = None


def on_env(env, config, files):
    """Render the navigation once for all pages outside it (nav_cache.py); write the pages' HTML on all cores
    too (prerender.PageWriter)."""
    global _writer
    nav_cache.install(env, str(Path(material.__file__).parent / "templates"))
    if not _dirty and prerender.PageWriter.wanted(config):
        _writer = prerender.PageWriter(config)
        _writer.install()
    return env


def _wait_for_pages(raise_errors: bool = True) -> None:
    global _writer
    if _writer is not None:
        writer, _writer = _writer, None
        writer.finish(raise_errors)


def on_build_error(error) -> None:
    _wait_for_pages(raise_errors=False)  # the build failed already; put MkDocs' own page writer back


def on_post_build(config) -> None:
    """Fail the build if any built file holds a national ID, a mobile number or a private value;
    then put Thai words apart in the search index (issue #4). The scan runs in worker processes
    meanwhile, and reads the index as the search plugin wrote it: the new one is written after."""
    _wait_for_pages()
    site = Path(config.site_dir)
    scanning = start_scan(site, _private)
    separator = search_index.separator(config)
    index = search_index.segmented(site, separator) if separator else None
    leaks = scanning()
    if leaks:
        raise PluginError("พบข้อมูลส่วนบุคคลในเว็บไซต์ที่สร้าง ห้ามเผยแพร่ / private data found in the built site:\n"
                          + "\n".join(leaks))
    log.info("privacy scan: no private data in the built site")
    if index is not None:
        search_index.log_sizes(*search_index.replace(site, index))


def on_serve(server, config, builder) -> None:
    """Live preview: saving the workbook, or a page template, rebuilds the site."""
    workbook = os.environ.get("PORTAL_WORKBOOK") or Path(config.config_file_path).parent / "data/master.xlsx"
    if not str(workbook).startswith(("http://", "https://")):
        server.watch(str(workbook))
    server.watch(str(ROOT / "generator" / "templates"))
