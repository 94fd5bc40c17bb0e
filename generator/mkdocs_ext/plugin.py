"""The portal as a MkDocs plugin (`portal` under `plugins:` in mkdocs.yml; registered in pyproject.toml): plain
`mkdocs build` and `mkdocs serve` run the generator first, and a build that fails changes nothing on disk.

Settings (PortalConfig, under `portal:` in mkdocs.yml, which takes environment overrides with `!ENV`):
workbook, publish, workers, thai_search and nav_cache. State lives on the plugin: `dirty` from on_startup, one
build's (_Build) made in on_pre_build and dropped when the build ends, so `mkdocs serve`, which keeps this
instance from one rebuild to the next, starts each from nothing; only the converted pages are kept for the next
rebuild to reuse (prerender.start).

MkDocs never builds from docs/ or into site/ directly. on_pre_build stages the generated pages beside docs/ in
a complete docs tree (write.stage_pages: hand-written files hard-linked, nothing in docs/ touched) and an empty
site beside site_dir (write.stage_site), and points MkDocs at both: config.docs_dir, config.site_dir and the
snippets' base path. At post_build the staged site is scanned for private data, and only once the scan and
every other check (strict mode's warnings) have passed are the changed generated folders swapped into docs/ and
the staged site into site_dir, each in one atomic step. After any failure (on_build_error) both stages are
deleted, so docs/ and site/ are byte for byte as before and no file the build wrote is left. A build killed
mid-way leaves them as before too; its stage (an owner-only folder) is removed by the next build. `mkdocs serve`
serves its own site_dir, which therefore only ever receives a scanned site; it watches the real docs/
(config.docs_dir is put back after every build), never a stage.

Event order (mkdocs.plugins.event_priority): the generator runs first at pre_build, so every other plugin sees
the staged docs; the pages are converted (on_nav), the theme wrapped (on_env) and indentation stripped
(on_post_page) last, after every other plugin's handler; at post_build the page writers are waited for first,
so any plugin reading site_dir sees every page, and the leak scan, Thai search index and swap come last."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import material
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority

from .. import parallel
from ..pages import qr
from ..pages.render import TEMPLATES
from ..pipeline import build
from ..thai import thai_date
from ..workbook.fetch import resolve_workbook
from ..workbook.problems import InvalidWorkbook, UnusableWorkbook, summarised
from ..write import Stage, discard_site, stage_site, swap_site
from . import mkdocs_internals, nav_cache, prerender, search_index
from .compact_html import strip_indentation, thai_config
from .html_blocks import HtmlBlocks
from .leak_scan import start_scan

# Under mkdocs.plugins so MkDocs formats it; INFO so --strict does not fail on accepted input.
log = logging.getLogger("mkdocs.plugins.portal")

SNIPPETS = "pymdownx.snippets"
DEFAULT_WORKBOOK = "data/master.xlsx"


class Switch(c.BaseConfigOption[bool]):
    """On or off: true/false, or what an environment variable gives through !ENV (1/0, yes/no, or empty: off)."""

    ON, OFF = ("1", "true", "yes", "on"), ("", "0", "false", "no", "off")

    def __init__(self, default: bool = False) -> None:
        super().__init__()
        self.default = default

    def run_validation(self, value: object) -> bool:
        if value is None:  # `!ENV [NAME, …]` with NAME set but empty
            return False
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in self.ON or text in self.OFF:
            return text in self.ON
        raise c.ValidationError(f"expected true or false (or 1 or 0), got {value!r}")


class Workers(c.BaseConfigOption[int]):
    """A number of processes, 1 or more; 0, empty or unset: every core this process may use."""

    def __init__(self) -> None:
        super().__init__()
        self.default = 0

    def run_validation(self, value: object) -> int:
        if value is None or value == "":
            return 0
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise c.ValidationError(f"expected a number of processes (0: every core), got {value!r}")
        return value


class PortalConfig(base.Config):
    workbook = c.Optional(c.Type(str))
    """The workbook: a path relative to mkdocs.yml, an https export URL or gdrive:<sheet id>; empty or unset:
    data/master.xlsx beside mkdocs.yml."""
    publish = Switch(default=False)
    """A build for publishing: a missing, loopback or plain-http site_url fails it before anything is built."""
    workers = Workers()
    """Processes the slow stages are split over; 1: everything in this process, as plain MkDocs would (the
    reference the parallel build is compared with, tests/test_parallel.py)."""
    thai_search = c.Type(bool, default=True)
    """The portal's Thai search (issues #4, #15): its own index (search_index.py) and worker (thai-search.js);
    off: Material's stock search, whose lunr finds no Thai word inside a run of Thai."""
    nav_cache = c.Type(bool, default=True)
    """Render the navigation once for all pages at the same place outside it (nav_cache.py; issue #8)."""


@dataclass
class _Staged:
    """This build's stages, and the configuration they stand in for (put back whatever the outcome)."""

    config: MkDocsConfig
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
                for b in bases
            ]

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


@dataclass
class _Build:
    """What one build holds between its events."""

    workers: object  # parallel.use()'s token: the worker count in effect until the build ends
    private: frozenset[str] = frozenset()  # the private columns' values, for the leak scan
    plans: dict[str, list[str]] = field(default_factory=dict)  # each district page's plan, for the search index
    staged: _Staged | None = None
    writer: prerender.PageWriter | None = None


class PortalPlugin(BasePlugin[PortalConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.dirty = False  # `mkdocs serve --dirty` renders only changed pages: nothing to split then
        self.current: _Build | None = None
        # Pages converted by the last build (prerender.start), by source and configuration: `mkdocs serve` keeps
        # this instance and converts only what changed. Kept across builds, like Material's previous search index.
        self.converted: dict[str, prerender.Rendered] = {}

    # ------------------------------------------------------------ set-up

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.dirty = dirty

    def workbook(self, config: MkDocsConfig) -> str | Path:
        """The configured workbook: a URL or gdrive: source as it is, a path relative to mkdocs.yml."""
        source = self.config.workbook or DEFAULT_WORKBOOK
        if urlsplit(source).scheme in ("http", "https", "gdrive"):
            return source
        return Path(config.config_file_path).parent / source

    @event_priority(-50)  # after other plugins' changes to the configuration
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Issue #16: QR codes, canonical links and sitemap.xml point under config.site_url. A build for publishing
        (`publish`, PORTAL_PUBLISH=1 in the Pages workflow) whose address is missing, a loopback or not https fails
        before anything is generated or built. The generated pages' finished HTML skips Python-Markdown's and
        MkDocs' HTML parsing (html_blocks.py)."""
        if self.config.publish:
            problem = qr.address_problem(config.site_url)
            if problem:
                raise PluginError(problem)
        config.markdown_extensions.append(HtmlBlocks())
        return config

    # ------------------------------------------------------------ the build

    @event_priority(100)  # first: every other plugin's pre_build sees the staged docs and site
    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        self._end_build()  # left by a build of this process stopped without a build_error event (Ctrl-C in serve)
        self.current = current = _Build(parallel.use(self.config.workers or None))
        try:
            built = build(
                resolve_workbook(self.workbook(config)),
                Path(config.docs_dir),
                commit=False,
                site_url=config.site_url or qr.PREVIEW_URL,
            )
        except InvalidWorkbook as exc:
            raise PluginError(
                "ข้อมูลในสมุดงานไม่ถูกต้อง หน้าเว็บเดิมไม่ถูกแก้ไข / the workbook has errors;"
                " docs/ and site/ were left as they were:\n"
                + "\n".join(str(p) for p in summarised(exc.problems) if p.level == "error")
            ) from None
        except UnusableWorkbook as exc:
            raise PluginError(str(exc)) from None
        current.staged = _Staged(
            config, config.docs_dir, config.site_dir, config.mdx_configs.get(SNIPPETS, {}).get("base_path"), built.stage
        )
        current.staged.site = stage_site(Path(config.site_dir), keep=self.dirty)
        current.staged.point_mkdocs_at_stages()
        current.private = built.private
        current.plans = search_index.plan_lines(built.portal)
        for p in built.problems:
            log.info(f"คำเตือน / warning: {p}")
        portal = built.portal
        # Shown on every page (overrides/main.html): the date the data is as of, in Buddhist Era.
        config.extra["last_updated"] = thai_date(portal.as_of, long=True)
        log.info(
            f"{len(portal.districts)} districts, {len(portal.provinces)} provinces,"
            f" {len(portal.sessions)} sessions; {built.changed} generated file(s) changed"
        )

    @event_priority(-100)  # last: after every other plugin has changed the navigation and files
    def on_nav(self, nav, *, config: MkDocsConfig, files):
        """Convert and index every page on all cores while MkDocs walks through them (prerender.py)."""
        if not self.dirty:
            self.converted = prerender.start(config, files, self.converted)
        if self.config.thai_search:
            search_index.load_dictionary()  # needed after the pages are built: loaded while the workers convert them
        return nav

    @event_priority(-100)  # last: wraps the theme environment as the other plugins left it
    def on_env(self, env, *, config: MkDocsConfig, files):
        """Render the navigation once for all pages outside it (nav_cache.py); write the pages' HTML on all cores
        too (prerender.PageWriter)."""
        env.globals["portal_thai_search"] = self.config.thai_search  # overrides/main.html: which search worker
        if self.config.nav_cache:
            nav_cache.install(env, str(Path(material.__file__).parent / "templates"))
        if self.current is not None and not self.dirty and prerender.PageWriter.wanted(config):
            self.current.writer = prerender.PageWriter(config)
            self.current.writer.install()
        return env

    @event_priority(-100)  # last: the finished page
    def on_post_page(self, output: str, *, page, config: MkDocsConfig) -> str:
        """Pages without Material's indentation, and its configuration's Thai as UTF-8: district pages stay under
        their 30 KB budget (issue #8)."""
        return thai_config(strip_indentation(output))

    on_post_page.safe_in_workers = True  # type: ignore[attr-defined]  # no state: PageWriter may run it anywhere

    @event_priority(100)  # first: any plugin reading site_dir at post_build sees every page written
    def _wait_for_pages(self, *, config: MkDocsConfig) -> None:
        self._stop_writers(raise_errors=True)

    @event_priority(-100)  # last: scans what every plugin wrote (the search plugin's index among it)
    def _scan_and_publish(self, *, config: MkDocsConfig) -> None:
        """Fail the build if any built file holds a national ID, a mobile number or a private value; then put Thai
        words apart in the search index (issue #4). The scan runs in worker processes meanwhile, and reads the
        index as the search plugin wrote it: the new one is written after. Only then are the staged pages and
        site swapped into docs/ and site_dir."""
        current = self.current
        if current is None:
            return
        site = Path(config.site_dir)
        scanning = start_scan(site, current.private)
        separator = search_index.separator(config) if self.config.thai_search else None
        index = search_index.segmented(site, separator, current.plans) if separator else None
        leaks = scanning()
        if leaks:
            raise PluginError(
                "พบข้อมูลส่วนบุคคลในเว็บไซต์ที่สร้าง ห้ามเผยแพร่ หน้าเว็บเดิมไม่ถูกแก้ไข"
                " / private data found in the built site; docs/ and site/ were left as they were:\n" + "\n".join(leaks)
            )
        log.info("privacy scan: no private data in the built site")
        if index is not None:
            search_index.log_sizes(*search_index.replace(site, index))
        if current.staged is None or mkdocs_internals.strict_warnings():
            return  # MkDocs aborts right after this event: on_build_error deletes the stages
        staged, current.staged = current.staged, None
        try:
            staged.commit()
        except BaseException:
            staged.discard()
            raise
        self._end_build()

    on_post_build = CombinedEvent(_wait_for_pages, _scan_and_publish)

    # ------------------------------------------------------------ the end of a build, whatever it was

    def _stop_writers(self, raise_errors: bool) -> None:
        if self.current is not None and self.current.writer is not None:
            writer, self.current.writer = self.current.writer, None
            writer.finish(raise_errors)

    def _end_build(self) -> None:
        """Delete what this build staged and not committed; the worker count as before the build."""
        current, self.current = self.current, None
        if current is None:
            return
        try:
            if current.staged is not None:
                current.staged.discard()
        finally:
            parallel.reset(current.workers)

    def on_build_error(self, *, error: Exception) -> None:
        self._stop_writers(raise_errors=False)  # the build failed already; put MkDocs' own page writer back
        self._end_build()  # after the page writers have stopped: none of them writes into the deleted stage

    def on_shutdown(self) -> None:
        self._stop_writers(raise_errors=False)
        self._end_build()

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        """Live preview: saving the workbook, or a page template, rebuilds the site."""
        workbook = self.workbook(config)
        if isinstance(workbook, Path):
            server.watch(str(workbook))
        server.watch(str(TEMPLATES))  # the page templates (pages/templates)
        return server
