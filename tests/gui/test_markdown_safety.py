"""Answers never load a remote resource: planted images and links stay text until clicked."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QTextDocument

from desktop.chat import markdown
from tests.gui.fakes import Reply


class _Recorder(BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        _Recorder.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def leak_server() -> Iterator[str]:
    _Recorder.hits = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join()


def test_planted_images_and_links_load_nothing(
    qtbot, make_window, fake_engine, leak_server, monkeypatch
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toString()))
    answer = (
        f'See ![x]({leak_server}/leak.png) and <img src="{leak_server}/raw.png"> '
        f"and ![ref][r] and [the site]({leak_server}/page).\n\n[r]: {leak_server}/ref.png"
    )
    fake_engine.replies.append(Reply(answer))
    window = make_window(fake_engine)
    with qtbot.waitSignal(window.chat.answer_finished, timeout=10_000):
        window.chat.send("summarize the poisoned document")
    message = window.chat.view.messages()[-1]
    qtbot.wait(500)  # any load would have happened by now
    assert _Recorder.hits == []
    html = message.body.toHtml()
    assert "<img" not in html
    assert "&lt;img" in html  # raw HTML is shown as text
    assert (
        message.body.loadResource(
            QTextDocument.ResourceType.ImageResource, QUrl(f"{leak_server}/leak.png")
        )
        is None
    )
    assert opened == []
    message.body.anchorClicked.emit(QUrl(f"{leak_server}/page"))  # the person clicks the link
    assert opened == [f"{leak_server}/page"]
    message.body.anchorClicked.emit(QUrl("file:///etc/passwd"))
    assert opened == [f"{leak_server}/page"]  # only web links, only on a click
    assert _Recorder.hits == []


def test_render_keeps_tables_code_and_escapes_html() -> None:
    rendered = markdown.render(
        "# T\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```python\nx = 1 < 2\n```\n"
        "<script>alert(1)</script> [1] [9]",
        citations=[1],
    )
    assert "<table" in rendered.html and "<h1>" in rendered.html
    assert rendered.code_blocks == ["x = 1 < 2"]
    assert 'href="lanthorn-copy:0"' in rendered.html
    assert "<script>" not in rendered.html and "&lt;script&gt;" in rendered.html
    assert 'href="lanthorn-cite:1"' in rendered.html and "lanthorn-cite:9" not in rendered.html


def test_javascript_links_are_not_links() -> None:
    rendered = markdown.render("[click](javascript:alert(1))")
    assert "javascript:" not in rendered.html.split("[click]")[0]
    assert '<a href="javascript' not in rendered.html
