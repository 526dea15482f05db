"""`engine.knowledge`: sources (documents, subtitles, ...) and search over them."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from engine.api.changes import ChangeHub
from engine.api.shown import in_language
from engine.cancel import CancelToken
from engine.chat.model_slot import ModelSlot
from engine.config import Settings
from engine.errors import Cancelled
from engine.storage.db import Database
from engine.texts import localize
from engine.types import (
    AddReport,
    ChangeListener,
    Changes,
    EmbeddingStatus,
    Hit,
    ProgressCallback,
    Source,
    SourceGroup,
    SourceKind,
    Transcript,
)

if TYPE_CHECKING:  # numpy and FAISS load when the knowledge base first opens, not before
    from engine.api.speech import Speech
    from engine.knowledge import readers
    from engine.knowledge.service import KnowledgeBase

KnowledgeFactory = Callable[[Database, Path | None, ChangeListener], "KnowledgeBase"]


def app_readers(settings: Callable[[], Settings], speech: Speech) -> readers.Registry:
    """The app's readers, recordings and videos transcribed by `speech`.

    Videos are read with the settings in force at each video: captions in the UI language,
    and their sound when the setting allows it.
    """
    from engine.knowledge import readers  # PDF, media and web readers: ~0.1 s to import

    def transcribe(
        path: Path, *, progress: ProgressCallback | None = None, cancel: CancelToken | None = None
    ) -> Transcript:
        return speech.transcribe_file(path, progress=progress, cancel=cancel)

    def video_options() -> readers.VideoOptions:
        current = settings()
        return readers.VideoOptions(
            ui_language=current.ui.resolved_language(),
            transcribe_audio=current.knowledge.transcribe_video_audio,
        )

    return readers.registry(transcribe=transcribe, video_options=video_options)


def open_knowledge_base(
    db: Database,
    embedding_model: Path | None,
    on_change: ChangeListener,
    *,
    registry: readers.Registry | Callable[[], readers.Registry] | None = None,
) -> KnowledgeBase:
    """The real knowledge base of the data folder (tests pass other factories to `Engine`).

    `registry` may be a function making it, called now: the readers load with the knowledge
    base, not with the Engine (start-up).
    """
    from engine.knowledge.service import KnowledgeBase

    if callable(registry):
        registry = registry()

    return KnowledgeBase(db, embedding_model=embedding_model, on_change=on_change,
                         readers=registry)


class Knowledge:
    """Add, list, remove and search sources and playlists; switch the embedding model.

    Reads (`list_sources`, `get_source`, `list_groups`, `kinds`) are cheap and load no model.
    `search` loads the embedding model on first use (seconds). Long jobs (`add_sources`,
    `resume_indexing`, `switch_embedding_model`) take `progress` and `cancel`, are resumable
    after a cancel or a crash, and belong on one worker (the GUI's index lane). Everything is
    thread-safe.
    """

    def __init__(
        self,
        db: Database,
        settings: Callable[[], Settings],
        save_settings: Callable[[Callable[[Settings], Settings]], None],
        models: ModelSlot,
        hub: ChangeHub,
        factory: KnowledgeFactory = open_knowledge_base,
    ) -> None:
        self._db = db
        self._factory = factory
        self._settings = settings
        self._save_settings = save_settings
        self._models = models
        self._hub = hub
        self._kb: KnowledgeBase | None = None
        self._lock = threading.Lock()

    def kinds(self) -> tuple[SourceKind, ...]:
        """Every kind of source that can be added. Cheap and non-blocking."""
        from engine.knowledge import readers

        return readers.kinds()

    def add_sources(
        self,
        targets: Sequence[str | Path],
        *,
        password: str | None = None,
        progress: ProgressCallback | None = None,
        cancel: CancelToken | None = None,
    ) -> AddReport:
        """Index files, folders (recursively) and links; one result per file or video.

        Recordings and videos are transcribed (or their captions fetched) when their turn
        comes; a playlist link adds each of its videos, grouped, in its order. Blocking, long.
        Every file is queued first, then indexed in order; each becomes searchable when
        complete. `cancel_indexing` stops one file and the others go on; after `cancel` the
        rest stay queued (a playlist's remaining videos are cancelled), and after a killed run
        too: `resume_indexing` continues them. A loaded chat model runs on half its threads
        meanwhile. Failures are reported per file or video,
        never raised.
        """
        with self._models.sharing_cores():
            report = self.base().add(
                [str(t) for t in targets], password=password, progress=progress, cancel=cancel
            )
        return in_language(report, self._settings().ui.language)

    def queue_sources(
        self, targets: Sequence[str | Path], *, password: str | None = None
    ) -> AddReport:
        """Record files, folders (recursively) and links as waiting to be indexed; one each.

        Quick (each file is read once to identify it, a playlist link is listed over the
        network; no model loads) and never waits for indexing, so a view shows the whole queue
        at once; `resume_indexing` indexes it in order. A playlist gives one result per video,
        queued in its group. The queue is stored: what a quit leaves waiting continues at the
        next start. A `password` is kept in memory only. Failures are reported per file, never
        raised.
        """
        report = self.base().queue([str(t) for t in targets], password=password)
        self._hub.publish(Changes(sources=True))
        return in_language(report, self._settings().ui.language)

    def resume_indexing(
        self, progress: ProgressCallback | None = None, cancel: CancelToken | None = None
    ) -> AddReport:
        """Index the queue in order, and finish sources a crash left half-indexed.

        Blocking, long; sources queued meanwhile are indexed too. After `cancel` (a quit) the
        current and remaining sources stay queued and continue at the next call.
        """
        with self._models.sharing_cores():
            report = self.base().resume_pending(progress=progress, cancel=cancel)
        return in_language(report, self._settings().ui.language)

    def cancel_indexing(self, source_id: int) -> Changes:
        """Stop indexing one source, or take it out of the queue; the others go on.

        It is kept as cancelled with the pages already indexed (adding it again continues).
        Returns at once. Raises NotFoundError.
        """
        return self._hub.publish(self.base().cancel_indexing(source_id))

    def list_sources(self) -> list[Source]:
        """Every source with its status and counts, oldest first. Cheap; loads no model.

        Notices and errors are in the interface language (`engine.texts`).
        """
        return [self._shown(s) for s in self.base().list_sources()]

    def get_source(self, source_id: int) -> Source:
        """One source. Raises NotFoundError."""
        return self._shown(self.base().get_source(source_id))

    def remove_source(self, source_id: int) -> Changes:
        """Remove a source with its chunks, vectors and keyword rows. Raises NotFoundError."""
        return self._hub.publish(self.base().remove(source_id))

    def list_groups(self) -> list[SourceGroup]:
        """Every group of sources (a playlist and its videos), oldest first. Cheap."""
        return self.base().list_groups()

    def get_group(self, group_id: int) -> tuple[SourceGroup, list[Source]]:
        """A group and its sources, in the order they were added. Raises NotFoundError."""
        return self.base().get_group(group_id)

    def remove_group(self, group_id: int) -> Changes:
        """Remove a group (a playlist) with all its sources. Raises NotFoundError."""
        return self._hub.publish(self.base().remove_group(group_id))

    def search(self, query: str, k: int | None = None) -> list[Hit]:
        """Hybrid search over ready sources; `k` defaults to the retrieval setting.

        Raises UserInputError (k < 1), ModelError (the embedding model cannot be loaded).
        """
        return self.base().search(query, k or self._settings().knowledge.top_k)

    def embedding_status(self) -> EmbeddingStatus:
        """The embedding model serving search, and a switch still under way. Cheap."""
        return self.base().embedding_status()

    def switch_embedding_model(
        self,
        folder: str,
        progress: ProgressCallback | None = None,
        cancel: CancelToken | None = None,
    ) -> Changes:
        """Re-embed every chunk with the model in `folder` ("" for the bundled one), then use it.

        Blocking, long. Search keeps answering from the current model until the new vectors
        are complete; only then is the setting saved and the new model used. A cancelled switch
        keeps what was re-embedded and continues when asked again. Raises ModelError (not a
        usable model folder), Cancelled.
        """
        path = Path(folder) if folder else None
        try:
            with self._models.sharing_cores():
                changes = self.base().switch_embedding_model(
                    path, progress=progress, cancel=cancel
                )
        except Cancelled:
            self._hub.publish(Changes(embeddings=True))  # the switch stays pending, with progress
            raise
        self._save_settings(lambda s: s.with_embedding_model(str(path or "")))
        return self._hub.publish(changes | Changes(settings=True, embeddings=True))

    def _shown(self, source: Source) -> Source:
        """`source` with its notice and error in the interface language."""
        language = self._settings().ui.language
        return dataclasses.replace(source, notice=localize(source.notice, language),
                                   error=localize(source.error, language))

    def base(self) -> KnowledgeBase:
        """The knowledge base, opened on first use (for the engine's own parts)."""
        with self._lock:
            if self._kb is None:
                folder = self._settings().knowledge.embedding_model
                self._kb = self._factory(self._db, Path(folder) if folder else None, self._publish)
            return self._kb

    def _publish(self, changes: Changes) -> None:
        self._hub.publish(changes)

    def close(self) -> None:
        """Save the vector index (waits for a running write)."""
        with self._lock:
            if self._kb is not None:
                self._kb.close()
                self._kb = None
