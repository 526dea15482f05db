"""Chinese script: which one the person reads, and the conversion through the real OpenCC."""

from __future__ import annotations

import pytest

from engine.speech import script


@pytest.mark.parametrize(
    ("ui", "environ", "conversion"),
    [
        ("zh_CN", {}, "t2s"),
        ("zh_TW", {}, "s2tw"),
        ("zh-Hant", {}, "s2t"),
        ("zh_HK", {}, "s2hk"),
        ("en", {"LANG": "zh_TW.UTF-8"}, "t2s"),  # the setting wins over the system
        ("", {"LANG": "zh_TW.UTF-8"}, "s2tw"),
        ("", {"LANGUAGE": "zh_HK:en", "LANG": "zh_CN.UTF-8"}, "s2hk"),
        ("", {"LC_ALL": "zh_SG.UTF-8"}, "t2s"),
        ("", {"LANG": "C.UTF-8"}, "t2s"),
        ("", {}, "t2s"),  # no preference at all: simplified, the Chinese UI that ships
    ],
)
def test_the_script_follows_the_ui_language(
    ui: str, environ: dict[str, str], conversion: str
) -> None:
    assert script.conversion_for(ui, environ) == conversion


def test_conversion_both_ways_leaves_other_text_alone() -> None:
    assert script.convert("廣州市房地產中介協會分析", "t2s") == "广州市房地产中介协会分析"
    assert script.convert("广州市房地产中介协会分析", "s2tw") == "廣州市房地產中介協會分析"
    assert script.convert("Ask not, 2024.", "t2s") == "Ask not, 2024."
