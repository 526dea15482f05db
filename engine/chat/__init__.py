"""Conversations: storing them, exporting them, and running chat turns over them."""
