"""The chat: the open conversation, the question box and every answer stream.

All engine calls go through the task runner: generation on the model lane, reads on the I/O
lane. Only the streaming message re-renders, once per coalesced batch; its status line says
what the answer is doing and for how long (`answer_status`). One answer streams at a time;
Stop (or Esc) sets its cancel token, and what came so far stays, marked "Stopped", with
Regenerate (the engine stores it as stopped, so it looks the same after a restart). A summary
started from the documents panel opens a new conversation.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from desktop.chat import ask_again
from desktop.chat.answer_status import AnswerStatus
from desktop.chat.chat_view import ChatView
from desktop.chat.composer import Composer
from desktop.chat.entries import ASSISTANT, USER, Entry, from_message
from desktop.chat.message_widget import MessageWidget
from desktop.formatting import eta_text
from desktop.knowledge.source_row import RowState, document_name
from desktop.speech.voice_input import VoiceInput
from desktop.task_runner import IO, MODEL, Task, TaskRunner
from engine.api import CancelToken, EngineAPI
from engine.errors import Cancelled, NotFoundError
from engine.types import AnswerDelta, Message, Progress, SourceStatus

Deltas = Callable[[CancelToken], Iterator[AnswerDelta]]

log = logging.getLogger(__name__)

TITLE_CHARS = 60


class ChatPanel(QWidget):
    """Conversation view plus composer, and the streams behind them.

    Signals:
        answer_started(): an answer (or summary) began streaming.
        answer_finished(str): the whole text once streaming ended (complete or stopped).
        answer_failed(object): the exception that ended a stream (shown by the window).
        answer_grew(int): the streaming answer's length after a batch of tokens was shown.
        speed_changed(float): tokens per second of the answer being written.
        progress_changed(str): where a long answer (a summary) stands; empty when done.
        conversation_opened(int): the conversation now shown (-1 for a new, empty one).
        busy_changed(bool): an answer started or ended.
    """

    answer_started = Signal()
    answer_finished = Signal(str)
    answer_failed = Signal(object)
    answer_grew = Signal(int)
    speed_changed = Signal(float)
    progress_changed = Signal(str)
    conversation_opened = Signal(int)
    busy_changed = Signal(bool)

    def __init__(
        self, engine: EngineAPI, runner: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._engine = engine
        self._runner = runner
        self.conversation_id: int | None = None
        self._task: Task | None = None
        self._streaming: MessageWidget | None = None
        self._final: AnswerDelta | None = None
        self._stop_requested = False
        self._after_stream: Callable[[], None] | None = None
        self._question = ""
        self._unsent = ""
        self._documents: dict[int, RowState] = {}
        self._ask_when_ready = False  # the last reply is to be asked again once indexed
        self.status = AnswerStatus(self)
        self.status.changed.connect(self._on_status)
        self.status.speed_changed.connect(self.speed_changed)
        self.view = ChatView(self)
        self.composer = Composer(self)
        self.voice = VoiceInput(engine, runner, parent=self)
        self.composer.attach_voice(self.voice)
        self.voice.transcribed.connect(self._on_spoken)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.composer)
        self.composer.send_requested.connect(self.send)
        self.composer.stop_requested.connect(self.stop)
        self.view.regenerate_requested.connect(self.regenerate)
        self.view.edit_submitted.connect(self.edit_and_resend)
        self.view.general_knowledge_requested.connect(self.answer_from_general_knowledge)
        self.view.ask_again_requested.connect(self.ask_again_when_ready)

    def _on_spoken(self, text: str) -> None:
        """A spoken question goes into the box, and is sent at once if the settings say so."""
        self.composer.add_spoken(text)
        if self._engine.settings().speech.send_at_once:
            self.composer.submit()

    @property
    def busy(self) -> bool:
        """Whether an answer is streaming."""
        return self._task is not None

    # ------------------------------------------------------------------ conversations
    def new_conversation(self) -> None:
        """Show an empty chat; the conversation is created with the first question."""
        if self.busy:
            self._after_stream = self.new_conversation
            self.stop()
            return
        self.conversation_id = None
        self._ask_when_ready = False
        self.view.clear()
        self.conversation_opened.emit(-1)
        self.composer.question.setFocus()

    def open_conversation(self, conversation_id: int) -> None:
        """Load and show a stored conversation (off the GUI thread)."""
        if self.busy:
            self._after_stream = lambda: self.open_conversation(conversation_id)
            self.stop()
            return
        if conversation_id != self.conversation_id:
            self.reload(conversation_id)

    def reload(self, conversation_id: int) -> None:
        """Show `conversation_id` as stored."""
        if conversation_id != self.conversation_id:
            self._ask_when_ready = False
        self.conversation_id = conversation_id
        engine, listed = self._engine, set(self._documents)

        def read(_cancel: CancelToken) -> tuple[list[Message], dict[int, str]]:
            messages = engine.conversations.list_messages(conversation_id)
            return messages, _summarized_names(engine, messages, listed)

        self._runner.run(
            read,
            lambda found: self._on_messages_loaded(conversation_id, *found),
            self.answer_failed.emit,
            lane=IO,
            context=self,
        )

    def forget_conversation(self, conversation_id: int) -> None:
        """The conversation was deleted elsewhere: empty the view if it was open."""
        if conversation_id == self.conversation_id:
            self.new_conversation()

    def _on_messages_loaded(
        self, conversation_id: int, messages: list[Message], names: dict[int, str]
    ) -> None:
        if conversation_id != self.conversation_id:
            return
        entries = [from_message(m) for m in messages]
        for entry in entries:
            self._name_summary(entry, names)
        self.view.show_entries(entries)
        self._refresh_offer()
        self._restore_unsent(messages)
        self.conversation_opened.emit(conversation_id)

    def _restore_unsent(self, messages: list[Message]) -> None:
        """A question the engine did not store goes back into the box: nothing typed is lost."""
        text, self._unsent = self._unsent, ""
        if not text or self.composer.question.toPlainText().strip():
            return
        last = messages[-1] if messages else None
        if last is None or from_message(last).role != USER or last.text != text:
            self.composer.question.setPlainText(text)

    # ------------------------------------------------------------------ asking
    def send(self, text: str, use_knowledge: bool = True) -> None:
        """Ask `text` in the open conversation (creating it first when new)."""
        if self.busy or not text.strip():
            return
        self.view.append(Entry(USER, text))
        self._question = text
        engine, title = self._engine, text.strip().splitlines()[0][:TITLE_CHARS]
        known_id = self.conversation_id

        def deltas(cancel: CancelToken) -> Iterator[AnswerDelta]:
            cid = known_id
            if cid is None:
                cid = engine.conversations.create(title).id
                self._runner.deliver(lambda: self._on_created(cid), self)
            return engine.chat.stream_reply(cid, text, cancel, use_knowledge=use_knowledge)

        self._start(deltas, Entry(ASSISTANT, streaming=True))

    def _on_created(self, conversation_id: int) -> None:
        self.conversation_id = conversation_id
        self.conversation_opened.emit(conversation_id)

    def regenerate(self) -> None:
        """Replace the last answer with a new one; a summary is summarized again."""
        messages = self.view.messages()
        if self.busy or self.conversation_id is None or not messages:
            return
        last = messages[-1].entry
        entry = Entry(ASSISTANT, streaming=True)
        if last.role == ASSISTANT:
            entry.summary_of, entry.heading = last.summary_of, last.heading
            self.view.remove_from(messages[-1])
        relay = None
        if entry.summary_of is not None:
            relay = self._runner.progress_relay(
                lambda p: self._on_summary_progress("", p), context=self
            )
        cid, engine = self.conversation_id, self._engine
        self._start(lambda cancel: engine.chat.regenerate(cid, cancel, relay), entry)

    def edit_and_resend(self, message_id: int, text: str) -> None:
        """Change an earlier question; the answers after it are replaced."""
        widget = next((m for m in self.view.messages() if m.entry.message_id == message_id), None)
        if self.busy or self.conversation_id is None or widget is None:
            return
        later = self.view.messages()
        index = later.index(widget)
        if index + 1 < len(later):
            self.view.remove_from(later[index + 1])
        widget.entry.text = text
        widget.refresh()
        cid, engine = self.conversation_id, self._engine
        self._start(
            lambda cancel: engine.chat.edit_and_resend(cid, message_id, text, cancel),
            Entry(ASSISTANT, streaming=True),
        )

    def answer_from_general_knowledge(self) -> None:
        """The documents did not cover the question: answer from the model, marked as such."""
        if self.busy or self.conversation_id is None:
            return
        messages = self.view.messages()
        if messages and messages[-1].entry.role == ASSISTANT:  # the engine replaces it too
            self.view.remove_from(messages[-1])
        cid, engine = self.conversation_id, self._engine
        self._start(
            lambda cancel: engine.chat.answer_from_general_knowledge(cid, cancel),
            Entry(ASSISTANT, streaming=True, general_knowledge=True),
        )

    def summarize(self, source_id: int, name: str) -> None:
        """Summarize a whole source into a new conversation (stored there, with citations)."""
        if self.busy:
            self._after_stream = lambda: self.summarize(source_id, name)
            self.stop()
            return
        self.new_conversation()
        request = self.tr("Summarize {name}").format(name=name)
        self.view.append(Entry(USER, request))
        engine = self._engine
        relay = self._runner.progress_relay(
            lambda p: self._on_summary_progress(name, p), context=self
        )

        def deltas(cancel: CancelToken) -> Iterator[AnswerDelta]:
            cid = engine.conversations.create(request[:TITLE_CHARS]).id
            self._runner.deliver(lambda: self._on_created(cid), self)
            return engine.chat.stream_summary(
                source_id, cancel, relay, conversation_id=cid, request=request
            )

        heading = self.tr("Summary of {name}").format(name=name)
        entry = Entry(ASSISTANT, streaming=True, heading=heading, summary_of=source_id)
        self._start(deltas, entry)

    def _on_summary_progress(self, title: str, progress: Progress) -> None:
        """Where a summary stands (`title` may be unknown: a summary reopened from storage)."""
        if not self.busy:
            return
        total = progress.total or "?"
        if title:
            text = self.tr("Summarizing {title}: {done}/{total}").format(
                title=title, done=progress.done, total=total
            )
        else:
            text = self.tr("Summarizing: {done}/{total}").format(done=progress.done, total=total)
        eta = eta_text(progress.eta_s)
        self.progress_changed.emit(f"{text} · {eta}" if eta else text)
        self.status.summary_progress(progress)

    def stop(self) -> None:
        """Stop the answer being written; the part already shown is kept, marked stopped."""
        if self._task is not None:
            self._stop_requested = True
            self._task.cancel()

    # ------------------------------------------------------------------ documents
    def set_documents(self, states: Sequence[RowState]) -> None:
        """The documents panel's rows: names for summaries, progress for "ask again"."""
        self._documents = {s.source_id: s for s in states if s.source_id is not None}
        ready = sum(1 for s in states if s.status is SourceStatus.READY)
        self.view.set_document_count(ready)
        self._refresh_offer()

    def _name_summary(self, entry: Entry, names: dict[int, str]) -> None:
        """A reopened summary names its source, as it did when it was written."""
        if entry.summary_of is not None and not entry.heading:
            known = self._documents.get(entry.summary_of)
            name = known.name if known is not None else names.get(entry.summary_of)
            if name is not None:
                entry.heading = self.tr("Summary of {name}").format(name=name)

    def ask_again_when_ready(self) -> None:
        """Answer the last question again once the documents it waited for are indexed."""
        self._ask_when_ready = True
        self._refresh_offer()

    def _refresh_offer(self) -> None:
        """Show (or act on) the "ask again" offer under the last "not covered" reply."""
        messages = self.view.messages()
        last = messages[-1] if messages else None
        if last is None or self.busy:
            return
        entry = last.entry
        uncovered = entry.covered is False and not entry.general_knowledge
        if uncovered and entry.restored and not entry.indexing:
            entry.indexing = ask_again.waiting_ids(self._documents)
        ids = entry.indexing if uncovered and entry.role == ASSISTANT else ()
        if self._ask_when_ready and ids and not ask_again.pending(ids, self._documents):
            self._ask_when_ready = False
            self.regenerate()
            return
        shown = ask_again.offer(ids, self._documents, self._ask_when_ready)
        last.set_indexing(shown.note, shown.button, shown.waiting)

    # ------------------------------------------------------------------ streaming
    def _start(self, deltas: Deltas, entry: Entry) -> None:
        self._streaming = self.view.append(entry)
        self._final, self._stop_requested, self._ask_when_ready = None, False, False
        self.status.start()
        self._task = self._runner.stream(
            deltas,
            self._on_deltas,
            self._on_stream_finished,
            self._on_stream_failed,
            lane=MODEL,
            context=self,
        )
        self._set_busy(True)
        self.answer_started.emit()

    def _on_status(self, text: str) -> None:
        if self._streaming is not None:
            self._streaming.set_status(text)

    def _on_deltas(self, deltas: list[AnswerDelta]) -> None:
        widget = self._streaming
        if widget is None:
            return
        pieces = []
        for delta in deltas:
            self.status.feed(delta)
            if delta.evidence and not widget.entry.evidence:
                widget.entry.evidence = delta.evidence
                widget.refresh_evidence()
            if delta.text:
                pieces.append(delta.text)
            if delta.done:
                self._final = delta
        if pieces:
            widget.entry.text += "".join(pieces)
            widget.refresh()
            self.answer_grew.emit(len(widget.entry.text))

    def _on_stream_finished(self) -> None:
        widget, final = self._streaming, self._final
        self.status.finish(final)
        if widget is not None:
            entry = widget.entry
            entry.streaming = False
            stopped = final is not None and final.finish_reason == "cancelled"
            entry.stopped = self._stop_requested or stopped
            if entry.stopped:
                log.info("Answer stopped after %d characters", len(entry.text))
            if final is not None:
                entry.message_id = final.message_id
                entry.citations = final.citations
                entry.covered = final.covered
                entry.general_knowledge = entry.general_knowledge or final.general_knowledge
                entry.indexing = tuple(s.id for s in final.indexing)
            widget.refresh()
            if not entry.text.strip() and not entry.citations and not entry.stopped:
                self.view.remove_from(widget)
        self._end_stream()
        self.answer_finished.emit(widget.entry.text if widget is not None else "")

    def _on_stream_failed(self, exc: BaseException) -> None:
        if isinstance(exc, Cancelled):
            self._on_stream_finished()
            return
        widget = self._streaming
        self.status.finish(None)
        if widget is not None:
            widget.entry.streaming = False
            if widget.entry.text.strip():
                widget.refresh()
            else:
                self.view.remove_from(widget)
        self._unsent = self._question
        if self.conversation_id is None:
            self._restore_unsent([])
        self._end_stream(reload=True)
        self.answer_failed.emit(exc)

    def _end_stream(self, *, reload: bool = False) -> None:
        self._task = None
        self._streaming = None
        self._question = ""
        self.progress_changed.emit("")
        self._set_busy(False)
        then, self._after_stream = self._after_stream, None
        if then is not None:
            then()
        elif reload and self.conversation_id is not None:
            self.reload(self.conversation_id)
        else:
            self._refresh_offer()
            self._sync_ids()

    def _sync_ids(self) -> None:
        """Give freshly stored messages their ids (edit needs them), without re-rendering."""
        cid = self.conversation_id
        if cid is None:
            return
        self._runner.run(
            lambda _c: self._engine.conversations.list_messages(cid),
            lambda messages: self._apply_ids(cid, messages),
            lambda _exc: None,
            lane=IO,
            context=self,
        )

    def _apply_ids(self, cid: int, messages: list[Message]) -> None:
        if cid != self.conversation_id or self.busy:
            return
        shown = [m for m in self.view.messages() if m.entry.text.strip() or not m.entry.stopped]
        for widget, message in zip(reversed(shown), reversed(messages), strict=False):
            widget.entry.message_id = message.id
            widget.show_model(message.model)
            widget.set_actions_enabled(True)

    def _set_busy(self, busy: bool) -> None:
        self.composer.set_busy(busy)
        self.view.set_busy(busy)
        self.busy_changed.emit(busy)


def _summarized_names(
    engine: EngineAPI, messages: list[Message], listed: set[int]
) -> dict[int, str]:
    """The names of the sources `messages` summarize that the documents panel has not listed.

    A chat reopened at start-up is read before the documents are (they load after the first
    paint), and its summaries should be named at once, as they were when written.
    """
    names: dict[int, str] = {}
    for source_id in {m.summary_of for m in messages if m.summary_of is not None} - listed:
        try:
            source = engine.knowledge.get_source(source_id)
        except NotFoundError:
            continue  # removed since: the summary stays "Summary"
        names[source_id] = document_name(source.title, source.path)
    return names
