"""The languages Whisper knows, by code, so settings can be checked without loading Whisper.

A leaf module beside config rather than inside engine.speech: config validates the speech
language with it, and config sits below speech in the engine's layers (see pyproject.toml).

The tuple is faster-whisper's own list (tests/unit/engine/speech/test_languages.py compares
them), kept here because importing faster-whisper takes a third of a second.
"""

from __future__ import annotations

WHISPER_LANGUAGES = (
    "af", "am", "ar", "as", "az", "ba", "be", "bg", "bn", "bo", "br", "bs", "ca", "cs", "cy",
    "da", "de", "el", "en", "es", "et", "eu", "fa", "fi", "fo", "fr", "gl", "gu", "ha", "haw",
    "he", "hi", "hr", "ht", "hu", "hy", "id", "is", "it", "ja", "jw", "ka", "kk", "km", "kn",
    "ko", "la", "lb", "ln", "lo", "lt", "lv", "mg", "mi", "mk", "ml", "mn", "mr", "ms", "mt",
    "my", "ne", "nl", "nn", "no", "oc", "pa", "pl", "ps", "pt", "ro", "ru", "sa", "sd", "si",
    "sk", "sl", "sn", "so", "sq", "sr", "su", "sv", "sw", "ta", "te", "tg", "th", "tk", "tl",
    "tr", "tt", "uk", "ur", "uz", "vi", "yi", "yo", "zh", "yue",
)  # fmt: skip


def is_known(code: str) -> bool:
    """Whether Whisper can be told to expect the language `code` (e.g. "en", "zh")."""
    return code in WHISPER_LANGUAGES
