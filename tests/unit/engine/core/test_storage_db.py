"""The migration runner: numbered files, applied once each, refused when newer."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.errors import StorageError
from engine.storage.db import Database, migrations


def test_migrations_are_numbered_from_one() -> None:
    numbers = [n for n, _, _ in migrations()]
    assert numbers == list(range(1, len(numbers) + 1))


def test_open_upgrades_to_latest_and_reopen_is_a_no_op(tmp_path: Path) -> None:
    path = tmp_path / "x.db"
    db = Database(path)
    assert db.version == len(migrations())
    db.close()
    again = Database(path)
    assert again.version == len(migrations())
    assert again.query("PRAGMA journal_mode")[0][0] == "wal"
    again.close()


def test_transaction_rolls_back_on_error(tmp_path: Path) -> None:
    db = Database(tmp_path / "x.db")
    with pytest.raises(RuntimeError), db.transaction() as conn:
        conn.execute("INSERT INTO conversations(title, created_at, updated_at) VALUES ('a', 0, 0)")
        raise RuntimeError("boom")
    assert db.query("SELECT count(*) FROM conversations")[0][0] == 0
    db.close()


def test_a_file_that_is_not_a_database_is_a_storage_error(tmp_path: Path) -> None:
    path = tmp_path / "x.db"
    path.write_bytes(b"garbage" * 1000)
    with pytest.raises(StorageError):
        Database(path)
