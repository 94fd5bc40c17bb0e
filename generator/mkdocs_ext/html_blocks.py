"""Finished HTML in the generated Markdown: a Python-Markdown extension the portal plugin adds to the build.

The generator writes the district pages' tables, charts and QR codes, and the province pages' charts and maps,
as HTML. Python-Markdown (md_in_html) and MkDocs (looking for anchor ids) each run Python's HTML parser over every
raw HTML block, which was most of converting a district page (issue #8). Lines between a `<!-- html -->` line and
a `<!-- /html -->` line are stashed before either sees them and put into the page unchanged, as a raw HTML block
would be. Cell text inside is HTML-escaped by the generator (render.text), so it can never end a block early; ids
inside are not offered to MkDocs' link checker, so nothing links to them."""

from __future__ import annotations

from markdown import Extension
from markdown.preprocessors import Preprocessor

START, END = "<!-- html -->", "<!-- /html -->"


class _Stash(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        block: list[str] | None = None
        for line in lines:
            if block is None and line == START:
                block = []
            elif block is not None and line == END:
                # stored as Python-Markdown stores a raw HTML block followed by a blank line: the same page
                out += ["", self.md.htmlStash.store("\n".join(block) + "\n"), ""]
                block = None
            elif block is not None:
                block.append(line)
            else:
                out.append(line)
        if block is not None:  # never closed: left as it was, for Markdown to treat as usual
            out += [START, *block]
        return out


class HtmlBlocks(Extension):
    def extendMarkdown(self, md) -> None:
        # before MkDocs' anchor scan (21) and the raw HTML blocks (20), after whitespace normalising (30)
        md.preprocessors.register(_Stash(md), "portal_html_blocks", 25)
