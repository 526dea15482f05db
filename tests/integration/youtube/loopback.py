"""Real sockets on 127.0.0.1: the recorded YouTube behind an HTTP server, a proxy that only
writes down what it was asked, and ports where nothing answers."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import requests
from requests.adapters import HTTPAdapter

from tests.unit.engine.youtube.recorded import RecordedYouTube, Seen

YOUTUBE = "https://www.youtube.com"


@contextmanager
def serving(server: Any) -> Iterator[Any]:
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@contextmanager
def loopback_youtube(youtube: RecordedYouTube) -> Iterator[int]:
    """An HTTP server on 127.0.0.1 answering from `youtube`; yields its port."""

    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            seen = Seen(
                method=self.command,
                url=YOUTUBE + self.path,
                headers=dict(self.headers.items()),
                body=self.rfile.read(length),
            )
            status, body, content_type = youtube.answer(seen)
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            self._answer()

        def do_POST(self) -> None:
            self._answer()

        def log_message(self, format: str, *args: Any) -> None:
            pass

    with serving(ThreadingHTTPServer(("127.0.0.1", 0), Handler)) as server:
        yield server.server_address[1]


class ToLoopback(HTTPAdapter):
    """Sends requests for https://www.youtube.com to plain HTTP on a loopback port.

    Cookies and headers are prepared for www.youtube.com before the adapter sees the request,
    so the consent cookie travels exactly as it would to YouTube.
    """

    def __init__(self, port: int) -> None:
        super().__init__()
        self.base = f"http://127.0.0.1:{port}"

    def send(self, request: requests.PreparedRequest, *args: Any, **kwargs: Any) -> Any:
        moved = request.copy()
        moved.url = (request.url or "").replace(YOUTUBE, self.base, 1)
        response = super().send(moved, *args, **kwargs)
        response.url = request.url or ""
        return response


def closed_port() -> int:
    """A loopback port with nothing listening (connections are refused)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def silent_port() -> Iterator[int]:
    """A loopback port that accepts connections and never says a word."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        yield int(listener.getsockname()[1])


@contextmanager
def refusing_proxy() -> Iterator[tuple[int, list[str]]]:
    """An HTTP proxy on 127.0.0.1 that writes down each request line and forbids it."""
    asked: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def _refuse(self) -> None:
            asked.append(self.requestline)
            self.send_response(403)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def do_CONNECT(self) -> None:
            self._refuse()

        def do_GET(self) -> None:
            self._refuse()

        def log_message(self, format: str, *args: Any) -> None:
            pass

    with serving(ThreadingHTTPServer(("127.0.0.1", 0), Handler)) as server:
        yield server.server_address[1], asked
