"""`engine.conversations`: conversations and their stored messages."""

from __future__ import annotations

from engine.api.changes import ChangeHub
from engine.chat import export
from engine.chat.answer_records import AnswerRecords
from engine.chat.store import ConversationStore
from engine.errors import UserInputError
from engine.types import Changes, Conversation, Message, SearchMatch


class Conversations:
    """Create, list, read, rename, delete, search, export and import conversations.

    Every method blocks briefly (SQLite) and is thread-safe. Unknown ids raise NotFoundError;
    a disk that cannot be read or written raises StorageError.

    Reading needs only SQLite (the store and the answer records), not the chat session: the
    window's first paint shows the last chat, and the session's imports (retrieval, prompts,
    model clients) cost ~50 ms of a loaded start-up.
    """

    def __init__(self, store: ConversationStore, records: AnswerRecords, hub: ChangeHub) -> None:
        self._store = store
        self._records = records
        self._hub = hub

    def create(self, title: str = "") -> Conversation:
        """Start an empty conversation ("New conversation" until its first question)."""
        conversation = self._store.create(title)
        self._hub.publish(Changes(conversations=True))
        return conversation

    def get(self, conversation_id: int) -> Conversation:
        """One conversation's header. Raises NotFoundError."""
        return self._store.get(conversation_id)

    def list_recent(self, limit: int | None = None) -> list[Conversation]:
        """Conversations, most recently active first; all of them when `limit` is None."""
        return self._store.list(limit)

    def list_messages(self, conversation_id: int) -> list[Message]:
        """A conversation's messages, oldest first, answers with citations and grounding.

        Raises NotFoundError.
        """
        self._store.get(conversation_id)
        return self._records.restore(conversation_id, self._store.messages(conversation_id))

    def rename(self, conversation_id: int, title: str) -> Changes:
        """Give a conversation a new title. Raises NotFoundError."""
        return self._hub.publish(self._store.rename(conversation_id, title))

    def delete(self, conversation_id: int) -> Changes:
        """Delete a conversation and its messages. Raises NotFoundError."""
        return self._hub.publish(self._store.delete(conversation_id))

    def search(self, text: str, limit: int = 50) -> list[SearchMatch]:
        """Full-text search across every message; any text is a safe query."""
        return self._store.search(text, limit)

    def export(self, conversation_id: int, fmt: str) -> str:
        """The conversation as Markdown (`md`) or JSON (`json`).

        Raises NotFoundError, or UserInputError for another format.
        """
        conversation = self._store.get(conversation_id)
        messages = self._records.restore(conversation_id, self._store.messages(conversation_id))
        if fmt == "md":
            return export.to_markdown(conversation, messages)
        if fmt == "json":
            return export.to_json(conversation, messages)
        raise UserInputError(f"Unknown export format '{fmt}'.", hint="Use md or json.")

    def import_json(self, text: str) -> Conversation:
        """Restore a conversation from a JSON export. Raises UserInputError on a bad file."""
        conversation = self._store.import_conversation(export.from_json(text))
        self._hub.publish(Changes(conversations=True, messages=True))
        return conversation
