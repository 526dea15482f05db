"""The documents panel over the real engine and a restart: encrypted PDFs ask for their password
(from `AddResult.needs_password`, not the wording), unreadable files are refused by the engine's
kinds, Cancel stops one file while the queue goes on, and changes made outside the window show
up without polling."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QInputDialog

from desktop.knowledge.knowledge_panel import KnowledgePanel
from engine.api import Engine
from tests.gui.test_knowledge_behaviour import drop

pytestmark = pytest.mark.slow
INDEX_MS = 120_000


def _status(panel: KnowledgePanel, title: str) -> str | None:
    return next((s.status for s in panel.states() if s.name == title), None)


def _give_password(qtbot, panel: KnowledgePanel, title: str, password: str) -> None:
    row = next(r for r in panel._rows.values() if r.state.name == title)
    qtbot.waitUntil(row.buttons["password"].isVisible, timeout=INDEX_MS)
    qtbot.mouseClick(row.buttons["password"], Qt.MouseButton.LeftButton)
    dialog = panel.findChild(QInputDialog, "passwordDialog")
    assert dialog is not None and dialog.isVisible()
    dialog.setTextValue(password)
    dialog.accept()
    qtbot.waitUntil(lambda: _status(panel, title) == "ready", timeout=INDEX_MS)


def _elsewhere(work) -> None:
    thread = threading.Thread(target=work)
    thread.start()
    thread.join(INDEX_MS / 1000)


def test_passwords_refusals_and_outside_changes_survive_a_restart(
    qtbot, make_window, engine: Engine, restart, shared_data: Path, tmp_path: Path
) -> None:
    bad = shared_data / "pdf" / "bad"
    rc4, aes = bad / "r3-user-password.pdf", bad / "r6-both-passwords.pdf"
    notes = tmp_path / "notes.docx"
    notes.write_bytes(b"PK\x03\x04")
    window = make_window(engine)
    panel = window.knowledge
    qtbot.waitUntil(lambda: bool(panel._kinds))
    with qtbot.waitSignal(window.error_banner.shown, timeout=10_000) as shown:
        drop(window, [QUrl.fromLocalFile(str(p)) for p in (rc4, aes, notes)])
    assert shown.args[0].startswith("Lanthorn cannot read notes.docx. It reads .pdf, ")
    for title in ("r3-user-password.pdf", "r6-both-passwords.pdf"):
        qtbot.waitUntil(lambda t=title: _status(panel, t) == "failed", timeout=INDEX_MS)
    qtbot.waitUntil(lambda: not panel.running, timeout=INDEX_MS)
    assert "notes.docx" not in [s.name for s in panel.states()]
    _give_password(qtbot, panel, "r3-user-password.pdf", "asdfzxcv")

    text = tmp_path / "keeper.txt"
    text.write_text("Agnes Merrow kept the Lanthorn Point lamp for thirty-two winters.\n")
    _elsewhere(lambda: engine.knowledge.add_sources([text]))  # as `lanthorn add` would
    qtbot.waitUntil(lambda: _status(panel, "keeper.txt") == "ready", timeout=INDEX_MS)
    _elsewhere(lambda: engine.conversations.create("Started elsewhere"))
    qtbot.waitUntil(lambda: window.sidebar.list.count() == 1)

    # Cancel acts on the book being indexed only: the file queued after it goes on.
    book, tide = shared_data / "pdf" / "big" / "freeculture.pdf", tmp_path / "tide.txt"
    tide.write_text("The tide table hung by the lighthouse door.\n", encoding="utf-8")
    panel.add_paths([str(book), str(tide)])
    qtbot.waitUntil(lambda: _status(panel, "tide.txt") == "queued", timeout=INDEX_MS)
    qtbot.waitUntil(lambda: _status(panel, "freeculture.pdf") == "indexing", timeout=INDEX_MS)
    row = next(r for r in panel.rows() if r.state.name == "freeculture.pdf")
    qtbot.mouseClick(row.buttons["cancel"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _status(panel, "tide.txt") == "ready", timeout=INDEX_MS)
    assert _status(panel, "freeculture.pdf") == "cancelled"

    engine, window = restart(window, engine)
    panel = window.knowledge
    qtbot.waitUntil(lambda: len(panel.states()) == 5, timeout=INDEX_MS)
    assert {s.name: s.status for s in panel.states()} == {
        "r3-user-password.pdf": "ready", "r6-both-passwords.pdf": "failed", "keeper.txt": "ready",
        "freeculture.pdf": "cancelled", "tide.txt": "ready",
    }
    cancelled = next(r for r in panel.rows() if r.state.name == "freeculture.pdf")
    assert cancelled.buttons["retry"].isVisible()  # still cancelled, not failed, after a restart
    assert window.sidebar.list.item(0).text() == "Started elsewhere"
    # The engine keeps no password flag on a stored source: Retry asks the engine again,
    # whose answer brings the Password button back.
    locked = next(r for r in panel._rows.values() if r.state.name == "r6-both-passwords.pdf")
    assert locked.buttons["retry"].isVisible() and not locked.buttons["password"].isVisible()
    qtbot.mouseClick(locked.buttons["retry"], Qt.MouseButton.LeftButton)
    _give_password(qtbot, panel, "r6-both-passwords.pdf", "foo")
    hits = engine.knowledge.search("pdf encryption test", 3)
    assert any(h.location.path == str(aes) for h in hits)
