"""Thai search (issue #4): the search index with Thai words split by U+200B, figures and boilerplate left out."""
# Material's lunr search splits text only at its `separator` (mkdocs.yml), so a Thai word inside a run such as
# กลุ่มออมทรัพย์เพื่อการผลิต was never found. Each run of Thai is cut into words with PyThaiNLP's newmm, joined by
# ZERO WIDTH SPACE, which the separator matches and nobody sees; overrides/assets/javascripts/workers/
# thai-search.js cuts typed queries into the same words. The index keeps what someone would search for (titles,
# names, codes, places, topics, plan activities), not the figures of status, participant and budget tables nor
# text repeated on many pages, and is written as UTF-8 rather than \u escapes.
from __future__ import annotations

import functools
import html
import json
import logging
import re
from pathlib import Path

from . import parallel

ZWSP = "\u200b"
THAI_RUN = re.compile(r"[\u0e01-\u0e4e]+")   # Thai letters, vowels and marks; not Thai digits

# Sections of district and province pages that hold only figures (status, participants, budget, overview tables
# and the list of late districts): their words are on every such page, so they only bury the pages sought.
FIGURE_SECTIONS = frozenset({"สถานะตามกำหนดการ", "ผู้เข้าร่วมและตัวชี้วัด", "งบประมาณ", "ภาพรวม", "อำเภอ",
                             "อำเภอที่ค้างดำเนินการ"})
FIGURE_PAGES = re.compile(r"(districts|provinces)/[^/]+/$")   # one district's or province's page

# What is left of a district's or province's sections joins the page's own entry: lunr's cost grows with the
# number of entries more than with their words (8,780 districts: 3.3 s to the first answer merged, 8.2 s not).

# Of an action-plan table only these columns are indexed, first line of each cell: the activity and its type.
PLAN_COLUMNS = ("กิจกรรม", "ประเภทสวัสดิการ")
# A paragraph or list item found on this many pages or more, numbers and addresses aside, is boilerplate (the
# sample-data notice, "สถานะ ณ วันที่ …", "วันที่: 8 ธันวาคม 2566"): it stays only on the first page that has it.
BOILERPLATE_PAGES = 50
# Page boosts: a province's page outranks its districts' pages for the province's name.
BOOSTS = {"provinces/": 4.0}


@functools.lru_cache(maxsize=None)
def _words(run: str) -> tuple[str, ...]:
    from pythainlp.tokenize import word_tokenize   # imported on first use: loading the dictionary takes ~0.4 s
    return tuple(w for w in word_tokenize(run, engine="newmm", keep_whitespace=False) if w.strip())


def segment(text: str) -> str:
    """Text with ZERO WIDTH SPACE between the Thai words of each Thai run; everything else untouched."""
    return THAI_RUN.sub(lambda m: ZWSP.join(_words(m.group())) if len(m.group()) > 1 else m.group(), text)


def _page(location: str) -> str:
    return location.split("#", 1)[0]


def _fragments(text: str) -> list[str]:
    """The paragraphs and list items of an index entry's text (its HTML as MkDocs' search plugin keeps it)."""
    return re.findall(r"<(?:p|li)>(.*?)</(?:p|li)>", text, re.S)


def _shape(fragment: str) -> str:
    """A fragment with its addresses and numbers blanked: the same sentence with another date, figure or URL
    is the same boilerplate."""
    return re.sub(r"[0-9\u0e50-\u0e59][0-9\u0e50-\u0e59,.:/]*", "#", re.sub(r"https?://\S+", "<url>", fragment))


_ROW = re.compile(r"<tr(?:\s[^>]*)?>(.*?)</tr>", re.S)
_CELL = re.compile(r"<t[dh](?:\s[^>]*)?>(.*?)</t[dh]>", re.S)
_BR = re.compile(r"<br\s*/?>")
_TAG = re.compile(r"<[^>]*>")


def _table_rows(section_html: str) -> list[list[str]]:
    """Rows of the tables in a piece of MkDocs' HTML, each a list of cells' text; a cell's lines split at <br>.
    Regular expressions, not an HTML parser: the tables are Python-Markdown's or the generator's, never nested,
    and this runs over 878 pages in every build."""
    return [[html.unescape(_TAG.sub("", _BR.sub("\n", cell))).strip() for cell in _CELL.findall(row)]
            for row in _ROW.findall(section_html)]


def _section_html(page_html: str, anchor: str) -> str:
    start = page_html.find(f'id="{anchor}"')
    if start < 0:
        return ""
    end = min(i for i in (page_html.find("<h2", start), page_html.find("</article>", start), len(page_html)) if i >= 0)
    return page_html[start:end]


def plan_items(section_html: str) -> list[str] | None:
    """'activity (type)' for each row of an action-plan table, or None when the section has no such table."""
    rows = _table_rows(section_html)
    if not rows or not all(c in rows[0] for c in PLAN_COLUMNS):
        return None
    columns = [rows[0].index(c) for c in PLAN_COLUMNS]
    items = []
    for row in rows[1:]:
        cells = [row[i].split("\n", 1)[0].strip() if i < len(row) else "" for i in columns]
        item = f"{cells[0]} ({cells[1]})" if cells[1] else cells[0]
        if cells[0] and item not in items:
            items.append(item)
    return items


def compact(docs: list[dict], site: Path) -> list[dict]:
    """The entries worth searching, with boilerplate and figures left out and plan tables cut to activities."""
    pages: dict[str, dict[str, None]] = {}   # fragment's shape -> the pages that have it, in index order
    for doc in docs:
        for fragment in _fragments(doc["text"]):
            pages.setdefault(_shape(fragment), {})[_page(doc["location"])] = None
    first_page = {f: next(iter(p)) for f, p in pages.items()}
    boilerplate = {f for f, p in pages.items() if len(p) >= BOILERPLATE_PAGES}

    def keep(page: str, match: re.Match) -> str:
        shape = _shape(match.group(3))
        return "" if shape in boilerplate and first_page[shape] != page else match.group(0)

    out, mains = [], {}
    for doc in docs:
        doc = dict(doc)
        page, _, anchor = doc["location"].partition("#")
        if anchor and FIGURE_PAGES.match(page) and html.unescape(doc["title"]) in FIGURE_SECTIONS:
            continue
        if anchor and page.startswith("districts/") and all(c in doc["text"] for c in PLAN_COLUMNS):
            source = site / page / "index.html"
            items = plan_items(_section_html(source.read_text(encoding="utf-8"), anchor)) if source.is_file() else None
            if items is not None:
                doc["text"] = "<ul>" + "".join(f"<li>{html.escape(i, quote=False)}</li>" for i in items) + "</ul>"
        text = re.sub(r"\s*(<(p|li)>(.*?)</\2>)", functools.partial(keep, page), doc["text"], flags=re.S)
        doc["text"] = re.sub(r"<(ul|ol)>\s*</\1>", "", text).strip()
        if anchor and FIGURE_PAGES.match(page) and page in mains:
            mains[page]["text"] = f"{mains[page]['text']} {doc['text']}".strip()
            continue
        if not anchor:
            mains[page] = doc
            for prefix, boost in BOOSTS.items():
                if page.startswith(prefix):
                    doc["boost"] = boost
        out.append(doc)
    return out


def segmented(site: Path, separator: str) -> str:
    """site/search/search_index.json as MkDocs' search plugin wrote it, compacted and with Thai words apart."""
    if not re.fullmatch(separator, ZWSP):
        raise ValueError(f"the search separator {separator!r} must match U+200B, or Thai words stay joined")
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    docs = compact(index["docs"], site)
    index["docs"] = parallel.map_slices(_segment_docs, docs)
    return json.dumps(index, ensure_ascii=False, separators=(",", ":"))


def _segment_docs(docs: list[dict]) -> list[dict]:
    return [{**doc, "title": segment(doc["title"]), "text": segment(doc["text"])} for doc in docs]


def load_dictionary() -> None:
    """Load PyThaiNLP's dictionary now (~0.5 s), e.g. while other processes work: the workers that segment
    the index later are forked from this process and find it loaded."""
    _words("ไทย")


def rewrite(site: Path, separator: str) -> tuple[int, int]:
    """Rewrite site/search/search_index.json in place; return its size in bytes before and after."""
    text = segmented(site, separator)
    return replace(site, text)


def replace(site: Path, text: str) -> tuple[int, int]:
    """Put the segmented index in place of the plugin's; its size in bytes before and after."""
    path = site / "search" / "search_index.json"
    before = path.stat().st_size
    path.write_text(text, encoding="utf-8")
    return before, path.stat().st_size


def separator(config) -> str | None:
    """The search plugin's separator, or None when the plugin is off (then there is no index to rewrite)."""
    plugin = config.plugins.get("material/search") or config.plugins.get("search")
    if plugin is None or not plugin.config.get("enabled", True):
        return None
    return plugin.config.separator


def log_sizes(before: int, after: int) -> None:
    logging.getLogger("mkdocs.plugins.portal").info(
        f"search index: Thai words segmented, {before / 2**20:.1f} MB -> {after / 2**20:.1f} MB")
