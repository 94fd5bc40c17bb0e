"""MkDocs hook: plain `mkdocs build` (and `mkdocs serve`) runs the generator first, and a build that fails
changes nothing on disk.

PORTAL_WORKBOOK may name another workbook; by default data/master.xlsx beside mkdocs.yml.

MkDocs never builds from docs/ or into site/ directly. on_pre_build stages the generated pages beside docs/ in
a complete docs tree (write.stage_pages: hand-written files hard-linked, nothing in docs/ touched) and an empty
site beside site_dir (write.stage_site), and points MkDocs at both: config.docs_dir, config.site_dir and the
snippets' base path. on_post_build scans the staged site for private data, and only once the scan and every
other check (strict mode's warnings) have passed swaps the changed generated folders into docs/ and the staged
site into site_dir, each in one atomic step. After any failure (on_build_error) both stages are deleted, so
docs/ and site/ are byte for byte as before and no file the build wrote is left. A build killed mid-way leaves
them as before too; its stage (an owner-only folder) is removed by the next build. `mkdocs serve` serves its own
site_dir, which therefore only ever receives a scanned site; it watches the real docs/ (config.docs_dir is put
back after every build), never a stage."""
from __future__ import annotations

import logging
import os
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # MkDocs loads hooks by path, not as part of a package
    sys.path.insert(0, str(ROOT))

import material  # noqa: E402
from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.utils import CountHandler  # noqa: E402

from generator.compact_html import strip_indentation  # noqa: E402
from generator.fetch import resolve_workbook  # noqa: E402
from generator.html_blocks import HtmlBlocks  # noqa: E402
from generator.pipeline import build  # noqa: E402
from generator.privacy import start_scan  # noqa: E402
from generator.problems import InvalidWorkbook, UnusableWorkbook, summarised  # noqa: E402
from generator.write import Stage, discard_site, stage_site, swap_site  # noqa: E402
from generator import nav_cache, prerender, search_index  # noqa: E402
from generator.thai import thai_date  # noqa: E402

# Under mkdocs.plugins so MkDocs formats it; INFO so --strict does not fail on accepted input.
log = logging.getLogger("mkdocs.plugins.portal")


def _workbook(config) -> Path:
    return resolve_workbook(os.environ.get("PORTAL_WORKBOOK") or Path(config.config_file_path).parent / "data/master.xlsx")


_private: frozenset[str] = frozenset()  # the private columns' values of this build, for the leak scan
SNIPPETS = "pymdownx.snippets"


@dataclass
class _Staged:
    """This build's stages, and the configuration they stand in for (put back whatever the outcome)."""
    config: object
    docs_dir: str
    site_dir: str
    snippets: object
    docs: Stage
    site: Path | None = None

    def point_mkdocs_at_stages(self) -> None:
        config, real, staged = self.config, Path(self.docs_dir).resolve(), self.docs.path
        config.docs_dir, config.site_dir = str(staged), str(self.site)
        if self.snippets is not None:  # `--8<-- "_generated/…"` must include the staged pages, not docs/'s old ones
            bases = [self.snippets] if isinstance(self.snippets, str) else self.snippets
            config.mdx_configs[SNIPPETS]["base_path"] = [
                str(staged / Path(b).resolve().relative_to(real)) if Path(b).resolve().is_relative_to(real) else b
                for b in bases]

    def restore(self) -> None:
        """The configuration as loaded: `mkdocs serve` watches config.docs_dir, `gh-deploy` pushes site_dir."""
        self.config.docs_dir, self.config.site_dir = self.docs_dir, self.site_dir
        if self.snippets is not None:
            self.config.mdx_configs[SNIPPETS]["base_path"] = self.snippets

    def commit(self) -> None:
        self.restore()
        self.docs.commit()
        swap_site(self.site, Path(self.site_dir))

    def discard(self) -> None:
        self.restore()
        self.docs.discard()
        if self.site is not None:
            discard_site(self.site)


_staged: _Staged | None = None


def _discard() -> None:
    global _staged
    if _staged is not None:
        staged, _staged = _staged, None
        staged.discard()


def on_pre_build(config) -> None:
    global _private, _staged
    _discard()  # left by a build of this process stopped without a build_error event (Ctrl-C in `mkdocs serve`)
    try:
        built = build(_workbook(config), Path(config.docs_dir), commit=False)
    except InvalidWorkbook as exc:
        raise PluginError("ข้อมูลในสมุดงานไม่ถูกต้อง หน้าเว็บเดิมไม่ถูกแก้ไข / the workbook has errors;"
                          " docs/ and site/ were left as they were:\n"
                          + "\n".join(str(p) for p in summarised(exc.problems) if p.level == "error")) from None
    except UnusableWorkbook as exc:
        raise PluginError(str(exc)) from None
    _staged = _Staged(config, config.docs_dir, config.site_dir,
                      config.mdx_configs.get(SNIPPETS, {}).get("base_path"), built.stage)
    _staged.site = stage_site(Path(config.site_dir), keep=_dirty)
    _staged.point_mkdocs_at_stages()
    _private = built.private
    for p in built.problems:
        log.info(f"คำเตือน / warning: {p}")
    portal = built.portal
    # Shown on every page (overrides/main.html): the date the data is as of, in Buddhist Era.
    config.extra["last_updated"] = thai_date(portal.as_of, long=True)
    log.info(f"{len(portal.districts)} districts, {len(portal.provinces)} provinces,"
             f" {len(portal.sessions)} sessions; {built.changed} generated file(s) changed")


_dirty = False  # `mkdocs serve --dirty` renders only changed pages: nothing to split then


def _public_address(config) -> None:
    """Issue #16: QR codes, canonical links and sitemap.xml point under config.site_url, which qr.py is given here.
    A build for publishing (PORTAL_PUBLISH=1, set by the Pages workflow; read here only) whose address is missing,
    a loopback or not https fails before anything is generated or built."""
    from generator import qr

    if os.environ.get("PORTAL_PUBLISH", "").strip().lower() in ("1", "true", "yes"):
        problem = qr.address_problem(config.site_url)
        if problem:
            raise PluginError(problem)
    qr.use_site_url(config.site_url or qr.PREVIEW_URL)


def on_config(config):
    """The generated pages' finished HTML skips Python-Markdown's and MkDocs' HTML parsing (html_blocks.py)."""
    _public_address(config)
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
    _discard()  # after the page writers have stopped: none of them writes into the deleted stage


def on_shutdown() -> None:
    _discard()


def _strict_warnings() -> bool:
    """Whether `--strict` will abort the build right after post_build (MkDocs' counter of warnings)."""
    return any(isinstance(h, CountHandler) and h.get_counts() for h in logging.getLogger("mkdocs").handlers)


def on_post_build(config) -> None:
    """Fail the build if any built file holds a national ID, a mobile number or a private value;
    then put Thai words apart in the search index (issue #4). The scan runs in worker processes
    meanwhile, and reads the index as the search plugin wrote it: the new one is written after.
    Only then are the staged pages and site swapped into docs/ and site_dir."""
    global _staged
    _wait_for_pages()
    site = Path(config.site_dir)
    scanning = start_scan(site, _private)
    separator = search_index.separator(config)
    index = search_index.segmented(site, separator) if separator else None
    leaks = scanning()
    if leaks:
        raise PluginError("พบข้อมูลส่วนบุคคลในเว็บไซต์ที่สร้าง ห้ามเผยแพร่ หน้าเว็บเดิมไม่ถูกแก้ไข"
                          " / private data found in the built site; docs/ and site/ were left as they were:\n"
                          + "\n".join(leaks))
    log.info("privacy scan: no private data in the built site")
    if index is not None:
        search_index.log_sizes(*search_index.replace(site, index))
    if _staged is None or _strict_warnings():
        return  # MkDocs aborts right after this event: on_build_error deletes the stages
    staged, _staged = _staged, None
    try:
        staged.commit()
    except BaseException:
        staged.discard()
        raise


def on_serve(server, config, builder) -> None:
    """Live preview: saving the workbook, or a page template, rebuilds the site."""
    workbook = os.environ.get("PORTAL_WORKBOOK") or Path(config.config_file_path).parent / "data/master.xlsx"
    if not str(workbook).startswith(("http://", "https://")):
        server.watch(str(workbook))
    server.watch(str(ROOT / "generator" / "templates"))
