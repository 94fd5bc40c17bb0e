"""Compare two built sites file by file: `python -m tests.tools.compare_sites BEFORE AFTER`.

Exit 0 when both hold the same files with the same bytes; otherwise list the files only in one, and the files
that differ (with the first differing byte's offset), and exit 1. Used to check that a restructuring leaves the
default site byte for byte as it was (build `make site`, copy site/ aside, change the code, build again)."""

from __future__ import annotations

import sys
from pathlib import Path


def files(root: Path) -> dict[str, Path]:
    return {p.relative_to(root).as_posix(): p for p in sorted(root.rglob("*")) if p.is_file()}


def differences(before: Path, after: Path) -> list[str]:
    """One line per difference; empty when the two trees are byte for byte the same."""
    old, new = files(before), files(after)
    lines = [f"only in {before}: {name}" for name in old.keys() - new.keys()]
    lines += [f"only in {after}: {name}" for name in new.keys() - old.keys()]
    for name in sorted(old.keys() & new.keys()):
        a, b = old[name].read_bytes(), new[name].read_bytes()
        if a != b:
            at = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
            lines.append(f"differs: {name} ({len(a):,} and {len(b):,} bytes, first difference at byte {at:,})")
    return sorted(lines)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.splitlines()[0], file=sys.stderr)
        return 2
    before, after = (Path(a) for a in argv)
    found = differences(before, after)
    for line in found:
        print(line)
    print(
        f"{len(files(after)):,} files compared: " + ("identical" if not found else f"{len(found)} difference(s)"),
        file=sys.stderr,
    )
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
