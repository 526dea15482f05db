"""Our copy of Whisper's language codes matches the library's own list."""

from __future__ import annotations

from engine.whisper_languages import WHISPER_LANGUAGES, is_known


def test_the_codes_are_faster_whispers() -> None:
    from faster_whisper.tokenizer import _LANGUAGE_CODES

    assert tuple(WHISPER_LANGUAGES) == tuple(_LANGUAGE_CODES)


def test_known_codes() -> None:
    assert is_known("en") and is_known("zh") and is_known("yue")
    assert not is_known("") and not is_known("english") and not is_known("zh_CN")
