"""Every string is translated into Simplified Chinese, and the UI follows the system language."""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QTabWidget,
    QWidget,
)

from desktop import i18n_build
from desktop.i18n import Translations
from desktop.widgets import file_dialogs
from tests.gui.fakes import FakeEngine, Reply

SHIPPED = i18n_build.TRANSLATIONS / "lanthorn_zh_CN.ts"
PLACEHOLDER = re.compile(r"\{[a-z_]+[^}]*\}")
NAMES = re.compile(r"Lanthorn|Top [pk]")  # names stay as they are


def _messages(ts: Path) -> list[tuple[str, str, str | None]]:
    found = []
    for message in ET.parse(ts).getroot().iter("message"):
        translation = message.find("translation")
        assert translation is not None
        found.append(
            (message.findtext("source") or "", translation.text or "", translation.get("type"))
        )
    return found


def test_every_string_in_the_code_has_a_chinese_translation(tmp_path: Path) -> None:
    current = tmp_path / "check_zh_CN.ts"
    shutil.copy(SHIPPED, current)
    assert i18n_build.extract(current, "zh_CN") == 0  # adds strings the .ts does not have yet
    messages = _messages(current)
    assert len(messages) > 150
    unfinished = [source for source, _text, kind in messages if kind is not None]
    assert unfinished == [], "run `python -m desktop.i18n_build --update` and translate these"
    for source, text, _kind in messages:
        assert sorted(PLACEHOLDER.findall(source)) == sorted(PLACEHOLDER.findall(text)), source
        words = NAMES.sub("", PLACEHOLDER.sub("", source))
        if re.search(r"[A-Za-z]{3,}", words):
            assert re.search(r"[\u4e00-\u9fff]", text), f"not Chinese: {text!r}"


@pytest.fixture
def chinese_system(monkeypatch: pytest.MonkeyPatch):
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    translations = Translations()
    yield translations
    translations.remove()


def test_the_ui_follows_a_chinese_system(qtbot, make_window, chinese_system) -> None:
    assert chinese_system.install("") == "zh_CN"
    window = make_window(FakeEngine())
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == ["文件(&F)", "对话(&C)", "视图(&V)", "帮助(&H)"]
    assert window.chat.composer.send_button.text() == "发送"
    assert window.sidebar.new_button.text() == "新对话"
    assert window.knowledge.add_button.text() == "添加…"
    assert "欢迎使用" in window.chat.view.welcome.findChildren(type(window.model_label))[0].text()
    window.close()


def test_a_language_set_in_settings_wins_over_the_system(qtbot, chinese_system) -> None:
    assert chinese_system.install("en") == "en"
    assert QApplication.translate("Composer", "Send") == "Send"
    assert chinese_system.install("zh_CN") == "zh_CN"
    assert QApplication.translate("Composer", "Send") == "发送"


# Words that are names, not English: the app's, formats', keys' and the model's architecture.
NOT_ENGLISH = re.compile(
    r"\b(Lanthorn|PDF|Markdown|JSON|GGUF|gguf|GPU|API|SHA|Enter|Shift|Ctrl|Esc|Space|llama|"
    r"SmolLM2)\b"
)
# What the remote-server form shows as examples of an address and a model name.
EXAMPLE_INPUTS = ["http://gpu-box:8080/v1", "qwen2.5-7b-instruct"]
MARKUP = re.compile(r"<[^>]+>|&[a-z]+;|\([*.a-z ]+\)")
ENGLISH_WORD = re.compile(r"[A-Za-z]{3,}")


def _shown_texts(root: QWidget) -> list[str]:
    """Every text a person can read in `root`: labels, buttons, titles, tips, menus, lists."""
    found = [root.windowTitle()]
    for widget in [root, *root.findChildren(QWidget)]:
        if widget is not root and not widget.isVisibleTo(root):
            continue
        found += [widget.toolTip(), widget.accessibleName()]
        if isinstance(widget, QLabel | QAbstractButton):
            found.append(widget.text())
        if isinstance(widget, QLineEdit | QPlainTextEdit):
            found.append(widget.placeholderText())
        if isinstance(widget, QComboBox) and not widget.isEditable():
            found += [widget.itemText(i) for i in range(widget.count())]
        if isinstance(widget, QTabWidget):
            found += [widget.tabText(i) for i in range(widget.count())]
        for action in widget.actions():
            found += [action.text(), action.toolTip()]
            if action.menu() is not None:
                found += [a.text() for a in action.menu().actions()]
    return found


def _english(root: QWidget, user_data: list[str]) -> list[str]:
    english = []
    for text in _shown_texts(root):
        for data in user_data:
            text = text.replace(data, "")
        text = NOT_ENGLISH.sub("", MARKUP.sub(" ", text))
        if ENGLISH_WORD.search(text):
            english.append(text)
    return english


def test_every_window_and_dialog_is_chinese_in_zh_cn(
    qtbot, make_window, chinese_system, tmp_path: Path
) -> None:
    assert chinese_system.install("zh_CN") == "zh_CN"
    engine = FakeEngine()
    engine.replies.append(Reply("Yes."))
    window = make_window(engine)
    book = tmp_path / "book.pdf"
    book.write_bytes(b"%PDF")
    window.knowledge.add_paths([str(book)])
    with qtbot.waitSignal(window.chat.answer_finished, timeout=10_000):
        window.chat.send("Why?")
    qtbot.waitUntil(lambda: [s.status for s in window.knowledge.states()] == ["ready"])
    qtbot.waitUntil(lambda: window.model_known)
    # What the person typed or named (files, the question and answer, folders) is theirs; the
    # kinds' labels and the catalog's model titles are the engine's texts.
    model = engine.models.current()
    user_data = ["Why?", "Yes.", "book.pdf", str(tmp_path), str(Path.home()),
                 model.path, model.name, *(k.label for k in engine.knowledge.kinds()),
                 *(entry.title for entry in engine.models.catalog()), *EXAMPLE_INPUTS]
    qtbot.waitUntil(lambda: window.sidebar.list.count() == 1)
    window.sidebar.list.setCurrentRow(0)
    windows: list[QWidget] = [window]
    window.open_settings()
    windows.append(window.settings_dialog)
    window.knowledge.choose_files()
    window.knowledge.choose_folder()
    window.sidebar.export_md_action.trigger()
    window.sidebar.delete_selected()
    window.show_about()
    windows += [d for d in window.findChildren(QFileDialog) if d.isVisible()]
    windows += [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    windows.append(file_dialogs.confirm_saved(window, "导出", str(tmp_path / "a.md")))
    assert len(windows) >= 8, [w.objectName() or type(w).__name__ for w in windows]
    found = [(w.objectName(), _english(w, user_data)) for w in windows]
    assert all(not english for _name, english in found), found
    for extra in windows[1:]:
        extra.close()
