"""Download a catalog entry as a long job: resumable, checked for space, verified before use.

Layout in the models folder: a finished entry is the folder `<name>/` (a chat model's GGUF, or
the files of an embedding or Whisper model). While downloading, files grow as `<file>.part` in
the hidden folder `.<name>.partial/`, with `expected.json` recording the hash each must have.

The order of a download:
1. Ask the server (HEAD) for every file's size and hash; a file whose SHA-256 is neither in the
   catalog nor advertised by the server (nor, for a small file, its git blob id) is refused
   before a byte is fetched, and so is a catalog hash the server contradicts.
2. Check the free space for what is still missing (plus a margin) before starting.
3. Fetch each file with HTTP Range from where it stopped: a broken connection is resumed with
   backoff (up to `RETRIES` times without progress); a cancel pauses, keeping the partial files.
4. Verify each file's hash as soon as it is complete. A mismatch deletes the whole partial
   folder and says so: nothing half-trusted stays behind.
5. fsync every file, rename the partial folder to `<name>/`, fsync the models folder.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from engine.cancel import CancelToken
from engine.errors import Cancelled, ModelError, StorageError
from engine.models import fetch
from engine.types import CatalogEntry, CatalogFile, Progress, ProgressCallback

RETRIES = 5
BACKOFF_S = 0.5
SPACE_MARGIN_BYTES = 64 * 1024 * 1024
PROGRESS_EVERY_S = 0.2
_GB = 1e9


@dataclass(frozen=True)
class Downloaded:
    """A verified entry in place: its folder and each file's SHA-256, in catalog order."""

    folder: Path
    sha256: tuple[str, ...]


@dataclass(frozen=True)
class _Expected:
    size: int
    sha256: str
    git_sha1: str


def free_space(folder: Path) -> int:
    """Bytes free on the disk holding `folder`."""
    return shutil.disk_usage(folder).free


class Downloader:
    """Downloads catalog entries into `folder`. One job per entry at a time; blocking."""

    def __init__(
        self,
        folder: Path,
        *,
        client: Callable[[], fetch.Client] = fetch.open_client,
        space: Callable[[Path], int] = free_space,
        backoff_s: float = BACKOFF_S,
    ) -> None:
        """`client` opens the HTTP client, `space` measures free bytes (tests inject both)."""
        self._folder = folder
        self._client = client
        self._space = space
        self._backoff_s = backoff_s

    def installed(self, entry: CatalogEntry) -> Path | None:
        """The entry's folder when a finished download is there."""
        folder = self._folder / entry.name
        done = all((folder / f.path).is_file() for f in entry.files)
        return folder if folder.is_dir() and done else None

    def partial_bytes(self, entry: CatalogEntry) -> int:
        """Bytes a paused download of `entry` already has."""
        partial = self._partial(entry)
        return sum(p.stat().st_size for p in partial.rglob("*.part")) if partial.is_dir() else 0

    def discard(self, entry: CatalogEntry) -> None:
        """Delete a paused download's partial files."""
        shutil.rmtree(self._partial(entry), ignore_errors=True)

    def download(
        self,
        entry: CatalogEntry,
        progress: ProgressCallback | None = None,
        cancel: CancelToken | None = None,
    ) -> Downloaded:
        """Download, verify and put `entry` in place; resumes a paused download.

        Blocks for as long as the transfer takes. Thread-safe for different entries.

        Raises:
            ModelError: no space, not verifiable, server refused, damaged or tampered download.
            Cancelled: paused by `cancel` (the partial files stay for a resume).
            StorageError: the models folder cannot be written.
        """
        cancel = cancel or CancelToken()
        ready = self.installed(entry)
        if ready is not None:
            return Downloaded(ready, tuple(self._hash_of(ready / f.path) for f in entry.files))
        partial = self._partial(entry)
        try:
            partial.mkdir(parents=True, exist_ok=True)
            with self._client() as client:
                expected = self._expectations(client, entry, partial)
                self._check_space(entry, expected, partial)
                meter = _Meter(entry, expected, partial, progress)
                hashes = tuple(
                    self._one_file(client, f, expected[f.path], partial, meter, cancel)
                    for f in entry.files
                )
            meter.report(force=True)
            return Downloaded(self._commit(entry, partial), hashes)
        except OSError as exc:
            raise StorageError(
                f"The download of {entry.title} could not be written ({exc}).",
                hint="Check that the data folder's disk is writable and has room.",
            ) from exc

    # ------------------------------------------------------------ steps

    def _expectations(
        self, client: fetch.Client, entry: CatalogEntry, partial: Path
    ) -> dict[str, _Expected]:
        """Each file's size and hash, from the catalog and the server (step 1)."""
        recorded = _read_expected(partial)
        expected: dict[str, _Expected] = {}
        for file in entry.files:
            said = self._retrying(client, file.url)
            if file.sha256 and said.sha256 and file.sha256 != said.sha256:
                raise ModelError(
                    f"The server offers a different {file.path} than the catalog names "
                    f"for {entry.title}; it was not downloaded.",
                    hint="The model may have been changed upstream; update Lanthorn.",
                )
            sha = file.sha256 or said.sha256
            if not sha and not said.git_sha1:
                raise ModelError(
                    f"{file.path} of {entry.title} cannot be verified: neither the catalog nor "
                    "the server gives its checksum, so it was not downloaded.",
                    hint="Try again later, or download it yourself and add the file.",
                )
            size = said.size or file.size
            expected[file.path] = _Expected(size=size, sha256=sha, git_sha1=said.git_sha1)
            if recorded.get(file.path) not in (None, expected[file.path]):
                _part(partial, file).unlink(missing_ok=True)  # the file changed upstream
        _write_expected(partial, expected)
        return expected

    def _check_space(
        self, entry: CatalogEntry, expected: dict[str, _Expected], partial: Path
    ) -> None:
        """Refuse to start when the rest does not fit on the disk (step 2)."""
        have = sum(_size(_part(partial, f)) for f in entry.files)
        missing = max(0, sum(e.size for e in expected.values()) - have)
        free = self._space(self._folder)
        if missing + SPACE_MARGIN_BYTES > free:
            raise ModelError(
                f"Not enough disk space for {entry.title}: it needs {missing / _GB:.2f} GB more "
                f"but only {free / _GB:.2f} GB is free in {self._folder}.",
                hint="Free some space, then start the download again.",
            )

    def _one_file(
        self,
        client: fetch.Client,
        file: CatalogFile,
        expected: _Expected,
        partial: Path,
        meter: _Meter,
        cancel: CancelToken,
    ) -> str:
        """Fetch one file to its end, resuming broken connections, then verify it (3, 4)."""
        part = _part(partial, file)
        part.parent.mkdir(parents=True, exist_ok=True)
        with fetch.FileHash() as hasher:
            hasher.seed(part)
            self._until_complete(client, file, part, hasher, meter, cancel)
            sha256 = hasher.sha256()
        return self._verify(file, expected, part, sha256, partial)

    def _until_complete(
        self,
        client: fetch.Client,
        file: CatalogFile,
        part: Path,
        hasher: fetch.FileHash,
        meter: _Meter,
        cancel: CancelToken,
    ) -> None:
        failures = 0
        while True:
            before = _size(part)
            try:
                fetch.fetch(client, file.url, part, hasher, meter.add, cancel)
                return
            except fetch.Interrupted:
                failures = 0 if _size(part) > before else failures + 1
                if failures > RETRIES:
                    raise ModelError(
                        f"The connection kept breaking while downloading {file.path}.",
                        hint="Check the network, then start the download again: it resumes.",
                    ) from None
                if cancel.wait(self._backoff_s * 2 ** max(0, failures - 1)):
                    raise Cancelled(
                        "The download was paused; it resumes where it stopped."
                    ) from None

    def _verify(
        self, file: CatalogFile, expected: _Expected, part: Path, sha256: str, partial: Path
    ) -> str:
        good = sha256 == expected.sha256 if expected.sha256 else (
            fetch.git_blob_sha1(part) == expected.git_sha1
        )
        if not good:
            shutil.rmtree(partial, ignore_errors=True)
            raise ModelError(
                f"The downloaded {file.path} is damaged or was altered on the way: its checksum "
                "does not match, so nothing was kept.",
                hint="Try again; if it happens again, something on your network alters downloads.",
            )
        return sha256

    def _commit(self, entry: CatalogEntry, partial: Path) -> Path:
        """fsync, rename the parts to their names, then the folder into place (step 5)."""
        for file in entry.files:
            part = _part(partial, file)
            with part.open("rb+") as handle:
                os.fsync(handle.fileno())
            os.replace(part, partial / file.path)
        (partial / _EXPECTED).unlink(missing_ok=True)
        final = self._folder / entry.name
        if final.exists():
            shutil.rmtree(final)  # an unfinished copy from before: replaced by the verified one
        os.replace(partial, final)
        _fsync_dir(self._folder)
        return final

    def _retrying(self, client: fetch.Client, url: str) -> fetch.Advertised:
        """Probe `url`, retrying broken connections and 429/5xx answers with backoff."""
        for attempt in range(RETRIES + 1):
            try:
                return fetch.probe(client, url)
            except fetch.Interrupted as exc:
                if attempt == RETRIES:
                    raise ModelError(
                        "The model server cannot be reached.",
                        hint="Check the network connection (and proxy settings), then retry.",
                    ) from exc
                time.sleep(self._backoff_s * 2**attempt)
        raise AssertionError("unreachable")

    def _partial(self, entry: CatalogEntry) -> Path:
        return self._folder / f".{entry.name}.partial"

    @staticmethod
    def _hash_of(path: Path) -> str:
        with fetch.FileHash() as hasher:
            hasher.seed(path)
            return hasher.sha256()


class _Meter:
    """Bytes done across an entry's files, reported with speed and time left."""

    def __init__(
        self,
        entry: CatalogEntry,
        expected: dict[str, _Expected],
        partial: Path,
        progress: ProgressCallback | None,
    ) -> None:
        self._entry = entry
        self._progress = progress
        self._total = sum(e.size for e in expected.values())
        self._done = sum(_size(_part(partial, f)) for f in entry.files)
        self._start_done = self._done
        self._started = time.monotonic()
        self._last = 0.0

    def add(self, count: int) -> None:
        """`count` more bytes arrived (negative: a file started over)."""
        self._done += count
        self._start_done = min(self._start_done, self._done)
        self.report()

    def report(self, *, force: bool = False) -> None:
        """Tell the caller, at most every `PROGRESS_EVERY_S` unless forced."""
        now = time.monotonic()
        if self._progress is None or (not force and now - self._last < PROGRESS_EVERY_S):
            return
        self._last = now
        elapsed = now - self._started
        rate = (self._done - self._start_done) / elapsed if elapsed > 0 else None
        left = max(0, self._total - self._done)
        eta = left / rate if rate else None
        self._progress(Progress(
            done=self._done, total=self._total, stage="downloading", item=self._entry.title,
            eta_s=eta, rate=rate,
        ))


_EXPECTED = "expected.json"


def _part(partial: Path, file: CatalogFile) -> Path:
    return partial / (file.path + ".part")


def _size(path: Path) -> int:
    return path.stat().st_size if path.exists() else 0


def _read_expected(partial: Path) -> dict[str, _Expected]:
    try:
        raw = json.loads((partial / _EXPECTED).read_text(encoding="utf-8"))
        return {name: _Expected(**value) for name, value in raw.items()}
    except (OSError, ValueError, TypeError):
        return {}


def _write_expected(partial: Path, expected: dict[str, _Expected]) -> None:
    data = {name: vars(value) for name, value in expected.items()}
    (partial / _EXPECTED).write_text(json.dumps(data), encoding="utf-8")


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return  # Windows cannot open a folder to fsync it; NTFS journals the rename
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)
