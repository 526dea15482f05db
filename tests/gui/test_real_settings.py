"""Settings that take effect, through the real engine, real GGUF files and real embedders, and a
restart: the fit label and the loader agree, and a new embedding model re-embeds everything."""

from __future__ import annotations

from pathlib import Path

import gguf
import pytest

from desktop.main_window import MainWindow
from engine.api import Engine
from engine.bundled import starter_chat_model
from engine.errors import ModelError
from engine.types import FitVerdict, ModelFit
from tests.integration.knowledge.kb_helpers import make_other_model
from tests.integration.llm.gguf_copies import copy_with_metadata

pytestmark = pytest.mark.slow
SWITCH_MS = 300_000
LIGHTHOUSE = """The Lanthorn Point lighthouse

The lighthouse on Lanthorn Point was built in 1871 from granite quarried on the island.
Its first keeper, Agnes Merrow, kept the lamp burning for thirty-two winters.

The lamp burned whale oil until 1904, then kerosene, and was electrified in 1938.
Its beam could be seen nineteen nautical miles out to sea on a clear night.
"""


def _fit_of(qtbot, window: MainWindow, path: str) -> tuple[ModelFit, str]:
    """Open the settings, pick `path` ("" for the settings' model), and read the fit label."""
    window.open_settings()
    dialog = window.settings_dialog
    assert dialog is not None
    with qtbot.waitSignal(dialog.fit_checked, timeout=60_000) as checked:
        dialog.model_path.setText(path)
        dialog.check_model()
    return checked.args[0], dialog.model_fit.text()


def _save_settings(qtbot, window: MainWindow) -> None:
    dialog = window.settings_dialog
    assert dialog is not None
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        dialog.save()
    qtbot.waitUntil(lambda: window.settings_dialog is None)


def _loads(engine: Engine) -> bool:
    """The loader's decision for the saved settings: loaded, or refused as too large."""
    try:
        engine.models.load()
    except ModelError as exc:
        assert "needs about" in str(exc)
        return False
    return True


def test_the_fit_label_and_the_loader_agree_also_after_a_restart(
    qtbot, make_window, engine: Engine, restart, tmp_path: Path, screenshot
) -> None:
    huge = copy_with_metadata(  # 10,000 times the key/value heads: a cache of hundreds of GB
        gguf.GGUFReader(starter_chat_model()), tmp_path / "huge-cache.gguf",
        llama__attention__head_count_kv=30_000,
    )
    window = make_window(engine)
    # The model by its name, size and quantization, not its training recipe; so does the
    # header's model chooser (the settings' list shows the quantization in its own column).
    qtbot.waitUntil(lambda: window.model_label.text() == "Model: SmolLM2 135M · Q4_1")
    qtbot.waitUntil(lambda: window.model_header.chooser.currentText() == "SmolLM2 135M (demo)")
    fit, label = _fit_of(qtbot, window, "")
    assert fit.verdict is not FitVerdict.WONT_FIT and label.startswith("Fits"), label
    _save_settings(qtbot, window)
    assert _loads(engine)

    fit, label = _fit_of(qtbot, window, str(huge))
    assert fit.verdict is FitVerdict.WONT_FIT and label.startswith("Won't fit"), label
    assert fit.needed > fit.available
    screenshot(window.settings_dialog, "4b-settings-wont-fit")
    _save_settings(qtbot, window)
    assert not _loads(engine)

    engine, window = restart(window, engine)
    fit, label = _fit_of(qtbot, window, str(huge))
    assert fit.verdict is FitVerdict.WONT_FIT and label.startswith("Won't fit"), label
    assert window.settings_dialog.model_path.text() == str(huge)
    qtbot.waitUntil(
        lambda: window.model_label.toolTip().endswith(str(huge.resolve())), timeout=10_000
    )
    assert not _loads(engine)


def _search_finds_the_keeper(engine: Engine, text: Path) -> None:
    hits = engine.knowledge.search("Who was the first keeper of the lighthouse?", 3)
    assert hits and hits[0].location.path == str(text)
    assert "Agnes Merrow" in hits[0].text


def test_a_new_embedding_model_reembeds_with_progress_and_survives_a_restart(
    qtbot, make_window, engine: Engine, restart, tmp_path: Path
) -> None:
    other = str(make_other_model(tmp_path / "other-model"))
    text = tmp_path / "lighthouse.md"
    text.write_text(LIGHTHOUSE, encoding="utf-8")
    window = make_window(engine)
    window.knowledge.add_paths([str(text)])
    qtbot.waitUntil(
        lambda: [s.status for s in window.knowledge.states()] == ["ready"], timeout=SWITCH_MS
    )
    chunks = window.knowledge.states()[0].chunks
    before = engine.knowledge.embedding_status().active
    window.open_settings()
    dialog = window.settings_dialog
    dialog.embedding_model.setText(other)
    bar = window.knowledge.switch
    shown: list[int] = []
    bar.progress.valueChanged.connect(shown.append)
    with qtbot.waitSignal(bar.finished, timeout=SWITCH_MS):
        dialog.save()
        qtbot.waitUntil(bar.isVisible)
    assert not bar.isVisible() and shown and shown[-1] == chunks == bar.progress.maximum()
    status = engine.knowledge.embedding_status()
    assert status.active_folder == other and status.active != before
    assert status.pending_folder is None
    assert engine.settings().knowledge.embedding_model == other
    _search_finds_the_keeper(engine, text)

    engine, window = restart(window, engine)
    qtbot.waitUntil(lambda: [s.status for s in window.knowledge.states()] == ["ready"])
    assert engine.knowledge.embedding_status().active_folder == other
    assert not window.knowledge.switch.isVisible() and not window.knowledge.switch.running
    window.open_settings()
    assert window.settings_dialog.embedding_model.text() == other
    window.settings_dialog.reject()
    _search_finds_the_keeper(engine, text)
