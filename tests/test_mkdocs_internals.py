"""The private MkDocs and Material internals the portal uses (generator/mkdocs_ext/mkdocs_internals.py) are still
there, as the copy expects them, in the installed (pinned) versions. A failure names the internal that changed."""

from __future__ import annotations

import inspect
import logging
import re

import pytest
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page

from generator.mkdocs_ext import mkdocs_internals


@pytest.mark.parametrize("name", sorted(mkdocs_internals.SOURCE_HASHES))
def test_copied_and_replaced_functions_are_as_pinned(name):
    assert mkdocs_internals.source_hash(name) == mkdocs_internals.SOURCE_HASHES[name], (
        f"{name} changed in the installed MkDocs/Material: compare it with its use in"
        f" generator/mkdocs_ext/mkdocs_internals.py"
        f" (and prerender.py), update them, then the hash in SOURCE_HASHES"
    )


def test_the_docstring_lists_every_private_name_the_module_uses():
    """A private name used in the module is named in its docstring (the list a maintainer upgrading reads)."""
    source = inspect.getsource(mkdocs_internals)
    code = source[len(mkdocs_internals.__doc__) + 6 :]
    used = set(re.findall(r"(?<![\w\"])\.(_[a-z]\w*)", code)) | set(re.findall(r"mkdocs_build\.(\w+)", code))
    missing = [name for name in used if name not in mkdocs_internals.__doc__]
    assert not missing, f"private names used but not listed in mkdocs_internals' docstring: {missing}"


def test_build_page_takes_the_arguments_page_writer_passes():
    import mkdocs.commands.build as mkdocs_build

    parameters = tuple(inspect.signature(mkdocs_build._build_page).parameters)
    assert parameters == mkdocs_internals.BUILD_PAGE_PARAMETERS, (
        f"mkdocs.commands.build._build_page{parameters}: prerender.PageWriter passes"
        f" {mkdocs_internals.BUILD_PAGE_PARAMETERS} positionally"
    )
    assert tuple(inspect.signature(mkdocs_build.get_context).parameters)[:4] == ("nav", "files", "config", "page"), (
        "mkdocs.commands.build.get_context changed its parameters (mkdocs_internals.page_context)"
    )


def test_a_rendered_page_has_the_attributes_carried_back_from_workers(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Title here\n\n## Part {#part}\n\n[x](other.md#y)\n")
    (tmp_path / "docs" / "other.md").write_text("# Other\n")
    config = MkDocsConfig()
    config.load_dict(
        {
            "site_name": "t",
            "docs_dir": str(tmp_path / "docs"),
            "site_dir": str(tmp_path / "site"),
            "markdown_extensions": ["attr_list"],
        }
    )
    assert not config.validate()[0]
    assert hasattr(config, "_current_page"), "MkDocsConfig._current_page is gone (mkdocs_internals.populate_page)"
    from mkdocs.structure.files import Files

    files = Files(
        [File(name, str(tmp_path / "docs"), str(tmp_path / "site"), True) for name in ("index.md", "other.md")]
    )
    page = Page(None, files.get_file_from_path("index.md"), config)
    for attribute in ("_title_from_render", "present_anchor_ids", "links_to_anchors"):
        assert hasattr(page, attribute), f"Page.{attribute} is gone (mkdocs_internals.rendered_state)"
    page = mkdocs_internals.populate_page(page, config, files)
    content, toc, title, anchors, links = mkdocs_internals.rendered_state(page)
    assert '<h2 id="part">' in content and title == "Title here", "Page._title_from_render is no longer set by render"
    assert anchors is not None and "part" in anchors, "Page.present_anchor_ids is no longer set by render"
    assert links and [f.src_uri for f in links] == ["other.md"], "Page.links_to_anchors is no longer set by render"
    assert config._current_page is None


def test_the_plugin_collection_lists_handlers_per_event():
    from mkdocs.plugins import PluginCollection

    events = PluginCollection().events
    assert isinstance(events, dict) and {"post_page", "page_content"} <= events.keys(), (
        "PluginCollection.events changed (mkdocs_internals.handlers)"
    )


def test_material_search_plugin_keeps_its_index_where_prerender_takes_it():
    from material.plugins.search.plugin import SearchIndex, SearchPlugin

    assert "self.search_index = SearchIndex(" in inspect.getsource(SearchPlugin.on_config), (
        "material's SearchPlugin.search_index is no longer made in on_config (mkdocs_internals.material_search_index)"
    )
    index = SearchIndex()
    assert index.entries == [], "material's SearchIndex.entries changed (mkdocs_internals.index_entries)"
    assert callable(getattr(index, "add_entry_from_context", None)), (
        "material's SearchIndex.add_entry_from_context is gone (mkdocs_internals.take_over_indexing)"
    )


def test_strict_mode_counts_warnings_with_count_handler():
    import mkdocs.commands.build as mkdocs_build

    assert "CountHandler()" in inspect.getsource(mkdocs_build.build), (
        "mkdocs build() no longer counts warnings with utils.CountHandler (mkdocs_internals.strict_warnings)"
    )
    from mkdocs.utils import CountHandler

    handler = CountHandler()
    handler.setLevel(logging.WARNING)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        assert not mkdocs_internals.strict_warnings()
        logging.getLogger("mkdocs.test").warning("counted")
        assert mkdocs_internals.strict_warnings(), "CountHandler.get_counts no longer counts (strict_warnings)"
    finally:
        logger.removeHandler(handler)
