"""Indentation is stripped from built pages, never from preformatted text or scripts."""

import json
import re

from generator.mkdocs_ext.compact_html import strip_indentation, thai_config


def test_indentation_and_blank_lines_go_line_breaks_stay():
    html = "<div>\n    <span>ก</span>\n\n      <span>ข</span>\n</div>"
    assert strip_indentation(html) == "<div>\n<span>ก</span>\n<span>ข</span>\n</div>"


def test_preformatted_text_scripts_and_styles_are_kept_whole():
    kept = [
        "<pre><code>def f():\n    return 1\n</code></pre>",
        "<textarea>\n  ข้อความ\n</textarea>",
        "<script>\n  const s = `a\n    b`;\n</script>",
        "<STYLE>\n  p { color: red }\n</STYLE>",
    ]
    for block in kept:
        assert strip_indentation(f"<p>\n  x</p>{block}\n   <p>y</p>") == f"<p>\nx</p>{block}\n<p>y</p>"


def test_the_theme_configuration_keeps_its_meaning_with_thai_letters_unescaped():
    config = {"search": "x.js", "translations": {"search.result.none": "ไม่พบหน้าที่ตรงกับคำค้น", "q": "a\\u0e04 </b>"}}
    escaped = json.dumps(config)  # as Material writes it (tojson): \u escapes
    html = f'<p>\\u0e04</p><script id="__config" type="application/json">{escaped}</script>'
    out = thai_config(html)
    body = re.search(r'application/json">(.*)</script>', out).group(1)
    assert json.loads(body) == config and "ไม่พบหน้า" in body and len(out.encode()) < len(html.encode())
    assert out.startswith("<p>\\u0e04</p>")  # text outside the configuration is never touched
