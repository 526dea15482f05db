"""The engine facade: the one entry point for the desktop app and the CLI.

Every method blocks and is safe to call from a worker thread; none may run on a GUI thread.
Values in, frozen values out (see `engine.types`); failures are `EngineError`s whose text is fit
to show a person. Heavy parts (the chat model, the embedder) load on first use, so opening an
Engine is cheap.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path

from engine import config, paths
from engine.cancel import CancelToken
from engine.chat import export
from engine.chat.model_slot import ModelSlot
from engine.chat.session import ChatSession
from engine.chat.store import ConversationStore
from engine.config import Settings
from engine.errors import UserInputError
from engine.knowledge.service import KnowledgeBase
from engine.llm import inspect_model
from engine.storage.db import Database
from engine.types import (
    AddReport,
    AnswerDelta,
    Changes,
    Conversation,
    Hit,
    Message,
    ModelInfo,
    ProgressCallback,
    SearchMatch,
    Source,
)

__all__ = ["CancelToken", "Engine", "Settings", "data_dir"]


def data_dir() -> Path:
    """The data folder (`LANTHORN_HOME`, else the platform's): the app keeps its logs there too."""
    return paths.home()


class Engine:
    """Conversations, chat and models behind one object. Thread-safe unless a method says not."""

    def __init__(self, settings: Settings | None = None) -> None:
        """Open the data folder (`LANTHORN_HOME` or the platform's), upgrading it if needed.

        Raises:
            StorageError: the database cannot be opened or upgraded.
            ConfigError: the settings file is unreadable.
        """
        self._settings = settings if settings is not None else config.load()
        self._settings_lock = threading.Lock()
        self._db = Database(paths.database_file())
        self._conversations = ConversationStore(self._db)
        self._models = ModelSlot()
        self._kb: KnowledgeBase | None = None
        self._kb_lock = threading.Lock()
        self._chat = ChatSession(
            self._conversations,
            self._models,
            self.settings,
            db=self._db,
            knowledge=self._knowledge_base,
        )

    # ------------------------------------------------------------------ settings
    def settings(self) -> Settings:
        """The settings in force. Non-blocking."""
        with self._settings_lock:
            return self._settings

    def update_settings(self, settings: Settings) -> Changes:
        """Validate, store and apply new settings; a new model loads on the next answer.

        Raises:
            ConfigError: a value is out of range or the file cannot be written.
        """
        settings.validate()
        config.save(settings)
        with self._settings_lock:
            self._settings = settings
        return Changes(settings=True)

    # ------------------------------------------------------------------ models
    def inspect_model(self, path: str | Path) -> ModelInfo:
        """Read a GGUF file's metadata without loading its weights.

        Raises:
            ModelError: missing file, not a GGUF, truncated or unsupported.
        """
        return inspect_model(path)

    def current_model(self) -> ModelInfo:
        """Metadata of the chat model the settings point at (loaded or not)."""
        loaded = self._models.loaded
        if loaded is not None:
            return loaded.info
        return inspect_model(self._model_path())

    def load_model(self) -> ModelInfo:
        """Load the configured chat model now (blocking), e.g. to warm up before the first answer.

        Raises:
            ModelError: the model cannot be loaded.
        """
        return self._models.get(self.settings().model).info

    def _model_path(self) -> str:
        from engine.bundled import starter_chat_model

        return self.settings().model.path or str(starter_chat_model())

    # ------------------------------------------------------------------ conversations
    def create_conversation(self, title: str = "") -> Conversation:
        """Start an empty conversation."""
        return self._conversations.create(title)

    def list_conversations(self, limit: int | None = None) -> list[Conversation]:
        """Conversations, most recently active first."""
        return self._conversations.list(limit)

    def get_conversation(self, conversation_id: int) -> Conversation:
        """One conversation's header. Raises NotFoundError."""
        return self._conversations.get(conversation_id)

    def list_messages(self, conversation_id: int) -> list[Message]:
        """A conversation's messages, oldest first, answers with their citations.

        Raises NotFoundError.
        """
        self._conversations.get(conversation_id)
        return self._chat.list_messages(conversation_id)

    def rename_conversation(self, conversation_id: int, title: str) -> Changes:
        """Give a conversation a new title. Raises NotFoundError."""
        return self._conversations.rename(conversation_id, title)

    def delete_conversation(self, conversation_id: int) -> Changes:
        """Delete a conversation and its messages. Raises NotFoundError."""
        return self._conversations.delete(conversation_id)

    def search_conversations(self, text: str, limit: int = 50) -> list[SearchMatch]:
        """Full-text search across every message; any text is a safe query."""
        return self._conversations.search(text, limit)

    def export_conversation(self, conversation_id: int, fmt: str) -> str:
        """The conversation as Markdown (`md`) or JSON (`json`). Raises NotFoundError."""
        conversation = self._conversations.get(conversation_id)
        messages = self._chat.list_messages(conversation_id)
        if fmt == "md":
            return export.to_markdown(conversation, messages)
        if fmt == "json":
            return export.to_json(conversation, messages)
        raise UserInputError(f"Unknown export format '{fmt}'.", hint="Use md or json.")

    def import_conversation(self, text: str) -> Conversation:
        """Restore a conversation from a JSON export. Raises UserInputError on a bad file."""
        return self._conversations.import_conversation(export.from_json(text))

    # ------------------------------------------------------------------ chat
    def stream_reply(
        self,
        conversation_id: int,
        text: str,
        cancel: CancelToken | None = None,
        *,
        use_knowledge: bool = True,
    ) -> Iterator[AnswerDelta]:
        """Store `text` as the user's turn and stream the stored reply, grounded when possible.

        Blocking generator; consume it on a worker thread. The last delta has `done=True`, the
        stored message id, `citations` and `covered`. Raises NotFoundError, ModelError.
        """
        if not text.strip():
            raise UserInputError("The message is empty.")
        return self._chat.stream_reply(conversation_id, text, cancel, use_knowledge=use_knowledge)

    def stream_answer(
        self, question: str, cancel: CancelToken | None = None, *, use_knowledge: bool = True
    ) -> Iterator[AnswerDelta]:
        """A one-shot answer, not stored. Raises ModelError."""
        if not question.strip():
            raise UserInputError("The question is empty.")
        return self._chat.stream_answer(question, cancel, use_knowledge=use_knowledge)

    def regenerate_reply(
        self, conversation_id: int, cancel: CancelToken | None = None
    ) -> Iterator[AnswerDelta]:
        """Replace the last reply with a new answer to the last question."""
        return self._chat.regenerate_reply(conversation_id, cancel)

    def edit_and_resend(
        self, conversation_id: int, message_id: int, text: str, cancel: CancelToken | None = None
    ) -> Iterator[AnswerDelta]:
        """Replace one of the user's messages, drop what followed it, and answer it again."""
        return self._chat.edit_and_resend(conversation_id, message_id, text, cancel)

    def answer_from_general_knowledge(
        self, conversation_id: int, cancel: CancelToken | None = None
    ) -> Iterator[AnswerDelta]:
        """After a "not covered" reply: answer from the model's own knowledge, marked as such."""
        return self._chat.answer_from_general_knowledge(conversation_id, cancel)

    def stream_summary(
        self,
        source_id: int,
        cancel: CancelToken | None = None,
        progress: ProgressCallback | None = None,
        *,
        conversation_id: int | None = None,
        request: str = "",
    ) -> Iterator[AnswerDelta]:
        """Summarize a whole source, streamed, every point citing its pages.

        Long: shows progress with an ETA and stops within a second of a cancel. With a
        `conversation_id` the request (`request`, or "Summarize <title>") and the summary are
        stored in that conversation, citations included.
        Raises NotFoundError, UserInputError (not indexed yet), ModelError.
        """
        return self._chat.stream_summary(
            source_id, cancel, progress, conversation_id=conversation_id, request=request
        )

    # ------------------------------------------------------------------ knowledge base
    def add_sources(
        self,
        paths_: Sequence[str | Path],
        *,
        password: str | None = None,
        progress: ProgressCallback | None = None,
        cancel: CancelToken | None = None,
    ) -> AddReport:
        """Index files and folders (PDF, text, Markdown); one result per file, failures included.

        Blocking, long: run it off the GUI thread. Each file becomes searchable when complete;
        a cancelled or killed run resumes with `resume_indexing`. Raises Cancelled.
        """
        with self._models.sharing_cores():
            return self._knowledge_base().add(
                [Path(p) for p in paths_], password=password, progress=progress, cancel=cancel
            )

    def resume_indexing(
        self, progress: ProgressCallback | None = None, cancel: CancelToken | None = None
    ) -> AddReport:
        """Finish sources an earlier run left half-indexed (after a crash or a cancel)."""
        with self._models.sharing_cores():
            return self._knowledge_base().resume_pending(progress=progress, cancel=cancel)

    def list_sources(self) -> list[Source]:
        """Every source with its status and counts. Cheap; loads no model."""
        return self._knowledge_base().list_sources()

    def get_source(self, source_id: int) -> Source:
        """One source. Raises NotFoundError."""
        return self._knowledge_base().get_source(source_id)

    def remove_source(self, source_id: int) -> Changes:
        """Remove a source with its chunks, vectors and keyword rows. Raises NotFoundError."""
        return self._knowledge_base().remove(source_id)

    def search(self, query: str, k: int | None = None) -> list[Hit]:
        """Hybrid search over ready sources; `k` defaults to the retrieval setting."""
        return self._knowledge_base().search(query, k or self.settings().knowledge.top_k)

    def _knowledge_base(self) -> KnowledgeBase:
        with self._kb_lock:
            if self._kb is None:
                folder = self.settings().knowledge.embedding_model
                self._kb = KnowledgeBase(
                    self._db, embedding_model=Path(folder) if folder else None
                )
            return self._kb

    # ------------------------------------------------------------------ lifecycle
    def close(self) -> None:
        """Free the models and close the database; safe to call twice."""
        self._models.close()
        with self._kb_lock:
            if self._kb is not None:
                self._kb.close()
                self._kb = None
        self._db.close()

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def with_model_path(settings: Settings, path: str) -> Settings:
    """`settings` using the GGUF at `path` (for `--model` on the command line)."""
    return dataclasses.replace(settings, model=dataclasses.replace(settings.model, path=path))
