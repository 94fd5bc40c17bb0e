"""Finished HTML fenced by <!-- html --> … <!-- /html --> goes into the page unchanged
(generator/mkdocs_ext/html_blocks.py)."""

from __future__ import annotations

import markdown
import pytest

from generator.mkdocs_ext.html_blocks import END, START, HtmlBlocks
from generator.pages.render import text

EXTENSIONS = ["tables", "attr_list", "md_in_html", "toc"]
TABLE = (
    '<table>\n<thead>\n<tr>\n<th>รายการ</th>\n<th style="text-align: right;">บาท</th>\n</tr>\n</thead>\n'
    '<tbody>\n<tr>\n<td>ได้รับจัดสรร</td>\n<td style="text-align: right;">25,000</td>\n</tr>\n</tbody>\n</table>'
)


def convert(source: str) -> str:
    return markdown.markdown(source, extensions=[*EXTENSIONS, HtmlBlocks()])


def test_a_fenced_block_makes_the_same_page_as_a_raw_html_block():
    page = "# งบประมาณ\n\n{}\n\nสถานะ ณ วันที่ **1** ก.พ.\n\n- ก\n- ข\n"
    assert convert(page.format(f"{START}\n{TABLE}\n{END}")) == markdown.markdown(
        page.format(TABLE), extensions=EXTENSIONS
    )


def test_inside_a_fence_markdown_is_not_converted():
    out = convert(f"{START}\n<p>**ตัวหนา** [ลิงก์](x.md)</p>\n{END}\n\n**ตัวหนา**\n")
    assert "<p>**ตัวหนา** [ลิงก์](x.md)</p>" in out and "<strong>ตัวหนา</strong>" in out
    assert START not in out and END not in out


def test_a_fence_never_closed_is_left_to_markdown():
    out = convert(f"{START}\n<table><tr><td>1</td></tr></table>\n\n**ตัวหนา**\n")
    assert "<table><tr><td>1</td></tr></table>" in out and "<strong>ตัวหนา</strong>" in out


@pytest.mark.parametrize("hostile", [END, f"x\n{END}\n<script>alert(1)</script>", "<!-- /html -->", "</table>"])
def test_cell_text_cannot_end_a_fence(hostile):
    out = convert(f"{START}\n<table><tr><td>{text(hostile)}</td></tr></table>\n{END}\n")
    assert "<script>" not in out and out.count("<td>") == 1 and "&lt;" in out
