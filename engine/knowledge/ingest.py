"""The ingestion pipeline: one target in, a complete, searchable source out (or a clear reason).

Per target (a file path or a link): ask the reader registry for its reader (the pipeline never
looks at suffixes itself) -> the reader identifies the source (a file's content hash: the same
file twice is one source; a link's canonical id) -> record it as `queued` in this process's
queue (every file of a folder is recorded before the first is indexed, so a queue survives a
quit) -> when its turn comes, claim the source row (state `indexing`, owned by this process)
-> open the document (PDF pages are read in a child process) -> chunk
each segment -> embed in batches while the reader reads ahead -> write chunks, vectors and
keyword rows with the source's `pages_done` in one transaction per batch -> hand the vectors
to the vector index -> mark the source `ready`. Search filters on `ready`, so a source appears
whole or not at all. A killed or cancelled run leaves a segment boundary behind; the next run
skips the segments already written (reading is cheap compared with embedding) and finishes
the rest.

Recordings and videos are the exception to "reading is cheap": their reader first records
them (Whisper, or the network), and that recording is kept in the database before any chunk is
written, so a resume reads it back instead of transcribing again. Their progress counts
seconds of audio (or bytes of a download) before it counts segments.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol

import numpy as np
import psutil

from engine.cancel import CancelToken
from engine.errors import (
    Cancelled,
    DiskFull,
    EngineError,
    NotEnoughSpace,
    PasswordRequired,
)
from engine.knowledge import keyword_index, structure
from engine.knowledge.documents import ChunkDraft, Document, ExtractionReport, Segment
from engine.knowledge.readers import (
    Reader,
    RecordingReader,
    Registry,
    default_registry,
    display_name,
)
from engine.knowledge.store import KnowledgeStore, NewChunk
from engine.knowledge.transcript_store import TranscriptStore
from engine.storage import space
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
# Room a page takes once indexed (chunks, vectors, keyword rows, FAISS): measured 15 KB a page
# on the 352-page book (3.96 MB of database and 1.2 MB of index); a quarter more (at least
# 256 KB) covers the WAL and the index file's temporary copy.
BYTES_PER_PAGE = 16 * 1024
MIN_SPACE_MARGIN = 256 * 1024


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


Chunker = Callable[..., Iterator[ChunkDraft]]
Publish = Callable[[np.ndarray], None]  # chunk ids whose stored vectors join the index


def _default_chunker() -> Chunker:
    from engine.knowledge import chunking

    return chunking.chunk_segments


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


_UNFINISHED = (SourceStatus.QUEUED, SourceStatus.INDEXING)


@dataclass(frozen=True)
class Outcome:
    """What became of one target, and the error that stopped it (None when none did)."""

    result: AddResult
    error: EngineError | None = None


@dataclass(frozen=True)
class _Stops:
    """What stops one source's indexing: its own cancel, and the stop of the whole run."""

    cancel: CancelToken | None
    stop: CancelToken | None


@dataclass
class _Run:
    """The state of one source's ingestion; "pages" count segments of every kind.

    `label` names the source in progress: its file name, or its canonical link.
    """

    source_id: int
    target: str
    pages_done: int
    label: str
    total: int | None = None
    started: float = field(default_factory=time.monotonic)
    pages_this_run: int = 0
    pending: list[ChunkDraft] = field(default_factory=list)
    last_page: int = 0
    title: str = ""


class Pipeline:
    """Ingests targets into the store, one at a time.

    Not thread-safe: run it from one thread (the model lane). Search may run meanwhile.
    """

    def __init__(
        self,
        store: KnowledgeStore,
        embedder: Callable[[], EmbedderLike],
        publish: Publish,
        *,
        readers: Registry | None = None,
        chunker: Chunker | None = None,
        chunk_tokens: int = CHUNK_TOKENS,
        embed_batch: int = EMBED_BATCH,
        on_change: ChangeListener | None = None,
    ) -> None:
        self._store = store
        self._transcripts = TranscriptStore(store.db)
        self._on_change = on_change or (lambda _changes: None)
        self._embedder = embedder
        self._publish = publish
        self._readers = readers or default_registry()
        self._chunker = chunker
        self.chunk_tokens = chunk_tokens
        self.embed_batch = embed_batch

    def expand(self, targets: Iterable[str | Path]) -> list[str]:
        """Targets to ingest: links and files as given, folders searched for known kinds."""
        return self._readers.expand(targets)

    def reader_for(self, target: str) -> Reader:
        """The reader of a target. Raises DocumentError when none takes it."""
        return self._readers.reader_for(target)

    def queue(self, target: str) -> AddResult:
        """Record one file or link as waiting to be indexed by this process; loads no model.

        The target is read once to identify it: the same file twice is one source, and one
        already indexed is reported as present. A source already waiting or being indexed is
        left as it is. Every failure becomes the result's one-line `error`.
        """
        try:
            reader = self._readers.reader_for(target)
            identity = reader.identify(target)
        except EngineError as exc:
            return AddResult(path=target, error=str(exc))
        existing = self._store.find_by_hash(identity.key)
        if existing is not None and existing.status is SourceStatus.READY:
            return AddResult(path=target, source_id=existing.id, notice=existing.notice,
                             already_present=True, title=existing.title,
                             group_id=existing.group_id)
        if existing is not None and existing.status in _UNFINISHED:
            return AddResult(path=target, source_id=existing.id, title=existing.title,
                             group_id=existing.group_id)
        if existing is None:
            source_id = self._store.create_source(
                identity.key, identity.path, identity.title, reader.kind.kind, url=identity.url,
                queued_for=worker_identity(),
            )
            return AddResult(path=target, source_id=source_id, title=identity.title)
        self._store.claim(existing.id, worker_identity(), identity.path, worker_alive,
                          SourceStatus.QUEUED)
        return AddResult(path=target, source_id=existing.id, title=existing.title,
                         group_id=existing.group_id)

    def attempt(
        self,
        target: str,
        *,
        password: str | None = None,
        progress: ProgressCallback | None = None,
        cancel: CancelToken | None = None,
        group_id: int | None = None,
    ) -> Outcome:
        """Index one source now (in the group `group_id`); the outcome keeps the error, if any.

        A `cancel` keeps it as cancelled (a later add continues it).
        """
        try:
            reader = self._readers.reader_for(target)
            identity = reader.identify(target)
        except EngineError as exc:
            return Outcome(AddResult(path=target, error=str(exc)), exc)
        existing = self._store.find_by_hash(identity.key)
        if existing is not None and existing.status is SourceStatus.READY:
            return Outcome(AddResult(
                path=target, source_id=existing.id, notice=existing.notice, already_present=True,
                title=existing.title, group_id=existing.group_id,
            ))
        if existing is None:
            source_id = self._store.create_source(
                identity.key, identity.path, identity.title, reader.kind.kind, url=identity.url,
                group_id=group_id,
            )
        else:
            source_id = existing.id
        if not self._store.claim(source_id, worker_identity(), identity.path, worker_alive):
            return Outcome(AddResult(
                path=target, source_id=source_id,
                error="Another Lanthorn window is indexing this file right now.",
            ))
        self._on_change(Changes(sources=True))
        return self._index(source_id, reader, target, password, progress, _Stops(cancel, None))

    def index(
        self,
        source_id: int,
        *,
        password: str | None = None,
        progress: ProgressCallback | None = None,
        cancel: CancelToken | None = None,
        stop: CancelToken | None = None,
    ) -> AddResult:
        """Index a queued source, or finish one an earlier run left half-indexed.

        The target is identified again: a file moved or changed since fails (add it again).
        `cancel` stops this source, which is then kept as cancelled; `stop` (the whole run, set
        when the app quits) puts it back in the queue, to continue at the next start.
        """
        source = self._store.get_source(source_id)
        target = source.path
        try:
            reader = self._readers.reader_for(target)
            unchanged = reader.identify(target).key == source.content_hash
        except EngineError:
            unchanged = False
        if not unchanged:
            reason = "The file was moved or changed while it was being indexed; add it again."
            self._store.finish(source_id, SourceStatus.FAILED, error=reason)
            return AddResult(path=target, source_id=source_id, error=reason)
        if not self._store.claim(source_id, worker_identity(), target, worker_alive):
            return AddResult(path=target, source_id=source_id,
                             error="Another Lanthorn window is indexing this file right now.")
        self._on_change(Changes(sources=True))
        stops = _Stops(cancel, stop)
        return self._index(source_id, reader, target, password, progress, stops).result

    def _index(
        self,
        source_id: int,
        reader: Reader,
        target: str,
        password: str | None,
        progress: ProgressCallback | None,
        stops: _Stops,
    ) -> Outcome:
        """Index (or finish indexing) a claimed source from the segments it has done."""
        source = self._store.get_source(source_id)
        run = _Run(source_id=source_id, target=target, pages_done=source.pages_done,
                   label=display_name(source.path))
        try:
            outcome = self._run(run, reader, password, progress, stops)
        finally:
            self._on_change(Changes(sources=True))
        stored = self._store.get_source(source_id)
        return replace(outcome, result=replace(outcome.result, title=stored.title,
                                               group_id=stored.group_id))

    def _run(
        self,
        run: _Run,
        reader: Reader,
        password: str | None,
        progress: ProgressCallback | None,
        stops: _Stops,
    ) -> Outcome:
        source_id, target = run.source_id, run.target
        try:
            report = self._read_all(run, reader, password, progress, stops.cancel)
        except Cancelled as exc:
            return Outcome(self._stopped(run, stops), exc)
        except DiskFull as exc:
            return Outcome(self._out_of_space(run, exc), exc)
        except EngineError as exc:
            log.info("Indexing %s failed: %s", target, exc)
            self._store.finish(source_id, SourceStatus.FAILED, error=str(exc))
            return Outcome(AddResult(path=target, source_id=source_id, error=str(exc),
                                     needs_password=isinstance(exc, PasswordRequired)), exc)
        except Exception as exc:  # a bug must cost one file, not the whole batch
            log.exception("Indexing %s failed", target)
            self._store.finish(source_id, SourceStatus.FAILED, error=f"internal error: {exc}")
            return Outcome(AddResult(
                path=target, source_id=source_id,
                error=f"The file could not be indexed (internal error: {exc}).",
            ))
        return Outcome(self._complete(run, report))

    def _stopped(self, run: _Run, stops: _Stops) -> AddResult:
        """A cancel: this source alone is kept as cancelled; a stop of the run re-queues it."""
        if stops.stop is not None and stops.stop.cancelled:
            log.info("Indexing %s stopped; it continues at the next start", run.target)
            self._store.finish(run.source_id, SourceStatus.QUEUED)
            return AddResult(path=run.target, source_id=run.source_id, cancelled=True,
                             error="Indexing stopped; it continues the next time Lanthorn starts.")
        log.info("Indexing %s was cancelled after %d pages", run.target, run.pages_done)
        self._store.finish(run.source_id, SourceStatus.CANCELLED, error="Cancelled.")
        return AddResult(path=run.target, source_id=run.source_id, cancelled=True,
                         error="Indexing was cancelled; add the file again to continue.")

    def _out_of_space(self, run: _Run, exc: DiskFull) -> AddResult:
        """The disk filled up: keep what was written, so adding it again later resumes.

        The source is marked failed when even that small write still fits; it keeps its
        `pages_done` either way, and the next add continues from there.
        """
        folder = self._store.db.path.parent
        left = max(0, (run.total or run.pages_done) - run.pages_done)
        written_when_full = not isinstance(exc, NotEnoughSpace) and run.total is not None
        reason = space.full(folder, left * BYTES_PER_PAGE) if written_when_full else exc
        try:
            self._store.finish(run.source_id, SourceStatus.FAILED, error=str(reason))
        except DiskFull:
            log.info("No room to record that %s stopped on a full disk", run.target)
        return AddResult(path=run.target, source_id=run.source_id, error=str(reason))

    def _read_all(
        self,
        run: _Run,
        reader: Reader,
        password: str | None,
        progress: ProgressCallback | None,
        cancel: CancelToken | None,
    ) -> ExtractionReport:
        embedder = self._embedder()
        with self._open(run, reader, password, progress, cancel) as document:
            run.total = document.info.page_count
            needed = max(0, run.total - run.pages_done) * BYTES_PER_PAGE
            space.require(self._store.db.path.parent,
                          needed + max(MIN_SPACE_MARGIN, needed // 4),
                          f"Indexing {display_name(run.target)}")
            self._store.set_document(run.source_id, document.info)
            run.title = document.info.title
            for segment in document.segments():
                if cancel is not None:
                    cancel.raise_if_cancelled()
                if segment.number > run.pages_done:
                    self._take(run, segment, embedder)
                    _report(run, progress)
            report = document.report()
        self._flush(run, embedder, report.page_count)
        return report

    def _open(
        self,
        run: _Run,
        reader: Reader,
        password: str | None,
        progress: ProgressCallback | None,
        cancel: CancelToken | None,
    ) -> Document:
        """Open the target; a recording is made once and kept (a resume reads it back)."""
        if not isinstance(reader, RecordingReader):
            return reader.open(run.target, password=password, cancel=cancel)
        recording = self._transcripts.get(run.source_id)
        if recording is None:
            recording = reader.record(run.target, progress=_labelled(progress, run.label),
                                      cancel=cancel)
            self._transcripts.put(run.source_id, recording)
        return recording.document(cancel)

    def _take(self, run: _Run, segment: Segment, embedder: EmbedderLike) -> None:
        chunker = self._chunker or _default_chunker()
        if segment.text.strip():
            budget = min(self.chunk_tokens, embedder.max_tokens)
            chunks = list(chunker([segment], embedder.count_tokens, max_tokens=budget))
            spans = {(c.start, c.end) for c in chunks}
            chunks.extend(mark for mark in structure.landmarks(
                segment, embedder.count_tokens, budget) if (mark.start, mark.end) not in spans)
            found = structure.captions(segment.text)
            run.pending.extend(replace(c, context=structure.table_context(c, found))
                               for c in chunks)
        run.last_page = segment.number
        run.pages_this_run += 1
        if len(run.pending) >= self.embed_batch:
            self._flush(run, embedder, segment.number)

    def _flush(self, run: _Run, embedder: EmbedderLike, pages_done: int) -> None:
        """Embed and write the pending chunks of whole segments, moving `pages_done` with them."""
        drafts, run.pending = run.pending, []
        if not drafts and pages_done <= run.pages_done:
            return
        vectors = (embedder.embed([_embedded(d) for d in drafts]) if drafts
                   else np.zeros((0, 0)))
        chunks = [
            NewChunk(page=d.page, start=d.start, end=d.end, text=d.text,
                     token_count=d.token_count, terms=keyword_index.segment(_indexed(run.title, d)),
                     vector=vectors[i], start_s=d.start_s, end_s=d.end_s)
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
            return AddResult(path=run.target, source_id=run.source_id, error=reason)
        embedder = self._embedder()
        self._publish(self._store.chunk_ids(run.source_id))
        self._store.finish(
            run.source_id, SourceStatus.READY, notice=notice, pages=pages,
            model_id=embedder.model_id,
        )
        return AddResult(path=run.target, source_id=run.source_id, notice=notice)


def _indexed(title: str, draft: ChunkDraft) -> str:
    """What the keyword index reads: the document's title, a table's caption, label words, text.

    A question often names the document ("the Black Death"); measured with bench/retrieval.py
    on wiki_en (with the landmarks of engine/knowledge/structure.py): ours recall@5 / MRR@10
    0.962 / 0.887 -> 0.965 / 0.889. Reading the title into the embedding as well scored the
    same (0.965 / 0.891) but would take room from the chunk's token budget, so it is not done.
    Quotes and citations stay the page's text.
    """
    return " ".join(
        w for w in (title, draft.context, structure.label_words(draft.label), draft.text) if w
    )


def _embedded(draft: ChunkDraft) -> str:
    """What the embedding reads: a landmark's label words (a few tokens) and the text."""
    return " ".join(w for w in (structure.label_words(draft.label), draft.text) if w)


def _report(run: _Run, progress: ProgressCallback | None) -> None:
    if progress is None:
        return
    done = max(run.last_page, run.pages_done)
    eta = None
    if run.total and run.pages_this_run:
        rate = run.pages_this_run / max(1e-6, time.monotonic() - run.started)
        eta = max(0.0, (run.total - done) / rate)
    progress(Progress(done=done, total=run.total, stage="indexing", item=run.label, eta_s=eta))


def _labelled(progress: ProgressCallback | None, item: str) -> ProgressCallback | None:
    """`progress` with every report naming `item` (what the source is shown as)."""
    if progress is None:
        return None
    return lambda report: progress(replace(report, item=item))


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
