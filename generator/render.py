"""Stage 5, render: the model through Jinja2 templates into Markdown pages, in memory.

Markdown has no autoescaping, so every piece of cell text goes through the `md` filter (or, in the raw HTML
tables of the district pages, which Python-Markdown converts faster, the `text` filter)."""
from __future__ import annotations

import functools
import html
import re
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from . import charts, geo, model, parallel, programme, qr, thai, timeline
from .schema import AWARD_TYPES, SHEETS, WELFARE_TYPES
from .template import TYPE_HELP

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


def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,  # Markdown, not HTML: escaping is the md filter's job
    )
    env.filters.update(
        md=md, text=text, date=thai.thai_date, time=thai.thai_time, num=thai.number, pct=thai.percent,
        state=state_badge, share=share,
    )
    env.globals.update(programme=programme, model=model, welfare_types=WELFARE_TYPES, award_types=AWARD_TYPES,
                       charts=charts, geo=geo, qr=qr, timeline=timeline, share=share)
    return env


def render_pages(portal: model.Portal) -> dict[str, str]:
    """Return {path relative to docs/: Markdown text} for every generated page.

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
        "downloads/index.md": page("downloads.md.jinja"),
        "festival/index.md": page("festival.md.jinja"),
        "contacts/index.md": page("contacts.md.jinja"),
    }
    for province in portal.provinces:
        pages[f"provinces/{province.code}.md"] = page("province.md.jinja", province=province)
        for district in province.districts:
            pages[f"districts/{district.code}.md"] = page("district.md.jinja", district=district, province=province)
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
    return dict(zip(pages, parallel.map_slices(functools.partial(_render, portal), list(pages.values()))))


def _render(portal: model.Portal, jobs: list[tuple[str, dict]]) -> list[str]:
    env = environment()
    return [env.get_template(template).render(portal=portal, **context) for template, context in jobs]
