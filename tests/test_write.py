"""Stage 6, write: generated folders only, all at once, unchanged files left alone."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator import pipeline
from generator.pages import render
from generator.write import GENERATED_DIRS, discard_site, stage_pages, stage_site, swap_site, write_pages
from tests.conftest import ROOT

PAGES = {
    "_generated/national.md": "## ความก้าวหน้าทั้งประเทศ\n",
    "districts/index.md": "# อำเภอ\n",
    "districts/3101.md": "# อำเภอเมืองบุรีรัมย์ จังหวัดบุรีรัมย์\n",
    "districts/3102.md": "# อำเภอคูเมือง จังหวัดบุรีรัมย์\n",
    "provinces/31.md": "# จังหวัดบุรีรัมย์\n",
    "curriculum/1-2.md": "# หัวข้อ\n09.00 น.\n",
    "plans/index.md": "# แผนปฏิบัติการ\n",
}
OLD = 1_000_000_000_000_000_000  # an mtime in 2001, in ns: a rewrite cannot keep it by chance


@pytest.fixture
def docs(tmp_path):
    """A docs/ folder with the hand-written pages, as in the project."""
    docs = tmp_path / "project" / "docs"
    (docs / "stylesheets").mkdir(parents=True)
    (docs / "index.md").write_text('# หน้าแรก\n\n--8<-- "_generated/national.md"\n', encoding="utf-8")
    (docs / "about.md").write_text("# เกี่ยวกับข้อมูล\n", encoding="utf-8")
    (docs / "stylesheets" / "portal.css").write_text("body {}\n", encoding="utf-8")
    for path in docs.rglob("*"):
        os.utime(path, ns=(OLD, OLD))
    return docs


def snapshot(folder: Path) -> dict[str, tuple[bytes, int, int]]:
    """Every file under folder: (content, inode, mtime in ns)."""
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_ino, p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def files(folder: Path) -> dict[str, bytes]:
    return {rel: data for rel, (data, _, _) in snapshot(folder).items()}


def staging_left(docs: Path) -> list[str]:
    return sorted(p.name for p in docs.parent.iterdir() if p.name.startswith(".portal-staging"))


def hand_written(docs: Path) -> dict:
    return {rel: v for rel, v in snapshot(docs).items() if rel.split("/")[0] not in GENERATED_DIRS}


def test_pages_land_under_their_folders(docs):
    before = hand_written(docs)
    changed = write_pages(PAGES, docs)
    assert changed == len(PAGES)
    for rel, text in PAGES.items():
        assert (docs / rel).read_text(encoding="utf-8") == text
    assert set(files(docs)) == set(PAGES) | {"index.md", "about.md", "stylesheets/portal.css"}
    assert hand_written(docs) == before  # same bytes, same inode, same mtime
    assert staging_left(docs) == []
    assert sorted(p.name for p in docs.parent.iterdir()) == ["docs"]


def test_second_run_with_the_same_pages_rewrites_nothing(docs):
    write_pages(PAGES, docs)
    for path in docs.rglob("*"):
        os.utime(path, ns=(OLD, OLD))
    before = snapshot(docs)
    folders = {top: (docs / top).stat().st_ino for top in GENERATED_DIRS if (docs / top).exists()}
    assert write_pages(dict(PAGES), docs) == 0
    assert snapshot(docs) == before  # bytes, inodes and mtimes all kept
    assert {top: (docs / top).stat().st_ino for top in folders} == folders  # folders not swapped either
    assert staging_left(docs) == []


def test_changed_page_rewritten_and_dropped_page_removed(docs):
    write_pages(PAGES, docs)
    for path in docs.rglob("*"):
        os.utime(path, ns=(OLD, OLD))
    before = snapshot(docs)
    pages = dict(PAGES)
    pages["districts/3101.md"] = "# อำเภอเมืองบุรีรัมย์ จังหวัดบุรีรัมย์\n\nแก้ไขแล้ว\n"
    del pages["districts/3102.md"]
    pages["districts/5001.md"] = "# อำเภอเมืองเชียงใหม่ จังหวัดเชียงใหม่\n"
    assert write_pages(pages, docs) == 3  # one changed, one removed, one new
    after = snapshot(docs)
    assert files(docs) == {
        **{rel: text.encode() for rel, text in pages.items()},
        **{rel: v[0] for rel, v in hand_written(docs).items()},
    }
    assert not (docs / "districts/3102.md").exists()
    assert after["districts/3101.md"][0] == pages["districts/3101.md"].encode()
    assert after["districts/3101.md"][2] != OLD  # rewritten
    for rel in set(PAGES) - {"districts/3101.md", "districts/3102.md"}:
        assert after[rel] == before[rel], rel  # untouched: same inode and mtime (hard link)
    for rel in ("index.md", "about.md", "stylesheets/portal.css"):
        assert after[rel] == before[rel], rel
    assert staging_left(docs) == []


def test_folder_no_longer_produced_is_removed(docs):
    write_pages(PAGES, docs)
    pages = {rel: text for rel, text in PAGES.items() if not rel.startswith("plans/")}
    assert write_pages(pages, docs) == 1
    assert not (docs / "plans").exists()
    assert set(files(docs)) == set(pages) | {"index.md", "about.md", "stylesheets/portal.css"}


def test_bytes_are_written_as_they_are(docs):
    data = "\ufeffรหัส,ชื่อ\r\n3101,เมืองบุรีรัมย์\r\n".encode("utf-8") + bytes(range(256))
    pages = {**PAGES, "_generated/data.bin": data}
    assert write_pages(pages, docs) == len(pages)
    assert (docs / "_generated/data.bin").read_bytes() == data
    assert write_pages(pages, docs) == 0


@pytest.mark.parametrize(
    "bad",
    [
        "../x.md",
        "index.md",
        "about.md",
        "stylesheets/portal.css",
        "districts/../../x.md",
        "districts/../index.md",
        "/tmp/x.md",
        "docs/districts/x.md",
        "site/x.md",
        "../docs/districts/x.md",
    ],
)
def test_path_outside_generated_folders_is_refused_and_nothing_written(docs, bad):
    write_pages(PAGES, docs)
    tree = docs.parent.parent
    before = snapshot(tree)
    pages = {**PAGES, "districts/3101.md": "ใหม่\n", "districts/9999.md": "ใหม่\n", bad: "แทรก\n"}
    with pytest.raises(ValueError):
        write_pages(pages, docs)
    assert snapshot(tree) == before  # not even the valid pages of the same call
    assert not Path("/tmp/x.md").exists() or Path("/tmp/x.md").read_text(encoding="utf-8") != "แทรก\n"
    assert staging_left(docs) == []


def test_refused_path_does_not_create_docs(tmp_path):
    docs = tmp_path / "docs"
    with pytest.raises(ValueError):
        write_pages({"districts/1.md": "x", "../x.md": "x"}, docs)
    assert list(tmp_path.iterdir()) == []


def test_failure_half_way_changes_nothing_and_leaves_no_staging(docs):
    write_pages(PAGES, docs)
    before = snapshot(docs)

    class Boom(str):
        def encode(self, *args, **kwargs):
            raise RuntimeError("disk full")

    pages = {**PAGES, "districts/3101.md": "ใหม่\n", "provinces/50.md": Boom("x")}  # fails while staging
    with pytest.raises(RuntimeError):
        write_pages(pages, docs)
    assert snapshot(docs) == before
    assert staging_left(docs) == []


def test_no_staging_folder_left_and_none_in_docs(docs):
    write_pages(PAGES, docs)
    write_pages({**PAGES, "districts/3101.md": "x\n"}, docs)
    write_pages(PAGES, docs)
    assert staging_left(docs) == []
    assert not [p for p in docs.rglob(".*")]


def test_same_input_gives_identical_output_in_two_folders(make_workbook, tmp_path):
    workbook = make_workbook()
    outputs = []
    for name in ("a", "b"):
        portal, _ = pipeline.check(workbook)
        docs = tmp_path / name / "docs"
        pages = render.render_pages(portal)
        assert write_pages(pages, docs) == len(pages)
        outputs.append(files(docs))
    assert outputs[0] == outputs[1]
    assert len(outputs[0]) == len(pages) and "districts/3101.md" in outputs[0]


def test_same_input_gives_identical_output_across_processes(make_workbook, tmp_path):
    """Two separate runs of the command line, with different hash seeds (set and dict order)."""
    workbook = make_workbook()
    outputs = []
    for name, seed in (("a", "1"), ("b", "2")):
        docs = tmp_path / name / "docs"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        run = subprocess.run(
            [sys.executable, "-m", "generator", "build", str(workbook), "--docs", str(docs)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert run.returncode == 0, run.stdout + run.stderr
        outputs.append(files(docs))
    assert outputs[0] == outputs[1]
    assert {rel.split("/")[0] for rel in outputs[0]} == set(GENERATED_DIRS)
    assert staging_left(tmp_path / "a" / "docs") == [] and staging_left(tmp_path / "b" / "docs") == []


# ---------------------------------------------------------------- staged for the MkDocs hook: commit or discard


def test_staged_pages_leave_docs_alone_until_committed(docs):
    write_pages(PAGES, docs)
    before = snapshot(docs)
    pages = {**PAGES, "districts/3101.md": "ใหม่\n"}
    stage = stage_pages(pages, docs)
    assert snapshot(docs) == before
    staged = snapshot(stage.path)  # a whole docs tree MkDocs can build from
    assert files(stage.path) == {**files(docs), "districts/3101.md": "ใหม่\n".encode()}
    for rel in ("index.md", "stylesheets/portal.css", "districts/3102.md"):  # hard links, not copies
        assert staged[rel][1] == before[rel][1], rel
    assert stage.changed == 1 and stage.tops == ("districts",)
    stage.commit()
    assert (docs / "districts/3101.md").read_text(encoding="utf-8") == "ใหม่\n"
    assert staging_left(docs) == []


def test_discarded_stage_changes_nothing(docs):
    write_pages(PAGES, docs)
    before = snapshot(docs)
    stage = stage_pages({**PAGES, "districts/3101.md": "ใหม่\n", "awards/1.md": "x\n"}, docs)
    stage.discard()
    assert snapshot(docs) == before
    assert staging_left(docs) == []


def test_only_changed_folders_are_swapped(docs):
    write_pages(PAGES, docs)
    folders = {top: (docs / top).stat().st_ino for top in ("districts", "provinces", "plans")}
    write_pages({**PAGES, "plans/index.md": "# แผน\n"}, docs)
    assert (docs / "plans").stat().st_ino != folders["plans"]
    assert {top: (docs / top).stat().st_ino for top in ("districts", "provinces")} == {
        top: folders[top] for top in ("districts", "provinces")
    }


def test_staged_site_swapped_in_whole(tmp_path):
    site = tmp_path / "site"
    (site / "old").mkdir(parents=True)
    (site / "old" / "index.html").write_text("old", encoding="utf-8")
    site.chmod(0o750)
    staged = stage_site(site)
    assert list(staged.iterdir()) == [] and (site / "old" / "index.html").is_file()  # empty: MkDocs writes in place
    (staged / "new.html").write_text("new", encoding="utf-8")
    swap_site(staged, site)
    assert files(site) == {"new.html": b"new"}
    assert site.stat().st_mode & 0o777 == 0o750
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_dirty_staged_site_is_a_copy_not_links(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "page.html").write_text("old", encoding="utf-8")
    os.utime(site / "page.html", ns=(OLD, OLD))
    staged = stage_site(site, keep=True)
    assert (staged / "page.html").stat().st_mtime_ns == OLD  # `--dirty` compares modification times
    (staged / "page.html").write_text("new", encoding="utf-8")  # as MkDocs writes: in place
    assert (site / "page.html").read_text(encoding="utf-8") == "old"
    discard_site(staged)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
