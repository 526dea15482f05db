"""Which language a query is in, so hybrid search knows whether the embedder can read it.

Detection is by script, which is cheap and certain where it matters: the bundled embedder is
English-only, and the queries it cannot read are those in other scripts (Chinese, Japanese,
Korean, Cyrillic, Arabic ...). Latin-script text counts as English; telling French from English
would need a statistical detector and changes little for an English-only model, which still
shares most subword pieces with other Latin-script languages.
"""

from __future__ import annotations

import unicodedata

MULTILINGUAL = "multilingual"
UNKNOWN = "und"

_SCRIPT_LANGUAGE = {
    "CJK": "zh",
    "HIRAGANA": "ja",
    "KATAKANA": "ja",
    "HANGUL": "ko",
    "CYRILLIC": "ru",
    "ARABIC": "ar",
    "HEBREW": "he",
    "GREEK": "el",
    "DEVANAGARI": "hi",
    "THAI": "th",
    "LATIN": "en",
}


def _script(char: str) -> str | None:
    """Return the script of a character when it is one we map (first word of its name)."""
    try:
        first = unicodedata.name(char).split(" ", 1)[0]
    except ValueError:
        return None
    return first if first in _SCRIPT_LANGUAGE else None


def detect(text: str) -> str:
    """Return a language code for `text` by its dominant script, or "und" when it has no letters.

    Kana anywhere makes the text Japanese (Japanese mixes kana with Han characters).
    """
    counts: dict[str, int] = {}
    for char in text:
        if char.isalpha():
            script = _script(char)
            if script is not None:
                counts[script] = counts.get(script, 0) + 1
    if not counts:
        return UNKNOWN
    if "HIRAGANA" in counts or "KATAKANA" in counts:
        return "ja"
    return _SCRIPT_LANGUAGE[max(counts, key=lambda s: counts[s])]


def reads(model_languages: frozenset[str], language: str) -> bool:
    """Whether a model that reads `model_languages` understands text in `language`."""
    return MULTILINGUAL in model_languages or language == UNKNOWN or language in model_languages
