"""The remote stream's cancel watcher: it sleeps on the token, closes the stream on a cancel
(even before the first token), and leaves nothing behind when an answer ends normally."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from types import SimpleNamespace

from engine.cancel import CancelToken
from engine.config import SamplingSettings
from engine.llm.base import ChatTurn
from engine.llm.remote import RemoteChatModel, RemoteEndpoint

SAMPLING = SamplingSettings(temperature=0.0, max_tokens=16, seed=1)


class Stream:
    """An SSE stream stand-in: yields `pieces`, then (if `hang`) blocks until closed."""

    def __init__(self, pieces: list[str], *, hang: bool = False) -> None:
        self.pieces, self.hang = pieces, hang
        self.closed = threading.Event()
        self.started = threading.Event()
        self.closes = 0

    def __iter__(self) -> Iterator[SimpleNamespace]:
        self.started.set()
        for text in self.pieces:
            delta = SimpleNamespace(content=text)
            yield SimpleNamespace(usage=None, choices=[SimpleNamespace(delta=delta,
                                                                       finish_reason=None)])
        if self.hang and not self.closed.wait(30):
            raise AssertionError("the watcher never closed the stream")
        if self.hang:
            raise ConnectionError("closed")  # what httpx raises when the stream is closed

    def close(self) -> None:
        self.closes += 1
        self.closed.set()


class Client:
    def __init__(self, stream: Stream) -> None:
        create = lambda **_kwargs: stream  # noqa: E731
        self.chat = SimpleNamespace(completions=SimpleNamespace(create=create))


def model_for(stream: Stream) -> RemoteChatModel:
    return RemoteChatModel(RemoteEndpoint("http://127.0.0.1:9/v1", "m"), Client(stream), 2048)


def watchers() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "remote-cancel"]


def test_an_answer_that_ends_releases_the_watcher_and_the_token() -> None:
    stream, cancel = Stream(["Par", "is"]), CancelToken()
    deltas = list(model_for(stream).stream([ChatTurn("user", "Capital?")], SAMPLING, cancel))
    assert [d.text for d in deltas if not d.done] == ["Par", "is"]
    assert deltas[-1].finish_reason == "stop"
    for thread in watchers():
        thread.join(5)
    assert not watchers() and stream.closes == 1  # closed once, by the reader, not the watcher
    assert not cancel.cancelled and cancel.child() is not None
    cancel.release(cancel.child())


def test_a_cancel_before_the_first_token_closes_the_stream() -> None:
    stream, cancel = Stream([], hang=True), CancelToken()
    answer = model_for(stream).stream([ChatTurn("user", "Capital?")], SAMPLING, cancel)
    canceller = threading.Thread(target=lambda: stream.started.wait(30) and cancel.cancel())
    canceller.start()  # from another thread, as the GUI does, once the server was asked
    deltas = list(answer)
    canceller.join(5)
    assert stream.closed.is_set()
    assert deltas[-1].done and deltas[-1].finish_reason == "cancelled"
