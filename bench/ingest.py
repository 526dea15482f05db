"""Ingestion speed: our pipeline vs. the LangChain reference, same PDF, same model, same run.

Book: `../shared/data/pdf/big/freeculture.pdf` (352 pages). Goal: our pages/s >= 2.5x theirs.

- Ours (`ingest_ours`): the product's own `KnowledgeBase.add`: pages are extracted by pypdf in
  the reader process while this process chunks and embeds the pages already received (int8
  ONNX MiniLM) and writes chunks, embeddings, FTS5 rows and the FAISS index.
- Reference (`ingest_reference`): PyPDFLoader + RecursiveCharacterTextSplitter(1000, 200) +
  HuggingFaceEmbeddings (sentence-transformers on torch, the same model folder) + FAISS.

Model loading is timed apart from ingestion for both (it happens once per app start), and each
model embeds one warm-up sentence first. The reference needs the bench-only packages
langchain-community and langchain-text-splitters (langchain-huggingface is used when present;
it pins huggingface-hub < 2, so langchain-community's own HuggingFaceEmbeddings is the fallback).

Run: `python -m bench.ingest` (about two minutes on 2 cores; the first run also exports the
int8 model once).
"""

from __future__ import annotations

import logging
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

from engine.bundled import starter_embedding_model
from engine.knowledge.embedder import Embedder, load_embedder
from engine.knowledge.service import KnowledgeBase
from engine.storage.db import Database

BOOK = Path(__file__).resolve().parents[2] / "shared" / "data" / "pdf" / "big" / "freeculture.pdf"
GOAL = 2.5


def ingest_ours(path: Path, embedder: Embedder) -> tuple[int, int]:
    """Add one PDF through the real KnowledgeBase (SQLite, FTS5, FAISS) in a scratch folder."""
    with tempfile.TemporaryDirectory(prefix="lanthorn-bench-") as home:
        db = Database(Path(home) / "lanthorn.db")
        with KnowledgeBase(
            db, embedder_loader=lambda _folder: embedder, index_folder=Path(home), owns_db=True
        ) as kb:
            report = kb.add([path])
            assert report.ok, report.failed
            source = kb.get_source(report.ok[0].source_id or 0)
            return source.pages, source.chunks


def _reference_embeddings(folder: Path) -> Any:
    try:
        from langchain_huggingface import HuggingFaceEmbeddings
    except ImportError:
        from langchain_community.embeddings import HuggingFaceEmbeddings
    return HuggingFaceEmbeddings(model_name=str(folder))


def ingest_reference(path: Path, embeddings: Any) -> tuple[int, int]:
    """The LangChain pipeline; return (pages, chunks)."""
    from langchain_community.document_loaders import PyPDFLoader
    from langchain_community.vectorstores import FAISS
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    documents = PyPDFLoader(str(path)).load()
    splitter = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200)
    chunks = splitter.split_documents(documents)
    store = FAISS.from_documents(chunks, embeddings)
    assert store.index.ntotal == len(chunks)
    return len(documents), len(chunks)


def _timed(run: Callable[[], tuple[int, int]]) -> tuple[int, int, float]:
    started = time.perf_counter()
    pages, chunks = run()
    return pages, chunks, time.perf_counter() - started


def _missing_reference_packages() -> list[str]:
    import importlib.util

    wanted = {"langchain_community": "langchain-community"}
    wanted["langchain_text_splitters"] = "langchain-text-splitters"
    return [name for module, name in wanted.items() if importlib.util.find_spec(module) is None]


def _report(name: str, pages: int, chunks: int, seconds: float, load_s: float) -> float:
    rate = pages / seconds
    print(
        f"{name:<10} {pages:>5} pages {chunks:>6} chunks {seconds:>7.1f} s "
        f"{rate:>6.1f} pages/s {chunks / seconds:>6.1f} chunks/s   (model load {load_s:.1f} s)",
        flush=True,
    )
    return rate


def main() -> None:
    print(f"Ingestion of {BOOK.name}: ours vs. the LangChain reference (goal >= {GOAL}x)")
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # PyPDFLoader's font warnings: noise.
    if not BOOK.is_file():
        print(f"skipped: {BOOK} not found")
        return
    started = time.perf_counter()
    embedder = load_embedder()
    embedder.embed(["warm-up"])
    load_s = time.perf_counter() - started
    ours = _report("ours", *_timed(lambda: ingest_ours(BOOK, embedder)), load_s)
    print(f"           embedding backend {embedder.backend}")
    missing = _missing_reference_packages()
    if missing:
        print(f"skipped reference: install {' '.join(missing)} (bench-only packages)")
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        started = time.perf_counter()
        embeddings = _reference_embeddings(starter_embedding_model())
        embeddings.embed_query("warm-up")
        load_s = time.perf_counter() - started
        theirs = _report("langchain", *_timed(lambda: ingest_reference(BOOK, embeddings)), load_s)
    ratio = ours / theirs
    verdict = "meets" if ratio >= GOAL else "misses"
    print(f"ratio      {ratio:.2f}x pages/s ({verdict} the goal of {GOAL}x)")


if __name__ == "__main__":
    main()
