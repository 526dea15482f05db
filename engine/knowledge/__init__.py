"""The knowledge base: documents in, cleaned pages, chunks, embeddings, and search over them."""
