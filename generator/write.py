"""Stage 6, write: put the rendered pages into docs/ all at once, never half-way.

The generator owns a few folders of docs/ (GENERATED_DIRS) and nothing else. A new copy of
each is staged beside it, unchanged files hard-linked from the old copy (so they are not
rewritten and live preview does not reload them), then the copies are swapped in."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

GENERATED_DIRS = ("_generated", "curriculum", "districts", "downloads", "plans", "provinces")


def write_pages(pages: dict[str, str | bytes], docs_dir: Path) -> int:
    """Write `pages` under docs_dir; return how many files changed or were removed."""
    docs_dir = Path(docs_dir).resolve()
    for rel in pages:
        top = Path(rel).parts[0]
        if top not in GENERATED_DIRS or ".." in Path(rel).parts or Path(rel).is_absolute():
            raise ValueError(f"generated page outside the generated folders: {rel}")
    docs_dir.mkdir(parents=True, exist_ok=True)
    # Staged beside docs/, on the same disk so renames are atomic, and out of MkDocs' sight.
    stage = Path(tempfile.mkdtemp(prefix=".portal-staging-", dir=docs_dir.parent))
    changed = 0
    try:
        for rel, text in sorted(pages.items()):
            new, old = stage / rel, docs_dir / rel
            new.parent.mkdir(parents=True, exist_ok=True)
            data = text.encode("utf-8") if isinstance(text, str) else text
            if old.is_file() and old.stat().st_size == len(data) and old.read_bytes() == data:
                os.link(old, new)
            else:
                new.write_bytes(data)
                changed += 1
        for top in GENERATED_DIRS:
            old_top = docs_dir / top
            if old_top.exists():
                old_files = {p.relative_to(docs_dir).as_posix() for p in old_top.rglob("*") if p.is_file()}
                changed += len(old_files - pages.keys())
        if not changed:
            return 0  # nothing to swap: live preview sees no event and does not rebuild again
        # Everything is rendered and on disk: swap each folder in (two renames each).
        trash = stage / ".old"
        trash.mkdir()
        for top in GENERATED_DIRS:
            if (docs_dir / top).exists():
                (docs_dir / top).rename(trash / top)
            if (stage / top).exists():
                (stage / top).rename(docs_dir / top)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return changed
