"""Generator of the Savings-Group network portal: master workbook → validated model → Markdown pages.

Layers, lowest first; a module imports only its own layer and those below (tests/test_layers.py):
programme, attachments, thai, parallel (base) < workbook/ < domain/ < exports/ < pages/ < pipeline, write
< cli and mkdocs_ext/ (the two ways in; only mkdocs_ext/ imports MkDocs or Material)."""

from .pipeline import build, check

__all__ = ["build", "check"]
