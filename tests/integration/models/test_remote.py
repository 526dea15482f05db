"""Remote answers from llama-cpp-python's own OpenAI-compatible server running the starter GGUF:
streaming, cancel, a grounded answer with citations, and the failures a person meets (wrong
key, busy server, unknown model, server down), each as a clear message."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from engine.api import CancelToken, Engine
from engine.bundled import starter_chat_model
from engine.config import SamplingSettings, Settings
from engine.errors import GenerationError, ModelError
from engine.knowledge.embedder import Embedder
from engine.knowledge.service import KnowledgeBase
from engine.secrets import SecretStore
from engine.types import AnswerDelta

from .llama_server import KEY, FrontDoor, free_port, start_server

GREEDY = SamplingSettings(temperature=0.0, max_tokens=40, seed=7)
MODEL = "smollm2"

pytestmark = pytest.mark.serial  # asserts a time: runs alone (Makefile)


@pytest.fixture(scope="module")
def remote_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    log = tmp_path_factory.mktemp("llama-server") / "server.log"
    process, url = start_server(starter_chat_model(), log)
    yield url
    process.terminate()
    process.wait(timeout=20)


def remote_engine(url: str, key: str | None = KEY, *, retries: int = 3, **kwargs: object) -> Engine:
    settings = Settings(sampling=GREEDY)
    settings = dataclasses.replace(
        settings, remote=dataclasses.replace(settings.remote, max_retries=retries)
    )
    engine = Engine(settings, secret_store=SecretStore(backends=list), **kwargs)  # type: ignore[arg-type]
    engine.models.set_remote(url, MODEL, key)
    engine.models.set_default("remote")
    return engine


def collect(deltas: Iterator[AnswerDelta]) -> tuple[list[str], AnswerDelta]:
    pieces, final = [], None
    for delta in deltas:
        if delta.done:
            final = delta
        else:
            pieces.append(delta.text)
    assert final is not None
    return pieces, final


def test_a_streamed_answer_is_stored_with_the_remote_model(remote_url: str) -> None:
    with remote_engine(remote_url) as engine:
        conversation = engine.conversations.create()
        pieces, final = collect(engine.chat.stream_reply(
            conversation.id, "What is the capital of France?", use_knowledge=False))
        stored = engine.conversations.list_messages(conversation.id)[-1]
        chosen = engine.models.for_conversation(conversation.id)
    assert len(pieces) > 2 and "Paris" in "".join(pieces)
    assert final.finish_reason in ("stop", "length")
    assert final.usage is not None and final.usage.completion_tokens > 0
    assert stored.model == MODEL and stored.text == "".join(pieces)
    assert chosen.id == "remote" and chosen.endpoint == remote_url


def test_cancel_closes_the_stream_at_once(remote_url: str) -> None:
    cancel = CancelToken()
    long = dataclasses.replace(GREEDY, max_tokens=400)
    with remote_engine(remote_url) as engine:
        engine.update_settings(dataclasses.replace(engine.settings(), sampling=long))
        pieces: list[str] = []
        final = None
        cancelled_at = 0.0
        for delta in engine.chat.stream_answer(
            "Write a long story about a dragon who bakes bread.", cancel, use_knowledge=False
        ):
            if delta.done:
                final = delta
                break
            pieces.append(delta.text)
            if len(pieces) == 3:
                cancelled_at = time.monotonic()
                cancel.cancel()
        stopped_in = time.monotonic() - cancelled_at
    assert final is not None and final.finish_reason == "cancelled"
    assert len(pieces) <= 4 and stopped_in < 1.0


def test_a_grounded_answer_cites_the_local_passage(
    remote_url: str, tmp_path: Path, embedder: Embedder
) -> None:
    note = tmp_path / "zorbia.md"
    note.write_text(
        "# Zorbia\n\nThe capital of Zorbia is Quillton. Quillton lies on the river Venn and is "
        "known for its glass bridges.\n", encoding="utf-8")

    def knowledge(db: object, folder: object, on_change: object) -> KnowledgeBase:
        return KnowledgeBase(db, embedder_loader=lambda _f: embedder,  # type: ignore[arg-type]
                             on_change=on_change)  # type: ignore[arg-type]

    with remote_engine(remote_url, knowledge_factory=knowledge) as engine:
        assert not engine.knowledge.add_sources([note]).failed
        _pieces, final = collect(engine.chat.stream_answer("What is the capital of Zorbia?"))
    assert final.covered is True
    assert final.citations and final.citations[0].location.title
    assert "Quillton" in final.citations[0].quote


def test_a_wrong_key_is_refused_clearly(remote_url: str) -> None:
    with remote_engine(remote_url, "sk-wrong") as engine, pytest.raises(
        ModelError, match=r"refused the API key \(401\)"
    ):
        collect(engine.chat.stream_answer("Hello?", use_knowledge=False))
    with remote_engine(remote_url, "sk-wrong") as engine:
        check = engine.models.test_remote()
    assert not check.ok and "401" in check.problem and "sk-wrong" not in check.problem


def test_busy_answers_are_retried_then_answered(remote_url: str) -> None:
    door = FrontDoor(remote_url)
    try:
        with remote_engine(door.url) as engine:
            engine.models.load()  # GET /models passes through
            busy = {"error": {"message": "Rate limit reached", "type": "rate_limit"}}
            door.answers.extend([(429, busy), (429, busy)])
            pieces, final = collect(engine.chat.stream_answer(
                "What is the capital of France?", use_knowledge=False))
    finally:
        door.close()
    statuses = [status for path, status in door.seen if path.endswith("/chat/completions")]
    assert statuses == [429, 429, 200]
    assert pieces and final.finish_reason in ("stop", "length")


def test_still_busy_after_the_retries_says_so(remote_url: str) -> None:
    door = FrontDoor(remote_url)
    try:
        with remote_engine(door.url, retries=1) as engine:
            engine.models.load()
            busy = {"error": {"message": "Rate limit reached"}}
            door.answers.extend([(429, busy), (429, busy)])
            with pytest.raises(GenerationError, match="busy"):
                collect(engine.chat.stream_answer("Hi", use_knowledge=False))
    finally:
        door.close()


def test_an_unknown_model_is_named(remote_url: str) -> None:
    door = FrontDoor(remote_url)
    try:
        with remote_engine(door.url) as engine:
            engine.models.load()
            door.answers.append((404, {"error": {
                "message": f"The model `{MODEL}` does not exist.", "code": "model_not_found"}}))
            with pytest.raises(ModelError, match=f"no model named '{MODEL}' \\(404\\)"):
                collect(engine.chat.stream_answer("Hi", use_knowledge=False))
            door.answers.append((200, {"object": "list", "data": [
                {"id": "qwen2.5:7b", "object": "model"}, {"id": "llama3", "object": "model"}]}))
            check = engine.models.test_remote()
    finally:
        door.close()
    assert not check.ok and "It offers: qwen2.5:7b, llama3" in check.problem


def test_a_server_that_is_down_is_said_plainly() -> None:
    url = f"http://127.0.0.1:{free_port()}/v1"
    started = time.monotonic()
    with remote_engine(url, retries=0) as engine, pytest.raises(
        ModelError, match="Cannot reach the model server at"
    ):
        collect(engine.chat.stream_answer("Hello?", use_knowledge=False))
    assert time.monotonic() - started < 15


def test_the_connection_test_reports_models_and_context(remote_url: str) -> None:
    with remote_engine(remote_url) as engine:
        check = engine.models.test_remote()
        status = engine.models.remote()
    assert check.ok and check.problem == "" and check.context_size == 2048
    assert len(check.models) == 1
    assert status.has_key and status.key_storage == "memory"
    assert "passages cited from your documents are sent to" in status.notice
