"""A hand-written fake of the Engine facade for fast GUI tests (real engine tests live beside).

It keeps conversations, messages, sources and settings in memory, streams scripted replies
token by token (honouring the cancel token), "indexes" files page by page and "re-embeds"
passages with progress, so the window's behaviour can be driven in milliseconds. Blocking and
thread-safe like the real one, and like it, every mutation tells the listeners what changed.
Its parts mirror the real Engine's (`conversations`, `chat`, `knowledge`, `models`), and it
satisfies the same Protocol, `engine.api.EngineAPI` (checked by mypy: tests/gui/test_boundary.py).
"""

from __future__ import annotations

import dataclasses
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import numpy as np

from engine.api import CancelToken, Pcm, Settings
from engine.api.changes import ChangeHub
from engine.errors import (
    Cancelled,
    ConfigError,
    DocumentError,
    ModelError,
    NotFoundError,
    PasswordRequired,
)
from engine.llm import defaults
from engine.types import (
    REMOTE_MODEL_ID,
    STARTER_MODEL_ID,
    AddReport,
    AddResult,
    AnswerDelta,
    AnswerPhase,
    CatalogEntry,
    CatalogFile,
    CatalogKind,
    ChangeListener,
    Changes,
    Citation,
    Conversation,
    DownloadResult,
    EmbeddingStatus,
    Hit,
    KeyringStatus,
    LibraryModel,
    Message,
    ModelFit,
    ModelInfo,
    ModelKind,
    Progress,
    ProgressCallback,
    Recommendation,
    RemoteCheck,
    RemoteStatus,
    Role,
    SearchMatch,
    Source,
    SourceGroup,
    SourceKind,
    SourceStatus,
    SpeechModel,
    SpeechStatus,
    Transcript,
    TranscriptSegment,
    Usage,
    VoiceActivity,
)

FAKE_PASSWORD = "secret"  # opens a "document" whose name holds "locked"
FAKE_SPEED = 7.5  # tokens/s the fake measures while it writes


@dataclasses.dataclass
class Reply:
    """A scripted answer: its text (streamed word by word), citations and coverage."""

    text: str
    citations: tuple[Citation, ...] = ()
    covered: bool | None = None
    general_knowledge: bool = False
    error: Exception | None = None
    indexing: tuple[Source, ...] = ()  # sources still being indexed (a "not covered" reply)
    hold: threading.Event | None = None  # the reply waits in its reading phase until set


class FakeEngine:
    """Behaves like `engine.api.Engine` for the GUI, without models or disk.

    Test-facing state: `replies` (scripted answers), `calls` (what the window asked for),
    `gate` (indexing and re-embedding wait for it when set), `pages_for` (pages of a
    "document").
    """

    def __init__(self, token_delay: float = 0.002, page_delay: float = 0.002) -> None:
        self.token_delay = token_delay
        self.page_delay = page_delay
        self.replies: deque[Reply] = deque()
        self.calls: list[tuple[str, tuple[object, ...]]] = []
        self.closed = False
        self.pages_for: Callable[[str], int] = lambda _path: 5
        self.gate: threading.Event | None = None
        self.default_model = "starter"
        self.library_models: dict[str, LibraryModel] = {}
        self.conversation_models: dict[int, str] = {}
        self.remote_endpoint: tuple[str, str] = ("", "")
        self.lock = threading.RLock()
        self._settings = Settings()
        self.conversation_rows: dict[int, Conversation] = {}
        self.messages: dict[int, list[Message]] = {}
        self.sources: dict[int, Source] = {}
        self._ids = iter(range(1, 1_000_000))
        self._hub = ChangeHub()
        self.conversations = FakeConversations(self)
        self.chat = FakeChat(self)
        self.knowledge = FakeKnowledge(self)
        self.models = FakeModels(self)
        self.speech = FakeSpeech(self)
        self.secrets = FakeSecrets(self)

    def next_id(self) -> int:
        return next(self._ids)

    def settings(self) -> Settings:
        return self._settings

    def update_settings(self, settings: Settings) -> Changes:
        """Like the engine: everything but the embedding model, which only a switch changes."""
        settings.validate()
        self._settings = settings.with_embedding_model(self._settings.knowledge.embedding_model)
        return self.publish(Changes(settings=True))

    def subscribe(self, listener: ChangeListener) -> Callable[[], None]:
        return self._hub.subscribe(listener)

    def publish(self, changes: Changes) -> Changes:
        return self._hub.publish(changes)

    def wait_gate(self) -> None:
        if self.gate is not None:
            self.gate.wait(10)

    def add_message(
        self,
        cid: int,
        role: Role,
        text: str,
        citations: tuple[Citation, ...] = (),
        *,
        covered: bool | None = None,
        general_knowledge: bool = False,
        summary_of: int | None = None,
        model: str | None = None,
        stopped: bool = False,
    ) -> Message:
        """Store a message (tests use it to prepare a conversation)."""
        with self.lock:
            message = Message(
                id=self.next_id(),
                conversation_id=cid,
                role=role,
                text=text,
                created_at=time.time(),
                citations=citations,
                covered=covered,
                general_knowledge=general_knowledge,
                summary_of=summary_of,
                model=model,
                stopped=stopped,
            )
            self.messages[cid].append(message)
            old = self.conversation_rows[cid]
            self.conversation_rows[cid] = dataclasses.replace(
                old, updated_at=time.time(), message_count=old.message_count + 1
            )
            return message

    def store_embedding_model(self, folder: str) -> None:
        """A completed switch saves the new folder, as the engine does."""
        with self.lock:
            self._settings = self._settings.with_embedding_model(folder)

    def put_stale_source(self, path: str) -> None:
        """A source a killed run left half-indexed (tests of the resume at start)."""
        source = self.knowledge.put_source(path, os.path.basename(path), 5, SourceStatus.INDEXING)
        self.knowledge.update(source.id, pages_done=2)

    def close(self) -> None:
        self.closed = True


class FakeConversations:
    """`engine.conversations`, in memory."""

    def __init__(self, engine: FakeEngine) -> None:
        self._e = engine

    def create(self, title: str = "") -> Conversation:
        e = self._e
        with e.lock:
            cid = e.next_id()
            now = time.time()
            conversation = Conversation(id=cid, title=title, created_at=now, updated_at=now)
            e.conversation_rows[cid] = conversation
            e.messages[cid] = []
        e.publish(Changes(conversations=True))
        return conversation

    def list_recent(self, limit: int | None = None) -> list[Conversation]:
        with self._e.lock:
            items = sorted(self._e.conversation_rows.values(), key=lambda c: -c.updated_at)
            return items[:limit] if limit else items

    def get(self, conversation_id: int) -> Conversation:
        with self._e.lock:
            if conversation_id not in self._e.conversation_rows:
                raise NotFoundError(f"No conversation {conversation_id}.")
            return self._e.conversation_rows[conversation_id]

    def list_messages(self, conversation_id: int) -> list[Message]:
        self.get(conversation_id)
        with self._e.lock:
            return list(self._e.messages[conversation_id])

    def rename(self, conversation_id: int, title: str) -> Changes:
        e = self._e
        with e.lock:
            old = self.get(conversation_id)
            e.conversation_rows[conversation_id] = dataclasses.replace(old, title=title)
        return e.publish(Changes(conversations=True))

    def delete(self, conversation_id: int) -> Changes:
        e = self._e
        with e.lock:
            self.get(conversation_id)
            del e.conversation_rows[conversation_id]
            del e.messages[conversation_id]
        return e.publish(Changes(conversations=True, messages=True))

    def search(self, text: str, limit: int = 50) -> list[SearchMatch]:
        e = self._e
        with e.lock:
            found = [
                SearchMatch(
                    conversation_id=m.conversation_id,
                    conversation_title=e.conversation_rows[m.conversation_id].title,
                    message_id=m.id,
                    role=m.role,
                    snippet=m.text[:80],
                )
                for msgs in e.messages.values()
                for m in msgs
                if text.lower() in m.text.lower()
            ]
        return found[:limit]

    def export(self, conversation_id: int, fmt: str) -> str:
        msgs = self.list_messages(conversation_id)
        return "\n\n".join(f"{m.role.value}: {m.text}" for m in msgs)

    def import_json(self, text: str) -> Conversation:
        return self.create("Imported")


class FakeChat:
    """`engine.chat`: scripted replies streamed word by word; stored ones report the change."""

    def __init__(self, engine: FakeEngine) -> None:
        self._e = engine

    def stream_reply(
        self,
        conversation_id: int,
        text: str,
        cancel: CancelToken | None = None,
        *,
        use_knowledge: bool = True,
    ) -> Iterator[AnswerDelta]:
        e = self._e
        e.calls.append(("stream_reply", (conversation_id, text, use_knowledge)))
        e.conversations.get(conversation_id)
        error = e.replies[0].error if e.replies else None
        if error is not None:
            e.replies.popleft()
            raise error  # like a model that fails to load: nothing stored
        e.add_message(conversation_id, Role.USER, text)
        return self._stored(conversation_id, self._answer(conversation_id, cancel))

    def stream_answer(
        self, question: str, cancel: CancelToken | None = None, *, use_knowledge: bool = True
    ) -> Iterator[AnswerDelta]:
        return self._answer(None, cancel)

    def regenerate(
        self,
        conversation_id: int,
        cancel: CancelToken | None = None,
        progress: ProgressCallback | None = None,
    ) -> Iterator[AnswerDelta]:
        """Like the engine: the last reply goes; a summary is summarized again."""
        e = self._e
        e.calls.append(("regenerate_reply", (conversation_id,)))
        summary_of = None
        with e.lock:
            msgs = e.messages[conversation_id]
            if msgs and msgs[-1].role == Role.ASSISTANT:
                summary_of = msgs.pop().summary_of
        if summary_of is not None:
            self._summarizing(progress)
        answer = self._answer(conversation_id, cancel, summary_of=summary_of)
        return self._stored(conversation_id, answer)

    def edit_and_resend(
        self, conversation_id: int, message_id: int, text: str, cancel: CancelToken | None = None
    ) -> Iterator[AnswerDelta]:
        e = self._e
        e.calls.append(("edit_and_resend", (conversation_id, message_id, text)))
        with e.lock:
            msgs = e.messages[conversation_id]
            index = next(i for i, m in enumerate(msgs) if m.id == message_id)
            msgs[index] = dataclasses.replace(msgs[index], text=text)
            del msgs[index + 1 :]
        return self._stored(conversation_id, self._answer(conversation_id, cancel))

    def answer_from_general_knowledge(
        self, conversation_id: int, cancel: CancelToken | None = None
    ) -> Iterator[AnswerDelta]:
        self._e.calls.append(("answer_from_general_knowledge", (conversation_id,)))
        answer = self._answer(conversation_id, cancel, general=True)
        return self._stored(conversation_id, answer)

    def stream_summary(
        self,
        source_id: int,
        cancel: CancelToken | None = None,
        progress: ProgressCallback | None = None,
        *,
        conversation_id: int | None = None,
        request: str = "",
    ) -> Iterator[AnswerDelta]:
        e = self._e
        e.calls.append(("stream_summary", (source_id, conversation_id, request)))
        self._summarizing(progress)
        if conversation_id is None:
            return self._answer(None, cancel)
        e.add_message(conversation_id, Role.USER, request or f"Summarize {source_id}")
        answer = self._answer(conversation_id, cancel, summary_of=source_id)
        return self._stored(conversation_id, answer)

    @staticmethod
    def _summarizing(progress: ProgressCallback | None) -> None:
        if progress is not None:
            for done in range(1, 4):
                progress(Progress(done=done, total=3, stage="map", item="summary",
                                  eta_s=90.0 * (3 - done)))

    def _stored(self, cid: int, deltas: Iterator[AnswerDelta]) -> Iterator[AnswerDelta]:
        """Like the engine's: once a stored stream ends, listeners hear the messages changed."""
        try:
            yield from deltas
        finally:
            self._e.publish(Changes(conversations=True, messages=True))

    def _answer(
        self,
        cid: int | None,
        cancel: CancelToken | None,
        general: bool = False,
        summary_of: int | None = None,
    ) -> Iterator[AnswerDelta]:
        e = self._e
        reply = e.replies.popleft() if e.replies else Reply("Fake answer.")
        if reply.error is not None:
            raise reply.error
        yield AnswerDelta(phase=AnswerPhase.SEARCHING)
        yield AnswerDelta(phase=AnswerPhase.READING, passages=len(reply.citations) or 3)
        if reply.hold is not None:
            while not reply.hold.wait(0.01) and not (cancel is not None and cancel.cancelled):
                pass
        pieces: list[str] = []
        finish = "stop"
        for word in reply.text.split(" "):
            if cancel is not None and cancel.cancelled:
                finish = "cancelled"
                break
            if not pieces:
                yield AnswerDelta(phase=AnswerPhase.WRITING)
            time.sleep(e.token_delay)
            piece = word if not pieces else " " + word
            pieces.append(piece)
            yield AnswerDelta(text=piece, tokens_per_s=FAKE_SPEED if len(pieces) > 2 else None)
        general = general or reply.general_knowledge
        message_id = None
        if cid is not None and pieces:
            message_id = e.add_message(
                cid, Role.ASSISTANT, "".join(pieces), reply.citations,
                covered=reply.covered, general_knowledge=general, summary_of=summary_of,
                model=e.models.for_conversation(cid).name,
                stopped=finish == "cancelled",
            ).id
        yield AnswerDelta(
            done=True,
            finish_reason=finish,
            usage=Usage(prompt_tokens=10, completion_tokens=len(pieces)),
            message_id=message_id,
            citations=reply.citations,
            covered=reply.covered,
            general_knowledge=general,
            indexing=reply.indexing,
        )


class FakeKnowledge:
    """`engine.knowledge`: "indexes" files page by page and "re-embeds" them, with progress.

    Like the engine, every file of an add is queued first, then indexed in order; a cancel of
    one source stops that source only, and a stop of the whole run puts it back in the queue.
    A file named `*bad*` fails, `*scan*` gets a notice, `*locked*` needs FAKE_PASSWORD. A
    YouTube link is a video, indexed as soon as it is queued; one with `list=` a playlist of
    `PLAYLIST_SIZE` videos, the second private.
    """

    PLAYLIST_SIZE = 3

    KINDS = (
        SourceKind(kind="pdf", label="PDF documents", suffixes=(".pdf",)),
        SourceKind(kind="text", label="Text and Markdown files", suffixes=(".txt", ".md")),
    )

    def __init__(self, engine: FakeEngine) -> None:
        self._e = engine
        self.active_folder = ""
        self.pending_folder: str | None = None  # a switch cancelled part-way
        self.reembedded = 0  # chunks the pending model has
        self.groups: dict[int, SourceGroup] = {}
        self.passwords: dict[int, str] = {}
        self.current: tuple[int, CancelToken] | None = None

    def kinds(self) -> tuple[SourceKind, ...]:
        return self.KINDS

    def add_sources(
        self,
        targets: Sequence[str | Path],
        *,
        password: str | None = None,
        progress: ProgressCallback | None = None,
        cancel: CancelToken | None = None,
    ) -> AddReport:
        self._e.calls.append(("add_sources", (tuple(str(p) for p in targets), password)))
        queued = self._queue(targets, password)
        return AddReport(results=tuple(
            self._index_queued(r.source_id, progress, cancel)
            if r.source_id is not None and not r.error and not r.already_present else r
            for r in queued
        ))

    def queue_sources(
        self, targets: Sequence[str | Path], *, password: str | None = None
    ) -> AddReport:
        self._e.calls.append(("queue_sources", (tuple(str(p) for p in targets), password)))
        results = self._queue(targets, password)
        self._e.publish(Changes(sources=True))
        return AddReport(results=tuple(results))

    def resume_indexing(
        self, progress: ProgressCallback | None = None, cancel: CancelToken | None = None
    ) -> AddReport:
        e = self._e
        e.calls.append(("resume_indexing", ()))
        results, tried = [], set()
        while cancel is None or not cancel.cancelled:
            with e.lock:
                waiting = [
                    s.id for s in sorted(e.sources.values(), key=lambda s: s.id)
                    if s.status in (SourceStatus.QUEUED, SourceStatus.INDEXING)
                    and s.id not in tried
                ]
            if not waiting:
                break
            tried.add(waiting[0])
            results.append(self._index_queued(waiting[0], progress, cancel))
        return AddReport(results=tuple(results))

    def cancel_indexing(self, source_id: int) -> Changes:
        e = self._e
        e.calls.append(("cancel_indexing", (source_id,)))
        with e.lock:
            if self.current is not None and self.current[0] == source_id:
                self.current[1].cancel()
                return Changes()
            source = self.get_source(source_id)
            if source.status is not SourceStatus.QUEUED:
                return Changes()
        self.update(source_id, status=SourceStatus.CANCELLED)
        return Changes(sources=True)

    def list_sources(self) -> list[Source]:
        with self._e.lock:
            return list(self._e.sources.values())

    def get_source(self, source_id: int) -> Source:
        with self._e.lock:
            if source_id not in self._e.sources:
                raise NotFoundError(f"No source {source_id}.")
            return self._e.sources[source_id]

    def remove_source(self, source_id: int) -> Changes:
        e = self._e
        with e.lock:
            if source_id not in e.sources:
                raise NotFoundError(f"No source {source_id}.")
            if self.current is not None and self.current[0] == source_id:
                self.current[1].cancel()
            del e.sources[source_id]
        return e.publish(Changes(sources=True))

    def list_groups(self) -> list[SourceGroup]:
        with self._e.lock:
            return list(self.groups.values())

    def remove_group(self, group_id: int) -> Changes:
        e = self._e
        with e.lock:
            if self.groups.pop(group_id, None) is None:
                raise NotFoundError(f"No playlist {group_id}.")
            for source in [s for s in e.sources.values() if s.group_id == group_id]:
                del e.sources[source.id]
        return e.publish(Changes(sources=True))

    def search(self, query: str, k: int | None = None) -> list[Hit]:
        return []

    def embedding_status(self) -> EmbeddingStatus:
        with self._e.lock:
            return EmbeddingStatus(
                active=f"fake-embedder{self.active_folder}",
                active_folder=self.active_folder,
                pending=None if self.pending_folder is None else f"fake{self.pending_folder}",
                pending_folder=self.pending_folder,
                done=self.reembedded,
                total=self._chunk_count(),
            )

    def switch_embedding_model(
        self,
        folder: str,
        progress: ProgressCallback | None = None,
        cancel: CancelToken | None = None,
    ) -> Changes:
        """Re-embeds chunk by chunk; a cancel keeps the count and raises, like the engine."""
        e = self._e
        e.calls.append(("switch_embedding_model", (folder,)))
        with e.lock:
            if folder != self.pending_folder:
                self.pending_folder, self.reembedded = folder, 0
            total = self._chunk_count()
        while self.reembedded < total:
            e.wait_gate()
            if cancel is not None and cancel.cancelled:
                raise Cancelled("Switching the embedding model was cancelled.")
            time.sleep(e.page_delay)
            self.reembedded += 1
            if progress is not None:
                progress(Progress(done=self.reembedded, total=total, stage="re-embedding",
                                  item=folder, eta_s=(total - self.reembedded) * 0.5))
        with e.lock:
            self.active_folder, self.pending_folder, self.reembedded = folder, None, 0
        e.store_embedding_model(folder)
        return e.publish(Changes(sources=True, settings=True, embeddings=True))

    def _chunk_count(self) -> int:
        return sum(s.chunks for s in self._e.sources.values())

    @staticmethod
    def _expand(paths: Sequence[str | Path]) -> list[str]:
        files: list[str] = []
        for path in map(str, paths):
            if os.path.isdir(path):
                files.extend(str(p) for p in sorted(Path(path).rglob("*")) if p.is_file())
            else:
                files.append(path)
        return files

    def _queue(self, targets: Sequence[str | Path], password: str | None) -> list[AddResult]:
        """Record every file as queued (links fail), like the engine's `queue`."""
        e = self._e
        results = []
        for path in self._expand(targets):
            if path.startswith(("http://", "https://")):
                results.extend(self._link(path))
                continue
            with e.lock:
                found = next((s for s in e.sources.values() if s.path == path), None)
            if found is not None and found.status is SourceStatus.READY:
                results.append(AddResult(path=path, source_id=found.id, already_present=True))
                continue
            if found is None or found.status not in (SourceStatus.QUEUED, SourceStatus.INDEXING):
                found = self.put_source(path, os.path.basename(path), e.pages_for(path))
            if password is not None:
                self.passwords[found.id] = password
            results.append(AddResult(path=path, source_id=found.id))
        return results

    def _index_queued(
        self, source_id: int, progress: ProgressCallback | None, cancel: CancelToken | None
    ) -> AddResult:
        e = self._e
        with e.lock:
            source = e.sources.get(source_id)
            if source is None or source.status not in (SourceStatus.QUEUED, SourceStatus.INDEXING):
                cancelled = source is None or source.status is SourceStatus.CANCELLED
                return AddResult(path=source.path if source else "", source_id=source_id,
                                 cancelled=cancelled, error="Cancelled.")
            if cancel is not None and cancel.cancelled:
                return AddResult(path=source.path, source_id=source_id, cancelled=True,
                                 error="Stopped; it continues the next time.")
            token = cancel.child() if cancel is not None else CancelToken()
            self.current = (source_id, token)
            password = self.passwords.pop(source_id, None)
        try:
            return self._index(source, password, progress, token, cancel)
        finally:
            with e.lock:
                self.current = None

    def _index(
        self,
        source: Source,
        password: str | None,
        progress: ProgressCallback | None,
        cancel: CancelToken,
        stop: CancelToken | None,
    ) -> AddResult:
        e = self._e
        path, name, pages = source.path, os.path.basename(source.path), source.pages
        self.update(source.id, status=SourceStatus.INDEXING, error="")
        if "locked" in name and password != FAKE_PASSWORD:
            error = str(PasswordRequired(f"{name} is encrypted."))
            self.update(source.id, status=SourceStatus.FAILED, error=error)
            return AddResult(path=path, source_id=source.id, error=error, needs_password=True)
        for page in range(source.pages_done + 1, pages + 1):
            e.wait_gate()
            if cancel.cancelled:  # like the engine: reported, not raised
                stopped = stop is not None and stop.cancelled
                self.update(source.id,
                            status=SourceStatus.QUEUED if stopped else SourceStatus.CANCELLED)
                return AddResult(
                    path=path, source_id=source.id, cancelled=True,
                    error="Indexing was cancelled; add the file again to continue.",
                )
            time.sleep(e.page_delay)
            self.update(source.id, pages_done=page)
            if progress is not None:
                progress(Progress(done=page, total=pages, stage="indexing", item=name,
                                  eta_s=(pages - page) * 0.5))
        if "bad" in name:
            error = str(DocumentError(f"{name} is not a readable PDF."))
            self.update(source.id, status=SourceStatus.FAILED, error=error)
            return AddResult(path=path, source_id=source.id, error=error)
        notice = "2 of 5 pages are scanned images." if "scan" in name else ""
        self.update(source.id, status=SourceStatus.READY, chunks=pages * 3, notice=notice)
        return AddResult(path=path, source_id=source.id, notice=notice)

    def _link(self, link: str) -> list[AddResult]:
        """A YouTube link's videos, indexed at once; other links fail."""
        if "youtu" not in link:
            return [AddResult(path=link, error="Links are not supported yet.")]
        return self._playlist(link) if "list=" in link else [self._video(link, None)]

    def _playlist(self, link: str) -> list[AddResult]:
        e = self._e
        with e.lock:
            group_id = len(self.groups) + 1
            self.groups[group_id] = SourceGroup(id=group_id, kind="playlist",
                                                title="Fake playlist", url=link)
        return [self._video(f"https://www.youtube.com/watch?v=fake{group_id}v{n}", group_id)
                for n in range(1, self.PLAYLIST_SIZE + 1)]

    def _video(self, link: str, group_id: int | None) -> AddResult:
        e = self._e
        with e.lock:
            sid = e.next_id()
            private = group_id is not None and link.endswith("v2")
            e.sources[sid] = Source(
                id=sid, title=f"Video {link.rsplit('=', 1)[-1]}", path=link, kind="youtube",
                status=SourceStatus.FAILED if private else SourceStatus.READY,
                error="This video is private." if private else "", pages=1, chunks=3,
                added_at=time.time(), content_hash=f"hash{sid}", url=link, group_id=group_id,
            )
        e.publish(Changes(sources=True))
        if private:
            return AddResult(path=link, source_id=sid, error="This video is private.",
                             group_id=group_id)
        return AddResult(path=link, source_id=sid, group_id=group_id)

    def put_source(
        self, path: str, name: str, pages: int, status: SourceStatus = SourceStatus.QUEUED
    ) -> Source:
        e = self._e
        with e.lock:
            found = next((s for s in e.sources.values() if s.path == path), None)
            if found is None:
                sid = e.next_id()
                found = Source(
                    id=sid, title=name, path=path, kind="pdf", status=status,
                    pages=pages, chunks=0, added_at=time.time(), content_hash=f"hash{sid}",
                )
            else:
                found = dataclasses.replace(found, status=status, error="")
            e.sources[found.id] = found
        e.publish(Changes(sources=True))
        return found

    def update(
        self,
        source_id: int,
        *,
        status: SourceStatus | None = None,
        pages_done: int | None = None,
        chunks: int | None = None,
        error: str | None = None,
        notice: str | None = None,
    ) -> None:
        """Change some fields of a stored source; a new status is reported, like the engine."""
        e = self._e
        with e.lock:
            source = e.sources.get(source_id)
            if source is None:  # removed meanwhile
                return
            e.sources[source_id] = dataclasses.replace(
                source,
                status=source.status if status is None else status,
                pages_done=source.pages_done if pages_done is None else pages_done,
                chunks=source.chunks if chunks is None else chunks,
                error=source.error if error is None else error,
                notice=source.notice if notice is None else notice,
            )
        if status is not None:
            e.publish(Changes(sources=True))


class FakeModels:
    """`engine.models`: fake GGUF headers, a catalog of two, downloads in ten steps, a server.

    The fit is the engine's own rule; `free_memory` stands in for the memory free now, so the
    verdict does not depend on the machine running the tests. A download writes a tenth of the
    entry per step (kept when paused) and takes a `download_steps` permit for each step when set;
    `download_error` fails the next download. The remote "server" accepts `server_key` (None: any
    key) and is unreachable while `server_down`.
    """

    CHAT = "fake-1b"
    EMBEDDING = "fake-embed"

    def __init__(self, engine: FakeEngine) -> None:
        self._e = engine
        self.free_memory = 8 * 1024**3
        self.partial: dict[str, int] = {}
        self.installed: dict[str, str] = {}
        self.download_steps: threading.Semaphore | None = None
        self.download_error: Exception | None = None
        self.server_key: str | None = None
        self.server_down = False

    def inspect(self, path: str | Path) -> ModelInfo:
        path = str(path)
        if not os.path.exists(path):
            raise ModelError(f"The model file {path} does not exist.", hint="Pick another file.")
        return ModelInfo(
            path=path,
            name="Fake 1B",
            architecture="llama",
            parameter_count=1_000_000_000,
            quantization="Q4_0",
            context_length=4096,
            chat_template=None,
            file_size=os.path.getsize(path),
            metadata={
                "llama.block_count": "16",
                "llama.embedding_length": "2048",
                "llama.attention.head_count": "32",
                "llama.attention.head_count_kv": "8",
                "general.license": "MIT",
            },
        )

    def current(self) -> ModelInfo:
        return ModelInfo(
            path="/models/fake.gguf",
            name="Fake Starter",
            architecture="llama",
            parameter_count=135_000_000,
            quantization="Q4_1",
            context_length=8192,
            chat_template=None,
            file_size=98_000_000,
        )

    def load(self) -> ModelInfo:
        self._e.calls.append(("load_model", ()))
        return self.current()

    def fit(self, info: ModelInfo, context_size: int = 0) -> ModelFit:
        return defaults.fit(info, context_size, free_bytes=self.free_memory)

    # Library, catalog, downloads and the remote endpoint (issue 16).
    def library(self) -> list[LibraryModel]:
        e = self._e
        info = self.current()
        starter = LibraryModel(
            id=STARTER_MODEL_ID, kind=ModelKind.STARTER, name=info.name, info=info,
            fit=self.fit(info), default=e.default_model == STARTER_MODEL_ID,
        )
        added = [dataclasses.replace(m, default=e.default_model == m.id)
                 for m in e.library_models.values()]
        url, model = e.remote_endpoint
        remote = [LibraryModel(
            id=REMOTE_MODEL_ID, kind=ModelKind.REMOTE, name=f"{model} (remote)",
            default=e.default_model == REMOTE_MODEL_ID, endpoint=url,
        )] if url else []
        return [starter, *added, *remote]

    def add(self, path: str | Path, *, copy: bool = False) -> LibraryModel:
        self._e.calls.append(("add_model", (str(path), copy)))
        info = self.inspect(path)
        model = LibraryModel(
            id=str(self._e.next_id()), kind=ModelKind.LOCAL, name=info.name, info=info,
            fit=self.fit(info), owned=copy,
        )
        self._e.library_models[model.id] = model
        self._e.publish(Changes(models=True))
        return model

    def remove(self, model_id: str) -> Changes:
        e = self._e
        self._e.calls.append(("remove_model", (model_id,)))
        if model_id == REMOTE_MODEL_ID and e.remote_endpoint[0]:
            e.secrets.keys.pop(e.remote_endpoint[0], None)
            e.remote_endpoint = ("", "")
        elif e.library_models.pop(model_id, None) is None:
            raise NotFoundError(f"There is no model '{model_id}' in the library.")
        if e.default_model == model_id:
            e.default_model = STARTER_MODEL_ID
        return e.publish(Changes(models=True, settings=True))

    def set_default(self, model_id: str) -> Changes:
        if model_id not in {m.id for m in self.library()}:
            raise NotFoundError(f"There is no model '{model_id}' in the library.")
        self._e.default_model = model_id
        return self._e.publish(Changes(models=True, settings=True))

    def for_conversation(self, conversation_id: int) -> LibraryModel:
        models = self.library()
        chosen = self._e.conversation_models.get(conversation_id, self._e.default_model)
        found = [m for m in models if m.id == chosen] or [m for m in models if m.default]
        return found[0]

    def use_in_conversation(self, conversation_id: int, model_id: str | None) -> Changes:
        self._e.calls.append(("use_in_conversation", (conversation_id, model_id)))
        self._e.conversations.get(conversation_id)
        if model_id is None:
            self._e.conversation_models.pop(conversation_id, None)
        elif model_id not in {m.id for m in self.library()}:
            raise NotFoundError(f"There is no model '{model_id}' in the library.")
        else:
            self._e.conversation_models[conversation_id] = model_id
        return self._e.publish(Changes(models=True, conversations=True))

    def catalog(self) -> list[CatalogEntry]:
        chat = CatalogEntry(
            name=self.CHAT, kind=CatalogKind.CHAT, title="Fake 1B", license="MIT",
            languages=("en", "zh"), parameters=1_000_000_000, context_length=4096,
            files=(CatalogFile(path="fake-1b.gguf", url="https://example.invalid/fake.gguf",
                               size=700_000_000),),
            description="A fake chat model.",
        )
        embed = CatalogEntry(
            name=self.EMBEDDING, kind=CatalogKind.EMBEDDING, title="Fake multilingual embedder",
            license="Apache-2.0", languages=("multilingual",),
            files=(CatalogFile(path="model.bin", url="https://example.invalid/embed.bin",
                               size=400_000_000),),
        )
        info = dataclasses.replace(self.current(), name=chat.title, parameter_count=1_000_000_000,
                                   file_size=chat.size)
        chat = dataclasses.replace(chat, fit=self.fit(info))
        return [
            dataclasses.replace(entry, installed=self.installed.get(entry.name, ""),
                                partial_bytes=self.partial.get(entry.name, 0))
            for entry in (chat, embed)
        ]

    def recommendation(self) -> Recommendation:
        only = not self._e.library_models
        fitting = [e for e in self.catalog() if e.fit is not None and e.fit.fits]
        return Recommendation(starter_only=only, message="A tiny demo model." if only else "",
                              entry=fitting[0] if fitting else None)

    def download(
        self,
        name: str,
        progress: ProgressCallback | None = None,
        cancel: CancelToken | None = None,
    ) -> DownloadResult:
        self._e.calls.append(("download", (name,)))
        entry = next((e for e in self.catalog() if e.name == name), None)
        if entry is None:
            raise NotFoundError(f"The catalog has no model named '{name}'.")
        error, self.download_error = self.download_error, None
        step = entry.size // 10
        while self.partial.get(name, 0) < entry.size:
            if self.download_steps is not None:
                self.download_steps.acquire(timeout=10)
            if cancel is not None and cancel.cancelled:
                raise Cancelled("The download was paused; it resumes where it stopped.")
            if error is not None and self.partial.get(name, 0) >= entry.size // 2:
                self.partial.pop(name, None)  # like a tampered file: nothing stays
                raise error
            self.partial[name] = min(entry.size, self.partial.get(name, 0) + step)
            if progress is not None:
                left = entry.size - self.partial[name]
                progress(Progress(done=self.partial[name], total=entry.size, stage="downloading",
                                  item=entry.title, rate=1e7, eta_s=left / 1e7))
            time.sleep(self._e.page_delay)
        return self._installed(entry)

    def _installed(self, entry: CatalogEntry) -> DownloadResult:
        folder = f"/models/{entry.name}"
        self.partial.pop(entry.name, None)
        self.installed[entry.name] = folder
        result = DownloadResult(entry=entry.name, kind=entry.kind, path=folder,
                                sha256=("0" * 64,))
        if entry.kind is CatalogKind.EMBEDDING:
            self._e.publish(Changes(models=True))
            return dataclasses.replace(result, embedding_folder=folder)
        info = dataclasses.replace(self.current(), path=f"{folder}/fake-1b.gguf",
                                   name=entry.title, parameter_count=entry.parameters)
        model = LibraryModel(id=str(self._e.next_id()), kind=ModelKind.LOCAL, name=entry.title,
                             info=info, fit=self.fit(info), owned=True)
        self._e.library_models[model.id] = model
        self._e.publish(Changes(models=True))
        return dataclasses.replace(result, path=info.path, model=model)

    def discard_download(self, name: str) -> Changes:
        self._e.calls.append(("discard_download", (name,)))
        self.partial.pop(name, None)
        return self._e.publish(Changes(models=True))

    def remote(self) -> RemoteStatus:
        url, model = self._e.remote_endpoint
        secrets = self._e.secrets
        storage = "" if url not in secrets.keys else (
            "keyring" if secrets.persistent else "memory")
        return RemoteStatus(base_url=url, model=model, has_key=bool(storage),
                            key_storage=storage,
                            notice="Your question and the cited passages are sent to the server.")

    def set_remote(
        self, base_url: str, model: str, api_key: str | None = None, *, context_size: int = 0
    ) -> Changes:
        self._e.calls.append(("set_remote", (base_url, model, api_key is not None)))
        base_url = base_url.strip().rstrip("/")
        if base_url and not base_url.startswith(("http://", "https://")):
            raise ConfigError("Invalid settings: the server address must start with http:// or "
                              "https://.")
        self._e.remote_endpoint = (base_url, model.strip())
        if api_key == "":
            self._e.secrets.keys.pop(base_url, None)
        elif api_key is not None:
            self._e.secrets.keys[base_url] = api_key
        return self._e.publish(Changes(models=True, settings=True))

    def test_remote(self) -> RemoteCheck:
        url, model = self._e.remote_endpoint
        if not url or not model:
            raise ModelError("No remote model is set up.",
                             hint="Enter the server's address and model name in Settings.")
        failed = RemoteCheck(ok=False, base_url=url, model=model)
        if self.server_down:
            return dataclasses.replace(failed, problem=f"Cannot reach the model server at {url}.")
        if self.server_key is not None and self._e.secrets.keys.get(url) != self.server_key:
            return dataclasses.replace(
                failed, problem=f"The server at {url} refused the API key (401).")
        return RemoteCheck(ok=True, base_url=url, model=model, models=(model, "other-model"),
                           context_size=4096)


class FakeSecrets:
    """`engine.secrets`: keys in a dict; `persistent` False acts out a machine with no keyring."""

    def __init__(self, engine: FakeEngine) -> None:
        self._e = engine
        self.keys: dict[str, str] = {}
        self.persistent = True

    def status(self) -> KeyringStatus:
        if self.persistent:
            return KeyringStatus(backend="fake keyring", persistent=True)
        return KeyringStatus(backend="memory", persistent=False,
                             problem="No system keyring is available.")

    def set_api_key(self, base_url: str, key: str) -> KeyringStatus:
        self.keys[base_url] = key
        self._e.publish(Changes(models=True))
        return self.status()

    def has_api_key(self, base_url: str) -> bool:
        return base_url in self.keys

    def forget_api_key(self, base_url: str) -> Changes:
        self.keys.pop(base_url, None)
        return self._e.publish(Changes(models=True))


class FakeSpeech:
    """`engine.speech`: hands out `transcripts` in order ("" is silence) after `delay` seconds.

    `problem` makes `status` say speech cannot work (the mic button's tooltip); `load_error`
    is raised by `load` and the transcriptions while `status` still says all is well (a model
    found damaged once loaded). Voice activity counts nonzero samples as speech: enough to
    drive a recorder in a test. `recorded_s` keeps the length of every recording transcribed.
    """

    def __init__(self, engine: FakeEngine) -> None:
        self._e = engine
        self.transcripts: deque[str] = deque()
        self.problem = ""
        self.load_error: ModelError | None = None
        self.delay = 0.0
        self.recorded_s: list[float] = []
        self.loads: list[str | None] = []

    def status(self, language: str | None = None) -> SpeechStatus:
        model = None if self.problem else self.models()[0]
        return SpeechStatus(model=model, language=language or "", problem=self.problem)

    def models(self) -> list[SpeechModel]:
        return [SpeechModel(name="tiny.en", folder="/models/tiny.en", multilingual=False,
                            bundled=True)]

    def load(self, language: str | None = None) -> SpeechModel:
        self.loads.append(language)
        if self.problem:
            raise ModelError(self.problem)
        if self.load_error is not None:
            raise self.load_error
        return self.models()[0]

    def transcribe_file(
        self,
        path: str | Path,
        *,
        language: str | None = None,
        model: str | Path | None = None,
        progress: ProgressCallback | None = None,
        cancel: CancelToken | None = None,
    ) -> Transcript:
        self._e.calls.append(("transcribe_file", (str(path), language)))
        if not os.path.exists(path):
            raise NotFoundError(f"There is no file {path}.")
        return self._next(10.0, cancel, progress)

    def transcribe_pcm(
        self,
        samples: Pcm,
        sample_rate: int = 16_000,
        *,
        language: str | None = None,
        cancel: CancelToken | None = None,
    ) -> Transcript:
        self._e.calls.append(("transcribe_pcm", (sample_rate, language)))
        if self.load_error is not None:
            raise self.load_error
        seconds = len(np.asarray(samples)) / sample_rate
        self.recorded_s.append(seconds)
        return self._next(seconds, cancel, None)

    def voice_activity(self, samples: Pcm, sample_rate: int = 16_000) -> VoiceActivity:
        loud = np.flatnonzero(np.asarray(samples))
        duration = len(np.asarray(samples)) / sample_rate
        if not len(loud):
            return VoiceActivity(spans=(), duration_s=duration)
        return VoiceActivity(spans=((loud[0] / sample_rate, (loud[-1] + 1) / sample_rate),),
                             duration_s=duration)

    def _next(
        self, duration: float, cancel: CancelToken | None, progress: ProgressCallback | None
    ) -> Transcript:
        text = self.transcripts.popleft() if self.transcripts else ""
        if cancel is not None and cancel.wait(self.delay):
            raise Cancelled()
        if progress is not None:
            progress(Progress(done=round(duration), total=round(duration), stage="transcribing"))
        segments = (TranscriptSegment(start_s=0.0, end_s=duration, text=text),) if text else ()
        return Transcript(language="en", segments=segments, duration_s=duration, model="tiny.en")
