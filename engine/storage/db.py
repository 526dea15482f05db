"""One SQLite database (WAL) shared by the engine's stores, upgraded by numbered migrations.

Migrations are the files `migrations/NNNN_name.sql`, applied in order inside one transaction
each, with `PRAGMA user_version` recording the last one applied: a crash mid-upgrade leaves the
database at the previous version, and the next open retries. Nothing is ever dropped to upgrade.
"""

from __future__ import annotations

import logging
import re
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

from engine.errors import StorageError
from engine.storage import space

log = logging.getLogger(__name__)

_MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


def _no_room(exc: sqlite3.OperationalError, folder: Path) -> bool:
    """Whether opening failed for want of space (SQLite says "disk I/O error" for the WAL)."""
    return space.is_full(exc) or ("disk I/O error" in str(exc) and space.free_bytes(folder) < 65536)


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
        self.read_only = False
        self._lock = threading.RLock()
        try:
            self._conn = self._open(upgrade_to)
        except sqlite3.OperationalError as exc:
            if not (path.exists() and _no_room(exc, path.parent)):
                raise self._unopenable(exc) from exc
            # A full disk has no room for the WAL index file SQLite creates on open: read what
            # is there, unchanged (reads keep working; writes say the disk is full).
            log.warning("Opening %s read-only: the disk is full (%s)", path, exc)
            self._conn = self._open_read_only()
            self.read_only = True

    def _open(self, upgrade_to: int | None) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(
                self.path, check_same_thread=False, isolation_level=None, timeout=30
            )
            conn.row_factory = sqlite3.Row
        except sqlite3.DatabaseError as exc:
            raise self._unopenable(exc) from exc
        self._conn = conn
        try:
            self._refuse_newer()  # before WAL: a newer database is left byte for byte
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA foreign_keys=ON")
            self._upgrade(upgrade_to)
        except sqlite3.OperationalError:
            conn.close()
            raise
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise self._unopenable(exc) from exc
        except StorageError:
            conn.close()
            raise
        return conn

    def _open_read_only(self) -> sqlite3.Connection:
        uri = f"{self.path.resolve().as_uri()}?mode=ro&immutable=1"
        try:
            conn = sqlite3.connect(uri, uri=True, check_same_thread=False,
                                   isolation_level=None, timeout=30)
        except sqlite3.DatabaseError as exc:
            raise self._unopenable(exc) from exc
        conn.row_factory = sqlite3.Row
        self._conn = conn
        if self.version != len(migrations()):
            conn.close()
            raise space.full(self.path.parent)  # it needs an upgrade, which needs room
        return conn

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
        """Hold the lock and run the block in one transaction; roll back on any exception.

        Raises:
            DiskFull: the disk is full (nothing of the block was written).
        """
        with self._lock:
            try:
                self._conn.execute("BEGIN IMMEDIATE")
                try:
                    yield self._conn
                except BaseException:
                    self._rollback()
                    raise
                self._conn.execute("COMMIT")
            except sqlite3.OperationalError as exc:
                self._rollback()
                if space.is_full(exc) or self.read_only:
                    raise space.full(self.path.parent) from exc
                raise

    def _rollback(self) -> None:
        if self._conn.in_transaction:
            try:
                self._conn.execute("ROLLBACK")
            except sqlite3.Error:  # SQLite already rolled back (a full disk does that)
                log.info("Rollback after a failed write did nothing", exc_info=True)

    def query(
        self, sql: str, params: tuple[object, ...] | dict[str, object] = ()
    ) -> list[sqlite3.Row]:
        """Run a read and return all rows (reads keep working on a full disk)."""
        with self._lock:
            return self._conn.execute(sql, params).fetchall()

    def close(self) -> None:
        """Checkpoint and close; never raises (a full disk keeps its WAL for the next open).

        Safe to call twice.
        """
        with self._lock:
            try:
                self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            except sqlite3.Error as exc:
                log.info("No checkpoint at close (%s); the WAL is replayed on the next open", exc)
            try:
                self._conn.close()
            except sqlite3.Error:
                log.warning("Closing the database failed", exc_info=True)
