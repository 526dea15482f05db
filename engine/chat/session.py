"""Chat turns: store the question, ground it in the documents, stream, store the reply.

A turn searches the knowledge base when it has ready sources (a plain chat otherwise, with no
embedding model loaded). When nothing is relevant enough, the reply says the documents do not
cover the question, without running the model at all; `answer_from_general_knowledge` then
answers it from the model's own knowledge, clearly marked. Each stored answer keeps the sources
and citations it used (migration 0003); `list_messages` restores them.

The reply is stored even when the user stops it half-way, so nothing said is lost; a failure
before the first token leaves only the question, which the user can resend.

Evidence first: right after the search (a few milliseconds more) the sentences that most likely
answer are sent on a delta of their own, before the model is loaded or reads anything
(`engine.chat.evidence`); they are stored with the answer (migration 0009).

No wait is silent: each stream announces its phases (searching, loading the model, reading n
passages, writing, summarizing) as deltas without text. A stop lands between retrieval steps,
after a model load (the loaded model is kept), and inside the model's running decode, prompt or
token (llama.cpp's abort callback, see `engine.llm.abort`). A "not covered" reply names the
sources still being indexed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Generator, Iterator, Sequence
from typing import TYPE_CHECKING

from engine.cancel import CancelToken
from engine.chat import citations as cite
from engine.chat import evidence
from engine.chat.answer_records import AnswerRecords, Grounding
from engine.chat.answer_texts import (
    general_label,
    not_covered_text,
    still_indexing_text,
    without_notes,
)
from engine.chat.grounded import GroundedRun
from engine.chat.model_slot import ModelSlot
from engine.chat.prompt import assemble
from engine.chat.retrieval import (
    KnowledgeLike,
    KnowledgeProvider,
    Retrieval,
    Retriever,
    has_ready_sources,
    still_indexing,
)
from engine.chat.store import ConversationStore
from engine.config import ModelSettings, Settings
from engine.errors import Cancelled, NotFoundError, UserInputError
from engine.llm.base import ChatModel, ChatTurn
from engine.llm.remote import RemoteEndpoint
from engine.storage.db import Database
from engine.types import (
    AnswerDelta,
    AnswerPhase,
    Citation,
    Message,
    ProgressCallback,
    Role,
    Source,
    SourceGroup,
)

if TYPE_CHECKING:  # numpy and FAISS load with the first summary, not with the engine
    from engine.chat.summarize import Summarizer


class ChatSession:
    """Runs conversation turns against the loaded model. Blocking; one turn at a time."""

    def __init__(
        self,
        store: ConversationStore,
        models: ModelSlot,
        settings: Callable[[], Settings],
        *,
        db: Database,
        knowledge: KnowledgeProvider | None = None,
        model_for: Callable[[int | None], ModelSettings | RemoteEndpoint] | None = None,
    ) -> None:
        """Set up turns over `store`; `db` is the database the store uses.

        `knowledge` opens the knowledge base lazily when a turn first needs it; None (or a
        callable returning None) means chat without documents (and no summaries). `model_for`
        names the model a conversation's turns use (None: one-shot); without it, the settings'.
        """
        self._store = store
        self._models = models
        self._settings = settings
        self._model_for = model_for or (lambda _conversation: self._settings().model)
        self._knowledge = knowledge
        self._records = AnswerRecords(db)

    # ------------------------------------------------------------------ turns
    def stream_reply(
        self,
        conversation_id: int,
        text: str,
        cancel: CancelToken | None = None,
        *,
        use_knowledge: bool = True,
    ) -> Iterator[AnswerDelta]:
        """Add the user's message, then stream and store the reply (grounded when possible).

        The final delta has `done=True`, the stored `message_id`, `citations` and `covered`.

        Raises:
            NotFoundError: no such conversation.
            ModelError: the chat or embedding model cannot be loaded.
        """
        self._store.add_message(conversation_id, Role.USER, text)
        yield from self._reply(conversation_id, use_knowledge, cancel)

    def stream_answer(
        self, question: str, cancel: CancelToken | None = None, *, use_knowledge: bool = True
    ) -> Iterator[AnswerDelta]:
        """A one-shot answer that is not stored (the `lanthorn ask` path)."""
        yield from self._turn(question, [], use_knowledge, cancel, None)

    def regenerate_reply(
        self,
        conversation_id: int,
        cancel: CancelToken | None = None,
        progress: ProgressCallback | None = None,
    ) -> Iterator[AnswerDelta]:
        """Drop the reply to the last question and answer that question again.

        When that reply was a summary, the source is summarized again (with `progress`).

        Raises:
            NotFoundError: no such conversation (or the summarized source is gone).
            UserInputError: the conversation has no question yet.
        """
        question = self._last_question(conversation_id)
        summarized = self._summarized_after(conversation_id, question.id)
        self._store.delete_messages_after(conversation_id, question.id)
        if summarized is None:
            yield from self._reply(conversation_id, True, cancel)
        else:
            yield from self._summary_into(conversation_id, summarized, question.text, cancel,
                                          progress)

    def edit_and_resend(
        self, conversation_id: int, message_id: int, text: str, cancel: CancelToken | None = None
    ) -> Iterator[AnswerDelta]:
        """Replace one of the user's messages, drop everything after it, and answer it.

        Raises:
            NotFoundError: no such conversation or message in it.
            UserInputError: the message is not the user's, or the text is empty.
        """
        if not text.strip():
            raise UserInputError("The message is empty.")
        message = self._message(conversation_id, message_id)
        if message.role is not Role.USER:
            raise UserInputError(
                "Only your own messages can be edited.", hint="Pick one of your questions."
            )
        self._store.update_message(message_id, text)
        self._store.delete_messages_after(conversation_id, message_id)
        yield from self._reply(conversation_id, True, cancel)

    def answer_from_general_knowledge(
        self, conversation_id: int, cancel: CancelToken | None = None
    ) -> Iterator[AnswerDelta]:
        """Answer the last question from the model's own knowledge, marked as such.

        Replaces the reply that said the documents do not cover it. Every delta has
        `general_knowledge=True`.

        Raises:
            NotFoundError: no such conversation.
            UserInputError: the conversation has no question yet.
        """
        question = self._last_question(conversation_id)
        self._store.delete_messages_after(conversation_id, question.id)
        yield from self._general(conversation_id, question.text, cancel)

    def list_messages(self, conversation_id: int) -> list[Message]:
        """A conversation's messages, oldest first, each answer with its citations restored.

        Raises:
            NotFoundError: no such conversation.
        """
        return self._records.restore(conversation_id, self._store.messages(conversation_id))

    def stream_summary(
        self,
        source_id: int,
        cancel: CancelToken | None = None,
        progress: ProgressCallback | None = None,
        *,
        conversation_id: int | None = None,
        request: str = "",
    ) -> Iterator[AnswerDelta]:
        """Summarize a whole source with page citations (see `engine.chat.summarize`).

        With a `conversation_id` the request (`request`, or "Summarize <title>") and the
        summary are stored there like a question and its answer, citations included, so the
        summary is in the history and follow-up questions can build on it. A cancelled
        summary keeps what was written.

        Raises:
            NotFoundError: no such source or conversation. UserInputError: not indexed yet.
        """
        knowledge = self._require_knowledge()
        if conversation_id is None:
            try:
                yield from self._load_for_summary(None, cancel)
            except Cancelled:
                yield AnswerDelta(done=True, finish_reason="cancelled")
                return
            yield from self._summarizer(knowledge, [], None).stream(source_id, cancel, progress)
            return
        title = knowledge.ready_source(source_id).title
        self._store.add_message(conversation_id, Role.USER, request or f"Summarize {title}")
        yield from self._summary_into(conversation_id, source_id, request, cancel, progress)

    def stream_playlist_summary(
        self,
        group: SourceGroup,
        videos: Sequence[Source],
        cancel: CancelToken | None = None,
        progress: ProgressCallback | None = None,
    ) -> Iterator[AnswerDelta]:
        """Summarize each indexed video of a playlist, then the playlist as a whole.

        See `engine.chat.playlist_summary`; not stored in a conversation.
        """
        from engine.chat import playlist_summary

        summarizer = self._summarizer(self._require_knowledge(), [], None)
        yield from playlist_summary.stream(summarizer, group, videos, cancel, progress)

    def _summary_into(
        self,
        conversation_id: int,
        source_id: int,
        request: str,
        cancel: CancelToken | None,
        progress: ProgressCallback | None,
    ) -> Iterator[AnswerDelta]:
        """Stream a summary after the request already stored, and store it as a summary."""
        used: list[ChatModel] = []
        summarizer = self._summarizer(self._require_knowledge(), used, conversation_id)
        pieces: list[str] = []
        final = AnswerDelta(done=True, finish_reason="cancelled")
        try:
            yield from self._load_for_summary(conversation_id, cancel)
        except Cancelled:
            yield final
            return
        try:
            for delta in summarizer.stream(source_id, cancel, progress):
                if delta.done:
                    final = delta
                else:
                    pieces.append(delta.text)
                    yield delta
        finally:
            text, name = "".join(pieces), used[-1].info.name if used else None
            message_id = self._save_summary(
                conversation_id, source_id, text, name, final
            )
        yield dataclasses.replace(final, message_id=message_id, covered=True)

    def _load_for_summary(
        self, conversation_id: int | None, cancel: CancelToken | None
    ) -> Iterator[AnswerDelta]:
        """Announce SUMMARIZING (and LOADING_MODEL first when the model is not in memory)."""
        yield from self._load(self._model_for(conversation_id), cancel or CancelToken())
        yield AnswerDelta(phase=AnswerPhase.SUMMARIZING)

    def _summarizer(
        self, knowledge: KnowledgeLike, used: list[ChatModel], conversation_id: int | None
    ) -> Summarizer:
        from engine.chat.summarize import Summarizer

        settings = self._settings()

        def model() -> ChatModel:
            used.append(self._models.get(self._model_for(conversation_id)))
            return used[-1]

        return Summarizer(knowledge, model, settings)

    def _require_knowledge(self) -> KnowledgeLike:
        knowledge = self._knowledge() if self._knowledge is not None else None
        if knowledge is None:
            raise UserInputError("There is no knowledge base to summarize from.")
        return knowledge

    def _summarized_after(self, conversation_id: int, question_id: int) -> int | None:
        """The source summarized by the reply to `question_id`, if that reply is a summary."""
        groundings = self._records.groundings(conversation_id)
        for message in self._store.messages(conversation_id):
            grounding = groundings.get(message.id)
            if message.id > question_id and grounding is not None:
                return grounding.summary_of
        return None

    # ------------------------------------------------------------------ internals
    def _reply(
        self, conversation_id: int, use_knowledge: bool, cancel: CancelToken | None
    ) -> Iterator[AnswerDelta]:
        history = self._store.messages(conversation_id)
        question, earlier = history[-1], history[:-1]
        turns = self._history_turns(conversation_id, earlier)
        yield from self._turn(question.text, turns, use_knowledge, cancel, conversation_id)

    def _turn(
        self,
        question: str,
        history: Sequence[ChatTurn],
        use_knowledge: bool,
        cancel: CancelToken | None,
        conversation_id: int | None,
    ) -> Iterator[AnswerDelta]:
        settings = self._settings()
        cancel = cancel or CancelToken()
        target = self._model_for(conversation_id)
        self._models.check(target)
        retrieval: Retrieval | None = None
        shown: tuple[Citation, ...] = ()
        try:
            knowledge = self._open_knowledge() if use_knowledge else None
            if knowledge is not None:
                yield AnswerDelta(phase=AnswerPhase.SEARCHING)
                retrieval = _retrieve(knowledge, question, history, settings, cancel)
            if knowledge is not None and retrieval is not None and not retrieval.covered:
                yield from self._not_covered(question, retrieval, conversation_id, knowledge)
                return
            shown = evidence.pick(retrieval.query, retrieval.passages, retrieval.weights) \
                if retrieval is not None else ()
            if shown:
                yield AnswerDelta(evidence=shown)
            model = yield from self._load(target, cancel)
        except Cancelled:
            yield AnswerDelta(done=True, finish_reason="cancelled")
            return
        passages = retrieval.passages if retrieval is not None else ()
        budget = _reply_budget(model, settings)
        prompt = assemble(model, settings.system_prompt, history, question, passages, budget)
        covered = None if retrieval is None else True
        run = GroundedRun(model, prompt, question, covered)
        message_id: int | None = None
        try:
            yield from run.stream(settings.sampling, cancel)
        finally:
            if conversation_id is not None:
                query = retrieval.query if retrieval is not None else ""
                grounding = Grounding(covered=covered, query=query, stopped=_stopped(run))
                message_id = self._save(conversation_id, model, run, grounding, shown)
        yield AnswerDelta(
            done=True,
            finish_reason=run.finish_reason,
            usage=run.usage,
            message_id=message_id,
            citations=run.citations,
            covered=covered,
            evidence=shown,
        )

    def _load(
        self, target: ModelSettings | RemoteEndpoint, cancel: CancelToken
    ) -> Generator[AnswerDelta, None, ChatModel]:
        """Yield LOADING_MODEL when the model must be loaded first; return the model.

        A load cannot be interrupted; a cancel during it lands as soon as it ends, and the
        loaded model stays in the slot for the next answer.

        Raises:
            Cancelled: `cancel` was set before or during the load.
        """
        if not self._models.is_loaded(target):
            yield AnswerDelta(phase=AnswerPhase.LOADING_MODEL)
        cancel.raise_if_cancelled()
        model = self._models.get(target)
        cancel.raise_if_cancelled()
        return model

    def _open_knowledge(self) -> KnowledgeLike | None:
        knowledge = self._knowledge() if self._knowledge is not None else None
        if knowledge is None or not has_ready_sources(knowledge):
            return None
        return knowledge

    def _not_covered(
        self,
        question: str,
        retrieval: Retrieval,
        conversation_id: int | None,
        knowledge: KnowledgeLike,
    ) -> Iterator[AnswerDelta]:
        """Say the documents do not cover it, naming the sources not searchable yet.

        The names and progress are written into the text itself, so a reopened conversation
        shows them as they were; the final delta lists those sources (`indexing`).
        """
        waiting = still_indexing(knowledge)
        text = not_covered_text(question)
        if waiting:
            text += "\n\n" + still_indexing_text(question, waiting)
        message_id = None
        if conversation_id is not None:  # stored first: the reader may stop reading any time
            stored = self._store.add_message(conversation_id, Role.ASSISTANT, text)
            self._records.save(stored.id, Grounding(covered=False, query=retrieval.query))
            message_id = stored.id
        yield AnswerDelta(text=text, covered=False)
        yield AnswerDelta(
            done=True, finish_reason="stop", message_id=message_id, covered=False,
            indexing=waiting, coverage=retrieval.verdict,
        )

    def _general(
        self, conversation_id: int, question: str, cancel: CancelToken | None
    ) -> Iterator[AnswerDelta]:
        settings = self._settings()
        cancel = cancel or CancelToken()
        try:
            model = yield from self._load(self._model_for(conversation_id), cancel)
        except Cancelled:
            yield AnswerDelta(done=True, finish_reason="cancelled", general_knowledge=True)
            return
        history = self._store.messages(conversation_id)
        turns = self._history_turns(conversation_id, history[:-1])
        prompt = assemble(model, settings.system_prompt, turns, question, (), _reply_budget(
            model, settings))
        label = general_label(question)
        yield AnswerDelta(text=label, general_knowledge=True)
        run = GroundedRun(model, prompt, question, None)
        message_id: int | None = None
        try:
            for delta in run.stream(settings.sampling, cancel):
                yield dataclasses.replace(delta, general_knowledge=True)
        finally:
            if run.text.strip():  # a label alone (stopped before the first word) is not kept
                run.text = label + run.text
                general = Grounding(covered=False, general_knowledge=True, stopped=_stopped(run))
                message_id = self._save(conversation_id, model, run, general)
        yield AnswerDelta(
            done=True, finish_reason=run.finish_reason, usage=run.usage, message_id=message_id,
            covered=False, general_knowledge=True,
        )

    def _save(
        self,
        conversation_id: int,
        model: ChatModel,
        run: GroundedRun,
        grounding: Grounding,
        shown: Sequence[Citation] = (),
    ) -> int | None:
        if not run.text.strip():
            return None
        usage = run.usage
        stored = self._store.add_message(
            conversation_id,
            Role.ASSISTANT,
            run.text,
            model=model.info.name,
            prompt_tokens=usage.prompt_tokens if usage else None,
            completion_tokens=usage.completion_tokens if usage else None,
        )
        self._records.save(stored.id, grounding, run.prompt.passages, run.citations, shown)
        return stored.id

    def _save_summary(
        self,
        conversation_id: int,
        source_id: int,
        text: str,
        model: str | None,
        final: AnswerDelta,
    ) -> int | None:
        if not text.strip():
            return None
        stored = self._store.add_message(conversation_id, Role.ASSISTANT, text, model=model)
        stopped = final.finish_reason == "cancelled"
        grounding = Grounding(covered=True, summary_of=source_id, stopped=stopped)
        self._records.save(stored.id, grounding, (), final.citations)
        return stored.id

    def _history_turns(self, conversation_id: int, messages: Sequence[Message]) -> list[ChatTurn]:
        """Earlier messages as the model sees them, without "not covered" notices.

        Markers of old answers are dropped too: their numbers meant other sources.
        """
        groundings = self._records.groundings(conversation_id)
        turns = []
        for m in messages:
            grounding = groundings.get(m.id)
            notice = grounding is not None and grounding.covered is False
            if notice and grounding is not None and not grounding.general_knowledge:
                continue
            text = m.text
            if m.role is Role.ASSISTANT:
                text = without_notes(cite.strip_markers(text))
            turns.append(ChatTurn(m.role.value, text))
        return turns

    def _last_question(self, conversation_id: int) -> Message:
        for message in reversed(self._store.messages(conversation_id)):
            if message.role is Role.USER:
                return message
        raise UserInputError(
            "This conversation has no question to answer yet.", hint="Ask something first."
        )

    def _message(self, conversation_id: int, message_id: int) -> Message:
        for message in self._store.messages(conversation_id):
            if message.id == message_id:
                return message
        raise NotFoundError(
            f"Message {message_id} is not part of conversation {conversation_id}.",
            hint="Reload the conversation and try again.",
        )


def _stopped(run: GroundedRun) -> bool:
    """Whether the person stopped the answer before the model finished it."""
    return run.finish_reason == "cancelled"


def _reply_budget(model: ChatModel, settings: Settings) -> int:
    """Tokens kept free for the answer; the model keeps the same room (see LlamaChatModel)."""
    return min(settings.sampling.max_tokens, model.context_size // 4)


def _retrieve(
    knowledge: KnowledgeLike,
    question: str,
    history: Sequence[ChatTurn],
    settings: Settings,
    cancel: CancelToken,
) -> Retrieval:
    earlier = [t.content for t in history if t.role == Role.USER.value]
    return Retriever(knowledge, settings.knowledge).retrieve(question, earlier, cancel)
