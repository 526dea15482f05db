"""Which language a voice question is heard in, and so which Whisper model hears it.

The speech language setting wins when it names one. Otherwise the UI language decides: an
English UI asks for "en", which the bundled tiny.en answers (0.3 s to load, a real-time factor
of 0.11-0.16 on 2 cores); a Chinese UI asks for "zh", which only the multilingual base
understands (about 4x tiny.en's CPU: 9.2 s against 3.2 s for jfk.wav on a busy 2-core machine,
as the speech helper measured), written in the UI's script. Detecting the language is not the
default for an English UI: every question would then need base, four times the work, for the
few who speak another language than their UI's, and they can name it in Settings. An empty
setting therefore means "the UI's language" for voice questions (for audio files it means
"detect", as the engine reads it).
"""

from __future__ import annotations

from PySide6.QtCore import QLocale

_BY_UI_LANGUAGE = {
    QLocale.Language.English: "en",
    QLocale.Language.C: "en",  # no locale at all: the UI shows its English source strings
    QLocale.Language.Chinese: "zh",
}


def spoken_language(setting: str, ui: QLocale | None = None) -> str:
    """The Whisper code to transcribe a voice question in ("" to detect it).

    `ui` is the UI's locale; by default the one the translations installed (`QLocale()`).
    """
    if setting:
        return setting
    return _BY_UI_LANGUAGE.get((ui or QLocale()).language(), "")
