"""Engine errors reach the window in the interface language (issue 14: they stayed English)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from desktop.errors import shown
from desktop.i18n import Translations
from desktop.widgets.error_banner import ErrorBanner
from engine.errors import ModelError

IN_CHINESE = "模型文件 /models/tiny.gguf 不存在。请检查路径，或在设置中另选一个模型。"
MISSING = ModelError("The model file /models/tiny.gguf does not exist.",
                     hint="Check the path, or pick another model in Settings.")


@pytest.fixture
def translations(qapp) -> Iterator[Translations]:
    installed = Translations()
    yield installed
    installed.remove()


def test_the_error_banner_shows_an_engine_error_in_the_chosen_language(
    qtbot, translations: Translations
) -> None:
    banner = ErrorBanner()
    qtbot.addWidget(banner)
    assert translations.install("zh_CN") == "zh_CN"
    banner.show_error(MISSING)
    assert banner.message.text() == "模型文件 /models/tiny.gguf 不存在。"
    assert shown(MISSING) == IN_CHINESE

    translations.install("en")
    banner.show_error(MISSING)
    assert banner.message.text() == MISSING.message
    assert shown(MISSING) == str(MISSING)
