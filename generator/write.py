"""Stage 6, write: put the rendered pages into docs/ all at once, never half-way.

The generator owns a few folders of docs/ (GENERATED_DIRS) and nothing else. A new copy of
each is staged beside it, unchanged files hard-linked from the old copy (so they are not
rewritten and live preview does not reload them), then each copy is exchanged with the old
folder in one atomic step (Linux renameat2), so a kill at any moment leaves every folder
whole: all old pages or all new ones."""
from __future__ import annotations

import ctypes
import os
import re
import shutil
import tempfile
from pathlib import Path

GENERATED_DIRS = ("_generated", "awards", "contacts", "curriculum", "districts", "documents", "downloads", "festival",
                  "plans", "provinces")
STAGE_PREFIX = ".portal-staging-"
_renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
AT_FDCWD, RENAME_EXCHANGE = -100, 2


def _exchange(a: Path, b: Path) -> None:
    """Swap two folders atomically; where the kernel cannot, fall back to two renames."""
    if _renameat2 and _renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0:
        return
    spare = a.with_name(a.name + ".old")
    b.rename(spare)
    a.rename(b)
    spare.rename(a)


def _remove_abandoned_stages(parent: Path) -> None:
    """A build killed mid-way leaves its staging folder; remove those whose process is gone."""
    for stage in parent.glob(STAGE_PREFIX + "*"):
        m = re.match(re.escape(STAGE_PREFIX) + r"(\d+)-", stage.name)
        if m and not Path(f"/proc/{m.group(1)}").exists():
            shutil.rmtree(stage, ignore_errors=True)


def write_pages(pages: dict[str, str | bytes], docs_dir: Path) -> int:
    """Write `pages` under docs_dir; return how many files changed or were removed."""
    docs_dir = Path(docs_dir).resolve()
    for rel in pages:
        top = Path(rel).parts[0]
        if top not in GENERATED_DIRS or ".." in Path(rel).parts or Path(rel).is_absolute():
            raise ValueError(f"generated page outside the generated folders: {rel}")
    docs_dir.mkdir(parents=True, exist_ok=True)
    # Staged beside docs/, on the same disk so renames are atomic, and out of MkDocs' sight.
    _remove_abandoned_stages(docs_dir.parent)
    stage = Path(tempfile.mkdtemp(prefix=f"{STAGE_PREFIX}{os.getpid()}-", dir=docs_dir.parent))
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
        # Everything is rendered and on disk: swap each folder in; the old copies stay in the
        # stage, which is then deleted.
        for top in GENERATED_DIRS:
            new_top, old_top = stage / top, docs_dir / top
            if new_top.exists() and old_top.exists():
                _exchange(new_top, old_top)
            elif new_top.exists():
                new_top.rename(old_top)
            elif old_top.exists():
                old_top.rename(stage / (top + ".gone"))
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return changed
