"""One file over HTTP: what the server says about it, then its bytes from where we stopped.

Hugging Face's resolve URLs answer a HEAD with a redirect that carries the file's LFS SHA-256 in
`X-Linked-Etag` and its size in `X-Linked-Size`; a small (non-LFS) file's `ETag` is its git blob
id (SHA-1 of "blob <size>", a NUL byte, then the content). `probe` reads both without following
the redirect (the CDN's own ETag is not the file's hash), then follows it when they are absent.

`fetch` appends to a partial file with an HTTP Range request, hashing as it writes; a server
that ignores the range (200) starts the file over. Connections come from `requests`, which takes
proxies from the environment (HTTPS_PROXY, NO_PROXY ...) and, through `urllib.request`, from the
Windows registry and macOS settings, choosing again for every redirect.

Why `requests` (urllib3 underneath) rather than httpx: httpx parses the body through h11 in
64 KiB pieces, then joins them into the chunk size asked for. The 98 MB starter model from a
loopback server in another process (median of 5, load 7 on 2 cores): a bare httpx copy took
0.63 s and 0.18 s CPU; requests with 1 MiB reads 0.31 s and 0.06 s CPU, 0.51 s and 0.13 s CPU
with the SHA-256 in line. bench/models.py compares the whole download with both plain copies.
"""

from __future__ import annotations

import hashlib
import os
import queue
import re
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests

from engine.cancel import CancelToken
from engine.errors import Cancelled, ModelError

CHUNK_BYTES = 1024 * 1024  # 256 KiB reads were 20 % slower on loopback, 4 MiB no faster
CONNECT_TIMEOUT_S = 15.0
FLUSH_BYTES = 32 * 1024 * 1024
HASH_QUEUE_CHUNKS = 16  # chunks waiting for the hash: 16 MiB at most
_RESTART = object()  # queued by FileHash.restart
USER_AGENT = "Lanthorn (model download)"
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_HEX40 = re.compile(r"^[0-9a-f]{40}$")
_TRANSIENT = (
    requests.ConnectionError,  # refused, reset, DNS, proxy, TLS, read time limit
    requests.Timeout,
    requests.exceptions.ChunkedEncodingError,  # the body broke off
)


class Interrupted(Exception):
    """The connection broke or the server was busy (429/5xx): worth trying again."""


@dataclass(frozen=True)
class Advertised:
    """What the server says about a file before sending it: size and hashes ("" unknown)."""

    size: int | None
    sha256: str = ""
    git_sha1: str = ""


class Client:
    """An HTTP session for downloads: proxies from the system, redirects, a time limit.

    Use as a context manager; one per download job (it keeps the connections open between the
    probe and the transfer).
    """

    def __init__(self, timeout_s: float = 30.0) -> None:
        self._session = requests.Session()  # trust_env: proxies from the environment
        self._session.headers.update({"User-Agent": USER_AGENT, "Accept-Encoding": "identity"})
        self._timeout = (CONNECT_TIMEOUT_S, timeout_s)

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self._session.close()

    def head(self, url: str, *, follow: bool) -> requests.Response:
        """A HEAD request, following redirects only when asked."""
        return self._session.head(url, allow_redirects=follow, timeout=self._timeout)

    def get(self, url: str, headers: Mapping[str, str]) -> requests.Response:
        """A streamed GET (redirects followed); close the response when done."""
        return self._session.get(url, headers=dict(headers), stream=True, timeout=self._timeout)


def open_client(timeout_s: float = 30.0) -> Client:
    """An HTTP client for downloads: proxies from the system, redirects followed."""
    return Client(timeout_s)


def probe(client: Client, url: str) -> Advertised:
    """Ask the server (HEAD) for the file's size and hash.

    Raises:
        ModelError: the file is not there (404), access is refused, or the server fails.
        Interrupted: the connection failed or the server is busy (the caller retries).
    """
    with _transport(url):
        first = client.head(url, follow=False)
        linked = _clean(first.headers.get("x-linked-etag", ""))
        if first.is_redirect and not linked:
            first = client.head(url, follow=True)
    _raise_for_status(first.status_code, url)
    size_text = first.headers.get("x-linked-size") or first.headers.get("content-length")
    size = int(size_text) if size_text and size_text.isdigit() else None
    tag = linked or _clean(first.headers.get("etag", ""))
    if _HEX64.match(tag):
        return Advertised(size=size, sha256=tag)
    if _HEX40.match(tag) and not linked:
        return Advertised(size=size, git_sha1=tag)
    return Advertised(size=size)


def fetch(
    client: Client,
    url: str,
    part: Path,
    hasher: Any,
    on_bytes: Callable[[int], None],
    cancel: CancelToken,
) -> None:
    """Append the rest of `url` to `part`, feeding `hasher` (which already saw what is there).

    Returns when the server has sent everything. A 200 answer to the range request restarts
    the file (and the caller's hasher, through `hasher.restart`).

    Raises:
        Cancelled: `cancel` was set (the partial file stays, for a resume).
        Interrupted: the connection broke or the server is busy (the caller resumes).
        ModelError: the server refused the request.
    """
    have = part.stat().st_size if part.exists() else 0
    headers = {"Range": f"bytes={have}-"} if have else {}
    with _transport(url), client.get(url, headers) as response:
        if response.status_code == 416 and have:
            return  # nothing left to send: the file is complete
        _raise_for_status(response.status_code, url)
        mode = "ab"
        if have and response.status_code != 206:
            hasher.restart()
            on_bytes(-have)
            mode = "wb"
        with part.open(mode) as out, Flusher(out.fileno()) as flusher:
            for chunk in response.iter_content(CHUNK_BYTES):
                if cancel.cancelled:
                    raise Cancelled("The download was paused; it resumes where it stopped.")
                out.write(chunk)
                hasher.update(chunk)
                flusher.wrote(len(chunk))
                on_bytes(len(chunk))


class FileHash:
    """SHA-256 of a growing file, computed on a thread of its own beside the transfer.

    hashlib releases the GIL on large buffers, so with a second core the hash of one chunk runs
    while the next is read and written; in line, the hash (1.7 GB/s here with SHA-NI) took more
    time than the loopback copy itself (2.2 GB/s). At most `HASH_QUEUE_CHUNKS` chunks wait, so
    memory stays bounded when the disk or network outruns the hash. Use as a context manager:
    the thread ends with the block.
    """

    def __init__(self) -> None:
        self._digest = hashlib.sha256()
        self._queue: queue.Queue[object] = queue.Queue(HASH_QUEUE_CHUNKS)  # bytes, _RESTART, None
        self._thread = threading.Thread(target=self._run, daemon=True, name="download-hash")
        self._thread.start()

    def __enter__(self) -> FileHash:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """End the hashing thread (what was queued is hashed first)."""
        if self._thread.is_alive():
            self._queue.put(None)
            self._thread.join()

    def restart(self) -> None:
        """Forget what was hashed (the server sent the file from its start again)."""
        self._queue.put(_RESTART)

    def update(self, chunk: bytes) -> None:
        """Hash the next bytes (queued: the caller goes on at once)."""
        self._queue.put(chunk)

    def seed(self, part: Path) -> int:
        """Hash what an earlier run left in `part`; returns its size."""
        size = 0
        if part.exists():
            with part.open("rb") as existing:
                while block := existing.read(CHUNK_BYTES):
                    self.update(block)
                    size += len(block)
        return size

    def sha256(self) -> str:
        """The SHA-256 of everything given so far, as hex (waits for the queue to drain)."""
        self._queue.join()
        return self._digest.hexdigest()

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            try:
                if item is None:
                    return
                if item is _RESTART:
                    self._digest = hashlib.sha256()
                elif isinstance(item, bytes):
                    self._digest.update(item)
            finally:
                self._queue.task_done()


class Flusher:
    """Pushes a growing file to disk in the background, so the fsync at the end is short.

    Every `FLUSH_BYTES` written, an `fdatasync` starts on a helper thread (unless one is still
    running) while the transfer goes on; the page cache alone would hold everything until the
    final fsync (the kernel starts writing at 10 % of memory dirty), which then took 0.15 s for
    336 MB here with nothing else to do. Use as a context manager inside the file's `with`.
    """

    def __init__(self, fd: int) -> None:
        self._fd = fd
        self._unflushed = 0
        self._thread: threading.Thread | None = None

    def __enter__(self) -> Flusher:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._thread is not None:
            self._thread.join()  # before the file (and its descriptor number) is closed

    def wrote(self, count: int) -> None:
        """`count` more bytes were written."""
        self._unflushed += count
        if self._unflushed < FLUSH_BYTES or (self._thread and self._thread.is_alive()):
            return
        self._unflushed = 0
        self._thread = threading.Thread(target=_sync_data, args=(self._fd,), daemon=True,
                                        name="download-flush")
        self._thread.start()


def _sync_data(fd: int) -> None:
    with suppress(OSError):  # only a head start on the final fsync, which reports failures
        (os.fdatasync if hasattr(os, "fdatasync") else os.fsync)(fd)


def git_blob_sha1(path: Path) -> str:
    """The git blob id of a file (what Hugging Face's ETag names a small file by)."""
    digest = hashlib.sha1(usedforsecurity=False)
    digest.update(f"blob {path.stat().st_size}\0".encode())
    with path.open("rb") as data:
        while block := data.read(CHUNK_BYTES):
            digest.update(block)
    return digest.hexdigest()


def _clean(tag: str) -> str:
    return tag.strip().removeprefix("W/").strip('"').lower()


@contextmanager
def _transport(url: str) -> Iterator[None]:
    """Turn `requests`' failures into `Interrupted` (retry) or `ModelError` (give up)."""
    try:
        yield
    except _TRANSIENT as exc:
        raise Interrupted(str(exc)) from exc
    except requests.RequestException as exc:
        raise ModelError(
            f"The download of {url} failed ({exc}).", hint="Try again later."
        ) from exc


def _raise_for_status(status: int, url: str) -> None:
    if status < 400:
        return
    if status == 404:
        raise ModelError(
            f"The server has no file at {url} (404).",
            hint="The catalog may be out of date; update Lanthorn or add the model yourself.",
        )
    if status in (401, 403):
        raise ModelError(
            f"The server refused the download of {url} ({status}).",
            hint="The model may need an account or licence acceptance on its website.",
        )
    if status == 429 or status >= 500:
        raise Interrupted(f"server answered {status}")  # retried by the caller
    raise ModelError(f"The download of {url} failed (HTTP {status}).", hint="Try again later.")
