"""Word and character error rates, as speech recognition is scored (edit distance / length)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from engine.speech import script


def _distance(reference: Sequence[str], hypothesis: Sequence[str]) -> int:
    previous = list(range(len(hypothesis) + 1))
    for i, ref in enumerate(reference, 1):
        current = [i]
        for j, hyp in enumerate(hypothesis, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ref != hyp)))
        previous = current
    return previous[-1]


def words(text: str) -> list[str]:
    """Lower-case words without punctuation ("And so, my" -> ["and", "so", "my"])."""
    return re.sub(r"[^\w\s']", " ", text.lower()).split()


def characters(text: str) -> list[str]:
    """The characters that carry meaning, in simplified script: no punctuation, no spaces."""
    simplified = script.convert(unicodedata.normalize("NFKC", text), script.SIMPLIFIED)
    return [c for c in simplified if c.isalnum()]


def wer(reference: str, hypothesis: str) -> float:
    """Word error rate of `hypothesis` against `reference`, case and punctuation ignored."""
    ref = words(reference)
    return _distance(ref, words(hypothesis)) / len(ref)


def cer(reference: str, hypothesis: str) -> float:
    """Character error rate, for Chinese (no spaces between words; either script)."""
    ref = characters(reference)
    return _distance(ref, characters(hypothesis)) / len(ref)
