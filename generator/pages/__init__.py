"""The generated Markdown pages: Jinja templates, charts, the map and QR codes."""
