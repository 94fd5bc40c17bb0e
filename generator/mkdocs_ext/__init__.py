"""The MkDocs layer: the portal plugin, pre-rendering, the navigation cache, the Thai search index and
the leak scan. Only this package imports mkdocs or material; MkDocs/Material internals live in mkdocs_internals.py."""
