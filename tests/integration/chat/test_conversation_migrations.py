"""Upgrading a database from the first schema, and refusing one written by a newer Lanthorn."""

from __future__ import annotations

import gc
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from engine.chat.store import ConversationStore
from engine.errors import StorageError
from engine.storage.db import Database, migrations
from engine.types import Role


def _fill_first_schema(store: ConversationStore, db: Database) -> None:
    talk = store.create("Lighthouse keeping")
    store.add_message(talk.id, Role.SYSTEM, "Answer from the documents.")
    store.add_message(talk.id, Role.USER, "How often was the lamp trimmed?")
    store.add_message(
        talk.id,
        Role.ASSISTANT,
        "Every four hours [1].",
        model="m",
        prompt_tokens=9,
        completion_tokens=6,
    )
    chinese = store.create()
    store.add_message(chinese.id, Role.USER, "灯塔的灯多久修剪一次？")
    with db.transaction() as conn:  # as an old build might have written it, times and all
        cursor = conn.execute(
            "INSERT INTO conversations (title, created_at, updated_at) VALUES (?, ?, ?)",
            ("Written by raw SQL", 1_600_000_000.0, 1_600_000_500.0),
        )
        conn.execute(
            "INSERT INTO messages (conversation_id, role, text, created_at, model,"
            " prompt_tokens, completion_tokens) VALUES (?, 'assistant', ?, ?, 'old', 1, 2)",
            (cursor.lastrowid, "An answer about foghorns", 1_600_000_400.0),
        )


def _snapshot(store: ConversationStore) -> tuple[Any, ...]:
    listed = store.list()
    return (
        listed,
        [store.messages(c.id) for c in listed],
        store.search("lamp"),
        store.search("灯塔"),
        store.search("foghorns"),
    )


def test_a_first_schema_database_upgrades_without_losing_anything(tmp_path: Path) -> None:
    path = tmp_path / "first.db"
    old = Database(path, upgrade_to=1)
    assert old.version == 1
    store = ConversationStore(old)
    _fill_first_schema(store, old)
    before = _snapshot(store)
    old.close()

    upgraded = Database(path)
    try:
        assert upgraded.version == migrations()[-1][0]
        store = ConversationStore(upgraded)
        assert _snapshot(store) == before
        assert all(before[2:])  # every search found something before and after
        assert upgraded.query("PRAGMA integrity_check")[0][0] == "ok"
        assert upgraded.query("PRAGMA foreign_key_check") == []
        with upgraded.transaction() as conn:
            conn.execute(
                "INSERT INTO messages_fts (messages_fts, rank) VALUES ('integrity-check', 1)"
            )
        newest = store.add_message(before[0][-1].id, Role.USER, "A lamp question after")
        assert store.search("lamp")[0].message_id == newest.id
    finally:
        upgraded.close()


def _newer_database(path: Path, *, wal: bool) -> None:
    raw = sqlite3.connect(path, isolation_level=None)
    if wal:
        raw.execute("PRAGMA journal_mode=WAL")
    raw.execute("CREATE TABLE future (x)")
    raw.execute("INSERT INTO future VALUES ('kept')")
    raw.execute("PRAGMA user_version = 999")
    raw.close()


def _refuse_and_compare(path: Path) -> None:
    before = path.read_bytes()
    with pytest.raises(StorageError) as caught:
        Database(path)
    assert "newer Lanthorn" in caught.value.message
    assert "Update Lanthorn" in caught.value.hint
    del caught
    gc.collect()  # the refused Database's connection goes too

    assert path.read_bytes() == before
    raw = sqlite3.connect(path)
    try:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == 999
        assert raw.execute("SELECT x FROM future").fetchall() == [("kept",)]
    finally:
        raw.close()


def test_a_database_from_a_newer_lanthorn_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "newer.db"
    _newer_database(path, wal=True)  # every Lanthorn writes its database in WAL mode
    _refuse_and_compare(path)


def test_a_newer_rollback_journal_database_is_left_byte_for_byte(tmp_path: Path) -> None:
    path = tmp_path / "newer-rollback.db"
    _newer_database(path, wal=False)
    _refuse_and_compare(path)
