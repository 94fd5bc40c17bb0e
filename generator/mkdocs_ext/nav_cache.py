"""Material renders the whole navigation, the drawer and the tabs, into every page. For the ~950 pages outside
the navigation (districts, provinces, sessions, awards, letters) that HTML is the same for every page whose links
to the navigation's pages are the same, i.e. every page at the same place in the tree: rendered once and reused,
it saves about a third of the theme's time (issue #8). Material's own partials are wrapped, not copied; with the
portal plugin's `nav_cache` setting off the theme is untouched. tests/test_nav_cache.py checks the site is byte for
byte what stock Material makes."""

from __future__ import annotations

from jinja2 import ChoiceLoader, DictLoader, FileSystemLoader, PrefixLoader, pass_context
from mkdocs.utils import get_relative_url

WRAPPED = ("partials/nav.html", "partials/tabs.html")


def install(env, material_templates: str) -> None:
    """Serve Material's WRAPPED partials through the `nav_cache` call block; the originals stay reachable as
    material/partials/…"""
    wrappers = {
        name: f'{{% call nav_cache("{name}") %}}{{% include "material/{name}" %}}{{% endcall %}}' for name in WRAPPED
    }
    env.loader = ChoiceLoader(
        [DictLoader(wrappers), env.loader, PrefixLoader({"material": FileSystemLoader(material_templates)})]
    )
    # Each build makes a new theme environment and installs this again: nothing is kept from one build to the next.
    rendered: dict[tuple, str] = {}
    in_nav: set[int] | None = None  # this build's navigation pages (ids) and their URLs, taken on first use
    urls: list[str] = []

    @pass_context
    def nav_cache(context, name: str, caller):
        nonlocal in_nav, urls
        page, nav = context.get("page"), context.get("nav")
        if page is None or nav is None:
            return caller()
        if in_nav is None:
            in_nav, urls = {id(p) for p in nav.pages}, [p.url for p in nav.pages]
        if id(page) in in_nav:  # its own entry is highlighted and its sections open: rendered for it alone
            return caller()
        key = (name, *(get_relative_url(url, page.url) for url in urls))
        if key not in rendered:
            rendered[key] = caller()
        return rendered[key]

    env.globals["nav_cache"] = nav_cache
