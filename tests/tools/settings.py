"""Settings of the portal plugin for a test project, given as a maintainer would give them: in mkdocs.yml.

with_settings(project, workers=1) moves the project's mkdocs.yml to mkdocs.base.yml and writes a mkdocs.yml that
inherits it (MkDocs' INHERIT) with its `plugins:` list again, the portal's settings changed as given; everything
else, the `!ENV` overrides among it, is the project's own (the tags are kept, not resolved here). No source file
is edited. `extra` adds other top-level keys (e.g. hooks)."""

from __future__ import annotations

from pathlib import Path

import yaml


class _Env:
    """An `!ENV [NAME, default]` tag, kept as written, for MkDocs to resolve when it loads the file."""

    def __init__(self, node: yaml.Node):
        self.node = node


class _Loader(yaml.SafeLoader):
    pass


class _Dumper(yaml.SafeDumper):
    pass


_Loader.add_constructor("!ENV", lambda loader, node: _Env(node))
_Dumper.add_representer(_Env, lambda dumper, env: env.node)


def with_settings(project: Path, extra: dict | None = None, **settings: object) -> Path:
    base, config = project / "mkdocs.base.yml", project / "mkdocs.yml"
    if not base.exists():
        config.rename(base)
    plugins = yaml.load(base.read_text(encoding="utf-8"), Loader=_Loader)["plugins"]
    (portal,) = [p for p in plugins if isinstance(p, dict) and "portal" in p]
    portal["portal"] = {**(portal["portal"] or {}), **settings}
    text = yaml.dump(
        {"INHERIT": base.name, "plugins": plugins, **(extra or {})}, Dumper=_Dumper, allow_unicode=True, sort_keys=False
    )
    config.write_text(text, encoding="utf-8")
    return config
