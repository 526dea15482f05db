"""One chat turn: store the question, fit the history into the window, stream, store the reply.

The reply is stored even when the user stops it half-way, so nothing said is lost; a failure
before the first token leaves only the question, which the user can resend.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from engine.cancel import CancelToken
from engine.chat.context_window import fit_turns
from engine.chat.model_slot import ModelSlot
from engine.chat.store import ConversationStore
from engine.config import Settings
from engine.llm.base import ChatModel, ChatTurn
from engine.types import AnswerDelta, Message, Role, Usage


class ChatSession:
    """Runs conversation turns against the loaded model. Blocking; one turn at a time."""

    def __init__(
        self, store: ConversationStore, models: ModelSlot, settings: Callable[[], Settings]
    ) -> None:
        self._store = store
        self._models = models
        self._settings = settings

    def stream_reply(
        self, conversation_id: int, text: str, cancel: CancelToken | None = None
    ) -> Iterator[AnswerDelta]:
        """Add the user's message, then stream and store the assistant's reply.

        Raises:
            NotFoundError: no such conversation.
            ModelError: the chat model cannot be loaded.
        """
        settings = self._settings()
        model = self._models.get(settings.model)
        self._store.add_message(conversation_id, Role.USER, text)
        history = self._store.messages(conversation_id)
        yield from self._stream_and_store(conversation_id, model, history, settings, cancel)

    def stream_answer(
        self, question: str, cancel: CancelToken | None = None
    ) -> Iterator[AnswerDelta]:
        """A one-shot answer that is not stored (the `lanthorn ask` path)."""
        settings = self._settings()
        model = self._models.get(settings.model)
        turns = self._turns(settings, [ChatTurn(Role.USER.value, question)], model)
        yield from model.stream(turns, settings.sampling, cancel)

    def _stream_and_store(
        self,
        conversation_id: int,
        model: ChatModel,
        history: list[Message],
        settings: Settings,
        cancel: CancelToken | None,
    ) -> Iterator[AnswerDelta]:
        turns = self._turns(settings, [ChatTurn(m.role.value, m.text) for m in history], model)
        pieces: list[str] = []
        usage: Usage | None = None
        final: AnswerDelta | None = None
        try:
            for delta in model.stream(turns, settings.sampling, cancel):
                if delta.done:
                    final, usage = delta, delta.usage
                    break
                pieces.append(delta.text)
                yield delta
        finally:
            stored = self._store_reply(conversation_id, model, "".join(pieces), usage)
        if final is not None:
            yield AnswerDelta(
                done=True,
                finish_reason=final.finish_reason,
                usage=usage,
                message_id=stored.id if stored else None,
            )

    def _store_reply(
        self, conversation_id: int, model: ChatModel, text: str, usage: Usage | None
    ) -> Message | None:
        if not text.strip():
            return None
        return self._store.add_message(
            conversation_id,
            Role.ASSISTANT,
            text,
            model=model.info.name,
            prompt_tokens=usage.prompt_tokens if usage else None,
            completion_tokens=usage.completion_tokens if usage else None,
        )

    @staticmethod
    def _turns(settings: Settings, turns: list[ChatTurn], model: ChatModel) -> list[ChatTurn]:
        system = [ChatTurn(Role.SYSTEM.value, settings.system_prompt)]
        budget = min(settings.sampling.max_tokens, model.context_size // 2)
        return fit_turns(model, system + turns, budget)
