"""The model library, the catalog of recommended models and verified downloads."""
