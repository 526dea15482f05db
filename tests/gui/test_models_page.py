"""The Models page and the chat's model header over the fake engine: the library with fit labels,
downloads with progress, pause, resume and cancel, the demo-model notice, the remote form, and the
model chosen per conversation. The same features through the real engine: test_real_models.py."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QMessageBox

from desktop.formatting import human_bytes
from desktop.models import facts
from desktop.models.downloads import DownloadStatus
from engine.errors import ModelError
from engine.llm import defaults
from engine.types import FitVerdict
from tests.gui.fakes import FakeEngine, FakeModels, Reply
from tests.gui.test_knowledge_behaviour import drop

CHAT, EMBED = FakeModels.CHAT, FakeModels.EMBEDDING


def open_page(qtbot, window):
    window.open_settings()
    page = window.settings_dialog.models_page
    qtbot.waitUntil(lambda: bool(page.library.models and page.catalog.rows), timeout=5_000)
    return page


def names(page) -> list[str]:
    tree = page.library.tree
    return [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]


def gguf(tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    path.write_bytes(b"GGUF" + b"\0" * 2048)
    return path


def confirm_removal(qtbot, page, name: str, *, by_key: bool = False) -> str:
    """Select `name`, press Remove (or Delete), read the question's note and answer Remove."""
    page.library.select(next(m.id for m in page.library.models if m.name == name))
    if by_key:
        page.window().activateWindow()
        qtbot.waitUntil(page.window().isActiveWindow)
        page.library.tree.setFocus()
        qtbot.keyClick(page.library.tree, Qt.Key.Key_Delete)
    else:
        page.library.remove_button.click()
    box = page.library.confirm_box
    assert box is not None
    note = box.informativeText()
    remove = next(b for b in box.buttons()
                  if box.buttonRole(b) is QMessageBox.ButtonRole.DestructiveRole)
    remove.click()
    return note


def test_fit_labels_word_the_engines_one_estimate_with_the_gpu_share(tmp_path: Path) -> None:
    info = FakeEngine().models.inspect(gguf(tmp_path, "m.gguf"))
    fit = defaults.fit(info, 4096, free_bytes=8 * 1024**3, gpu_layers=8, free_vram=1024**3)
    text = facts.fit_text(fit)
    assert fit.gpu_layers == 8 and text.startswith(facts.verdict_text(fit.verdict) + " · needs")
    assert text.endswith(f"GPU (8 layers): {human_bytes(fit.vram_needed)} of 1.0 GB"), text
    unmeasured = defaults.fit(info, 4096, free_bytes=8 * 1024**3, gpu_layers=8)
    assert facts.fit_text(unmeasured).endswith(" of ?")
    assert "GPU" not in facts.fit_text(defaults.fit(info, 4096, free_bytes=8 * 1024**3))


def test_the_library_shows_facts_and_fit_adds_sets_the_default_and_removes(
    qtbot, make_window, fake_engine: FakeEngine, tmp_path: Path, screenshot
) -> None:
    window = make_window(fake_engine)
    page = open_page(qtbot, window)
    starter = fake_engine.models.library()[0]
    row = page.library.tree.topLevelItem(0)
    assert row.text(0).startswith("Fake Starter (demo)") and "default" in row.text(0)
    assert row.text(page.library.FIT_COLUMN) == facts.fit_text(starter.fit)
    assert row.text(page.library.FIT_COLUMN).startswith("fits")
    assert (row.text(2), row.text(3), row.text(7)) == ("135 M", "Q4_1", "llama")
    assert not page.library.remove_button.isEnabled()  # the starter ships with Lanthorn

    page.library.copy_box.setChecked(True)
    page.library.add_file(str(gguf(tmp_path, "copied.gguf")))
    qtbot.waitUntil(lambda: len(names(page)) == 2, timeout=5_000)
    assert "in the library" in page.message.text()
    page.library.copy_box.setChecked(False)
    dropped = gguf(tmp_path, "dropped.gguf")
    drop(window.settings_dialog, [QUrl.fromLocalFile(str(dropped))], over=page.library.tree)
    qtbot.waitUntil(lambda: len(names(page)) == 3, timeout=5_000)
    adds = [args for name, args in fake_engine.calls if name == "add_model"]
    assert adds == [(str(tmp_path / "copied.gguf"), True), (str(dropped), False)]

    referenced = page.library.models[2]
    page.library.select(referenced.id)
    page.library.default_button.click()
    qtbot.waitUntil(lambda: fake_engine.default_model == referenced.id, timeout=5_000)
    qtbot.waitUntil(lambda: "default" in names(page)[2] and "default" not in names(page)[0])
    screenshot(window.settings_dialog, "16-models-page")

    note = confirm_removal(qtbot, page, "Fake 1B")  # the first one: copied, so deleted
    assert "deleted" in note and str(tmp_path / "copied.gguf") in note
    qtbot.waitUntil(lambda: len(names(page)) == 2, timeout=5_000)
    note = confirm_removal(qtbot, page, "Fake 1B", by_key=True)  # referenced: only forgotten
    assert "not deleted" in note and str(dropped) in note
    qtbot.waitUntil(lambda: len(names(page)) == 1, timeout=5_000)
    assert dropped.exists() and fake_engine.default_model == "starter"

    fake_engine.models.free_memory = 50 * 1024**2  # the engine now says nothing fits
    page.refresh()  # a read already under way is followed by a fresh one
    starter = fake_engine.models.library()[0]
    assert starter.fit is not None and starter.fit.verdict is FitVerdict.WONT_FIT
    fit_cell = page.library.FIT_COLUMN
    qtbot.waitUntil(lambda: page.library.tree.topLevelItem(0).text(fit_cell)
                    == facts.fit_text(starter.fit), timeout=5_000)
    assert facts.fit_text(starter.fit).startswith("won't fit")
    assert names(page)[0].endswith("default")
    window.settings_dialog.reject()


def test_a_download_shows_progress_and_pauses_resumes_and_cancels(
    qtbot, make_window, tmp_path: Path
) -> None:
    engine = FakeEngine(page_delay=0.001)
    steps = engine.models.download_steps = threading.Semaphore(0)
    window = make_window(engine)
    page = open_page(qtbot, window)
    row = page.catalog.rows[CHAT]
    controls = row.controls
    assert row.fit.text() == facts.fit_text(row.entry.fit) and row.fit.text().startswith("fits")
    assert "MIT" in row.facts.text() and human_bytes(row.entry.size) in row.facts.text()
    assert not [c for c in engine.calls if c[0] == "download"]  # never on its own

    controls.download_button.click()
    steps.release(3)
    qtbot.waitUntil(lambda: controls.progress.value() == 300, timeout=5_000)
    text = controls.status.text()
    assert text.startswith(f"{human_bytes(210_000_000)} of {human_bytes(700_000_000)}"), text
    assert "/s" in text and "left" in text
    assert controls.pause_button.isVisible() and not controls.download_button.isVisible()
    controls.pause_button.click()
    steps.release(1)  # the engine sees the pause at its next step
    qtbot.waitUntil(lambda: window.downloads.state(CHAT).status is DownloadStatus.PAUSED)
    assert controls.download_button.text() == "Resume"
    assert controls.status.text().startswith("Paused at")
    assert engine.models.partial[CHAT] == 210_000_000

    with qtbot.waitSignal(window.downloads.finished, timeout=5_000):
        controls.download_button.click()
        steps.release(7)  # the seven tenths left
    qtbot.waitUntil(lambda: controls.status.text() == "Downloaded and verified", timeout=5_000)
    qtbot.waitUntil(lambda: "Fake 1B" in names(page), timeout=5_000)
    qtbot.waitUntil(lambda: not page.notice.isVisible(), timeout=5_000)  # a real model is here
    assert not controls.download_button.isVisible()

    embed = page.catalog.rows[EMBED].controls
    embed.download_button.click()
    steps.release(2)
    qtbot.waitUntil(lambda: embed.progress.value() == 200, timeout=5_000)
    embed.cancel_button.click()
    steps.release(1)
    qtbot.waitUntil(lambda: ("discard_download", (EMBED,)) in engine.calls, timeout=5_000)
    qtbot.waitUntil(lambda: embed.download_button.text() == "Download", timeout=5_000)
    assert EMBED not in engine.models.partial and not embed.cancel_button.isVisible()
    window.settings_dialog.reject()


def test_a_failed_download_says_why_and_a_downloaded_embedder_is_offered_once(
    qtbot, make_window, fake_engine: FakeEngine
) -> None:
    damaged = "The downloaded model.bin is damaged or was altered on the way: its checksum does " \
              "not match, so nothing was kept."
    fake_engine.models.download_error = ModelError(damaged)
    window = make_window(fake_engine)
    page = open_page(qtbot, window)
    row = page.catalog.rows[EMBED]
    with qtbot.waitSignal(window.error_banner.shown, timeout=5_000):
        row.controls.download_button.click()
    assert row.controls.status.text() == damaged == window.error_banner.message.text()
    assert row.controls.download_button.text() == "Try again"
    assert not row.search_button.isVisible()

    with qtbot.waitSignal(window.downloads.finished, timeout=5_000):
        row.controls.download_button.click()
    qtbot.waitUntil(row.search_button.isVisible, timeout=5_000)
    assert not [c for c in fake_engine.calls if c[0] == "switch_embedding_model"]
    with qtbot.waitSignal(window.knowledge.switch.finished, timeout=5_000):
        row.search_button.click()
    switches = [args for name, args in fake_engine.calls if name == "switch_embedding_model"]
    assert switches == [(f"/models/{EMBED}",)]
    qtbot.waitUntil(lambda: not row.search_button.isVisible(), timeout=5_000)  # in use now
    window.settings_dialog.reject()


def test_the_demo_notice_offers_the_best_fit_in_one_click_and_goes_once_dismissed(
    qtbot, make_window, runner
) -> None:
    engine = FakeEngine()
    window = make_window(engine)
    notice = window.model_header.notice
    qtbot.waitUntil(notice.isVisible, timeout=5_000)
    assert "tiny demo model" in notice.message.text() and "Fake 1B" in notice.message.text()
    assert not [c for c in engine.calls if c[0] == "download"]
    engine.models.download_steps = threading.Semaphore(0)
    assert notice.controls is not None
    notice.controls.download_button.click()
    qtbot.waitUntil(lambda: ("download", (CHAT,)) in engine.calls, timeout=5_000)
    page = open_page(qtbot, window)
    assert page.notice.isVisible() and not page.notice.dismiss_button.isVisible()
    assert page.notice.controls.pause_button.isVisible()  # the same job, shown in both
    page.notice.controls.pause_button.click()
    engine.models.download_steps.release(1)
    qtbot.waitUntil(lambda: notice.controls.download_button.text() == "Resume", timeout=5_000)
    window.settings_dialog.reject()

    notice.dismiss_button.click()
    assert not notice.isVisible()
    again = make_window(FakeEngine())  # the next start: dismissed for good
    with qtbot.waitSignal(again.model_header.model_shown, timeout=5_000):
        again.model_header.refresh()
    assert not again.model_header.notice.isVisible()

    small = FakeEngine()
    small.models.free_memory = 50 * 1024**2
    page_window = make_window(small)
    page = open_page(qtbot, page_window)
    qtbot.waitUntil(page.notice.isVisible, timeout=5_000)
    assert "No recommended model fits" in page.notice.message.text()
    page_window.settings_dialog.reject()


def test_the_remote_form_tests_the_connection_and_never_shows_the_key(
    qtbot, make_window, fake_engine: FakeEngine
) -> None:
    fake_engine.secrets.persistent = False
    fake_engine.models.server_key = "sk-right"
    window = make_window(fake_engine)
    page = open_page(qtbot, window)
    form = page.remote
    assert "passages cited from your documents" in form.privacy.text()
    assert "stay here" in form.privacy.text() and form.privacy.isVisible()
    assert form.key_note.text() == "No system keyring is available."  # said before typing

    form.url.setText("ftp://gpu-box/v1")
    form.model.setText("qwen")
    form.save()
    qtbot.waitUntil(lambda: "http://" in form.result.text(), timeout=5_000)
    assert form.result.property("failed")

    form.url.clear()
    qtbot.keyClicks(form.url, "http://gpu-box:8080/v1")
    qtbot.keyClicks(form.key, "sk-wrong")
    with qtbot.waitSignal(form.checked, timeout=5_000) as checked:
        form.test_button.click()
    assert not checked.args[0].ok
    assert form.result.text() == "The server at http://gpu-box:8080/v1 refused the API key (401)."
    assert form.key.text() == "" and "sk-wrong" not in form.key_note.text()

    form.key.setText("sk-right")
    with qtbot.waitSignal(form.checked, timeout=5_000) as checked:
        form.test_button.click()
    assert checked.args[0].ok and form.result.text().startswith("Connected: qwen answered")
    assert fake_engine.secrets.keys == {"http://gpu-box:8080/v1": "sk-right"}
    assert form.key_note.text().startswith("The API key is kept in memory only, until Lanthorn")
    assert "A key is kept" in form.key.placeholderText() and form.key.text() == ""
    qtbot.waitUntil(lambda: any(m.id == "remote" for m in page.library.models), timeout=5_000)

    fake_engine.models.server_down = True
    with qtbot.waitSignal(form.checked, timeout=5_000):
        form.test_button.click()
    assert form.result.text() == "Cannot reach the model server at http://gpu-box:8080/v1."
    form.forget_button.click()
    qtbot.waitUntil(lambda: not form.forget_button.isVisible(), timeout=5_000)
    assert fake_engine.secrets.keys == {}
    window.settings_dialog.reject()


def test_the_chat_header_switches_the_model_per_conversation(
    qtbot, make_window, fake_engine: FakeEngine, tmp_path: Path
) -> None:
    local = fake_engine.models.add(gguf(tmp_path, "big.gguf"))
    other = fake_engine.conversations.create("Another chat")
    window = make_window(fake_engine)
    header = window.model_header
    qtbot.waitUntil(lambda: header.chooser.currentData() == "starter", timeout=5_000)
    assert header.chooser.currentText() == "Fake Starter (demo)"

    index = header.chooser.findData(local.id)
    with qtbot.waitSignal(window.chat.conversation_opened, timeout=5_000) as opened:
        header.chooser.activated.emit(index)
    cid = opened.args[0]
    assert cid != other.id and window.chat.conversation_id == cid
    assert fake_engine.calls[-1] == ("use_in_conversation", (cid, local.id))
    qtbot.waitUntil(lambda: header.chooser.currentData() == local.id, timeout=5_000)

    fake_engine.replies.append(Reply("An answer from the bigger model."))
    with qtbot.waitSignal(window.chat.answer_started, timeout=5_000):
        window.chat.send("Which model is this?")
    assert not header.chooser.isEnabled()  # no switching while an answer is written
    qtbot.waitUntil(lambda: window.chat.view.messages()[-1].model_note.text() == "Fake 1B",
                    timeout=5_000)
    assert header.chooser.isEnabled() and window.chat.conversation_id == cid
    assert fake_engine.messages[cid][-1].model == "Fake 1B"

    with qtbot.waitSignal(header.model_shown, timeout=5_000) as shown:
        window.sidebar.conversation_selected.emit(other.id)
    assert shown.args == ["starter"]
    with qtbot.waitSignal(header.model_shown, timeout=5_000) as shown:
        window.sidebar.conversation_selected.emit(cid)
    assert shown.args == [local.id]
    qtbot.waitUntil(lambda: window.chat.view.messages()[-1].model_note.isVisible())
    assert window.chat.view.messages()[-1].model_note.toolTip() == "Written by Fake 1B"
