"""llama-cpp-python's own OpenAI-compatible server on 127.0.0.1, and a stub in front of it.

The server (`python -m llama_cpp.server`) runs the starter GGUF with an API key. `FrontDoor`
forwards requests to it after answering with queued statuses first (429, 404 with an
OpenAI-style error), to act out a busy or misconfigured server.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from engine.cores import usable_cores

KEY = "sk-lanthorn-test-9f3a7c1e5b"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(model: Path, log: Path, key: str = KEY) -> tuple[subprocess.Popen[bytes], str]:
    """Start the server and wait until it answers; returns the process and its /v1 URL."""
    port = free_port()
    command = [
        sys.executable, "-m", "llama_cpp.server", "--model", str(model), "--host", "127.0.0.1",
        "--port", str(port), "--n_ctx", "2048", "--api_key", key,
        # the cores this test may use (a parallel worker has one): more threads would spin
        "--n_threads", str(usable_cores()), "--n_threads_batch", str(usable_cores()),
    ]
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/v1"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"llama_cpp.server exited: {log.read_text(errors='replace')}")
        try:
            request = urllib.request.Request(f"{url}/models",
                                             headers={"Authorization": f"Bearer {key}"})
            with urllib.request.urlopen(request, timeout=2):
                return process, url
        except (urllib.error.URLError, OSError):
            time.sleep(0.3)
    process.kill()
    raise RuntimeError("llama_cpp.server did not start in 90 s")


class FrontDoor:
    """A stub in front of `upstream`: queued (status, body) answers first, then forwarding."""

    def __init__(self, upstream: str) -> None:
        self.upstream = upstream.rstrip("/")
        self.answers: deque[tuple[int, dict[str, object]]] = deque()
        self.seen: list[tuple[str, int]] = []
        door = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                door.handle(self, None)

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                door.handle(self, self.rfile.read(length))

            def log_message(self, *args: object) -> None:
                pass

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        threading.Thread(target=self._httpd.serve_forever, daemon=True).start()
        host, port = self._httpd.server_address[:2]
        self.url = f"http://{host}:{port}/v1"

    def handle(self, request: BaseHTTPRequestHandler, body: bytes | None) -> None:
        if self.answers:
            status, payload = self.answers.popleft()
            self.seen.append((request.path, status))
            data = json.dumps(payload).encode()
            request.send_response(status)
            request.send_header("Content-Type", "application/json")
            request.send_header("Content-Length", str(len(data)))
            if status == 429:
                request.send_header("Retry-After", "0")
            request.end_headers()
            request.wfile.write(data)
            return
        target = self.upstream + request.path.removeprefix("/v1")
        headers = {k: v for k, v in request.headers.items() if k.lower() in (
            "authorization", "content-type", "accept")}
        forward = urllib.request.Request(target, data=body, headers=headers,
                                         method=request.command)
        try:
            with urllib.request.urlopen(forward, timeout=120) as answer:
                status, data, kind = answer.status, answer.read(), answer.headers["Content-Type"]
        except urllib.error.HTTPError as error:
            status, data, kind = error.code, error.read(), "application/json"
        self.seen.append((request.path, status))
        request.send_response(status)
        request.send_header("Content-Type", kind or "application/json")
        request.send_header("Content-Length", str(len(data)))
        request.end_headers()
        request.wfile.write(data)

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
