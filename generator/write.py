"""Stage 6, write: the generated pages reach docs/ all at once, never half-way, and only when told to.

stage_pages() renders into a stage: a complete docs tree beside docs/ (on the same disk, so renames are
atomic; under a hidden, owner-only folder, so neither MkDocs, nor live preview, nor another user sees it).
The hand-written files are hard-linked from docs/; each generated folder (GENERATED_DIRS) is written anew,
its unchanged files hard-linked from the old copy (so they are not rewritten and live preview does not
reload them). Nothing in docs/ changes until Stage.commit() exchanges each changed folder with the old one
in one atomic step (Linux renameat2), so a kill at any moment leaves every folder whole: all old pages or
all new ones. Stage.discard() throws the stage away instead.

The MkDocs hook builds the site from the stage into a staged site (stage_site) and commits both only after
every check, the leak scan included, has passed (plugin.py); write_pages() (the command line) commits
at once. A stage left by a killed build is removed by the next build (its process is gone)."""

from __future__ import annotations

import ctypes
import os
import re
import shutil
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .workbook.schema import GENERATED_DIRS

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


def _new_stage(beside: Path) -> Path:
    """An empty owner-only folder beside `beside`, named for this process (see _remove_abandoned_stages)."""
    _remove_abandoned_stages(beside.parent)
    return Path(tempfile.mkdtemp(prefix=f"{STAGE_PREFIX}{os.getpid()}-", dir=beside.parent))


def _link(src, dst) -> None:
    """Hard-link, so a hand-written file costs nothing to stage; copy where links are not allowed."""
    try:
        os.link(src, dst, follow_symlinks=False)
    except OSError:
        shutil.copy2(src, dst, follow_symlinks=False)


@dataclass
class Stage:
    """A complete docs tree beside docs_dir, with this build's generated folders, not yet in docs_dir."""

    docs_dir: Path
    path: Path
    changed: int
    """Generated files written or removed; 0 when the pages were already up to date."""
    tops: tuple[str, ...]
    """The generated folders that differ from docs_dir's: only these are swapped in."""

    def commit(self) -> None:
        """Put each changed folder into docs_dir in one atomic step; the old copies go to the stage, then away."""
        try:
            for top in self.tops:
                new_top, old_top = self.path / top, self.docs_dir / top
                if new_top.exists() and old_top.exists():
                    _exchange(new_top, old_top)
                elif new_top.exists():
                    new_top.rename(old_top)
                elif old_top.exists():
                    old_top.rename(self.path / (top + ".gone"))
        finally:
            self.tops = ()
            self.discard()

    def discard(self) -> None:
        shutil.rmtree(self.path.parent, ignore_errors=True)


def stage_pages(pages: dict[str, str | bytes], docs_dir: Path) -> Stage:
    """Stage `pages` (paths under docs_dir's generated folders) beside docs_dir; docs_dir itself is not changed."""
    docs_dir = Path(docs_dir).resolve()
    for rel in pages:
        top = Path(rel).parts[0]
        if top not in GENERATED_DIRS or ".." in Path(rel).parts or Path(rel).is_absolute():
            raise ValueError(f"generated page outside the generated folders: {rel}")
    docs_dir.mkdir(parents=True, exist_ok=True)
    stage = _new_stage(docs_dir) / "docs"
    try:
        stage.mkdir()
        for entry in os.scandir(docs_dir):  # the hand-written files, for MkDocs to build from the stage
            if entry.name in GENERATED_DIRS:
                continue
            if entry.is_dir(follow_symlinks=False):
                shutil.copytree(entry.path, stage / entry.name, symlinks=True, copy_function=_link)
            else:
                _link(entry.path, stage / entry.name)
        changed, tops = 0, set()
        for rel, text in sorted(pages.items()):
            new, old = stage / rel, docs_dir / rel
            new.parent.mkdir(parents=True, exist_ok=True)
            data = text.encode("utf-8") if isinstance(text, str) else text
            if old.is_file() and old.stat().st_size == len(data) and old.read_bytes() == data:
                os.link(old, new)
            else:
                new.write_bytes(data)
                changed += 1
                tops.add(Path(rel).parts[0])
        for top in GENERATED_DIRS:
            old_top = docs_dir / top
            if old_top.exists():
                old_files = {p.relative_to(docs_dir).as_posix() for p in old_top.rglob("*") if p.is_file()}
                if gone := len(old_files - pages.keys()):
                    changed += gone
                    tops.add(top)
    except BaseException:
        shutil.rmtree(stage.parent, ignore_errors=True)
        raise
    # Unchanged folders are not swapped: live preview sees no event for them and does not rebuild again.
    return Stage(docs_dir, stage, changed, tuple(sorted(tops)))


def write_pages(pages: dict[str, str | bytes], docs_dir: Path) -> int:
    """Write `pages` under docs_dir at once; return how many files changed or were removed."""
    stage = stage_pages(pages, docs_dir)
    stage.commit()
    return stage.changed


def stage_site(site_dir: Path, keep: bool = False) -> Path:
    """An empty folder beside site_dir for MkDocs to build into; with keep (`--dirty` builds, which rewrite
    only changed pages) a copy of site_dir, never links: MkDocs writes files in place, and would change the
    old site through them."""
    site_dir = Path(site_dir).resolve()
    staged = _new_stage(site_dir) / "site"
    if keep and site_dir.is_dir():
        shutil.copytree(site_dir, staged, symlinks=True)  # copy2: modification times kept, as --dirty compares them
    else:
        staged.mkdir()  # the umask's permissions, not the owner-only ones of the stage: it becomes site_dir
        if site_dir.is_dir():
            os.chmod(staged, stat.S_IMODE(site_dir.stat().st_mode))
    return staged


def swap_site(staged: Path, site_dir: Path) -> None:
    """Put the staged site in place of site_dir in one atomic step and delete the old one (and the stage)."""
    site_dir = Path(site_dir).resolve()
    if os.path.ismount(site_dir):  # a container's volume, say: cannot be renamed, its contents are replaced
        for entry in list(site_dir.iterdir()):
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
        for entry in list(staged.iterdir()):
            shutil.move(entry, site_dir / entry.name)
    elif site_dir.exists():
        _exchange(staged, site_dir)
    else:
        staged.rename(site_dir)
    shutil.rmtree(staged.parent, ignore_errors=True)


def discard_site(staged: Path) -> None:
    """Delete a staged site (and its stage) that is not to be published."""
    shutil.rmtree(Path(staged).parent, ignore_errors=True)
