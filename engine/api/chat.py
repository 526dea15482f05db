"""`engine.chat`: answers and summaries, streamed."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from engine.api.changes import ChangeHub
from engine.cancel import CancelToken
from engine.errors import UserInputError
from engine.types import AnswerDelta, Changes, ProgressCallback, Source, SourceGroup

if TYPE_CHECKING:
    from engine.chat.session import ChatSession


class Chat:
    """Streams answers as `AnswerDelta`s; the last delta has `done=True`.

    Every method returns a blocking generator: consume it on a worker thread. A cancel lands
    within a second in every phase (retrieval, prompt evaluation, writing); what was written is
    kept. The generators raise NotFoundError (unknown conversation or source), UserInputError
    (empty text, nothing to regenerate), ModelError (the model cannot be loaded) and
    GenerationError (the model failed part-way).
    """

    def __init__(
        self,
        session: Callable[[], ChatSession],
        hub: ChangeHub,
        groups: Callable[[int], tuple[SourceGroup, list[Source]]] | None = None,
    ) -> None:
        """Answers through the session `session()` gives (made on first use).

        `groups` finds a playlist and its videos by id (the knowledge part's `get_group`).
        """
        self._session = session
        self._hub = hub
        self._groups = groups

    def stream_reply(
        self,
        conversation_id: int,
        text: str,
        cancel: CancelToken | None = None,
        *,
        use_knowledge: bool = True,
    ) -> Iterator[AnswerDelta]:
        """Store `text` as the user's turn and stream the stored reply, grounded when possible.

        The last delta carries the stored message id, `citations` and `covered`.
        """
        if not text.strip():
            raise UserInputError("The message is empty.")
        return self._stored(
            self._session().stream_reply(conversation_id, text, cancel, use_knowledge=use_knowledge)
        )

    def stream_answer(
        self, question: str, cancel: CancelToken | None = None, *, use_knowledge: bool = True
    ) -> Iterator[AnswerDelta]:
        """A one-shot answer, not stored (`lanthorn ask`)."""
        if not question.strip():
            raise UserInputError("The question is empty.")
        return self._session().stream_answer(question, cancel, use_knowledge=use_knowledge)

    def regenerate(
        self,
        conversation_id: int,
        cancel: CancelToken | None = None,
        progress: ProgressCallback | None = None,
    ) -> Iterator[AnswerDelta]:
        """Replace the last reply: the last question is answered again, a summary redone."""
        return self._stored(self._session().regenerate_reply(conversation_id, cancel, progress))

    def edit_and_resend(
        self, conversation_id: int, message_id: int, text: str, cancel: CancelToken | None = None
    ) -> Iterator[AnswerDelta]:
        """Replace one of the user's messages, drop what followed it, and answer it again."""
        return self._stored(
            self._session().edit_and_resend(conversation_id, message_id, text, cancel)
        )

    def answer_from_general_knowledge(
        self, conversation_id: int, cancel: CancelToken | None = None
    ) -> Iterator[AnswerDelta]:
        """After a "not covered" reply: answer from the model's own knowledge, marked as such."""
        return self._stored(self._session().answer_from_general_knowledge(conversation_id, cancel))

    def stream_summary(
        self,
        source_id: int,
        cancel: CancelToken | None = None,
        progress: ProgressCallback | None = None,
        *,
        conversation_id: int | None = None,
        request: str = "",
    ) -> Iterator[AnswerDelta]:
        """Summarize a whole source, every point citing its pages or seconds.

        Long: shows progress with an ETA. With a `conversation_id` the request (`request`, or
        "Summarize <title>") and the summary are stored there, marked as a summary, so
        regenerating it summarizes again. Raises UserInputError when the source is not ready.
        """
        deltas = self._session().stream_summary(
            source_id, cancel, progress, conversation_id=conversation_id, request=request
        )
        return deltas if conversation_id is None else self._stored(deltas)

    def stream_playlist_summary(
        self,
        group_id: int,
        cancel: CancelToken | None = None,
        progress: ProgressCallback | None = None,
    ) -> Iterator[AnswerDelta]:
        """Summarize a playlist: each indexed video (citing its seconds), then the whole.

        Long: one summary per video, with progress. Videos that are not indexed are listed
        with their reason at the end. Not stored in a conversation. Raises NotFoundError (no
        such playlist), UserInputError (no knowledge base).
        """
        if self._groups is None:
            raise UserInputError("There is no knowledge base to summarize from.")
        group, videos = self._groups(group_id)
        return self._session().stream_playlist_summary(group, videos, cancel, progress)

    def _stored(self, deltas: Iterator[AnswerDelta]) -> Iterator[AnswerDelta]:
        """Pass the deltas through; once the stream ends, tell listeners messages changed."""
        try:
            yield from deltas
        finally:
            self._hub.publish(Changes(conversations=True, messages=True))
