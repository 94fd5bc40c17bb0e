"""The navigation rendered once for the pages outside it (generator/mkdocs_ext/nav_cache.py) is what Material
renders."""

from __future__ import annotations

from types import SimpleNamespace

import jinja2
import pytest

from generator.mkdocs_ext import nav_cache
from generator.workbook.template import write_workbook
from tests.conftest import small_rows
from tests.test_site import make_project, mkdocs_build, tree
from tests.tools.settings import with_settings


def test_pages_outside_the_navigation_at_the_same_place_share_one_rendering(tmp_path):
    (tmp_path / "partials").mkdir()  # stands for Material's templates
    (tmp_path / "partials" / "nav.html").write_text("{{ count() }}<a href=x>{{ page.url }}</a>")
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(tmp_path)))
    nav_cache.install(env, str(tmp_path))
    calls: list[str] = []
    env.globals["count"] = lambda: calls.append("rendered") or ""
    template = env.get_template("partials/nav.html")
    home, about = SimpleNamespace(url=""), SimpleNamespace(url="about/")
    nav = SimpleNamespace(pages=[home, about])
    one, two = SimpleNamespace(url="districts/3101/"), SimpleNamespace(url="districts/3102/")
    assert template.render(page=one, nav=nav) == template.render(page=two, nav=nav) == "<a href=x>districts/3101/</a>"
    assert len(calls) == 1
    template.render(page=SimpleNamespace(url="districts/"), nav=nav)  # another place: its own links
    assert len(calls) == 2
    template.render(page=about, nav=nav)  # in the navigation: rendered for itself
    template.render(page=about, nav=nav)
    assert len(calls) == 4
    nav_cache.install(env, str(tmp_path))  # the next build: rendered anew
    env.get_template("partials/nav.html").render(page=one, nav=nav)
    assert len(calls) == 5


@pytest.mark.slow
def test_the_site_is_byte_for_byte_what_stock_material_makes(tmp_path):
    workbook = tmp_path / "master.xlsx"
    write_workbook(workbook, small_rows())
    cached, stock = make_project(tmp_path / "cached"), make_project(tmp_path / "stock")
    with_settings(stock, nav_cache=False)  # the same build with nothing wrapped: stock Material
    for project in (cached, stock):
        run = mkdocs_build(project, workbook)
        assert run.returncode == 0, run.stderr
    one, two = tree(cached / "site"), tree(stock / "site")
    assert one.keys() == two.keys()
    assert [name for name in one if one[name] != two[name]] == []
    assert b'class="md-tabs"' in one["districts/3101/index.html"] and b"md-nav--primary" in one["index.html"]
