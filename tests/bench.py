"""`make bench`: how the pipeline scales and how heavy the pages are, printed as ratios.

Not a test: timings vary by machine, so nothing here passes or fails."""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from generator.pipeline import check
from generator.render import render_pages
from generator.sample import write_sample
from generator.write import write_pages

ROOT = Path(__file__).resolve().parent.parent


def timed(fn, *args):
    start = time.perf_counter()
    result = fn(*args)
    return time.perf_counter() - start, result


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        rows = {}
        for scale in (1, 10):
            book = tmp / f"scale{scale}.xlsx"
            write_sample(book, scale)
            t_check, (portal, _) = timed(check, book)
            t_render, pages = timed(render_pages, portal)
            t_write, _ = timed(write_pages, pages, tmp / f"docs{scale}")
            t_rewrite, changed = timed(write_pages, pages, tmp / f"docs{scale}")
            rows[scale] = (len(portal.plan_items), t_check, t_render, t_write, t_rewrite, changed)
            print(f"scale {scale:>2}: {len(portal.plan_items):>6} plan items  read+validate {t_check:6.2f}s"
                  f"  render {t_render:5.2f}s  write {t_write:5.2f}s  unchanged rewrite {t_rewrite:5.2f}s ({changed} changed)")
        items = rows[10][0] / rows[1][0]
        print(f"ratio scale10/scale1: items ×{items:.1f}, read+validate ×{rows[10][1] / rows[1][1]:.1f},"
              f" render ×{rows[10][2] / rows[1][2]:.1f}  (linear would be ≤ ×{items:.1f})")

        site = tmp / "site"
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(site)],
                       cwd=ROOT, env=env, check=True)
        t_site = time.perf_counter() - start
        pages = list(site.glob("districts/*/index.html"))
        sizes = sorted(p.stat().st_size for p in pages)
        total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
        index = site / "search/search_index.json"
        print(f"mkdocs build of the default workbook: {t_site:.1f}s for {len(pages)} district pages"
              f" ({t_site / max(len(pages), 1) * 1000:.1f} ms a district page)")
        print(f"district page HTML: median {sizes[len(sizes) // 2] / 1024:.1f} KB, max {sizes[-1] / 1024:.1f} KB;"
              f" ratio to the ~300 KB of a page with full navigation: {sizes[len(sizes) // 2] / (300 * 1024):.2f}")
        print(f"site total {total / 2**20:.1f} MB; search index {index.stat().st_size / 2**20:.1f} MB"
              f" ({index.stat().st_size / total:.0%} of the site)")


if __name__ == "__main__":
    main()
