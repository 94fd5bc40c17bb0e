"""The attachments of an official letter (the documents sheet): one line each, "title | target",
where the target is a file kept in the repository under docs/files/, a page of this portal
(/curriculum/) or an https:// address. validate.py checks them; templates link them with href()."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent  # attachment paths are relative to the repository
FILES_DIR = "docs/files"  # hand-kept: the generator never writes or deletes here
FILE, PAGE, WEB, NONE = "file", "page", "web", "none"

SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")  # https:, javascript:, file:, C: (a Windows path)
HTTPS = re.compile(r"https://[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+(:\d+)?(/[A-Za-z0-9._~%/?#=&+-]*)?")
SAFE_PATH = re.compile(r"[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*")  # file names from codes: no spaces, no Thai
SITE_PAGE = re.compile(r"/[a-z0-9-]+/([A-Za-z0-9-]+/)?|/downloads/[a-z0-9-]+\.(xlsx|csv|json)")
# The portal's national downloads (downloads.py) an attachment may point at, e.g. the blank form แบบ ๒.
# The national files of /downloads/ (downloads.national_files; a test keeps the two the same).
DOWNLOADS = (
    "portal.xlsx",
    "portal.json",
    "districts.csv",
    "plans.csv",
    "curriculum.csv",
    "festival.csv",
    "awards.csv",
    "offices.csv",
    "documents.csv",
    "dictionary.csv",
    "master-template.xlsx",
    "plan-form.xlsx",
)


@dataclass(frozen=True)
class Attachment:
    title: str
    target: str | None
    """As typed: docs/files/…, /section/… or https://…; None when the line names no file."""
    kind: str

    def href(self, depth: int = 1) -> str | None:
        """The link from a generated page `depth` folders below docs/ (documents/<id>.md is 1)."""
        up = "../" * depth
        if self.kind == FILE:
            return up + self.target[len("docs/") :]
        if self.kind == PAGE:
            parts = self.target.strip("/").split("/")
            if self.target.endswith("/"):
                return up + "/".join(parts) + ("/index.md" if len(parts) == 1 else ".md")
            return up + "/".join(parts)
        return self.target if self.kind == WEB else None


def split(line: str) -> tuple[str, str | None]:
    """'title | target' → (title, target). A line that is only a target is titled by its file name;
    a line that is only a title has no target (the letter lists it, the file is not online)."""
    title, bar, target = line.rpartition("|")
    if bar and looks_like_target(target.strip()):
        return title.strip() or _name(target.strip()), target.strip()
    text = line.strip()
    return (_name(text), text) if looks_like_target(text) else (text, None)


def _name(target: str) -> str:
    return target.rstrip("/").rsplit("/", 1)[-1] or target


def looks_like_target(text: str) -> bool:
    """An address rather than a title: a scheme, a path from the root or docs/, or one ASCII word with a / \\ or
    file extension (a Thai title such as 'แบบ ๒' is never one)."""
    return bool(
        SCHEME.match(text)
        or text.startswith(("docs/", "/", "./", "../", "\\"))
        or re.fullmatch(r"[!-~]+", text)
        and re.search(r"[/\\]|\.[A-Za-z0-9]{1,5}$", text)
    )


def site_pages(sections: tuple[str, ...], sessions: set[str], districts: set[str], provinces: set[str]) -> set[str]:
    """The pages of this portal an attachment may link to, as /path/."""
    pages = {f"/{s}/" for s in sections if not s.startswith("_")}
    pages |= {f"/curriculum/{s}/" for s in sessions} | {f"/districts/{c}/" for c in districts}
    pages |= {f"/provinces/{c}/" for c in provinces} | {f"/downloads/{name}" for name in DOWNLOADS}
    return pages


def kind(target: str) -> str:
    return WEB if SCHEME.match(target) else PAGE if target.startswith("/") else FILE


def check(target: str, pages: set[str], repo: Path = REPO) -> tuple[str, str | None]:
    """(kind, None) when the target is allowed, else (kind, 'Thai / English' reason)."""
    if kind(target) == WEB:
        if not target.startswith("https://"):
            return WEB, (
                f"ใช้ได้เฉพาะที่อยู่เว็บที่ขึ้นต้นด้วย https:// แต่พบ '{target}'"
                f" / only https:// addresses are allowed, found '{target}'"
            )
        if not HTTPS.fullmatch(target):
            return WEB, (
                f"ที่อยู่เว็บ '{target}' มีอักขระที่ใช้ไม่ได้ (เช่น ช่องว่างหรือวงเล็บ)"
                f" / the address has characters that cannot be linked (spaces, brackets)"
            )
        return WEB, None
    if kind(target) == PAGE:
        if SITE_PAGE.fullmatch(target) and target in pages:
            return PAGE, None
        return PAGE, (
            f"'{target}' ไม่ใช่หน้าของเว็บไซต์นี้ ให้ใส่ไฟล์ใน {FILES_DIR}/ เช่น {FILES_DIR}/letters/ชื่อไฟล์.pdf"
            f" หรือหน้าเช่น /curriculum/ / not a page of this portal (an absolute path is not allowed);"
            f" use a file under {FILES_DIR}/ or a page such as /curriculum/"
        )
    if "\\" in target or ".." in target.split("/") or not SAFE_PATH.fullmatch(target):
        return FILE, (
            f"ที่อยู่ไฟล์ '{target}' ใช้ไม่ได้ ให้ใช้ตัวอักษรอังกฤษ ตัวเลข . - _ และ / เท่านั้น ห้ามมี .."
            f" / unusable path: letters, digits, '.', '-', '_' and '/' only, no '..'"
        )
    if not target.startswith(FILES_DIR + "/"):
        return FILE, (
            f"ไฟล์แนบต้องอยู่ในโฟลเดอร์ {FILES_DIR}/ แต่พบ '{target}'"
            f" / attachments must be kept under {FILES_DIR}/, found '{target}'"
        )
    path = repo / target
    files = (repo / FILES_DIR).resolve()
    if not path.is_file():
        return FILE, (
            f"ไม่พบไฟล์ '{target}' ในโครงการ ให้เพิ่มไฟล์ลงใน {FILES_DIR}/ ก่อน"
            f" / no file '{target}' in the repository; add it under {FILES_DIR}/ first"
        )
    if not path.resolve().is_relative_to(files):  # a symbolic link out of docs/files/
        return FILE, (f"ไฟล์ '{target}' ชี้ออกนอกโฟลเดอร์ {FILES_DIR}/ / '{target}' points outside {FILES_DIR}/")
    return FILE, None
