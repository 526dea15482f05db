"""The Models page and the chat's model header through the real engine: a catalog download of the
real starter GGUF from a loopback server (progress, pause, resume), the downloaded model chosen
for a conversation answering and still chosen after a restart; and the remote form against
llama-cpp-python's own server (wrong key, right key, then chosen for a conversation) with the
key nowhere in the data folder or the logs. A remote answer is left to
tests/integration/models (under load on 2 cores it cost this file a minute)."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.models.downloads import DownloadStatus
from engine.api import Engine, data_dir
from engine.bundled import starter_chat_model
from engine.config import SamplingSettings
from engine.types import ModelKind
from tests.integration.models.conftest import STARTER_NAME, chat_entry, write_catalog
from tests.integration.models.llama_server import KEY, start_server
from tests.integration.models.model_server import Knobs, ModelServer

pytestmark = pytest.mark.slow
ENTRY = "starter-copy"
HOLD_AT = 16 * 1024 * 1024
QUESTION = "What is the capital of France?"


@pytest.fixture(scope="module")
def file_server() -> Iterator[ModelServer]:
    with ModelServer() as running:
        running.add(STARTER_NAME, starter_chat_model())
        yield running


@pytest.fixture
def catalog(tmp_path: Path, file_server: ModelServer, monkeypatch: pytest.MonkeyPatch) -> Path:
    file_server.knobs = Knobs()
    file_server.requests.clear()
    url = f"{file_server.url}/resolve/{STARTER_NAME}"
    size = starter_chat_model().stat().st_size
    path = write_catalog(tmp_path / "catalog.toml", [chat_entry(ENTRY, url, size)])
    monkeypatch.setenv("LANTHORN_CATALOG", str(path))
    return path


@pytest.fixture(scope="module")
def remote_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    log = tmp_path_factory.mktemp("llama-server") / "server.log"
    process, url = start_server(starter_chat_model(), log)
    yield url
    process.terminate()
    process.wait(timeout=20)


def short_answers(engine: Engine) -> None:
    greedy = SamplingSettings(temperature=0.0, max_tokens=16, seed=1)
    engine.update_settings(dataclasses.replace(engine.settings(), sampling=greedy))


def open_page(qtbot, window):
    window.open_settings()
    page = window.settings_dialog.models_page
    qtbot.waitUntil(lambda: bool(page.catalog.rows and page.library.models), timeout=30_000)
    return page


def ask(qtbot, window, text: str) -> str:
    with qtbot.waitSignal(window.chat.answer_finished, timeout=120_000) as finished:
        window.chat.send(text)
    return str(finished.args[0])


def choose_model(qtbot, window, model_id: str) -> int:
    """Pick `model_id` in the chat header of a new chat; returns the conversation it made."""
    header = window.model_header
    qtbot.waitUntil(lambda: header.chooser.findData(model_id) >= 0, timeout=30_000)
    with qtbot.waitSignal(window.chat.conversation_opened, timeout=30_000) as opened:
        header.chooser.activated.emit(header.chooser.findData(model_id))
    qtbot.waitUntil(lambda: header.chooser.currentData() == model_id, timeout=30_000)
    return int(opened.args[0])


def test_a_download_pauses_resumes_and_then_answers_its_conversation_after_a_restart(
    qtbot, make_window, engine: Engine, restart, catalog: Path, file_server: ModelServer,
    screenshot,
) -> None:
    short_answers(engine)
    window = make_window(engine)
    notice = window.model_header.notice
    qtbot.waitUntil(notice.isVisible, timeout=30_000)
    assert "Starter copy" in notice.message.text()  # the best fit offered, not fetched
    page = open_page(qtbot, window)
    controls = page.catalog.rows[ENTRY].controls
    assert page.catalog.rows[ENTRY].fit.text().startswith("fits")
    assert file_server.gets() == []

    file_server.knobs.hold_after = HOLD_AT
    controls.download_button.click()
    qtbot.waitUntil(lambda: controls.progress.value() > 0, timeout=30_000)
    assert " of " in controls.status.text() and "/s" in controls.status.text()
    screenshot(window.settings_dialog, "16-models-download")
    controls.pause_button.click()
    file_server.knobs.release.set()  # the next bytes reach the engine, which sees the pause
    qtbot.waitUntil(lambda: window.downloads.state(ENTRY).status is DownloadStatus.PAUSED,
                    timeout=30_000)
    paused = engine.models.catalog()[0].partial_bytes
    assert HOLD_AT <= paused < starter_chat_model().stat().st_size
    assert controls.download_button.text() == "Resume"

    with qtbot.waitSignal(window.downloads.finished, timeout=60_000) as finished:
        controls.download_button.click()
    result = finished.args[0]
    assert file_server.gets()[-1][2] == f"bytes={paused}-"  # resumed, not started over
    assert Path(result.path).read_bytes() == starter_chat_model().read_bytes()
    model = result.model
    assert model is not None and model.kind is ModelKind.LOCAL and model.owned
    qtbot.waitUntil(lambda: model.id in [m.id for m in page.library.models], timeout=30_000)
    qtbot.waitUntil(lambda: not notice.isVisible() and not page.notice.isVisible(),
                    timeout=30_000)
    window.settings_dialog.reject()

    cid = choose_model(qtbot, window, model.id)
    assert "Paris" in ask(qtbot, window, QUESTION)
    assert engine.models.for_conversation(cid).id == model.id
    assert engine.models.current().path == result.path  # the file that answered
    stored = engine.conversations.list_messages(cid)[-1]
    assert stored.model == model.name
    qtbot.waitUntil(lambda: window.chat.view.messages()[-1].model_note.text() == model.name,
                    timeout=30_000)

    engine, window = restart(window, engine)
    header = window.model_header
    window.sidebar.conversation_selected.emit(cid)  # reopened on its own too (the last chat)
    qtbot.waitUntil(lambda: header.chooser.currentData() == model.id, timeout=30_000)
    assert window.chat.view.messages()[-1].model_note.text() == model.name
    assert engine.settings().model.path == ""  # chosen for the conversation, not the default


def test_the_remote_form_refuses_a_wrong_key_accepts_the_right_one_and_hides_it(
    qtbot, make_window, engine: Engine, remote_url: str, lanthorn_home: Path
) -> None:
    log_file = data_dir() / "logs" / "models-gui.log"
    log_file.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(log_file)
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        window = make_window(engine)
        form = open_page(qtbot, window).remote
        qtbot.keyClicks(form.url, remote_url)
        qtbot.keyClicks(form.model, "smollm2")
        qtbot.keyClicks(form.key, "sk-not-the-key")
        with qtbot.waitSignal(form.checked, timeout=60_000) as checked:
            form.test_button.click()
        assert not checked.args[0].ok
        assert form.result.text().startswith(
            f"The server at {remote_url} refused the API key (401).")

        qtbot.keyClicks(form.key, KEY)
        with qtbot.waitSignal(form.checked, timeout=60_000) as checked:
            form.test_button.click()
        assert checked.args[0].ok, form.result.text()
        assert form.result.text().startswith(f"Connected: smollm2 answered at {remote_url}")
        kept = "keyring" if engine.secrets.status().persistent else "memory only"
        assert kept in form.key_note.text() and form.key.text() == ""
        window.settings_dialog.reject()

        cid = choose_model(qtbot, window, "remote")  # answering from it: tests/integration
        assert engine.models.for_conversation(cid).endpoint == remote_url
    finally:
        root.removeHandler(handler)
        handler.close()
        root.setLevel(old_level)
    assert log_file.stat().st_size > 0
    holding = [p for p in lanthorn_home.rglob("*") if p.is_file() and KEY.encode() in
               p.read_bytes()]
    assert holding == []
    engine.secrets.forget_api_key(remote_url)
