"""Conversations and their messages in SQLite, with full-text search over everything said.

Search and Chinese: the FTS5 index uses the `trigram` tokenizer, so every query term of three
or more characters is a case-insensitive substring match. That is what Chinese needs, being
written without spaces (`unicode61` would index a whole sentence as one token, so a word inside
it could never be found), and it works the same for English. Trigrams cannot see terms of one
or two characters (common in Chinese: 模型, 中国; and English: "AI"), so those are matched by
`LIKE` on the message text: a linear scan, fast enough for a person's chat history (tens of
thousands of messages), and combined with the indexed terms when a query has both.

Queries are untrusted text and are never handed to FTS5 as syntax: they are split on whitespace
into literal terms; each long term becomes a quoted FTS5 string (inner quotes doubled, NULs
dropped) and each short term a `LIKE` pattern with its wildcards escaped. All terms must match.
Results are newest first, and the snippet marks matches with [brackets].

Thread-safe: every call goes through the Database lock. Every write is one transaction, so a
crash or kill mid-write leaves the previous state, and the FTS index changes only with its rows
(triggers in migration 0001).
"""

from __future__ import annotations

import builtins
import dataclasses
import re
import sqlite3
import time
from typing import Any

from engine.chat.export import validate
from engine.errors import NotFoundError, UserInputError
from engine.storage.db import Database
from engine.types import Changes, Conversation, Message, Role, SearchMatch

DEFAULT_TITLE = "New conversation"
TITLE_LENGTH = 60

_TRIGRAM = 3  # the shortest term the trigram index can find
_MAX_TERMS = 32  # a pasted paragraph searches by its first words, not by thousands
_SNIPPET_LENGTH = 120

_CONVERSATION_COLUMNS = """
    c.id, c.title, c.created_at, c.updated_at,
    (SELECT count(*) FROM messages m WHERE m.conversation_id = c.id) AS message_count
"""
_INSERT_MESSAGE = """
    INSERT INTO messages (conversation_id, role, text, created_at, model, prompt_tokens,
                          completion_tokens)
    VALUES (:conversation_id, :role, :text, :created_at, :model, :prompt_tokens,
            :completion_tokens)
"""
_MESSAGE_COLUMNS = """
    id, conversation_id, role, text, created_at, model, prompt_tokens, completion_tokens
"""


class ConversationStore:
    """Conversations and messages on one `Database`. Blocking, thread-safe.

    Every method raises `NotFoundError` for an unknown conversation or message id and
    `StorageError` (from the Database) when the disk cannot be read or written.
    """

    def __init__(self, db: Database) -> None:
        self._db = db

    def create(self, title: str = "") -> Conversation:
        """Start an empty conversation; a blank title becomes "New conversation"."""
        now = time.time()
        title = _one_line(title) or DEFAULT_TITLE
        with self._db.transaction() as conn:
            cursor = conn.execute(
                "INSERT INTO conversations (title, created_at, updated_at) VALUES (?, ?, ?)",
                (title, now, now),
            )
        return Conversation(_rowid(cursor), title, now, now, 0)

    def get(self, conversation_id: int) -> Conversation:
        """One conversation's header with its message count."""
        rows = self._db.query(
            f"SELECT {_CONVERSATION_COLUMNS} FROM conversations c WHERE c.id = ?",
            (conversation_id,),
        )
        if not rows:
            raise _no_conversation(conversation_id)
        return _conversation(rows[0])

    def list(self, limit: int | None = None) -> builtins.list[Conversation]:
        """Conversations, the most recently updated first; all of them when `limit` is None."""
        if limit is not None and limit < 0:
            raise UserInputError(f"A list cannot hold {limit} conversations.")
        rows = self._db.query(
            f"SELECT {_CONVERSATION_COLUMNS} FROM conversations c"
            " ORDER BY c.updated_at DESC, c.id DESC LIMIT ?",
            (-1 if limit is None else limit,),
        )
        return [_conversation(row) for row in rows]

    def rename(self, conversation_id: int, title: str) -> Changes:
        """Give a conversation a new title (blank: the default); its place in the list stays."""
        with self._db.transaction() as conn:
            cursor = conn.execute(
                "UPDATE conversations SET title = ? WHERE id = ?",
                (_one_line(title) or DEFAULT_TITLE, conversation_id),
            )
            if cursor.rowcount == 0:
                raise _no_conversation(conversation_id)
        return Changes(conversations=True)

    def delete(self, conversation_id: int) -> Changes:
        """Delete a conversation with all its messages and their search entries."""
        with self._db.transaction() as conn:
            cursor = conn.execute("DELETE FROM conversations WHERE id = ?", (conversation_id,))
            if cursor.rowcount == 0:
                raise _no_conversation(conversation_id)
        return Changes(conversations=True, messages=True)

    def add_message(
        self,
        conversation_id: int,
        role: Role,
        text: str,
        *,
        model: str | None = None,
        prompt_tokens: int | None = None,
        completion_tokens: int | None = None,
    ) -> Message:
        """Append a message and mark the conversation updated.

        The first user message of a conversation still called "New conversation" also gives it
        a title: the message's first line, cut at a word to at most 60 characters.

        Raises:
            NotFoundError: no such conversation.
            UserInputError: an unknown role, a negative token count, or unencodable text.
        """
        role = _role(role)
        _check_text(text)
        _check_counts(prompt_tokens, completion_tokens)
        now = time.time()
        with self._db.transaction() as conn:
            title = self._title_after_message(conn, conversation_id, role, text)
            message = Message(
                0, conversation_id, role, text, now, model, prompt_tokens, completion_tokens
            )
            cursor = conn.execute(_INSERT_MESSAGE, {**vars(message), "role": role.value})
            conn.execute(
                "UPDATE conversations SET title = ?, updated_at = ? WHERE id = ?",
                (title, now, conversation_id),
            )
        return dataclasses.replace(message, id=_rowid(cursor))

    def update_message(
        self, message_id: int, text: str, *, completion_tokens: int | None = None
    ) -> Message:
        """Replace a message's text (a reply written as it streams); keeps other fields.

        Raises:
            NotFoundError: no such message.
            UserInputError: a negative token count or unencodable text.
        """
        _check_text(text)
        _check_counts(None, completion_tokens)
        with self._db.transaction() as conn:
            cursor = conn.execute(
                "UPDATE messages SET text = ?, completion_tokens = coalesce(?, completion_tokens)"
                " WHERE id = ?",
                (text, completion_tokens, message_id),
            )
            if cursor.rowcount == 0:
                raise NotFoundError(
                    f"Message {message_id} does not exist.",
                    hint="It may have been deleted; reload the conversation.",
                )
            row = conn.execute(
                f"SELECT {_MESSAGE_COLUMNS} FROM messages WHERE id = ?", (message_id,)
            ).fetchone()
            _touch(conn, row["conversation_id"])
        return _message(row)

    def delete_messages_after(self, conversation_id: int, message_id: int) -> Changes:
        """Delete every message that came after `message_id` (kept) in the conversation.

        Raises:
            NotFoundError: no such conversation, or the message is not in it.
        """
        with self._db.transaction() as conn:
            self._require_conversation(conn, conversation_id)
            found = conn.execute(
                "SELECT 1 FROM messages WHERE id = ? AND conversation_id = ?",
                (message_id, conversation_id),
            ).fetchone()
            if found is None:
                raise NotFoundError(
                    f"Message {message_id} is not part of conversation {conversation_id}.",
                    hint="Reload the conversation and try again.",
                )
            conn.execute(
                "DELETE FROM messages WHERE conversation_id = ? AND id > ?",
                (conversation_id, message_id),
            )
            _touch(conn, conversation_id)
        return Changes(conversations=True, messages=True)

    def messages(self, conversation_id: int) -> builtins.list[Message]:
        """All messages of a conversation, oldest first."""
        rows = self._db.query(
            f"SELECT {_MESSAGE_COLUMNS} FROM messages WHERE conversation_id = ? ORDER BY id",
            (conversation_id,),
        )
        if not rows:
            self.get(conversation_id)  # an empty conversation, or NotFoundError
        return [_message(row) for row in rows]

    def search(self, text: str, limit: int = 50) -> builtins.list[SearchMatch]:
        """Messages holding every word of `text` (literally, as substrings), newest first.

        Any text is a valid query: FTS5 syntax in it is searched for, never interpreted.
        """
        terms = _terms(text)
        if not terms or limit <= 0:
            return []
        conditions, params = _match_conditions(terms)
        rows = self._db.query(
            "SELECT m.id, m.conversation_id, m.role, m.text, c.title"
            " FROM messages m JOIN conversations c ON c.id = m.conversation_id"
            f" WHERE {' AND '.join(conditions)}"
            " ORDER BY m.created_at DESC, m.id DESC LIMIT ?",
            (*params, limit),
        )
        return [
            SearchMatch(
                conversation_id=row["conversation_id"],
                conversation_title=row["title"],
                message_id=row["id"],
                role=Role(row["role"]),
                snippet=snippet(row["text"], terms),
            )
            for row in rows
        ]

    def import_conversation(self, data: dict[str, Any]) -> Conversation:
        """Add a conversation from an export document (see `engine.chat.export`) as a new one.

        Raises:
            UserInputError: the document is not a valid export.
        """
        document = validate(data)
        header = document["conversation"]
        with self._db.transaction() as conn:
            cursor = conn.execute(
                "INSERT INTO conversations (title, created_at, updated_at) VALUES (?, ?, ?)",
                (
                    _one_line(header["title"]) or DEFAULT_TITLE,
                    header["created_at"],
                    header["updated_at"],
                ),
            )
            conversation_id = _rowid(cursor)
            conn.executemany(
                _INSERT_MESSAGE,
                [{**m, "conversation_id": conversation_id} for m in document["messages"]],
            )
        return self.get(conversation_id)

    def _title_after_message(
        self, conn: sqlite3.Connection, conversation_id: int, role: Role, text: str
    ) -> str:
        title = self._require_conversation(conn, conversation_id)
        if role is not Role.USER or title != DEFAULT_TITLE:
            return title
        earlier = conn.execute(
            "SELECT 1 FROM messages WHERE conversation_id = ? AND role = 'user' LIMIT 1",
            (conversation_id,),
        ).fetchone()
        return title if earlier else (short_title(text) or title)

    @staticmethod
    def _require_conversation(conn: sqlite3.Connection, conversation_id: int) -> str:
        row = conn.execute(
            "SELECT title FROM conversations WHERE id = ?", (conversation_id,)
        ).fetchone()
        if row is None:
            raise _no_conversation(conversation_id)
        return str(row["title"])


def short_title(text: str, length: int = TITLE_LENGTH) -> str:
    """Make a title of `text`: its first non-blank line, cut at a word to `length` characters."""
    line = next((" ".join(raw.split()) for raw in text.splitlines() if raw.strip()), "")
    if len(line) <= length:
        return line
    cut = line[: length - 1]
    space = cut.rfind(" ")
    if space > length // 2:  # a word break that keeps most of the line; else cut hard (CJK)
        cut = cut[:space]
    return cut.rstrip() + "…"


def snippet(text: str, terms: builtins.list[str], length: int = _SNIPPET_LENGTH) -> str:
    """About `length` characters of `text` on one line around the first match, matches in [ ]."""
    flat = " ".join(text.split())
    pattern = re.compile(
        "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)), re.IGNORECASE
    )
    first = pattern.search(flat)
    start = 0
    if first is not None and first.start() > length // 3:
        start = first.start() - length // 3
        space = flat.find(" ", start, first.start())  # begin at a word when one is near
        start = space + 1 if space >= 0 else start
    end = min(len(flat), start + length)
    marked = pattern.sub(lambda m: f"[{m.group(0)}]", flat[start:end])
    return ("…" if start > 0 else "") + marked + ("…" if end < len(flat) else "")


def fts_phrase(term: str) -> str:
    """Quote a term as an FTS5 string, so it is matched literally whatever characters it holds."""
    return '"' + term.replace("\x00", "").replace('"', '""') + '"'


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _terms(text: str) -> builtins.list[str]:
    # Lone surrogates (never valid UTF-8) and NULs (FTS5 ends its query there) cannot be stored
    # text, so they can only be noise in a query.
    clean = text.encode("utf-8", "replace").decode("utf-8").replace("\x00", " ")
    unique = dict.fromkeys(clean.split())
    return builtins.list(unique)[:_MAX_TERMS]


def _match_conditions(terms: builtins.list[str]) -> tuple[builtins.list[str], builtins.list[str]]:
    long_terms = [t for t in terms if len(t) >= _TRIGRAM]
    short_terms = [t for t in terms if len(t) < _TRIGRAM]
    conditions, params = [], []
    if long_terms:
        conditions.append("m.id IN (SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?)")
        params.append(" ".join(fts_phrase(t) for t in long_terms))
    for term in short_terms:
        conditions.append("m.text LIKE ? ESCAPE '\\'")
        params.append("%" + re.sub(r"([\\%_])", r"\\\1", term) + "%")
    return conditions, params


def _touch(conn: sqlite3.Connection, conversation_id: int) -> None:
    conn.execute(
        "UPDATE conversations SET updated_at = ? WHERE id = ?", (time.time(), conversation_id)
    )


def _role(role: Role | str) -> Role:
    try:
        return Role(role)
    except ValueError:
        raise UserInputError(
            f'"{role}" is not a message role.', hint="Use system, user or assistant."
        ) from None


def _check_text(text: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise UserInputError(
            "The message holds a broken character and cannot be saved.",
            hint="Paste the text again from its source.",
        ) from None


def _check_counts(*counts: int | None) -> None:
    if any(count is not None and count < 0 for count in counts):
        raise UserInputError("A token count cannot be negative.")


def _rowid(cursor: sqlite3.Cursor) -> int:
    assert cursor.lastrowid is not None  # an INSERT always sets it
    return cursor.lastrowid


def _no_conversation(conversation_id: int) -> NotFoundError:
    return NotFoundError(
        f"Conversation {conversation_id} does not exist.",
        hint="It may have been deleted; pick another from the list.",
    )


def _conversation(row: sqlite3.Row) -> Conversation:
    return Conversation(**dict(row))


def _message(row: sqlite3.Row) -> Message:
    return Message(**{**dict(row), "role": Role(row["role"])})
