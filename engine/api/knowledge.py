"""`engine.knowledge`: sources (documents, subtitles, ...) and search over them."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from engine.api.changes import ChangeHub
from engine.cancel import CancelToken
from engine.chat.model_slot import ModelSlot
from engine.config import Settings
from engine.errors import Cancelled
from engine.knowledge import readers
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
    SourceKind,
)

if TYPE_CHECKING:  # numpy and FAISS load when the knowledge base first opens, not before
    from engine.knowledge.service import KnowledgeBase

KnowledgeFactory = Callable[[Database, Path | None, ChangeListener], "KnowledgeBase"]


def open_knowledge_base(
    db: Database, embedding_model: Path | None, on_change: ChangeListener
) -> KnowledgeBase:
    """The real knowledge base of the data folder (tests pass other factories to `Engine`)."""
    from engine.knowledge.service import KnowledgeBase

    return KnowledgeBase(db, embedding_model=embedding_model, on_change=on_change)


class Knowledge:
    """Add, list, remove and search sources; switch the embedding model.

    Reads (`list_sources`, `get_source`, `kinds`) are cheap and load no model. `search` loads
    the embedding model on first use (seconds). Long jobs (`add_sources`, `resume_indexing`,
    `switch_embedding_model`) take `progress` and `cancel`, are resumable after a cancel or a
    crash, and belong on one worker (the GUI's index lane). Everything is thread-safe.
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
        return readers.kinds()

    def add_sources(
        self,
        targets: Sequence[str | Path],
        *,
        password: str | None = None,
        progress: ProgressCallback | None = None,
        cancel: CancelToken | None = None,
    ) -> AddReport:
        """Index files, folders (recursively) and links; one result per file or link.

        Blocking, long. Each source becomes searchable when complete; a cancelled or killed run
        resumes with `resume_indexing`. A loaded chat model runs on half its threads meanwhile.
        Failures are reported per file, never raised.
        """
        with self._models.sharing_cores():
            return self.base().add(
                [str(t) for t in targets], password=password, progress=progress, cancel=cancel
            )

    def resume_indexing(
        self, progress: ProgressCallback | None = None, cancel: CancelToken | None = None
    ) -> AddReport:
        """Finish sources an earlier run left half-indexed or queued (after a crash or a quit)."""
        with self._models.sharing_cores():
            return self.base().resume_pending(progress=progress, cancel=cancel)

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
