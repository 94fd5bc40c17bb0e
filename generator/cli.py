"""The command line: the only place that formats problems for people and picks exit codes."""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from pathlib import Path

from .pipeline import build, check
from .workbook.fetch import resolve_workbook
from .workbook.problems import ERROR, InvalidWorkbook, Problem, UnusableWorkbook, summarised

DEFAULT_WORKBOOK = Path("data/master.xlsx")
OK, INVALID, UNUSABLE = 0, 1, 2


def report(problems: list[Problem], github: bool = False, out=None, err=None) -> None:
    """Errors one a line on stdout; warnings and a per-sheet summary on stderr. With github=True,
    each problem is also a GitHub Actions annotation titled with its cell."""
    out, err = out or sys.stdout, err or sys.stderr  # looked up now: tests and callers may have replaced them
    errors = [p for p in problems if p.level == ERROR]
    shown = summarised(problems)
    if github:
        for p in shown:
            kind = "error" if p.level == ERROR else "warning"
            print(f"::{kind} title={_gh_escape(f'{p.sheet}!{p.cell}')}::{_gh_escape(p.message)}", file=out)
    for p in shown:
        if p.level == ERROR:
            print(p, file=out)
    for p in shown:
        if p.level != ERROR:
            print(f"คำเตือน / warning: {p}", file=err)
    if errors:
        per_sheet = ", ".join(f"{sheet} {n}" for sheet, n in sorted(Counter(p.sheet for p in errors).items()))
        print(f"พบข้อผิดพลาด {len(errors)} รายการ ({per_sheet}) / {len(errors)} error(s)", file=err)


def _gh_escape(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A").replace(":", "%3A").replace(",", "%2C")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p_check = sub.add_parser("check", help="validate the workbook only")
    p_check.add_argument("workbook", nargs="?", default=DEFAULT_WORKBOOK, help="a path or an https export URL")
    p_check.add_argument("--github", action="store_true", help="also print GitHub Actions annotations")
    p_build = sub.add_parser("build", help="validate and write the generated Markdown into docs/")
    p_build.add_argument("workbook", nargs="?", default=DEFAULT_WORKBOOK, help="a path or an https export URL")
    p_build.add_argument("--docs", type=Path, default=Path("docs"), help="the MkDocs docs folder")
    p_build.add_argument(
        "--site-url",
        default=os.environ.get("PORTAL_SITE_URL"),
        help="the public address QR codes point under (default PORTAL_SITE_URL, else a preview)",
    )
    p_template = sub.add_parser("template", help="write the blank master workbook for editors")
    p_template.add_argument("out", type=Path)
    p_sample = sub.add_parser("sample", help="write a workbook of deterministic sample data")
    p_sample.add_argument("out", type=Path)
    p_sample.add_argument("--scale", type=int, default=1, help="multiply the action-plan items by N")
    args = parser.parse_args(argv)

    if args.command == "template":
        from .workbook.template import write_template

        write_template(args.out)
        print(f"เขียนแบบฟอร์มเปล่าแล้ว / wrote the blank workbook: {args.out}", file=sys.stderr)
        return OK
    if args.command == "sample":
        from .workbook.sample import write_sample

        write_sample(args.out, args.scale)
        print(f"เขียนข้อมูลตัวอย่างแล้ว / wrote sample data: {args.out}", file=sys.stderr)
        return OK
    try:
        workbook = resolve_workbook(args.workbook)
        if args.command == "check":
            portal, problems = check(workbook)
            report(problems, github=args.github)
            if portal is None:
                return INVALID
            print(
                f"ข้อมูลถูกต้อง: {len(portal.districts)} อำเภอ {len(portal.provinces)} จังหวัด"
                f" {len(portal.sessions)} หัวข้อ {len(portal.plan_items)} รายการแผน / workbook is valid",
                file=sys.stderr,
            )
            return OK
        built = build(workbook, args.docs, site_url=args.site_url)
        report(built.problems)
        print(f"สร้างหน้าเว็บแล้ว เปลี่ยน {built.changed} ไฟล์ / pages written, {built.changed} changed", file=sys.stderr)
        return OK
    except UnusableWorkbook as exc:
        print(f"{exc}", file=sys.stderr)
        return UNUSABLE
    except InvalidWorkbook as exc:
        report(exc.problems, github=getattr(args, "github", False))
        return INVALID
