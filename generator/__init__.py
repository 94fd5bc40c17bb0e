"""Generator of the Savings-Group network portal: master workbook → validated model → Markdown pages."""

from .pipeline import build, check

__all__ = ["build", "check"]
