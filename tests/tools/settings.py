"""Settings of the portal plugin for a test project, given as a maintainer would give them: in mkdocs.yml.

with_settings(project, workers=1) moves the project's mkdocs.yml to mkdocs.base.yml and writes a mkdocs.yml that
inherits it (MkDocs' INHERIT, which merges the `plugins:` mapping key by key) and sets only what is given; the
rest, the `!ENV` overrides among it, is the project's own. No source file is edited."""
from __future__ import annotations

import json
from pathlib import Path


def with_settings(project: Path, **settings: object) -> Path:
    base, config = project / "mkdocs.base.yml", project / "mkdocs.yml"
    if not base.exists():
        config.rename(base)
    lines = ["INHERIT: mkdocs.base.yml", "plugins:", "  portal:"]
    lines += [f"    {name}: {json.dumps(value)}" for name, value in settings.items()]  # JSON scalars are YAML
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return config
