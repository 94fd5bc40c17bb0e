"""Every use the portal makes of MkDocs' and Material's private or undocumented internals, in one place.

The speed layer (prerender.py) converts pages and writes them in worker processes with MkDocs' own code; to do
that it reaches into parts of MkDocs 1.6.1 and mkdocs-material 9.8.2 (requirements.txt) that are not public API:

1. `mkdocs.commands.build._populate_page`: a worker runs a copy of its steps up to `Page.render` (populate_page
   below); the copy is pinned by the hash of the original's source (SOURCE_HASHES).
2. `mkdocs.commands.build._build_page`: replaced for one build by prerender.PageWriter (replace_build_page /
   restore_build_page), which runs the original in the workers; its signature and source are pinned.
3. `mkdocs.commands.build.get_context`: the template context of a page, built again in the parent (page_context).
4. `MkDocsConfig._current_page`: set while a worker converts a page, as _populate_page does.
5. `Page._title_from_render`, `Page.present_anchor_ids`, `Page.links_to_anchors`: what Page.render leaves on a
   page, carried from a worker back to the parent (rendered_state / set_rendered_state).
6. `PluginCollection.events`: the handlers registered per event (handlers).
7. Material's search plugin: its `search_index` attribute, and `SearchIndex.entries` and
   `SearchIndex.add_entry_from_context` (material_search_index, index_entries, take_over_indexing).
8. `mkdocs.utils.CountHandler` on the `mkdocs` logger: how `--strict` counts warnings (strict_warnings).

tests/test_mkdocs_internals.py checks each of these against the installed MkDocs and Material (that the
attributes exist, the signatures, and the source hashes of the copied or replaced functions) and names the one
that changed; when it fails after an upgrade, re-read the function named, update the copy here, then the hash."""

from __future__ import annotations

import hashlib
import importlib
import inspect
import logging
from collections.abc import Callable
from types import MappingProxyType
from typing import Any

import mkdocs.commands.build as mkdocs_build
from mkdocs.utils import CountHandler

# sha256 of inspect.getsource() of what is copied or replaced, as in the pinned versions.
SOURCE_HASHES = MappingProxyType(
    {
        "mkdocs.commands.build._populate_page": "31a70ea4caef1e127a9d65a0f346ee322bad00d673ef824d82acf807e61d91c2",
        "mkdocs.commands.build._build_page": "adcdbd14b236112697cafec9171bd281981f15a776e0d2f941a62e7bffd9a0d5",
        # the worker's index entries are what this makes (it only appends to .entries)
        "material.plugins.search.plugin.SearchIndex.add_entry_from_context": (
            "4ca78ac4321f7704149f84dac0abc5a26afbd7c43de197ce7f481dcab47edb7b"
        ),
    }
)
BUILD_PAGE_PARAMETERS = ("page", "config", "doc_files", "nav", "env", "dirty", "excluded")


def resolve(name: str) -> Any:
    """The object a dotted name stands for: a module's attribute, or a class's in a module."""
    parts = name.split(".")
    for split in range(len(parts) - 1, 0, -1):
        try:
            found = importlib.import_module(".".join(parts[:split]))
        except ImportError:
            continue
        for attribute in parts[split:]:
            found = getattr(found, attribute)
        return found
    raise ImportError(name)


def source_hash(name: str) -> str:
    """The sha256 of the source of the function `name` as installed."""
    return hashlib.sha256(inspect.getsource(resolve(name)).encode()).hexdigest()


# ---------------------------------------------------------------- 1, 4: a page converted as _populate_page does


def populate_page(page, config, files):
    """What MkDocs' _populate_page does for one page up to and including Page.render (the page_content event is
    left to the parent, where MkDocs runs it): the pre_page and page_markdown events fire as in a serial build.
    Returns the page the pre_page handlers returned."""
    config._current_page = page
    try:
        page = config.plugins.on_pre_page(page, config=config, files=files)
        page.read_source(config)
        page.markdown = config.plugins.on_page_markdown(page.markdown, page=page, config=config, files=files)
        page.render(config, files)
        return page
    finally:
        config._current_page = None


# ---------------------------------------------------------------- 5: what Page.render leaves on a page


def rendered_state(page) -> tuple[str | None, Any, str | None, set[str] | None, dict | None]:
    """content, toc, the title found while rendering, the anchors present, the links to other pages' anchors."""
    return page.content, page.toc, page._title_from_render, page.present_anchor_ids, page.links_to_anchors


def set_rendered_state(page, content, toc, title, anchors, links_to_anchors) -> None:
    """The state rendered_state read (in a worker), put on this process's page instead of rendering it again."""
    page.content, page.toc, page._title_from_render = content, toc, title
    page.present_anchor_ids = anchors
    if links_to_anchors is not None:
        page.links_to_anchors = links_to_anchors


# ---------------------------------------------------------------- 2, 3: MkDocs' page writer


def replace_build_page(replacement: Callable[..., None]) -> Callable[..., None]:
    """MkDocs' build() calls the module function _build_page once per page: it calls `replacement` instead
    until restore_build_page. Returns the original."""
    original = mkdocs_build._build_page
    mkdocs_build._build_page = replacement
    return original


def restore_build_page(original: Callable[..., None]) -> None:
    mkdocs_build._build_page = original


def page_context(nav, doc_files, config, page) -> dict:
    """The template context MkDocs builds for a page (as its _build_page does before the page_context event)."""
    return mkdocs_build.get_context(nav, doc_files, config, page)


# ---------------------------------------------------------------- 6: registered handlers


def handlers(config, event: str) -> list[Callable]:
    """The handlers every plugin (and hook) registered for `event` ("post_page", "page_content", …), in order."""
    return config.plugins.events[event]


# ---------------------------------------------------------------- 7: Material's search index


def material_search_index(config):
    """The Material search plugin's index object, when the plugin is on and nothing else changes page content
    between rendering and indexing (then a worker's index entries are exactly what the plugin would make)."""
    search = next(
        (p for p in config.plugins.values() if type(p).__module__.startswith("material.plugins.search")), None
    )
    if search is None or not search.config.enabled or handlers(config, "page_content"):
        return None
    return search.search_index


def index_entries(index, page) -> list[dict]:
    """The entries Material's index makes for one page (in a worker: the index there is this process's copy)."""
    index.entries = []
    index.add_entry_from_context(page)
    return index.entries


def take_over_indexing(index, entries_of: Callable[[Any], list[dict] | None]) -> None:
    """For this build, the search plugin's index takes a page's entries from entries_of(page) (made in a worker),
    or indexes the page itself when that returns None."""
    index_page = index.add_entry_from_context

    def add_entry(page) -> None:
        entries = entries_of(page)
        if entries is None:
            index_page(page)
        else:
            index.entries.extend(entries)

    index.add_entry_from_context = add_entry


# ---------------------------------------------------------------- 8: --strict


def strict_warnings() -> bool:
    """Whether `--strict` will abort the build right after post_build (MkDocs' counter of warnings)."""
    return any(isinstance(h, CountHandler) and h.get_counts() for h in logging.getLogger("mkdocs").handlers)
