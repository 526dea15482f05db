"""The sidebar of conversations: search, rename, delete, export."""
