from __future__ import annotations

import pytest

from engine.knowledge import language


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Who invented the steam engine?", "en"),
        ("清崇陵在什么地方？", "zh"),
        ("東京はどこですか", "ja"),
        ("서울은 어디에 있습니까", "ko"),
        ("Где находится Москва?", "ru"),
        ("1949?", "und"),
        ("", "und"),
        ("What does 锣鼓经 mean in Chinese opera music?", "en"),
    ],
)
def test_detects_the_dominant_script(text: str, expected: str) -> None:
    assert language.detect(text) == expected


def test_an_english_model_reads_english_only_and_a_multilingual_one_reads_all() -> None:
    english = frozenset({"en"})
    assert language.reads(english, "en")
    assert not language.reads(english, "zh")
    assert language.reads(english, "und")
    assert language.reads(frozenset({"multilingual"}), "zh")
