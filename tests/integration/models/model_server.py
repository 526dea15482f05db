"""A Hugging Face-like file server on 127.0.0.1, for download tests and the models bench.

`/resolve/<name>` answers like a resolve URL: for an LFS file a HEAD or GET is redirected to
`/cdn/<name>` with `X-Linked-Etag` (the SHA-256) and `X-Linked-Size`; a small file answers
itself with its git blob id as ETag. `/cdn/<name>` serves bytes with Range support. Knobs let a
test cut the connection part-way, hold it part-way until released (to pause a download at a
known point), alter the bytes, hide the hashes or answer 429/503 first. A
request in proxy form (`GET http://host/path`) is served too, and recorded as proxied.
"""

from __future__ import annotations

import hashlib
import sys
import threading
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

CHUNK = 256 * 1024


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as data:
        while block := data.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def git_sha1_of(path: Path) -> str:
    digest = hashlib.sha1(usedforsecurity=False)
    digest.update(f"blob {path.stat().st_size}\0".encode())
    digest.update(path.read_bytes())
    return digest.hexdigest()


@dataclass
class Served:
    path: Path
    lfs: bool = True
    sha256: str = ""
    git_sha1: str = ""


@dataclass
class Knobs:
    cut_after: int | None = None  # close the connection after this many body bytes, once
    hold_after: int | None = None  # stop sending after this many body bytes until `release`
    release: threading.Event = field(default_factory=threading.Event)
    tamper: bool = False  # flip one byte in the middle of every body
    advertise: bool = True  # send X-Linked-Etag / ETag hashes
    statuses: deque[int] = field(default_factory=deque)  # answer these first (e.g. 429)


class ModelServer:
    """Serves files by name; records every request (method, path, Range, proxied)."""

    def __init__(self) -> None:
        self.files: dict[str, Served] = {}
        self.knobs = Knobs()
        self.requests: list[tuple[str, str, str, bool]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_HEAD(self) -> None:
                server.handle(self, body=False)

            def do_GET(self) -> None:
                server.handle(self, body=True)

            def log_message(self, *args: object) -> None:
                pass

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def add(self, name: str, path: Path, *, lfs: bool = True) -> str:
        """Serve `path` as `name`; returns its resolve URL."""
        self.files[name] = Served(path, lfs, sha256_of(path), "" if lfs else git_sha1_of(path))
        return f"{self.url}/resolve/{name}"

    def gets(self) -> list[tuple[str, str, str, bool]]:
        return [r for r in self.requests if r[0] == "GET"]

    def __enter__(self) -> ModelServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    # ------------------------------------------------------------ handling

    def handle(self, request: BaseHTTPRequestHandler, *, body: bool) -> None:
        proxied = request.path.startswith("http://")
        path = urlsplit(request.path).path
        method = "GET" if body else "HEAD"
        self.requests.append((method, path, request.headers.get("Range", ""), proxied))
        if self.knobs.statuses:
            self._empty(request, self.knobs.statuses.popleft())
            return
        kind, _, name = path.strip("/").partition("/")
        served = self.files.get(name)
        if served is None or kind not in ("resolve", "cdn"):
            self._empty(request, 404)
            return
        if kind == "resolve" and served.lfs:
            self._redirect(request, served, name)
            return
        self._send(request, served, body)

    def _empty(self, request: BaseHTTPRequestHandler, status: int) -> None:
        request.send_response(status)
        request.send_header("Content-Length", "0")
        if status == 429:
            request.send_header("Retry-After", "0")
        request.end_headers()

    def _redirect(self, request: BaseHTTPRequestHandler, served: Served, name: str) -> None:
        request.send_response(302)
        request.send_header("Location", f"/cdn/{name}")
        if self.knobs.advertise:
            request.send_header("X-Linked-Etag", f'"{served.sha256}"')
            request.send_header("X-Linked-Size", str(served.path.stat().st_size))
        request.send_header("ETag", '"cdn-object-not-a-hash"')
        request.send_header("Content-Length", "0")
        request.end_headers()

    def _send(self, request: BaseHTTPRequestHandler, served: Served, body: bool) -> None:
        size = served.path.stat().st_size
        start = _range_start(request.headers.get("Range", ""))
        if start is not None and start >= size:
            request.send_response(416)
            request.send_header("Content-Range", f"bytes */{size}")
            request.send_header("Content-Length", "0")
            request.end_headers()
            return
        request.send_response(206 if start is not None else 200)
        first = start or 0
        if start is not None:
            request.send_header("Content-Range", f"bytes {first}-{size - 1}/{size}")
        request.send_header("Content-Length", str(size - first))
        request.send_header("Accept-Ranges", "bytes")
        if self.knobs.advertise and not served.lfs:
            request.send_header("ETag", f'"{served.git_sha1}"')
        elif not served.lfs:
            request.send_header("ETag", '"weak-tag"')
        request.end_headers()
        if body:
            self._body(request, served.path, first, size)

    def _body(self, request: BaseHTTPRequestHandler, path: Path, first: int, size: int) -> None:
        sent, middle = 0, size // 2
        with path.open("rb") as data:
            data.seek(first)
            position = first
            while block := data.read(CHUNK):
                hold = self.knobs.hold_after
                if hold is not None and sent >= hold:
                    self.knobs.hold_after = None
                    self.knobs.release.wait(30)
                if self.knobs.tamper and position <= middle < position + len(block):
                    i = middle - position
                    block = block[:i] + bytes([block[i] ^ 0xFF]) + block[i + 1:]
                cut = self.knobs.cut_after
                if cut is not None and sent + len(block) > cut:
                    self.knobs.cut_after = None
                    request.wfile.write(block[: cut - sent])
                    request.wfile.flush()
                    request.close_connection = True
                    request.connection.shutdown(2)
                    return
                try:
                    request.wfile.write(block)
                except (BrokenPipeError, ConnectionResetError):
                    return
                sent += len(block)
                position += len(block)


def _range_start(header: str) -> int | None:
    if not header.startswith("bytes="):
        return None
    first = header.removeprefix("bytes=").split("-", 1)[0]
    return int(first) if first.isdigit() else None


def serve(paths: list[Path]) -> None:
    """Serve `paths` (by file name) in this process, print the base URL, stop at stdin's end.

    The models bench runs the server this way, in a process of its own like a real server, so
    its threads never wait on the client's interpreter lock.
    """
    with ModelServer() as running:
        for path in paths:
            running.add(path.name, path)
        print(running.url, flush=True)
        sys.stdin.read()


if __name__ == "__main__":
    serve([Path(arg) for arg in sys.argv[1:]])
