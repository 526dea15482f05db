"""Viewers that open a citation where it points (a PDF page with the quote highlighted)."""
