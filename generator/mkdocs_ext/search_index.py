"""Thai search (issues #4, #15): the portal's own search index, read by thai-search.js only when search is used."""

# After the build, the index MkDocs' search plugin wrote (site/search/search_index.json) becomes two files:
# - search/thai_index.json, the real index: one entry per page (location, title, text, its sections' anchors,
#   headings and text) as plain text, Thai runs cut into words with PyThaiNLP's newmm and joined by ZERO WIDTH
#   SPACE; figures, boilerplate and the columns of action-plan tables nobody searches for left out;
# - search/search_index.json, a stub of a few hundred bytes: Material's main bundle fetches it on every page load
#   and hands it to the search worker, which (overrides/assets/javascripts/workers/thai-search.js) fetches the real
#   index only when the first query is typed.
# Text is cleaned here as the worker cleans queries (normalise() below and in thai-search.js, kept equal by
# tests/test_search_browser.py): NFC, no zero-width characters, sara am as one letter. Thai digits and case are
# folded by the worker on both sides, so the text shown in results keeps them as the page has them.
from __future__ import annotations

import functools
import html
import json
import logging
import re
import unicodedata
from collections.abc import Mapping
from pathlib import Path

from .. import parallel
from ..domain import model

ZWSP = "\u200b"
REAL_INDEX = "thai_index.json"  # next to search_index.json; the worker's INDEX names it too
THAI_RUN = re.compile(r"[\u0e01-\u0e4e]+")  # Thai letters, vowels and marks; not Thai digits
ZERO_WIDTH = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
SARA_AM = re.compile(r"\u0e4d([\u0e48-\u0e4b]?)\u0e32")  # nikhahit + sara aa, typed for sara am (ำ)
TONE_MARKS = re.compile(r"[\u0e47-\u0e4c]")  # for the lower-ranked tone-insensitive fallback

# Sections of district and province pages that hold only figures (status, participants, budget, overview tables
# and the list of late districts): their words are on every such page, so they only bury the pages sought.
FIGURE_SECTIONS = frozenset({"สถานะตามกำหนดการ", "ผู้เข้าร่วมและตัวชี้วัด", "งบประมาณ", "ภาพรวม", "อำเภอ", "อำเภอที่ค้างดำเนินการ"})
FIGURE_PAGES = re.compile(r"(districts|provinces)/[^/]+/$")  # one district's or province's page

# Of an action-plan table only these columns are indexed, first line of each cell: the activity and its type.
PLAN_COLUMNS = ("กิจกรรม", "ประเภทสวัสดิการ")
# A paragraph, list item or heading found on this many pages or more, numbers and addresses aside, is
# boilerplate (the sample-data notice, "สถานะ ณ วันที่ …", a district page's "การประชุม 1 วัน"): a paragraph
# stays only on the first page that has it; such a heading's section joins its page's own text.
BOILERPLATE_PAGES = 50


def clean(text: str) -> str:
    """Text as the index and the worker compare it, before digits and case: NFC, without zero-width characters,
    nikhahit + sara aa as sara am."""
    return SARA_AM.sub("\\1\u0e33", ZERO_WIDTH.sub("", unicodedata.normalize("NFC", text)))


def normalise(text: str) -> str:
    """clean(), Thai digits as 0-9 and lower case: what thai-search.js's normalise() makes of the same text."""
    return clean(text).translate(_DIGITS).lower()


def loose(word: str) -> str:
    """A word without tone marks, thanthakhat and maitaikhu: the key of the tone-insensitive fallback."""
    return TONE_MARKS.sub("", word)


_DIGITS = {0x0E50 + d: str(d) for d in range(10)}


@functools.cache
def _words(run: str) -> tuple[str, ...]:
    from pythainlp.tokenize import word_tokenize  # imported on first use: loading the dictionary takes ~0.4 s

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


_TAG = re.compile(r"<[^>]*>")
_BLOCK_END = re.compile(r"</(?:p|li|h\d|tr|td|th|div|pre|blockquote)>|<br\s*/?>")


def plan_lines(portal: model.Portal) -> dict[str, list[str]]:
    """Each district page's action plan as the index keeps it: "activity (type)" once each, in the plan's order
    (what its table shows in those columns, on one line), from the model rather than the built page."""
    plans = {}
    for district in portal.districts:
        items: dict[str, None] = {}
        for item in district.plan:
            activity, kind = " ".join(item.activity.split()), " ".join(item.welfare_type.split())
            if activity:
                items[f"{activity} ({kind})" if kind else activity] = None
        plans[f"districts/{district.code}/"] = list(items)
    return plans


def compact(docs: list[dict], plans: Mapping[str, list[str]]) -> list[dict]:
    """The entries worth searching, with boilerplate and figures left out and plan tables cut to activities;
    a section whose heading is on many pages joins its page's entry (its heading says nothing of the page)."""
    pages: dict[str, dict[str, None]] = {}  # fragment's shape -> the pages that have it, in index order
    headings: dict[str, set[str]] = {}  # section heading -> the pages that have it
    for doc in docs:
        for fragment in _fragments(doc["text"]):
            pages.setdefault(_shape(fragment), {})[_page(doc["location"])] = None
        if "#" in doc["location"]:
            headings.setdefault(_shape(html.unescape(doc["title"])), set()).add(_page(doc["location"]))
    first_page = {f: next(iter(p)) for f, p in pages.items()}
    boilerplate = {f for f, p in pages.items() if len(p) >= BOILERPLATE_PAGES}
    common = {h for h, p in headings.items() if len(p) >= BOILERPLATE_PAGES}

    def keep(page: str, match: re.Match) -> str:
        shape = _shape(match.group(3))
        return "" if shape in boilerplate and first_page[shape] != page else match.group(0)

    out, mains = [], {}
    for doc in docs:
        doc = dict(doc)
        page, _, anchor = doc["location"].partition("#")
        if anchor and FIGURE_PAGES.match(page) and html.unescape(doc["title"]) in FIGURE_SECTIONS:
            continue
        if anchor and page in plans and all(c in doc["text"] for c in PLAN_COLUMNS):  # the plan table's section
            doc["text"] = "<ul>" + "".join(f"<li>{html.escape(i, quote=False)}</li>" for i in plans[page]) + "</ul>"
        text = re.sub(r"\s*(<(p|li)>(.*?)</\2>)", functools.partial(keep, page), doc["text"], flags=re.S)
        doc["text"] = re.sub(r"<(ul|ol)>\s*</\1>", "", text).strip()
        if anchor and page in mains and _shape(html.unescape(doc["title"])) in common:
            mains[page]["text"] = f"{mains[page]['text']} {doc['text']}".strip()
            continue
        if not anchor:
            mains[page] = doc
        out.append(doc)
    return out


def plain(fragment: str) -> str:
    """An index entry's HTML as cleaned plain text, one line per paragraph, list item or table cell."""
    text = html.unescape(_TAG.sub("", _BLOCK_END.sub("\n", fragment)))
    lines = (" ".join(line.split()) for line in clean(text).split("\n"))
    return "\n".join(line for line in lines if line)


# Lines of a district's or province's page that say nothing of it the title does not (the breadcrumb, the network
# named after the district), name other places (the neighbouring districts, the province office on every district
# page) or are figures and the QR code's caption.
PLACE_LINES = re.compile(r"^(?:ประเทศ ›|‹|สถานะ \d+ ขั้นตอน|ติดต่อ\S*สำนักงาน\S*พัฒนา\S*ชุมชน\S*จังหวัด\S*:|เครือข่าย: )")
# English names and codes, from "รหัสอำเภอ 3101 · Mueang Buri Ram, Buri Ram" and "รหัสจังหวัด 31 · Buri Ram ·"
DISTRICT_NAME = re.compile(r"รหัสอำเภอ (\d{4}) · ([^,\n]+),")
PROVINCE_NAME = re.compile(r"รหัสจังหวัด (\d+) · ([^·\n]+?) ·")


def pages(docs: list[dict]) -> list[list]:
    """[location, title, text, [[anchor, heading, text], ...], [name, ...]] per page, in the order of the docs:
    the names are a district's or province's English name and code."""
    out: dict[str, list] = {}
    for doc in docs:
        page, _, anchor = doc["location"].partition("#")
        title, text = plain(doc["title"]), plain(doc["text"])
        if FIGURE_PAGES.match(page):
            text = "\n".join(line for line in text.split("\n") if not PLACE_LINES.match(line))
        if page not in out:
            out[page] = [page, title if not anchor else "", "", [], []]
        entry = out[page]
        names = DISTRICT_NAME.search(text) if page.startswith("districts/") else PROVINCE_NAME.search(text)
        if FIGURE_PAGES.match(page) and names and not entry[4]:
            entry[4] = [names.group(2).strip(), names.group(1)]
        if anchor and title == entry[1]:  # a section under the page's own title is the page
            entry[2] = f"{entry[2]}\n{text}".strip()
        elif anchor:
            entry[3].append([anchor, title, text])
        else:
            entry[1:3] = [title, f"{text}\n{entry[2]}".strip()]
    return [entry for entry in out.values() if entry[1] or entry[3]]


def segmented(site: Path, separator: str | None = None, plans: Mapping[str, list[str]] | None = None) -> str:
    """The real index (see the top of this module) from site/search/search_index.json as MkDocs wrote it."""
    if separator is not None and not re.fullmatch(separator, ZWSP):
        raise ValueError(f"the search separator {separator!r} must match U+200B, or Thai words stay joined")
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    entries = parallel.map_slices(_segment_pages, pages(compact(index["docs"], plans or {})))
    return json.dumps({"config": index.get("config", {}), "pages": entries}, ensure_ascii=False, separators=(",", ":"))


def _segment_pages(entries: list[list]) -> list[list]:
    return [
        [location, segment(title), segment(text), [[a, segment(h), segment(t)] for a, h, t in sections], names]
        for location, title, text, sections, names in entries
    ]


def load_dictionary() -> None:
    """Load PyThaiNLP's dictionary now (~0.5 s), e.g. while other processes work: the workers that segment
    the index later are forked from this process and find it loaded."""
    _words("ไทย")


def rewrite(site: Path, separator: str, plans: Mapping[str, list[str]] | None = None) -> tuple[int, int]:
    """Write both index files in place of the plugin's; return the sizes in bytes before and after."""
    return replace(site, segmented(site, separator, plans))


def replace(site: Path, text: str) -> tuple[int, int]:
    """Put the real index next to the plugin's and a stub in its place (Material's bundle fetches the stub on
    every page load; only its config is read); the size of the plugin's index and of the real one, in bytes."""
    path = site / "search" / "search_index.json"
    before = path.stat().st_size
    real = site / "search" / REAL_INDEX
    real.write_text(text, encoding="utf-8")
    config = json.loads(text).get("config", {})
    path.write_text(
        json.dumps({"config": config, "docs": []}, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
    )
    return before, real.stat().st_size


def separator(config) -> str | None:
    """The search plugin's separator, or None when the plugin is off (then there is no index to rewrite)."""
    plugin = config.plugins.get("material/search") or config.plugins.get("search")
    if plugin is None or not plugin.config.get("enabled", True):
        return None
    return plugin.config.separator


def log_sizes(before: int, after: int) -> None:
    logging.getLogger("mkdocs.plugins.portal").info(
        f"search index: Thai words segmented, {before / 2**20:.1f} MB -> {after / 2**20:.1f} MB"
        f" ({REAL_INDEX}, fetched when search is first used)"
    )
