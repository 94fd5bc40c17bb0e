"""Indentation is stripped from built pages, never from preformatted text or scripts."""
from generator.compact_html import strip_indentation


def test_indentation_and_blank_lines_go_line_breaks_stay():
    html = '<div>\n    <span>ก</span>\n\n      <span>ข</span>\n</div>'
    assert strip_indentation(html) == "<div>\n<span>ก</span>\n<span>ข</span>\n</div>"


def test_preformatted_text_scripts_and_styles_are_kept_whole():
    kept = ['<pre><code>def f():\n    return 1\n</code></pre>', "<textarea>\n  ข้อความ\n</textarea>",
            '<script>\n  const s = `a\n    b`;\n</script>', "<STYLE>\n  p { color: red }\n</STYLE>"]
    for block in kept:
        assert strip_indentation(f"<p>\n  x</p>{block}\n   <p>y</p>") == f"<p>\nx</p>{block}\n<p>y</p>"
