"""Every string is translated into Simplified Chinese, and the UI follows the system language."""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from desktop import i18n_build
from desktop.i18n import Translations
from tests.gui.fakes import FakeEngine

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
