"""Lanthorn's headless engine: models, knowledge base, conversations. Never imports Qt."""

__version__ = "0.1.0"
