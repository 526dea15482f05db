"""A process killed while writing conversations leaves the database consistent."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from engine.chat.store import ConversationStore
from engine.storage.db import Database
from engine.types import Role

# Holds a big write transaction open (spilled to the WAL by a tiny cache) until it is killed.
_UNCOMMITTED_WRITER = """
import sys, time
from pathlib import Path
from engine.storage.db import Database

db = Database(Path(sys.argv[1]))
db.query("PRAGMA cache_size = 5")
with db.transaction() as conn:
    conversation = conn.execute(
        "INSERT INTO conversations (title, created_at, updated_at) VALUES ('half', 1.0, 1.0)"
    ).lastrowid
    conn.executemany(
        "INSERT INTO messages (conversation_id, role, text, created_at) VALUES (?, 'user', ?, 1)",
        [(conversation, f"unfinished needle {i} " + "padding " * 50) for i in range(2000)],
    )
    conn.execute("UPDATE messages SET text = 'overwritten' WHERE conversation_id = 1")
    conn.execute("DELETE FROM messages WHERE conversation_id = 1 AND id % 2 = 0")
    print("written, not committed", flush=True)
    time.sleep(120)
"""

# Streams replies the way the chat session does, printing each id once it is committed.
_STREAMING_WRITER = """
import sys
from pathlib import Path
from engine.chat.store import ConversationStore
from engine.storage.db import Database
from engine.types import Role

store = ConversationStore(Database(Path(sys.argv[1])))
conversation = int(sys.argv[2])
for i in range(1_000_000):
    message = store.add_message(conversation, Role.ASSISTANT, "", model="m", prompt_tokens=i)
    for words in range(1, 4):
        store.update_message(message.id, "streamed needle " + "word " * words)
    store.update_message(message.id, f"streamed needle {i} done", completion_tokens=i)
    print(message.id, flush=True)
"""


@contextmanager
def _child(code: str, *args: str) -> Iterator[subprocess.Popen[str]]:
    child = subprocess.Popen(
        [sys.executable, "-c", code, *args],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[3],
    )
    try:
        yield child
    finally:
        if child.poll() is None:
            os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
        assert child.stdout is not None
        child.stdout.close()


def _assert_consistent(db: Database) -> None:
    assert db.query("PRAGMA integrity_check")[0][0] == "ok"
    assert db.query("PRAGMA foreign_key_check") == []
    with db.transaction() as conn:  # raises when the FTS index and the messages disagree
        conn.execute("INSERT INTO messages_fts (messages_fts, rank) VALUES ('integrity-check', 1)")


def _committed_history(path: Path) -> tuple[int, list[str]]:
    db = Database(path)
    store = ConversationStore(db)
    conversation = store.create("committed")
    texts = [f"committed needle {i}" for i in range(10)]
    for text in texts:
        store.add_message(conversation.id, Role.USER, text)
    db.close()
    return conversation.id, texts


@pytest.mark.timeout(120)
def test_a_kill_before_commit_leaves_only_committed_data(tmp_path: Path) -> None:
    path = tmp_path / "killed.db"
    conversation_id, texts = _committed_history(path)

    with _child(_UNCOMMITTED_WRITER, str(path)) as child:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "written, not committed"
        os.kill(child.pid, signal.SIGKILL)
        assert child.wait(timeout=30) == -signal.SIGKILL

    db = Database(path)
    try:
        store = ConversationStore(db)
        assert [c.title for c in store.list()] == ["committed"]
        assert [m.text for m in store.messages(conversation_id)] == texts
        assert len(store.search("needle")) == len(texts)
        assert store.search("unfinished") == []
        _assert_consistent(db)
    finally:
        db.close()


@pytest.mark.timeout(120)
def test_a_kill_while_streaming_replies_keeps_every_committed_reply(tmp_path: Path) -> None:
    path = tmp_path / "streaming.db"
    conversation_id, texts = _committed_history(path)

    with _child(_STREAMING_WRITER, str(path), str(conversation_id)) as child:
        assert child.stdout is not None
        acknowledged = [int(child.stdout.readline()) for _ in range(150)]
        os.kill(child.pid, signal.SIGKILL)  # the child is mid-write somewhere past these
        assert child.wait(timeout=30) == -signal.SIGKILL

    db = Database(path)
    try:
        store = ConversationStore(db)
        messages = store.messages(conversation_id)
        assert [m.text for m in messages[: len(texts)]] == texts
        replies = messages[len(texts) :]
        assert [m.id for m in replies[: len(acknowledged)]] == acknowledged
        for i, reply in enumerate(replies[:-1]):  # all complete but the one being written
            assert (reply.text, reply.completion_tokens) == (f"streamed needle {i} done", i)
        assert replies[-1].prompt_tokens == len(replies) - 1
        with_needle = [m.id for m in messages if "needle" in m.text]
        assert sorted(m.message_id for m in store.search("needle", limit=10_000)) == with_needle
        assert store.get(conversation_id).message_count == len(messages)
        _assert_consistent(db)
    finally:
        db.close()
