"""One SQLite database (WAL) shared by the engine's stores, upgraded by numbered migrations.

Migrations are the files `migrations/NNNN_name.sql`, applied in order inside one transaction
each, with `PRAGMA user_version` recording the last one applied: a crash mid-upgrade leaves the
database at the previous version, and the next open retries. Nothing is ever dropped to upgrade.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

from engine.errors import StorageError

_MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


def migrations() -> list[tuple[int, str, str]]:
    """All shipped migrations as (number, file name, SQL), in order."""
    found = []
    for entry in resources.files("engine.storage").joinpath("migrations").iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match:
            found.append((int(match.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    found.sort()
    numbers = [n for n, _, _ in found]
    if numbers != list(range(1, len(numbers) + 1)):
        raise StorageError(f"Migrations are not numbered 1..N: {numbers}")
    return found


class Database:
    """A connection usable from any thread; writes are serialized by one lock.

    Thread-safe: every public method takes the lock. Readers in WAL mode never block writers of
    other processes, and a killed process leaves the last committed state.
    """

    def __init__(self, path: Path, *, upgrade_to: int | None = None) -> None:
        self.path = path
        self._lock = threading.RLock()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._conn = sqlite3.connect(
                path, check_same_thread=False, isolation_level=None, timeout=30
            )
            self._conn.row_factory = sqlite3.Row
        except sqlite3.DatabaseError as exc:
            raise self._unopenable(exc) from exc
        try:
            self._refuse_newer()  # before WAL: a newer database is left byte for byte
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA synchronous=NORMAL")
            self._conn.execute("PRAGMA foreign_keys=ON")
            self._upgrade(upgrade_to)
        except sqlite3.DatabaseError as exc:
            self._conn.close()
            raise self._unopenable(exc) from exc
        except StorageError:
            self._conn.close()
            raise

    def _unopenable(self, exc: Exception) -> StorageError:
        return StorageError(
            f"The database {self.path} cannot be opened ({exc}).",
            hint="If the disk is full or the file is damaged, free space or restore a backup.",
        )

    @property
    def version(self) -> int:
        """The number of the last migration applied."""
        with self._lock:
            return int(self._conn.execute("PRAGMA user_version").fetchone()[0])

    def _refuse_newer(self) -> None:
        latest = len(migrations())
        if self.version > latest:
            raise StorageError(
                f"The database {self.path} was written by a newer Lanthorn"
                f" (schema {self.version}).",
                hint="Update Lanthorn to open it; nothing was changed.",
            )

    def _upgrade(self, upgrade_to: int | None) -> None:
        shipped = migrations()
        latest = shipped[-1][0] if shipped else 0
        current = self.version
        target = latest if upgrade_to is None else upgrade_to
        for number, name, sql in shipped:
            if current < number <= target:
                self._apply(number, name, sql)

    def _apply(self, number: int, name: str, sql: str) -> None:
        with self._lock:
            try:
                self._conn.executescript(
                    f"BEGIN IMMEDIATE;\n{sql}\nPRAGMA user_version = {number};\nCOMMIT;"
                )
            except sqlite3.Error as exc:
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
                raise StorageError(f"Upgrading the database failed at {name} ({exc}).") from exc

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """Hold the lock and run the block in one transaction; roll back on any exception."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            else:
                self._conn.execute("COMMIT")

    def query(
        self, sql: str, params: tuple[object, ...] | dict[str, object] = ()
    ) -> list[sqlite3.Row]:
        """Run a read and return all rows."""
        with self._lock:
            return self._conn.execute(sql, params).fetchall()

    def close(self) -> None:
        """Checkpoint and close; safe to call twice."""
        with self._lock:
            try:
                self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                self._conn.close()
            except sqlite3.ProgrammingError:
                pass
