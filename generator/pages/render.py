"""Stage 5, render: the model through Jinja2 templates into Markdown pages, in memory.

Markdown has no autoescaping, so every piece of cell text goes through the `md` filter (or, in the raw HTML
tables of the district pages, which Python-Markdown converts faster, the `text` filter)."""

from __future__ import annotations

import functools
import html
import json
import re
from collections.abc import Callable
from pathlib import Path

from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined

from .. import parallel, programme, thai
from ..domain import model, timeline
from ..exports.downloads import download_files
from ..workbook.schema import AWARD_TYPES, SHEETS, WELFARE_TYPES
from ..workbook.template import TYPE_HELP
from . import charts, geo, qr

TEMPLATES = Path(__file__).parent / "templates"
# Python-Markdown's backslash-escapable characters plus '|' (tables); '<' and '&' become entities.
MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")

# Text, not emoji: many phones and printers lack an emoji font. The class colours it.
STATE_LABELS = {
    model.DONE: "✓ ทันกำหนด",
    model.LATE: "✓ เสร็จหลังกำหนด",
    model.OVERDUE: "✗ เลยกำหนด ยังไม่ดำเนินการ",
    model.PENDING: "– ยังไม่ถึงกำหนด",
}
STATE_SHORT = {model.DONE: "✓", model.LATE: "✓ ช้า", model.OVERDUE: "✗ ค้าง", model.PENDING: "–"}
# Sort rank for the table script: worst first when sorted ascending.
STATE_RANK = {model.OVERDUE: 0, model.LATE: 1, model.PENDING: 2, model.DONE: 3}


def state_badge(state: str, short: bool = False) -> str:
    text = (STATE_SHORT if short else STATE_LABELS)[state]
    rank = f' data-sort="{STATE_RANK[state]}"' if short else ""
    return f'<span class="state state-{state}"{rank}>{text}</span>'


def standing(district: model.District) -> dict[str, object]:
    """Where a district stands, for the line at the top of its page: its steps done (in time or late),
    overdue and not yet due, with the overdue steps' names."""
    states = [m.state for m in district.milestones]
    return dict(
        total=len(states),
        done=states.count(model.DONE) + states.count(model.LATE),
        late=states.count(model.LATE),
        overdue=states.count(model.OVERDUE),
        pending=states.count(model.PENDING),
        overdue_steps=[m.label for m in district.milestones if m.state == model.OVERDUE],
    )


# Compiling the templates took a third of a second in every process that renders pages, on every build; compiled
# once, they are kept in Jinja's own cache folder (the user's temporary directory, checked against the source).
COMPILED = FileSystemBytecodeCache()
FINDER_DATA = "districts/finder.json"
DOWNLOADS_PAGE = "downloads/index.md"


def finder_data(portal: model.Portal) -> str:
    """The find-your-district box's data (docs/assets/javascripts/finder.js), one small file beside the district
    list: every province's Thai and English name by code, and every district as [code, Thai, English] in the
    order of the list (province, then district, in Thai dictionary order). Its page is districts/<code>/."""
    data = {
        "p": {p.code: [p.name, p.name_en] for p in portal.provinces},
        "d": [[d.code, d.name, d.name_en] for d in portal.districts],
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def download_sizes(made: dict[str, bytes]) -> dict[str, int]:
    """The size in bytes of every file of /downloads/, by its path under downloads/, for the downloads page."""
    return {path.removeprefix("downloads/"): len(data) for path, data in made.items() if path.startswith("downloads/")}


def share(part, whole) -> float:
    """part / whole as a number 0..1 for bars (0 when there is no whole)."""
    return float(part) / float(whole) if part is not None and whole else 0.0


def text(value: object) -> str:
    """Cell text as inert HTML, for the pages' raw HTML tables: one line, HTML escaped."""
    if value is None:
        return "–"
    return html.escape(" ".join(str(value).split()), quote=False)


def md(value: object) -> str:
    """Cell text as inert Markdown: one line, HTML escaped, every syntax character backslashed."""
    return MD_SPECIAL.sub(r"\\\1", text(value))


def environment(site_url: str | None = None) -> Environment:
    """The templates' environment; their QR codes point under site_url (None: qr.PREVIEW_URL)."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,  # Markdown, not HTML: escaping is the md filter's job
        bytecode_cache=COMPILED,
    )
    env.filters.update(
        md=md,
        text=text,
        date=thai.thai_date,
        time=thai.thai_time,
        num=thai.number,
        pct=thai.percent,
        state=state_badge,
        share=share,
    )
    env.globals.update(
        programme=programme,
        model=model,
        welfare_types=WELFARE_TYPES,
        award_types=AWARD_TYPES,
        charts=charts,
        geo=geo,
        qr=qr.Site(site_url),
        timeline=timeline,
        share=share,
        standing=standing,
    )
    return env


def render_pages(
    portal: model.Portal, downloads: Callable[[], dict[str, bytes]] | None = None, site_url: str | None = None
) -> dict[str, str]:
    """Return {path relative to docs/: Markdown text} for every generated page, for a site at site_url (the
    address their QR codes point under; None: qr.PREVIEW_URL).

    Pages are listed first and rendered afterwards, split over the cores (parallel.py): the
    district pages' QR codes and charts are most of the generator's time."""

    def page(template: str, **context) -> tuple[str, dict]:
        return template, context

    pages = {
        "_generated/national.md": page("national.md.jinja"),
        "_generated/dictionary.md": page("dictionary.md.jinja", sheets=SHEETS, type_help=TYPE_HELP),
        "_generated/sitemap.md": page("sitemap.md.jinja"),
        "provinces/index.md": page("provinces.md.jinja"),
        "districts/index.md": page("districts.md.jinja"),
        "curriculum/index.md": page("curriculum.md.jinja"),
        "plans/index.md": page("plans.md.jinja"),
        "festival/index.md": page("festival.md.jinja"),
        "contacts/index.md": page("contacts.md.jinja"),
    }
    for province in portal.provinces:
        pages[f"provinces/{province.code}.md"] = page("province.md.jinja", province=province)
        neighbours = (None, *province.districts, None)  # the previous and next district of the province page's list
        for before, district, after in zip(neighbours, neighbours[1:], neighbours[2:]):
            pages[f"districts/{district.code}.md"] = page(
                "district.md.jinja", district=district, province=province, previous=before, following=after
            )
    for session in portal.sessions:
        pages[f"curriculum/{session.session_id}.md"] = page("session.md.jinja", session=session)
    # Award pages only for provinces with awards: the overview names the others, and no page says only "no data".
    pages["awards/index.md"] = page("awards.md.jinja")
    for province in portal.provinces:
        if province.awards:
            pages[f"awards/{province.code}.md"] = page("awards_province.md.jinja", province=province)
    pages["documents/index.md"] = page("documents.md.jinja")
    for document in portal.documents:
        pages[f"documents/{document.doc_id}.md"] = page("document.md.jinja", document=document)
    rendered = dict(zip(pages, parallel.map_slices(functools.partial(_render, portal, site_url), list(pages.values()))))
    rendered[FINDER_DATA] = finder_data(portal)
    # The downloads page lists the files' sizes: rendered last, once `downloads` (made beside the pages by the
    # pipeline) has them; alone (tests), they are made here.
    made = downloads() if downloads else download_files(portal)
    rendered[DOWNLOADS_PAGE] = (
        environment(site_url).get_template("downloads.md.jinja").render(portal=portal, sizes=download_sizes(made))
    )
    return rendered


def _render(portal: model.Portal, site_url: str | None, jobs: list[tuple[str, dict]]) -> list[str]:
    env = environment(site_url)
    return [env.get_template(template).render(portal=portal, **context) for template, context in jobs]
