"""Free space on the disk that holds the data folder, and the one sentence a full disk gets.

SQLite reports a full disk as "database or disk is full" (SQLITE_FULL) at whatever write hits
it, usually a COMMIT; the file system reports ENOSPC to our own writes (the FAISS file, a
download). Both become `DiskFull`, naming the folder and how much room the work needs, so the
person knows what to free. Large work checks the space before it starts (`require`).
"""

from __future__ import annotations

import errno
import shutil
import sqlite3
from pathlib import Path

from engine.errors import DiskFull, NotEnoughSpace

_MB = 1024 * 1024


def free_bytes(folder: Path) -> int:
    """Bytes free for this user on the disk that holds `folder` (0 when it cannot be read)."""
    try:
        return int(shutil.disk_usage(folder).free)
    except OSError:
        return 0


def megabytes(count: int) -> str:
    """`12 MB` (at least 1)."""
    return f"{max(1, round(count / _MB))} MB"


def full(folder: Path, needed: int | None = None) -> DiskFull:
    """The error for a full disk under `folder`; `needed` is the room the work still needs."""
    wanted = f" (about {megabytes(needed)} more is needed)" if needed else ""
    return DiskFull(
        f"The disk holding {folder} is full{wanted}.",
        hint="Free some space there, then try again: what was done so far is kept.",
    )


def require(folder: Path, needed: int, what: str) -> None:
    """Raise NotEnoughSpace before large work when the disk lacks `needed` bytes."""
    free = free_bytes(folder)
    if free < needed:
        raise NotEnoughSpace(
            f"{what} needs about {megabytes(needed)} free in {folder}, but only "
            f"{megabytes(free)} is left.",
            hint="Free some space there, then try again.",
        )


def is_full(exc: BaseException) -> bool:
    """Whether an exception says the disk (or SQLite's size limit) is full."""
    if isinstance(exc, sqlite3.Error):
        return exc.sqlite_errorcode == sqlite3.SQLITE_FULL or "disk is full" in str(exc)
    return isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT)
