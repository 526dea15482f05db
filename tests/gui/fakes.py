"""A hand-written fake of the Engine facade for fast GUI tests (real engine tests live beside).

It keeps conversations, messages, sources and settings in memory, streams scripted replies
token by token (honouring the cancel token) and "indexes" files page by page with progress, so
the window's behaviour can be driven in milliseconds. Blocking and thread-safe like the real one.
"""

from __future__ import annotations

import dataclasses
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from engine.api import CancelToken, Settings
from engine.errors import DocumentError, ModelError, NotFoundError
from engine.types import (
    AddReport,
    AddResult,
    AnswerDelta,
    Changes,
    Citation,
    Conversation,
    Message,
    ModelInfo,
    Progress,
    Role,
    SearchMatch,
    Source,
    SourceStatus,
    Usage,
)


@dataclasses.dataclass
class Reply:
    """A scripted answer: its text (streamed word by word), citations and coverage."""

    text: str
    citations: tuple[Citation, ...] = ()
    covered: bool | None = None
    general_knowledge: bool = False
    error: Exception | None = None


class FakeEngine:
    """Behaves like `engine.api.Engine` for the GUI, without models or disk."""

    def __init__(self, token_delay: float = 0.002, page_delay: float = 0.002) -> None:
        self.token_delay = token_delay
        self.page_delay = page_delay
        self.replies: deque[Reply] = deque()
        self.calls: list[tuple[str, tuple[object, ...]]] = []
        self.closed = False
        self.pages_for: Callable[[str], int] = lambda _path: 5
        self.gate: threading.Event | None = None  # when set, indexing waits for it
        self._lock = threading.RLock()
        self._settings = Settings()
        self._conversations: dict[int, Conversation] = {}
        self._messages: dict[int, list[Message]] = {}
        self._sources: dict[int, Source] = {}
        self._ids = iter(range(1, 1_000_000))

    # ------------------------------------------------------------------ settings and models
    def settings(self) -> Settings:
        return self._settings

    def update_settings(self, settings: Settings) -> Changes:
        settings.validate()
        self._settings = settings
        return Changes(settings=True)

    def inspect_model(self, path: str | Path) -> ModelInfo:
        path = str(path)
        if not os.path.exists(path):
            raise ModelError(f"The model file {path} does not exist.", hint="Pick another file.")
        return ModelInfo(
            path,
            "Fake 1B",
            "llama",
            1_000_000_000,
            "Q4_0",
            4096,
            None,
            os.path.getsize(path),
            {"llama.block_count": "16"},
        )

    def current_model(self) -> ModelInfo:
        return ModelInfo(
            "/models/fake.gguf",
            "Fake Starter",
            "llama",
            135_000_000,
            "Q4_1",
            8192,
            None,
            98_000_000,
            {},
        )

    def load_model(self) -> ModelInfo:
        self.calls.append(("load_model", ()))
        return self.current_model()

    # ------------------------------------------------------------------ conversations
    def create_conversation(self, title: str = "") -> Conversation:
        with self._lock:
            cid = next(self._ids)
            now = time.time()
            self._conversations[cid] = Conversation(cid, title, now, now, 0)
            self._messages[cid] = []
            return self._conversations[cid]

    def list_conversations(self, limit: int | None = None) -> list[Conversation]:
        with self._lock:
            items = sorted(self._conversations.values(), key=lambda c: -c.updated_at)
            return items[:limit] if limit else items

    def get_conversation(self, conversation_id: int) -> Conversation:
        with self._lock:
            if conversation_id not in self._conversations:
                raise NotFoundError(f"No conversation {conversation_id}.")
            return self._conversations[conversation_id]

    def list_messages(self, conversation_id: int) -> list[Message]:
        self.get_conversation(conversation_id)
        with self._lock:
            return list(self._messages[conversation_id])

    def rename_conversation(self, conversation_id: int, title: str) -> Changes:
        with self._lock:
            old = self.get_conversation(conversation_id)
            self._conversations[conversation_id] = dataclasses.replace(old, title=title)
        return Changes(conversations=True)

    def delete_conversation(self, conversation_id: int) -> Changes:
        with self._lock:
            self.get_conversation(conversation_id)
            del self._conversations[conversation_id]
            del self._messages[conversation_id]
        return Changes(conversations=True, messages=True)

    def search_conversations(self, text: str, limit: int = 50) -> list[SearchMatch]:
        with self._lock:
            found = [
                SearchMatch(
                    m.conversation_id,
                    self._conversations[m.conversation_id].title,
                    m.id,
                    m.role,
                    m.text[:80],
                )
                for msgs in self._messages.values()
                for m in msgs
                if text.lower() in m.text.lower()
            ]
        return found[:limit]

    def export_conversation(self, conversation_id: int, fmt: str) -> str:
        msgs = self.list_messages(conversation_id)
        return "\n\n".join(f"{m.role.value}: {m.text}" for m in msgs)

    def add_message(
        self, cid: int, role: Role, text: str, citations: tuple[Citation, ...] = ()
    ) -> Message:
        """Store a message (tests use it to prepare a conversation)."""
        with self._lock:
            message = Message(next(self._ids), cid, role, text, time.time(), citations=citations)
            self._messages[cid].append(message)
            old = self._conversations[cid]
            self._conversations[cid] = dataclasses.replace(
                old, updated_at=time.time(), message_count=old.message_count + 1
            )
            return message

    # ------------------------------------------------------------------ chat
    def stream_reply(
        self,
        conversation_id: int,
        text: str,
        cancel: CancelToken | None = None,
        *,
        use_knowledge: bool = True,
    ) -> Iterator[AnswerDelta]:
        self.calls.append(("stream_reply", (conversation_id, text, use_knowledge)))
        self.get_conversation(conversation_id)
        if self.replies and self.replies[0].error is not None:
            raise self.replies.popleft().error  # like a model that fails to load: nothing stored
        self.add_message(conversation_id, Role.USER, text)
        return self._answer(conversation_id, cancel)

    def regenerate_reply(
        self, conversation_id: int, cancel: CancelToken | None = None
    ) -> Iterator[AnswerDelta]:
        self.calls.append(("regenerate_reply", (conversation_id,)))
        with self._lock:
            msgs = self._messages[conversation_id]
            if msgs and msgs[-1].role == Role.ASSISTANT:
                msgs.pop()
        return self._answer(conversation_id, cancel)

    def edit_and_resend(
        self, conversation_id: int, message_id: int, text: str, cancel: CancelToken | None = None
    ) -> Iterator[AnswerDelta]:
        self.calls.append(("edit_and_resend", (conversation_id, message_id, text)))
        with self._lock:
            msgs = self._messages[conversation_id]
            index = next(i for i, m in enumerate(msgs) if m.id == message_id)
            msgs[index] = dataclasses.replace(msgs[index], text=text)
            del msgs[index + 1 :]
        return self._answer(conversation_id, cancel)

    def answer_from_general_knowledge(
        self, conversation_id: int, cancel: CancelToken | None = None
    ) -> Iterator[AnswerDelta]:
        self.calls.append(("answer_from_general_knowledge", (conversation_id,)))
        return self._answer(conversation_id, cancel, general=True)

    def stream_summary(
        self,
        source_id: int,
        cancel: CancelToken | None = None,
        progress: Callable[[Progress], None] | None = None,
        *,
        conversation_id: int | None = None,
        request: str = "",
    ) -> Iterator[AnswerDelta]:
        self.calls.append(("stream_summary", (source_id, conversation_id, request)))
        if progress is not None:
            for done in range(1, 4):
                progress(Progress(done, 3, "map", "summary", 90.0 * (3 - done)))
        if conversation_id is not None:
            self.add_message(conversation_id, Role.USER, request or f"Summarize {source_id}")
        return self._answer(conversation_id, cancel)

    def _answer(
        self, cid: int | None, cancel: CancelToken | None, general: bool = False
    ) -> Iterator[AnswerDelta]:
        reply = self.replies.popleft() if self.replies else Reply("Fake answer.")
        if reply.error is not None:
            raise reply.error
        pieces: list[str] = []
        finish = "stop"
        for word in reply.text.split(" "):
            if cancel is not None and cancel.cancelled:
                finish = "cancelled"
                break
            time.sleep(self.token_delay)
            piece = word if not pieces else " " + word
            pieces.append(piece)
            yield AnswerDelta(text=piece)
        message_id = None
        if cid is not None and pieces:
            message_id = self.add_message(cid, Role.ASSISTANT, "".join(pieces), reply.citations).id
        yield AnswerDelta(
            done=True,
            finish_reason=finish,
            usage=Usage(10, len(pieces)),
            message_id=message_id,
            citations=reply.citations,
            covered=reply.covered,
            general_knowledge=general or reply.general_knowledge,
        )

    # ------------------------------------------------------------------ knowledge
    def add_sources(
        self,
        paths: Sequence[str | Path],
        *,
        password: str | None = None,
        progress: Callable[[Progress], None] | None = None,
        cancel: CancelToken | None = None,
    ) -> AddReport:
        self.calls.append(("add_sources", (tuple(str(p) for p in paths), password)))
        results = []
        for path in self._expand(paths):
            if cancel is not None and cancel.cancelled:
                break
            results.append(self._index(path, progress, cancel))
        return AddReport(tuple(results))

    def resume_indexing(
        self, progress: Callable[[Progress], None] | None = None, cancel: CancelToken | None = None
    ) -> AddReport:
        self.calls.append(("resume_indexing", ()))
        with self._lock:
            stale = [
                s.path
                for s in self._sources.values()
                if s.status in (SourceStatus.QUEUED, SourceStatus.INDEXING)
            ]
        return AddReport(tuple(self._index(path, progress, cancel) for path in stale))

    def put_stale_source(self, path: str) -> None:
        """A source a killed run left half-indexed (tests of the resume at start)."""
        source = self._put_source(path, os.path.basename(path), 5)
        self._update(source.id, pages_done=2)

    @staticmethod
    def _expand(paths: Sequence[str | Path]) -> list[str]:
        files: list[str] = []
        for path in map(str, paths):
            if os.path.isdir(path):
                files.extend(str(p) for p in sorted(Path(path).rglob("*")) if p.is_file())
            else:
                files.append(path)
        return files

    def _index(
        self, path: str, progress: Callable[[Progress], None] | None, cancel: CancelToken | None
    ) -> AddResult:
        if path.startswith(("http://", "https://")):
            return AddResult(path, error="Links are not supported yet.")
        name = os.path.basename(path)
        pages = self.pages_for(path)
        source = self._put_source(path, name, pages)
        for page in range(1, pages + 1):
            if self.gate is not None:
                self.gate.wait(10)
            if cancel is not None and cancel.cancelled:  # like the engine: reported, not raised
                self._update(source.id, status=SourceStatus.CANCELLED)
                return AddResult(
                    path, error="Indexing was cancelled; add the file again to continue."
                )
            time.sleep(self.page_delay)
            self._update(source.id, pages_done=page)
            if progress is not None:
                progress(Progress(page, pages, "indexing", name, (pages - page) * 0.5))
        if "bad" in name:
            error = str(DocumentError(f"{name} is not a readable PDF."))
            self._update(source.id, status=SourceStatus.FAILED, error=error)
            return AddResult(path, source.id, error=error)
        notice = "2 of 5 pages are scanned images." if "scan" in name else ""
        self._update(source.id, status=SourceStatus.READY, chunks=pages * 3, notice=notice)
        return AddResult(path, source.id, notice=notice)

    def _put_source(self, path: str, name: str, pages: int) -> Source:
        with self._lock:
            for source in self._sources.values():
                if source.path == path:
                    self._sources[source.id] = dataclasses.replace(
                        source, status=SourceStatus.INDEXING, error=""
                    )
                    return self._sources[source.id]
            sid = next(self._ids)
            self._sources[sid] = Source(
                sid, name, path, "pdf", SourceStatus.INDEXING, pages, 0, time.time(), f"hash{sid}"
            )
            return self._sources[sid]

    def _update(self, source_id: int, **changes: object) -> None:
        with self._lock:
            self._sources[source_id] = dataclasses.replace(self._sources[source_id], **changes)

    def list_sources(self) -> list[Source]:
        with self._lock:
            return list(self._sources.values())

    def remove_source(self, source_id: int) -> Changes:
        with self._lock:
            if source_id not in self._sources:
                raise NotFoundError(f"No source {source_id}.")
            del self._sources[source_id]
        return Changes(sources=True)

    def close(self) -> None:
        self.closed = True
