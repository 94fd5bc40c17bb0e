"""The generator's layers (issue #17), checked on every module's imports: a module imports only its own layer and
those below it, and only the MkDocs layer imports mkdocs or material. The layers, lowest first:

    base      programme, attachments, thai, parallel: facts and tools every layer may use; they import nothing of ours
    workbook  workbook/: the file, its schema, reading and checking it, the blank template, private values
    domain    domain/: the model built from the checked workbook, the timeline
    exports   exports/: the downloads
    pages     pages/: the generated Markdown, charts, map and QR codes
    pipeline  pipeline.py and write.py: workbook -> pages and downloads, staged into docs/
    top       the two ways in: cli.py (the `generator` command) and mkdocs_ext/ (the MkDocs plugin and its parts)
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT

GENERATOR = ROOT / "generator"
BASE = {"programme", "attachments", "thai", "parallel"}
LAYERS = ["base", "workbook", "domain", "exports", "pages", "pipeline", "top"]
PACKAGES = {"workbook", "domain", "exports", "pages"}
TOP = {"cli", "__main__", "__init__", "mkdocs_ext"}


def layer(module: str) -> str:
    """The layer of a module under generator, dotted: 'workbook.read', 'cli', 'mkdocs_ext.plugin', ..."""
    head = module.split(".")[0]
    if head in BASE:
        return "base"
    if head in PACKAGES:
        return head
    if head in ("pipeline", "write"):
        return "pipeline"
    if head in TOP:
        return "top"
    raise AssertionError(f"generator/{module.replace('.', '/')} is in no layer: place it in tests/test_layers.py")


def dotted(path: Path) -> str:
    return ".".join(path.relative_to(GENERATOR).with_suffix("").parts)


def imported(module: str, source: str) -> list[str]:
    """What a module's source imports, as absolute names: 'generator.workbook.read', 'mkdocs.plugins', ..."""
    package = module.split(".")[:-1]
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level:
            base = ".".join(["generator", *package[: len(package) - node.level + 1]])
            found += [f"{base}.{node.module}"] if node.module else [f"{base}.{a.name}" for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            found.append(node.module or "")
    return found


def violations(module: str, source: str) -> list[str]:
    own, found = layer(module), []
    for name in imported(module, source):
        if name.startswith("generator."):
            target = name.removeprefix("generator.")
            if LAYERS.index(layer(target)) > LAYERS.index(own):
                found.append(f"{module} ({own}) imports {target} ({layer(target)})")
        elif name.split(".")[0] in ("mkdocs", "material") and not module.startswith("mkdocs_ext."):
            found.append(f"{module} imports {name}: only mkdocs_ext/ may")
    return found


MODULES = sorted(p for p in GENERATOR.rglob("*.py") if "data" not in p.relative_to(GENERATOR).parts)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(GENERATOR).as_posix())
def test_a_module_imports_only_its_own_layer_and_those_below(path):
    assert violations(dotted(path), path.read_text(encoding="utf-8")) == []


def test_base_modules_import_nothing_of_the_generator():
    for module in sorted(BASE):
        names = imported(module, (GENERATOR / f"{module}.py").read_text(encoding="utf-8"))
        assert not [n for n in names if n.startswith("generator")], module


def test_an_import_against_the_flow_is_found():
    assert violations("workbook.validate", "from ..pages import render\n") == [
        "workbook.validate (workbook) imports pages (pages)"
    ]
    assert violations("domain.model", "from ..mkdocs_ext.plugin import PortalPlugin\n") == [
        "domain.model (domain) imports mkdocs_ext.plugin (top)"
    ]
    assert violations("pages.render", "import mkdocs.plugins\n") == [
        "pages.render imports mkdocs.plugins: only mkdocs_ext/ may"
    ]
    assert violations("mkdocs_ext.plugin", "from ..pipeline import build\nimport material\n") == []
