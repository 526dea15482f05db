"""Chinese transcripts in the script the person reads: simplified or traditional characters.

Whisper base writes Mandarin mostly in traditional characters. Measured on the shared AISHELL
clip (reference 广州市房地产中介协会分析): plain, "廣州市佛地產中間協會分析"; with a simplified
`initial_prompt` ("以下是普通话的句子。"), "廣州市佛地产中间协会分析。", still half traditional,
the short clip's first word changed (扎 -> 杂), and on English audio with `language="zh"` the
model wrote the prompt back as the transcript. So the words are left to Whisper and only the
characters are converted, with OpenCC (BYVoid's library, maintained, Apache-2.0, phrase-aware
tables in a 2.4 MB wheel; `opencc-python-reimplemented` has not been released since 2023 and
`zhconv` since 2021).

The script follows the UI language (the setting, else the system's locale variables, as Qt
reads them): Taiwan, Hong Kong, Macau or "Hant" mean traditional; anything else, including no
preference and an English UI, means simplified, the script of the Chinese UI Lanthorn ships.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Mapping
from typing import Any

from engine.config import UiSettings

# Whisper codes whose text is Chinese characters.
CHINESE = frozenset({"zh", "yue"})
SIMPLIFIED = "t2s"
_TRADITIONAL = (("hk", "s2hk"), ("mo", "s2hk"), ("tw", "s2tw"), ("hant", "s2t"))


def conversion_for(ui_language: str, environ: Mapping[str, str] = os.environ) -> str:
    """The OpenCC conversion Chinese text needs for this UI language ("" follows the system)."""
    wanted = UiSettings(language=ui_language).resolved_language(environ)
    parts = wanted.lower().replace("-", "_").replace(".", "_").split("_")
    if parts[0] == "zh":
        for tag, conversion in _TRADITIONAL:
            if tag in parts[1:]:
                return conversion
    return SIMPLIFIED


def convert(text: str, conversion: str) -> str:
    """`text` with its Chinese characters converted (other text passes unchanged)."""
    return str(_converter(conversion).convert(text))


@functools.cache
def _converter(conversion: str) -> Any:
    import opencc

    return opencc.OpenCC(conversion)

