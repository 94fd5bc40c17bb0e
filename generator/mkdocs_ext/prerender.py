"""MkDocs renders pages one after another on one core. Converting ~1,000 pages of Markdown and
indexing them for search is most of a build (see README, Performance), so this module does that
work for every page in forked workers, one slice of the pages each, as soon as the navigation is
known; MkDocs then takes each page's result instead of converting it again. Once every page is
converted, PageWriter does the same for the theme template and the write of each page.

What a worker runs is MkDocs' own code on MkDocs' own page objects (Page.render, the search
plugin's SearchIndex), so the site is byte-for-byte what a serial build makes; tests/test_parallel.py
compares the two. Warnings a worker logs (a broken link, say) are logged again here, so
`mkdocs build --strict` still fails on them. Every MkDocs or Material internal this takes is in
mkdocs_internals.py."""

from __future__ import annotations

import copy
import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path

from mkdocs.structure.pages import Page

from .. import parallel
from . import mkdocs_internals

log = logging.getLogger("mkdocs.plugins.portal")


@dataclass
class Rendered:
    """What Page.render (and the search plugin) made of one page in a worker."""

    content: str
    toc: object
    title: str | None
    anchors: set[str] | None
    links_to_anchors: dict[str, dict[str, str]] | None
    search_entries: list[dict] | None
    logged: list[tuple[str, int, str]]


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record):
        self.records.append((record.name, record.levelno, record.getMessage()))


def _render_slice(pages: list[Page], config, files) -> list[Rendered]:
    """In a worker: what MkDocs' _populate_page and the search plugin would do for each page."""
    mkdocs_log = logging.getLogger("mkdocs")
    collect = _Collect()
    mkdocs_log.handlers = [collect]  # this process's copy only: the parent logs them, and counts them for --strict
    index = mkdocs_internals.material_search_index(config)
    results = []
    for page in pages:
        collect.records = []
        page = mkdocs_internals.populate_page(page, config, files)
        entries = None if index is None else mkdocs_internals.index_entries(index, page)
        content, toc, title, anchors, links = mkdocs_internals.rendered_state(page)
        results.append(
            Rendered(
                content=content,
                toc=toc,
                title=title,
                anchors=anchors,
                links_to_anchors=None if links is None else {f.src_uri: dict(v) for f, v in links.items()},
                search_entries=entries,
                logged=collect.records,
            )
        )
    return results


def _key(page: Page, context: bytes) -> str:
    """A page's source and everything else its HTML depends on: the config and the set of files links resolve to."""
    return hashlib.sha256(context + page.file.src_uri.encode() + b"\0" + page.file.content_bytes).hexdigest()


def start(config, files, previous: dict[str, Rendered]) -> dict[str, Rendered]:
    """Begin rendering every documentation page in workers; each page's own render() then takes the result.

    `previous` holds the pages converted in the previous build of this process, by _key (`mkdocs serve` rebuilds
    everything after any change): unchanged ones are taken from it instead of being converted again. Returns this
    build's, filled as MkDocs takes them, for the next build."""
    count = parallel.workers()
    docs = list(files.documentation_pages())
    if count <= 1 or len(docs) < 2 * count:
        return {}
    for file in docs:
        if file.page is None:  # pages outside the navigation get theirs only later; the same object, made now
            Page(None, file, config)
    context = hashlib.sha256(
        Path(config.config_file_path).read_bytes() + "\0".join(sorted(f.src_uri for f in files)).encode()
    ).digest()
    keys = {f.page.file.src_uri: _key(f.page, context) for f in docs}
    current: dict[str, Rendered] = {}
    # A page that includes another file (pymdownx.snippets) depends on more than its own bytes: never reused.
    reusable = {f.src_uri for f in docs if keys[f.src_uri] in previous and b"--8<--" not in f.content_bytes}
    pages = [f.page for f in docs if f.src_uri not in reusable]
    slices = parallel.split(pages, count) if pages else []
    waits = [parallel.start(_render_slice, part, config, files) for part in slices]
    slice_of = {page.file.src_uri: i for i, part in enumerate(slices) for page in part}
    results: dict[str, Rendered] = {uri: previous[keys[uri]] for uri in reusable}
    search_entries: dict[str, list[dict]] = {}

    def take(page: Page, config, files) -> None:
        """Page.render for this build: the worker's result for the page, waiting for its slice if need be."""
        if page.file.src_uri not in results:
            i = slice_of[page.file.src_uri]
            results.update((done.file.src_uri, rendered) for done, rendered in zip(slices[i], waits[i]()))
        rendered = results.pop(page.file.src_uri)
        current[keys[page.file.src_uri]] = rendered
        links = rendered.links_to_anchors
        mkdocs_internals.set_rendered_state(
            page,
            rendered.content,
            rendered.toc,
            rendered.title,
            rendered.anchors,
            None if links is None else {files.get_file_from_path(uri): v for uri, v in links.items()},
        )
        for name, level, message in rendered.logged:
            logging.getLogger(name).log(level, message)
        if rendered.search_entries is not None:
            search_entries[page.file.src_uri] = copy.deepcopy(rendered.search_entries)

    for file in docs:
        file.page.render = lambda config, files, page=file.page: take(page, config, files)  # this build's pages only

    log.info(
        f"{len(pages)} pages converted to HTML in {len(slices)} worker processes,"
        f" {len(docs) - len(pages)} unchanged since the last build reused"
    )
    index = mkdocs_internals.material_search_index(config)
    if index is not None:  # a page the workers did not see (or did not index) is indexed by the plugin itself
        mkdocs_internals.take_over_indexing(index, lambda page: search_entries.pop(page.file.src_uri, None))
    return current


class PageWriter:
    """The second half of a build on all cores: every page's theme template rendered and written by workers.

    MkDocs calls its module function `_build_page` once per page in order; for one build this replaces it
    (install() on the env event, finish() at post_build). On the first call the workers are forked, each running
    MkDocs' own _build_page over its slice; every call here then runs only the page_context event, so the
    plugins see each page in order as before (the search plugin collects its entries there)."""

    def __init__(self, config):
        self.config, self.original = config, None
        self.waits: list = []

    @staticmethod
    def wanted(config) -> bool:
        # A post_page handler runs in the workers, so it must keep no state of its own (one marked so, or none).
        return parallel.workers() > 1 and all(
            getattr(handler, "safe_in_workers", False) for handler in mkdocs_internals.handlers(config, "post_page")
        )

    def install(self) -> None:
        self.original = mkdocs_internals.replace_build_page(self._build_page)

    def _build_page(self, page, config, doc_files, nav, env, dirty=False, excluded=False) -> None:
        if not self.waits:
            self._start(list(doc_files), nav, env, dirty)
        page.active = True
        try:
            context = mkdocs_internals.page_context(nav, doc_files, config, page)
            config.plugins.on_page_context(context, page=page, config=config, nav=nav)
        finally:
            page.active = False

    def _start(self, doc_files, nav, env, dirty) -> None:
        def write(files):
            collect = _Collect()
            logging.getLogger("mkdocs").handlers = [collect]
            for file in files:
                self.original(file.page, self.config, doc_files, nav, env, dirty, file.inclusion.is_excluded())
            return collect.records

        self.waits = [parallel.start(write, part) for part in parallel.split(doc_files, parallel.workers())]

    def finish(self, raise_errors: bool = True) -> None:
        """Wait for every page to be written; what the workers logged is logged here. Raises a worker's error."""
        if self.original is not None:
            mkdocs_internals.restore_build_page(self.original)
        waits, self.waits = self.waits, []
        for wait in waits:
            try:
                logged = wait()
            except Exception:
                if raise_errors:
                    raise
                continue
            for name, level, message in logged:
                logging.getLogger(name).log(level, message)
