"""The ingestion pipeline: one file in, a complete, searchable source out (or a clear reason).

Per file: hash the bytes (the same file twice is one source) -> claim the source row (state
`indexing`, owned by this process) -> read pages in the extraction child process -> chunk each
page -> embed in batches while the child reads ahead -> write chunks, vectors and keyword rows
with the source's `pages_done` in one transaction per batch -> hand the vectors to the vector
index -> mark the source `ready`. Search filters on `ready`, so a source appears whole or not
at all. A killed or cancelled run leaves a page boundary behind; the next run skips the pages
already written (the extraction is cheap compared with embedding) and finishes the rest.
"""

from __future__ import annotations

import hashlib
import logging
import os
import time
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import numpy as np
import psutil

from engine.cancel import CancelToken
from engine.errors import Cancelled, EngineError, PasswordRequired
from engine.knowledge import keyword_index
from engine.knowledge.documents import ChunkDraft, DocumentInfo, ExtractionReport, PageText
from engine.knowledge.store import KnowledgeStore, NewChunk
from engine.types import (
    AddResult,
    ChangeListener,
    Changes,
    Progress,
    ProgressCallback,
    SourceStatus,
)

log = logging.getLogger(__name__)

# 256 ranked best for both retrievers on the shared question sets (128 and 192 were worse; see
# bench/retrieval.py and hybrid.py). It is also all-MiniLM-L6-v2's own limit.
CHUNK_TOKENS = 256
EMBED_BATCH = 64
SUFFIXES = {".pdf": "pdf", ".txt": "text", ".text": "text", ".md": "text", ".markdown": "text"}


class EmbedderLike(Protocol):
    """What the pipeline and search need from an embedding model."""

    model_id: str
    dimension: int
    max_tokens: int
    languages: frozenset[str]

    def count_tokens(self, text: str) -> int:
        """Word pieces the model sees for `text`."""
        ...

    def embed(self, texts: list[str], *, batch_size: int = 32) -> np.ndarray:
        """L2-normalized float32 vectors, one row per text."""
        ...

    def embed_query(self, text: str) -> np.ndarray:
        """One L2-normalized query vector."""
        ...


Reader = Callable[..., Generator[DocumentInfo | PageText, None, ExtractionReport]]
Chunker = Callable[..., Iterator[ChunkDraft]]
Publish = Callable[[np.ndarray], None]  # chunk ids whose stored vectors join the index


def _default_reader() -> Reader:
    from engine.knowledge import extraction

    return extraction.iter_pages


def _default_chunker() -> Chunker:
    from engine.knowledge import chunking

    return chunking.chunk_pages


def worker_identity() -> tuple[int, float]:
    """Identify this process as (pid, start time): a pid alone can be reused after a crash."""
    return os.getpid(), round(psutil.Process().create_time(), 2)


def worker_alive(pid: int | None, started: float) -> bool:
    """Whether the process that claimed a source is still running."""
    if pid is None:
        return False
    try:
        return bool(abs(psutil.Process(pid).create_time() - started) < 1.0)
    except (psutil.NoSuchProcess, psutil.AccessDenied, ValueError):
        return False


def file_hash(path: Path) -> str:
    """SHA-256 of the file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while block := stream.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


@dataclass
class _Run:
    """The state of one file's ingestion."""

    source_id: int
    path: Path
    pages_done: int
    total: int | None = None
    started: float = field(default_factory=time.monotonic)
    pages_this_run: int = 0
    pending: list[ChunkDraft] = field(default_factory=list)
    last_page: int = 0


class Pipeline:
    """Ingests files into the store, one at a time.

    Not thread-safe: run it from one thread (the model lane). Search may run meanwhile.
    """

    def __init__(
        self,
        store: KnowledgeStore,
        embedder: Callable[[], EmbedderLike],
        publish: Publish,
        *,
        reader: Reader | None = None,
        chunker: Chunker | None = None,
        chunk_tokens: int = CHUNK_TOKENS,
        embed_batch: int = EMBED_BATCH,
        on_change: ChangeListener | None = None,
    ) -> None:
        self._store = store
        self._on_change = on_change or (lambda _changes: None)
        self._embedder = embedder
        self._publish = publish
        self._reader = reader
        self._chunker = chunker
        self.chunk_tokens = chunk_tokens
        self.embed_batch = embed_batch

    def ingest(
        self,
        path: Path,
        *,
        password: str | None = None,
        progress: ProgressCallback | None = None,
        cancel: CancelToken | None = None,
    ) -> AddResult:
        """Index one file; every failure becomes the result's one-line `error`."""
        kind = SUFFIXES.get(path.suffix.lower())
        if kind is None:
            return _failed(path, "Not a PDF, text or Markdown file.")
        try:
            digest = file_hash(path)
        except OSError as exc:
            return _failed(path, f"The file cannot be read ({exc.strerror or exc}).")
        existing = self._store.find_by_hash(digest)
        if existing is not None and existing.status is SourceStatus.READY:
            return AddResult(str(path), existing.id, notice=existing.notice, already_present=True)
        if existing is None:
            source_id = self._store.create_source(digest, str(path), path.stem, kind)
        else:
            source_id = existing.id
        if not self._store.claim(source_id, worker_identity(), str(path), worker_alive):
            return _failed(path, "Another Lanthorn window is indexing this file right now.")
        self._on_change(Changes(sources=True))
        return self.run(source_id, path, password=password, progress=progress, cancel=cancel)

    def run(
        self,
        source_id: int,
        path: Path,
        *,
        password: str | None = None,
        progress: ProgressCallback | None = None,
        cancel: CancelToken | None = None,
    ) -> AddResult:
        """Index (or finish indexing) a claimed source from the pages it has done."""
        run = _Run(source_id, path, self._store.get_source(source_id).pages_done)
        try:
            try:
                report = self._read_all(run, password, progress, cancel)
            except Cancelled:
                self._store.finish(source_id, SourceStatus.CANCELLED, error="Cancelled.")
                return AddResult(str(path), source_id, cancelled=True,
                                 error="Indexing was cancelled; add the file again to continue.")
            except EngineError as exc:
                self._store.finish(source_id, SourceStatus.FAILED, error=str(exc))
                return AddResult(str(path), source_id, error=str(exc),
                                 needs_password=isinstance(exc, PasswordRequired))
            except Exception as exc:  # a bug must cost one file, not the whole batch
                log.exception("Indexing %s failed", path)
                self._store.finish(source_id, SourceStatus.FAILED, error=f"internal error: {exc}")
                return AddResult(str(path), source_id,
                                 error=f"The file could not be indexed (internal error: {exc}).")
            return self._complete(run, report)
        finally:
            self._on_change(Changes(sources=True))

    def _read_all(
        self,
        run: _Run,
        password: str | None,
        progress: ProgressCallback | None,
        cancel: CancelToken | None,
    ) -> ExtractionReport:
        embedder = self._embedder()
        reader = self._reader or _default_reader()
        pages = reader(run.path, password=password, cancel=cancel)
        try:
            report = self._consume(run, pages, embedder, progress, cancel)
        finally:
            pages.close()  # stops the reader process when we stop early
        self._flush(run, embedder, report.page_count)
        return report

    def _consume(
        self,
        run: _Run,
        pages: Generator[DocumentInfo | PageText, None, ExtractionReport],
        embedder: EmbedderLike,
        progress: ProgressCallback | None,
        cancel: CancelToken | None,
    ) -> ExtractionReport:
        while True:
            try:
                item = next(pages)
            except StopIteration as stop:
                report: ExtractionReport = stop.value
                return report
            if cancel is not None:
                cancel.raise_if_cancelled()
            if isinstance(item, DocumentInfo):
                run.total = item.page_count
                self._store.set_document(run.source_id, item.title or run.path.stem, run.total)
            elif item.number > run.pages_done:
                self._take_page(run, item, embedder)
                _report(run, progress)

    def _take_page(self, run: _Run, page: PageText, embedder: EmbedderLike) -> None:
        chunker = self._chunker or _default_chunker()
        if page.text.strip():
            budget = min(self.chunk_tokens, embedder.max_tokens)
            run.pending.extend(chunker([page], embedder.count_tokens, max_tokens=budget))
        run.last_page = page.number
        run.pages_this_run += 1
        if len(run.pending) >= self.embed_batch:
            self._flush(run, embedder, page.number)

    def _flush(self, run: _Run, embedder: EmbedderLike, pages_done: int) -> None:
        """Embed and write the pending chunks of whole pages, moving `pages_done` with them."""
        drafts, run.pending = run.pending, []
        if not drafts and pages_done <= run.pages_done:
            return
        vectors = embedder.embed([d.text for d in drafts]) if drafts else np.zeros((0, 0))
        chunks = [
            NewChunk(d.page, d.start, d.end, d.text, d.token_count,
                     keyword_index.segment(d.text), vectors[i])
            for i, d in enumerate(drafts)
        ]
        run.pages_done = max(run.pages_done, pages_done)
        self._store.add_chunks(run.source_id, chunks, embedder.model_id, run.pages_done)

    def _complete(self, run: _Run, report: ExtractionReport) -> AddResult:
        source = self._store.get_source(run.source_id)
        pages = (report.scanned_pages, report.failed_pages)
        notice = report.notice
        if source.chunks == 0:
            reason = _nothing_searchable(report)
            self._store.finish(run.source_id, SourceStatus.FAILED, error=reason, pages=pages)
            return AddResult(str(run.path), run.source_id, error=reason)
        embedder = self._embedder()
        self._publish(self._store.chunk_ids(run.source_id))
        self._store.finish(
            run.source_id, SourceStatus.READY, notice=notice, pages=pages,
            model_id=embedder.model_id,
        )
        return AddResult(str(run.path), run.source_id, notice=notice)


def _report(run: _Run, progress: ProgressCallback | None) -> None:
    if progress is None:
        return
    done = max(run.last_page, run.pages_done)
    eta = None
    if run.total and run.pages_this_run:
        rate = run.pages_this_run / max(1e-6, time.monotonic() - run.started)
        eta = max(0.0, (run.total - done) / rate)
    progress(Progress(done, run.total, stage="indexing", item=run.path.name, eta_s=eta))


def _nothing_searchable(report: ExtractionReport) -> str:
    count = report.page_count
    if count and len(report.scanned_pages) == count:
        what = "its only page is a scanned image" if count == 1 else (
            f"all {count} pages are scanned images"
        )
        return f"No text layer: {what}, so nothing in it is searchable (it needs OCR)."
    if not count:
        return "The document has no pages."
    return f"No searchable text. {report.summary}"


def _failed(path: Path, reason: str) -> AddResult:
    return AddResult(str(path), None, error=reason)


def expand(paths: Iterable[Path]) -> list[Path]:
    """Files to add: given files as they are, folders searched recursively for known types."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
            )
        else:
            found.append(path)
    return found

